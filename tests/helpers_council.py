"""Helpers for the council tests: the triage world plus the advisory council, two committees
and the council, each with a member, and amendments filed through the services."""

from __future__ import annotations

from datetime import date

from consult.accounts.models import Role, User
from consult.council import services as council
from consult.council.models import Amendment
from consult.extensions import db
from consult.plans.models import Process, Version
from consult.triage import services as triage
from consult.triage.models import Group, GroupKind, GroupRole
from tests.helpers_triage import section, triage_world

BODIES = {
    # fixture key: (name, kind)
    "council_body": ("Lokaler Integrationsrat", GroupKind.ADVISORY_COUNCIL),
    "migration_committee": ("Migrationsausschuss", GroupKind.COMMITTEE),
    "school_committee": ("Schulausschuss", GroupKind.COMMITTEE),
    "city_council": ("Ratsversammlung", GroupKind.COUNCIL),
}


def council_world(app, make_process, make_user) -> dict:
    """`triage_world` (v1, v2 published, v3 draft; expert group Bildung, Steuerungsgruppe) plus
    the bodies of BODIES. The advisory council has one member ("council_member"); each
    committee one ("committee_member"). Returns ids: everything of triage_world plus
    `<key>_id` for each body and the users "council_member" and "committee_member"."""
    world = triage_world(app, make_process, make_user)
    world["users"]["council_member"] = make_user(role=Role.RESIDENT, display_name="Rätin Rana")
    world["users"]["committee_member"] = make_user(role=Role.RESIDENT, display_name="Ausschuss Anton")
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        staff = db.session.get(User, world["users"]["staff"].id)
        for key, (name, kind) in BODIES.items():
            body = triage.save_group(process, actor=staff, name=name, kind=kind.value)
            world[f"{key}_id"] = body.id
        triage.add_member(
            db.session.get(Group, world["council_body_id"]),
            db.session.get(User, world["users"]["council_member"].id),
            role=GroupRole.MEMBER.value, actor=staff,
        )
        for key in ("migration_committee", "school_committee"):
            triage.add_member(
                db.session.get(Group, world[f"{key}_id"]),
                db.session.get(User, world["users"]["committee_member"].id),
                role=GroupRole.MEMBER.value, actor=staff,
            )
        db.session.commit()
    return world


def version_of(process_id: int, number: int) -> Version:
    return db.session.scalar(
        db.select(Version).where(Version.process_id == process_id, Version.number == number)
    )


def file_amendment(
    process_id: int,
    version_number: int,
    number: str,
    points: list[tuple[str, str, str | None, str | None]],
    *,
    filed_by: str = "SPD-Fraktion",
    actor=None,
    published: bool = True,
) -> Amendment:
    """File an amendment with `points` = [(section key, kind, new title, new body), …].
    Call inside an app or request context; flushes, does not commit."""
    process = db.session.get(Process, process_id)
    amendment = council.save_amendment(
        process, version_of(process_id, version_number), actor=actor, number=number,
        filed_on=date(2008, 4, 1), title=f"Änderungsantrag {number}", filed_by=filed_by,
        published=published,
    )
    for key, kind, title, body in points:
        council.save_point(
            amendment, actor=actor, section=section(process_id, key), kind=kind,
            new_title=title, new_body=body, justification="Begründung: klarer und verbindlicher.",
        )
    return amendment


def vote(point, body_id: int, result: str, *, held_on: date = date(2008, 5, 6),
         counts=(9, 4, 1), actor=None):
    """Record a vote of the body on the point (flushes)."""
    return council.record_vote(
        point, actor=actor, group=db.session.get(Group, body_id), held_on=held_on,
        vote=council.VoteInput(yes=counts[0], no=counts[1], abstain=counts[2], result=result),
    )

"""Helpers for the triage tests: a process with groups, members and contributions to split,
and many suggestions inserted in bulk for the query-budget tests."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select

from consult.accounts.models import Role, User
from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import Contribution
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import GroupKind, GroupRole, Suggestion

TURKISH_STATEMENT = (
    "Çocuklar için daha fazla Almanca kursu istiyoruz.\n\n"
    "Ebeveynler için akşam saatlerinde dil kursları olmalı.\n\n"
    "Belediye binasında Türkçe bilgi tabelaları gerekli."
)


def section(process_id: int, key: str) -> Section:
    return db.session.scalar(
        select(Section).where(Section.process_id == process_id, Section.key == key)
    )


def node(process_id: int, number: int, key: str) -> SectionVersion:
    return db.session.scalar(
        select(SectionVersion)
        .join(Version, Version.id == SectionVersion.version_id)
        .join(Section, Section.id == SectionVersion.section_id)
        .where(Version.process_id == process_id, Version.number == number, Section.key == key)
    )


def triage_world(app, make_process, make_user) -> dict:
    """A process (v1, v2 published, v3 draft), the expert group "Bildung" (responsible for
    field f1, so also for its goal g1) with an external expert and a youth delegate, the
    deciding "Steuerungsgruppe" with one member, staff, an admin, an outsider, and a Turkish
    statement on g1 recorded from paper. Returns ids."""
    data = make_process(draft=True)
    users = {
        "staff": make_user(role=Role.STAFF, display_name="Sachbearbeiterin Sommer"),
        "admin": make_user(role=Role.ADMIN, display_name="Admin Adler"),
        "expert": make_user(role=Role.RESIDENT, display_name="Expertin Ece"),
        "youth": make_user(role=Role.RESIDENT, display_name="Jugend Jonas"),
        "steering": make_user(role=Role.RESIDENT, display_name="Steuerung Stein"),
        "outsider": make_user(role=Role.RESIDENT, display_name="Außen Otto"),
    }
    with app.test_request_context():
        process = db.session.get(Process, data["process_id"])
        staff = db.session.get(User, users["staff"].id)
        bildung = services.save_group(
            process, actor=staff, name="Bildung", kind=GroupKind.EXPERT_GROUP.value,
            sections=[section(process.id, "f1")],
        )
        steering = services.save_group(
            process, actor=staff, name="Steuerungsgruppe", kind=GroupKind.STEERING_GROUP.value,
            decides=True,
        )
        services.add_member(
            bildung, db.session.get(User, users["expert"].id),
            role=GroupRole.EXTERNAL_EXPERT.value, actor=staff,
        )
        services.add_member(
            bildung, db.session.get(User, users["youth"].id),
            role=GroupRole.YOUTH_DELEGATE.value, actor=staff,
        )
        services.add_member(
            steering, db.session.get(User, users["steering"].id),
            role=GroupRole.CHAIR.value, actor=staff,
        )
        v2 = db.session.scalar(
            select(Version).where(Version.process_id == process.id, Version.number == data["v2"])
        )
        statement = statement_services.record_statement(
            process, staff,
            statement_services.PaperStatement(
                channel="letter", received_on=date.today(), body=TURKISH_STATEMENT,
                language="tr", sections=[section(process.id, "g1")], version=v2,
                name="Ayşe Yılmaz", email="ayse@example.org",
            ),
            [], today=date.today(),
        )
        db.session.commit()
        result = {
            **data,
            "users": users,
            "bildung_id": bildung.id,
            "steering_id": steering.id,
            "statement_id": statement.id,
        }
    return result


def bulk_suggestions(process_id: int, count: int, *, group_id=None, contribution_id=None,
                     version_id=None, decided_by_id=None, start_number=1,
                     published=False) -> None:
    """Insert `count` suggestions quickly (core insert), a third of them decided when
    `decided_by_id` is given (and published with `published`). Used for query-budget tests
    with thousands of rows."""
    if contribution_id is None:
        contribution_id = db.session.scalar(
            select(Contribution.id).where(Contribution.process_id == process_id).limit(1)
        )
    words = ["Sprachkurse", "Kita", "Wohnung", "Arbeit", "Beratung", "Schule", "Sport"]
    rows = []
    now = utcnow()
    for i in range(count):
        decided = decided_by_id is not None and i % 3 == 0
        rows.append({
            "process_id": process_id,
            "number": start_number + i,
            "contribution_id": contribution_id,
            "version_id": version_id,
            "passage": f"Vorschlag {i}: mehr {words[i % len(words)]} im Stadtteil {i % 50}.",
            "summary": f"{words[(i + 3) % len(words)]} {i}",
            "language": ("de", "tr", "ar", "en")[i % 4],
            "group_id": group_id if i % 2 == 0 else None,
            "outcome": "noted" if decided else None,
            "public_reason": "Wird geprüft." if decided else None,
            "decided_by_id": decided_by_id if decided else None,
            "decided_at": now if decided else None,
            "published_at": now if decided and published else None,
            "lock_version": 1,
            "created_at": now,
            "updated_at": now,
        })
        if len(rows) == 2000:
            db.session.execute(insert(Suggestion), rows)
            rows = []
    if rows:
        db.session.execute(insert(Suggestion), rows)
    db.session.commit()

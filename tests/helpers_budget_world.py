"""The world the query budgets are measured in: one of everything a page can show, built at a
scale, so that the same page can be counted in a small world and in one several times larger.

`build_world(app, scale)` fills a clean database through the services, as staff, residents and
the council would have done it: a process whose sections, versions, phases, comments, reports
of comments, statements, forum events and cards, suggestions (decided, recommended, grouped,
published, translated, linked to changes), groups and bodies, standard replies, amendments
with voted points, internal comments and recommendations, reports, milestones, final notices,
organisations and accounts all grow with `scale`; plus tokens for the pages behind a secret
link. This module builds the accounts, the plan and the participation;
tests/helpers_budget_council.py the triage, the road to adoption and the rest.

The module holds no tests: tests/test_query_budget_all.py measures every endpoint in a small
and a large world and checks that the large one is at least three times the small one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from consult.accounts.models import Membership, Organisation, Role, User
from consult.accounts.passwords import hash_password
from consult.comments import services as comments
from consult.extensions import db
from consult.forum import services as forum
from consult.models import utcnow
from consult.plans import services as plans
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.statements import services as statements
from consult.statements import uploads
from tests.conftest import _clean

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class World:
    """What was built: the accounts' ids and session ids, the arguments of every URL, the
    numbers of the versions (published: the one with the comments and decisions; adopted:
    generated from its adopted points; draft: the internal administrative draft) and the row
    counts."""

    scale: int
    users: dict[str, int] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)
    args: dict[str, Any] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)


def build_world(app, scale: int) -> World:
    """Empty the database and build the world at `scale` (1: small)."""
    from tests.helpers_budget_council import (
        add_council,
        add_notices_and_tokens,
        add_triage,
        add_upload_previews,
        sizes_of,
    )

    _clean(app)
    world = World(scale)
    with app.test_request_context():
        add_accounts(world)
        add_plan(world)
        add_participation(world)
        add_triage(world)
        add_council(world)
        add_notices_and_tokens(world)
        db.session.commit()
        world.sizes = sizes_of(world)
        world.logins = {name: db.session.get(User, i).get_id() for name, i in world.users.items()}
    add_upload_previews(app, world)
    return world


# --- accounts and organisations ----------------------------------------------------------------


def _user(name: str, role: Role = Role.RESIDENT, *, confirmed: bool = True) -> User:
    user = User(
        email=f"{name.lower().replace(' ', '.')}@example.org",
        password_hash=hash_password("correct horse battery staple"),
        display_name=name, role=role.value, preferred_language="de",
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    return user


def add_accounts(world: World) -> None:
    """Staff, an administrator, residents in every role the pages know, 4n more people and
    2n verified organisations: everyone in the first one (managed by "manager"), the resident
    in all of them."""
    n = world.scale
    users = {
        "admin": _user("Admin Adler", Role.ADMIN),
        "staff": _user("Staff Sommer", Role.STAFF),
        "resident": _user("Rana Resident"),
        "manager": _user("Mira Manager"),
        "expert": _user("Expertin Ece"),
        "steering": _user("Steuerung Stein"),
        "council_member": _user("Rätin Rana"),
        "committee_member": _user("Ausschuss Anton"),
        "unconfirmed": _user("Uwe Unconfirmed", confirmed=False),
        "unconfirmed_too": _user("Ulla Unconfirmed", confirmed=False),
    }
    people = [_user(f"Person {i}") for i in range(4 * n)]
    db.session.flush()
    organisations = []
    for i in range(2 * n):
        organisation = Organisation(
            name=f"Verein {i} e.V.", slug=f"verein-{i}", kind="association",
            description="Ein Verein.", contact_email=f"verein{i}@example.org",
            verified_at=utcnow(), verified_by_id=users["admin"].id,
        )
        db.session.add(organisation)
        organisations.append(organisation)
    db.session.flush()
    main = organisations[0]
    db.session.add(Membership(user_id=users["manager"].id, organisation_id=main.id, role="manager"))
    for organisation in organisations:  # the resident may speak for every organisation
        db.session.add(Membership(user_id=users["resident"].id, organisation_id=organisation.id))
    for i, person in enumerate(people):  # everyone in the first, and in one more
        db.session.add(Membership(user_id=person.id, organisation_id=main.id))
        if i % len(organisations):
            db.session.add(Membership(user_id=person.id,
                                      organisation_id=organisations[i % len(organisations)].id))
    db.session.flush()
    membership = db.session.scalar(
        select(Membership).where(
            Membership.user_id == users["resident"].id, Membership.organisation_id == main.id
        )
    )
    world.users = {name: user.id for name, user in users.items()}
    world.args.update(
        org_id=main.id, org_slug=main.slug, user_id=users["resident"].id,
        membership_id=membership.id, people=[p.id for p in people],
        organisations=[o.id for o in organisations],
    )


def get_user(world: World, name: str) -> User:
    return db.session.get(User, world.users[name])


# --- the plan -----------------------------------------------------------------------------------


def add_plan(world: World) -> None:
    """Versions 1 … 2n published (each with changed texts), 2n phases, 2n other processes."""
    n = world.scale
    staff = get_user(world, "staff")
    process = plans.create_process(
        slug="lip", original_language="de", languages=("de", "en", "ar", "tr"),
        title="Lokaler Integrationsplan", summary="Ein Plan für alle.",
        body="Der **Plan** entsteht gemeinsam.", is_public=True, actor=staff,
    )
    plans.set_process_text(
        process, "en", title="Local Integration Plan", summary="A plan for everyone.",
        body="The **plan** is written together.", actor=staff,
    )
    today = date.today()
    open_phase = plans.save_phase(
        process, name={"de": "Beteiligung", "en": "Participation"},
        starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=20),
        opens=("comments", "statements", "forum", "amendments"), actor=staff,
    )
    for i in range(2 * n - 1):
        plans.save_phase(
            process, name={"de": f"Phase {i}", "en": f"Phase {i}"},
            starts_on=today - timedelta(days=100 - 10 * i),
            ends_on=today - timedelta(days=95 - 10 * i), opens=("comments",), actor=staff,
        )
    version = plans.create_version(
        process, label={"de": "Diskussionsentwurf 1", "en": "Discussion draft 1"}, actor=staff
    )
    for i in range(1, 2 * n + 1):
        field_node = plans.add_section(
            version, title=f"Handlungsfeld {i}", body=f"Text des Handlungsfelds {i}.",
            kind="field_of_action", key=f"f{i}", actor=staff,
        )
        goal = plans.add_section(
            version, title=f"Ziel {i}.1", body=f"Alle lernen Deutsch ({i}).", parent=field_node,
            kind="goal", key=f"g{i}", actor=staff,
        )
        measure = plans.add_section(
            version, title=f"Maßnahme {i}.1.1", body=f"Kurse am Abend ({i}).", parent=goal,
            kind="measure", key=f"m{i}", actor=staff,
        )
        for node, title in ((field_node, "Field of action"), (goal, "Goal"), (measure, "Measure")):
            plans.set_section_text(
                node, "en", title=f"{title} {i}", body=f"English text {i}.",
                origin="human_translation", source_language="de", actor=staff,
            )
        plans.set_section_text(
            goal, "ar", title=f"الهدف {i}", body="يتعلم الجميع اللغة الألمانية.",
            origin="machine_translation", reviewed=False, source_language="de", actor=staff,
        )
    plans.publish_version(version, staff)
    for number in range(2, 2 * n + 1):
        version = plans.create_version(
            process, label={"de": f"Diskussionsentwurf {number}", "en": f"Draft {number}"},
            copy_from=version, changelog={"de": "Geändert.", "en": "Changed."}, actor=staff,
        )
        for node in version.nodes:
            if node.section.key in ("g1", f"g{number}", f"m{number}"):
                plans.set_section_text(
                    node, "de", title=node.text("de").title,
                    body=f"Alle Kinder und Eltern lernen Deutsch (Fassung {number}).", actor=staff,
                )
        plans.publish_version(version, staff)
    for i in range(2 * n):
        other = plans.create_process(
            slug=f"other-{i}", original_language="de", languages=("de", "en"),
            title=f"Anderer Plan {i}", summary="Noch einer.", is_public=True, actor=staff,
        )
        other_version = plans.create_version(other, label={"de": "Entwurf"}, actor=staff)
        plans.add_section(other_version, title="Einleitung", body="Text.", key="e1", actor=staff)
        plans.publish_version(other_version, staff)
    db.session.flush()
    world.numbers["published"] = version.number
    world.args.update(
        slug="lip", key="g1", language="en", phase_id=open_phase.id,
        process_id=process.id, filename="consult.css", rest="nothing-here", fmt="csv",
    )


def process_of(world: World) -> Process:
    return db.session.get(Process, world.args["process_id"])


def version_of(world: World, which: str) -> Version:
    return db.session.scalar(
        select(Version).where(
            Version.process_id == world.args["process_id"],
            Version.number == world.numbers[which],
        )
    )


def node_of(version: Version, key: str) -> SectionVersion:
    return next(node for node in version.nodes if node.section.key == key)


def section_of(world: World, key: str) -> Section:
    return db.session.scalar(
        select(Section).where(Section.process_id == world.args["process_id"], Section.key == key)
    )


# --- comments, statements, forum ----------------------------------------------------------------


def add_participation(world: World) -> None:
    """Comments on the published version (3n threads of three on g1, the first with 2n more
    replies, one comment on every other section; reported, one hidden), statements and the
    forum."""
    n = world.scale
    process = process_of(world)
    published = version_of(world, "published")
    resident, manager = get_user(world, "resident"), get_user(world, "manager")
    people = [db.session.get(User, i) for i in world.args["people"]]
    organisation = db.session.get(Organisation, world.args["org_id"])
    today = date.today()

    def post(author, node, body, parent=None, organisation=None):
        comment, _created = comments.post_comment(
            process=process, version=published, node=node, author=author, body=body,
            today=today, parent=parent, organisation=organisation, language="de",
        )
        return comment

    g1 = node_of(published, "g1")
    threads = []
    for i in range(3 * n):
        author = (resident, manager, people[i])[i % 3]
        root = post(author, g1, f"Kommentar {i} zum Ziel.",
                    organisation=organisation if author is manager else None)
        reply = post(people[(i + 1) % len(people)], g1, f"Antwort {i}.", parent=root)
        post(author, g1, f"Antwort auf die Antwort {i}.", parent=reply)
        threads.append(root)
    for i in range(2 * n):  # the first thread has more replies, each answered
        reply = post(people[i], g1, f"Noch eine Antwort {i}.", parent=threads[0])
        post(resident, g1, f"Danke, {i}.", parent=reply)
    for node in published.nodes:
        if node.section.key != "g1":
            post(people[0], node, f"Ein Kommentar zu {node.section.key}.")
    staff, admin = get_user(world, "staff"), get_user(world, "admin")
    for i in range(n):
        comments.report_comment(threads[2 + i], get_user(world, "council_member"), "Spam.")
    for person in people[: 2 * n]:
        comments.report_comment(threads[1], person, "Falsch.")
    comments.hide_comment(threads[2], admin, "Beleidigung.")
    world.args.update(comment_id=threads[0].id, reported_comment_id=threads[1].id)

    # Written statements: the resident's own (with an attachment and 3n paragraphs), 2n more
    # sent online, 3n on paper recorded by staff (with scans), and two without an account
    # waiting for their confirmation (one link to warm up with, one to count).
    [checked], _errors = uploads.check_files(
        [FileStorage(stream=io.BytesIO(PDF), filename="anhang.pdf")]
    )
    paragraphs = [f"Absatz {i}: mehr Sprachkurse im Stadtteil {i}." for i in range(3 * n)]
    own, token = statements.submit_statement(
        process, resident,
        statements.Submission(
            body="\n\n".join(paragraphs), title="Meine Stellungnahme",
            sections=[section_of(world, "g1"), section_of(world, "f1")], version=published,
            organisation=organisation, publish_text=True, publish_name=True,
        ),
        [uploads.store(checked)], today=today,
    )
    world.args.update(
        statement_id=own.id, attachment_id=own.attachments[0].id, contribution_id=own.id,
        tracking_token=token, paragraphs=paragraphs,
    )
    for i in range(2 * n):
        statements.submit_statement(
            process, people[i],
            statements.Submission(body=f"Online-Stellungnahme {i}.", version=published,
                                  sections=[section_of(world, f"g{i + 1}")]),
            [], today=today,
        )
    recorded = []
    for i in range(3 * n):
        [scan], _errors = uploads.check_files(
            [FileStorage(stream=io.BytesIO(PDF), filename=f"brief-{i}.pdf")]
        )
        recorded.append(statements.record_statement(
            process, staff,
            statements.PaperStatement(
                channel=("letter", "email", "in_person")[i % 3], received_on=today,
                body=f"Brief {i}: mehr Beratung.", name=f"Absender {i}",
                email=f"absender{i}@example.org", address="Straße 1",
                language=("de", "tr", "ar")[i % 3],
                sections=[section_of(world, f"g{1 + i % (2 * n)}")], version=published,
                publish_text=True, publish_name=i % 2 == 0,
            ),
            [uploads.store(scan)], today=today,
        ))
    for name in ("confirm_token", "confirm_token_too"):  # one to warm up, one to count
        pending, pending_token = statements.submit_statement(
            process, None,
            statements.Submission(body="Ohne Konto.", email=f"{name}@example.org",
                                  name="Anonym", version=published),
            [], today=today,
        )
        world.args[name] = statements.make_confirmation_token(pending, pending_token)
    world.args["recorded"] = [s.id for s in recorded]

    # Forum: n events with 2n tables and 3n cards each.
    events = []
    for e in range(n):
        event = forum.create_event(
            process, name=f"Forum {e}", starts_at=datetime.now(UTC) - timedelta(days=e),
            place="Rathaus", accepts_phone_feedback=True, actor=staff,
        )
        tables = [
            forum.save_table(event, number=t + 1, name=f"Tisch {t + 1}",
                             sections=[section_of(world, f"g{1 + t % (2 * n)}")], actor=staff)
            for t in range(2 * n)
        ]
        card_ids = forum.capture_cards(
            event,
            [forum.CardInput(text=f"Karte {c} mit einer Idee.", table=tables[c % len(tables)],
                             section_id=section_of(world, "g1").id, language="de")
             for c in range(3 * n)],
            version=published, actor=staff,
        )
        events.append((event, tables, card_ids))
    event, tables, card_ids = events[0]
    world.args.update(event_id=event.id, code=event.code, table_id=tables[0].id,
                      card_id=card_ids[0], card_ids=[c for e in events for c in e[2]])
    db.session.flush()

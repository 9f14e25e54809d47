"""`flask consult demo`: loads once, changes between versions, languages, phases, accounts,
and the participation content (comments, statements, the forum). The council stretch (bodies,
amendments, the adopted version, reports) is tested in test_demo_council.py."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape
from sqlalchemy import delete, func, select

from consult.accounts.models import Membership, Organisation, User
from consult.accounts.passwords import verify_password
from consult.audit.models import AuditEntry
from consult.demo import load_demo
from consult.demo_content import participation as participation_content
from consult.diff import word_diff
from consult.extensions import db, limiter
from consult.markup import plain_text, render_markdown
from consult.participation.models import (
    Attachment,
    CommentReport,
    Contribution,
    Event,
    EventTable,
    contribution_sections,
    event_table_sections,
)
from consult.plans.models import (
    Phase,
    Process,
    ProcessText,
    Section,
    SectionText,
    SectionVersion,
    Version,
)

DEMO_ACCOUNTS = {
    "admin@example.org": "admin",
    "staff@example.org": "staff",
    "resident@example.org": "resident",
    "member@example.org": "resident",
    "jugend@example.org": "resident",
    "expertin@example.org": "resident",
    "steuerung@example.org": "resident",
    "integrationsrat@example.org": "resident",
}
CREDENTIALS = re.compile(r"(\S+@example\.org)\s+password: (\S+)")
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
TURKISH_LETTER = re.compile(r"[ğışİĞŞ]")


def run_demo(runner, *args: str) -> str:
    result = runner.invoke(args=["consult", "demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def counts() -> dict[str, int]:
    models = (
        Process, ProcessText, Phase, Version, Section, SectionVersion, SectionText,
        User, Organisation, Membership,
        Contribution, Attachment, CommentReport, Event, EventTable,
    )
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in models
    }


def demo_versions() -> list[Version]:
    process = db.session.scalar(select(Process).where(Process.slug == "lip"))
    return list(process.versions)


def by_key(version: Version) -> dict[str, SectionVersion]:
    return {node.section.key: node for node in version.nodes}


def parent_key(node: SectionVersion) -> str | None:
    return node.parent.section.key if node.parent else None


# --- loading ------------------------------------------------------------------


def test_command_twice_creates_everything_once(app, runner):
    first = run_demo(runner)
    printed = dict(CREDENTIALS.findall(first))
    assert set(printed) == set(DEMO_ACCOUNTS)
    assert (
        "Added participation: 13 comments (1 hidden by moderation), 6 written statements, "
        "the event “1. Integrationsforum” with 4 tables and 40 forum cards."
    ) in first
    with app.app_context():
        before = counts()
    second = run_demo(runner)
    assert "exists already" in second
    assert "Added participation" not in second
    assert "No participation content was added" in second
    assert CREDENTIALS.findall(second) == []
    assert "printed when it was created" in second
    with app.app_context():
        after = counts()
        versions = demo_versions()
        fields = [
            [n for n in version.nodes if n.kind == "field_of_action"] for version in versions
        ]
    assert after == before
    assert after["processes"] == 1
    assert after["versions"] == 4
    assert after["phases"] == 7
    assert after["users"] == 8
    assert after["organisations"] == 2
    assert after["memberships"] == 2
    # The participation content, and the advisory council's three comments and its list of
    # recommendations on the administrative draft.
    assert after["contributions"] == 13 + 6 + 40 + 3 + 1
    assert after["events"] == 1 and after["event_tables"] == 4
    assert [len(f) for f in fields] == [6, 6, 6, 6]


def test_process_settings_and_texts(ctx):
    load_demo()
    process = db.session.scalar(select(Process).where(Process.slug == "lip"))
    assert process.is_public
    assert process.original_language == "de"
    assert process.languages == ["de", "de-x-ls", "en", "tr", "ar"]
    texts = {t.language: t for t in process.texts}
    assert set(texts) == {"de", "de-x-ls", "en", "tr", "ar"}
    assert texts["de"].title == "Lokaler Integrationsplan 2.0"
    assert texts["en"].title == "Local Integration Plan 2.0"
    for text in texts.values():
        assert text.summary and text.body
    assert ARABIC_LETTER.search(texts["ar"].body)
    assert TURKISH_LETTER.search(texts["tr"].body)
    # Leichte Sprache: short lines, one statement each.
    for line in plain_text(texts["de-x-ls"].body).splitlines():
        assert len(line.split()) <= 15, line


def test_texts_render_as_plain_paragraphs_and_lists(ctx):
    """No headings (they would break the page's heading order), no code blocks from stray
    indentation, no emphasis from gender stars."""
    load_demo()
    for text in db.session.scalars(select(SectionText)).all():
        html = render_markdown(text.body)
        for tag in ("<h", "<pre", "<code", "<em"):
            assert tag not in html, (text.node.section.key, text.language, tag)
        assert "\n    " not in text.body
    for text in db.session.scalars(select(ProcessText)).all():
        html = render_markdown(text.body)
        for tag in ("<h", "<pre", "<code"):
            assert tag not in html, (text.language, tag)
        # Only the closing note is in italics.
        assert html.count("<em>") == (0 if text.language == "de-x-ls" else 1), text.language
    german = db.session.scalar(select(ProcessText).where(ProcessText.language == "de"))
    assert "Expert*innengruppen" in render_markdown(german.body)


def test_every_field_has_two_or_three_goals_with_two_or_three_measures(ctx):
    load_demo()
    for version in demo_versions():
        nodes = version.nodes
        fields = [n for n in nodes if n.parent_id is None]
        assert all(n.kind == "field_of_action" for n in fields)
        for field in fields:
            goals = [n for n in nodes if n.parent_id == field.id]
            assert 2 <= len(goals) <= 3, (version.number, field.section.key)
            for goal in goals:
                assert goal.kind == "goal"
                measures = [n for n in nodes if n.parent_id == goal.id]
                assert 2 <= len(measures) <= 3, (version.number, goal.section.key)
                assert all(m.kind == "measure" for m in measures)
                assert all(not any(n.parent_id == m.id for n in nodes) for m in measures)
        for node in nodes:
            assert re.fullmatch(r"[a-z]+(-z\d(-m\d)?)?", node.section.key)
            assert node.number and not node.order_key.startswith("~")


# --- versions -----------------------------------------------------------------


def test_version_labels_statuses_lineage_and_version_3(ctx):
    load_demo()
    v1, v2, v3, v4 = demo_versions()
    # The administrative draft went public for the council committees; the adopted version
    # was generated from it (see test_demo_council.py).
    assert (v1.status, v2.status, v3.status, v4.status) == (
        "published", "published", "published", "adopted",
    )
    assert all(v.published_at is not None for v in (v1, v2, v3, v4))
    assert v2.based_on_id == v1.id and v3.based_on_id == v2.id and v4.based_on_id == v3.id
    assert v1.title("de") == "Diskussionsentwurf 1"
    assert v2.title("en") == "Discussion draft 2"
    assert v3.title("de") == "Verwaltungsentwurf"
    for version in (v1, v2, v3):
        assert set(version.label) >= {"de", "en", "tr", "ar"}
        assert version.changelog.get("de") and version.changelog.get("en")
    # The administrative draft continues from version 2: one new measure, more rewording.
    old, new = by_key(v2), by_key(v3)
    assert new.keys() - old.keys() == {"stadtleben-z1-m3"}
    assert old.keys() - new.keys() == set()
    reworded = {k for k in old if old[k].text("de").fingerprint != new[k].text("de").fingerprint}
    assert len(reworded) >= 3
    assert all(not new[k].text("en").is_outdated(new[k].text("de")) for k in reworded)


def test_version_2_has_real_changes_against_version_1(ctx):
    load_demo()
    v1, v2, *_ = demo_versions()
    old, new = by_key(v1), by_key(v2)
    # Identities are compared, not titles: the same Section row in both versions.
    assert {n.section_id for n in old.values()} - {n.section_id for n in new.values()} == {
        old["bildung-z1-m3"].section_id
    }
    assert {n.section_id for n in new.values()} - {n.section_id for n in old.values()} == {
        new["demokratie-z1-m3"].section_id
    }
    common = old.keys() & new.keys()
    moved = {k for k in common if parent_key(old[k]) != parent_key(new[k])}
    assert moved == {"wirtschaft-z2-m2"}
    assert parent_key(old["wirtschaft-z2-m2"]) == "wirtschaft-z2"
    assert parent_key(new["wirtschaft-z2-m2"]) == "bildung-z2"
    assert old["wirtschaft-z2-m2"].number == "2.2.2"
    assert new["wirtschaft-z2-m2"].number == "1.2.3"

    renamed = {k for k in common if old[k].text("de").title != new[k].text("de").title}
    assert renamed == {"soziales-z2"}
    assert new["soziales-z2"].kind == "goal"

    reworded = {k for k in common if old[k].text("de").body != new[k].text("de").body}
    assert len(reworded) >= 5
    diffs = [
        word_diff(plain_text(old[k].text("de").body), plain_text(new[k].text("de").body))
        for k in reworded
    ]
    assert any(d.inserted and d.deleted for d in diffs)
    assert sum(d.inserted for d in diffs) > sum(d.deleted for d in diffs) > 0
    unchanged = common - reworded - renamed
    assert len(unchanged) > len(reworded)


# --- languages ----------------------------------------------------------------


def test_english_is_complete_and_current_in_every_version(ctx):
    load_demo()
    for version in demo_versions():
        for node in version.nodes:
            english, german = node.text("en"), node.text("de")
            assert english is not None, (version.number, node.section.key)
            assert english.origin == "human_translation"
            assert english.source_language == "de"
            assert english.reviewed
            assert not english.is_outdated(german), (version.number, node.section.key)
            assert english.title != german.title


def test_turkish_and_arabic_are_partial_and_partly_outdated(ctx):
    load_demo()
    v1, v2, *_ = demo_versions()
    for language, letters in (("tr", TURKISH_LETTER), ("ar", ARABIC_LETTER)):
        translated = [n for n in v2.nodes if n.text(language) is not None]
        assert 0 < len(translated) < len(v2.nodes)
        assert {n.section.key for n in translated} >= {
            "bildung", "wirtschaft", "soziales", "stadtleben", "demokratie",
            "stadtverwaltung", "bildung-z1", "soziales-z2",
        }
        assert letters.search(" ".join(n.text(language).body for n in translated))
        outdated = {
            n.section.key for n in translated if n.text(language).is_outdated(n.text("de"))
        }
        assert outdated == {"bildung", "soziales-z1", "soziales-z2", "demokratie"}
        # In the version they were made from, none is outdated.
        assert not any(
            n.text(language).is_outdated(n.text("de"))
            for n in v1.nodes
            if n.text(language) is not None
        )
    unreviewed = {n.section.key for n in v2.nodes if n.text("tr") and not n.text("tr").reviewed}
    assert unreviewed == {"soziales-z1", "soziales-z2", "soziales-z3"}
    assert all(n.text("ar").reviewed for n in v2.nodes if n.text("ar"))


def test_fields_of_action_in_leichte_sprache_in_version_2(ctx):
    load_demo()
    v1, v2, *_ = demo_versions()
    easy = {n.section.key: n for n in v2.nodes if n.text("de-x-ls") is not None}
    assert set(easy) == {n.section.key for n in v2.nodes if n.kind == "field_of_action"}
    for node in easy.values():
        text = node.text("de-x-ls")
        assert text.source_language == "de" and not text.is_outdated(node.text("de"))
        for line in plain_text(text.body).splitlines():
            assert len(line.split()) <= 15, line
    assert not any(n.text("de-x-ls") for n in v1.nodes)


# --- phases -------------------------------------------------------------------


@pytest.mark.parametrize("shift", [None, -1000])
def test_exactly_one_phase_is_current_on_the_day_of_loading(ctx, shift):
    today = date.today() if shift is None else date.today() + timedelta(days=shift)
    load_demo(today=today)
    process = db.session.scalar(select(Process).where(Process.slug == "lip"))
    phases = process.phases
    current = [p for p in phases if p.starts_on <= today <= p.ends_on]
    assert len(current) == 1
    assert process.current_phase(today) is current[0]
    assert current[0].opens_comments and current[0].opens_statements
    assert process.opens("comments", today) and process.opens("statements", today)
    for phase in phases:
        assert phase.starts_on <= phase.ends_on
        assert set(phase.name) >= {"de", "en", "tr", "ar"}
    for earlier, later in zip(phases, phases[1:], strict=False):
        assert earlier.ends_on < later.starts_on
    assert [p.title("de") for p in phases if p.opens_forum] == ["Integrationsforum"]
    assert phases[-1].opens_amendments and phases[-1].starts_on > today
    assert phases[0].ends_on < today


# --- accounts -----------------------------------------------------------------


def test_accounts_for_every_role_and_organisations(ctx):
    summary = load_demo()
    credentials = {a["email"]: a["password"] for a in summary["accounts"]}
    assert set(credentials) == set(DEMO_ACCOUNTS)
    for email, role in DEMO_ACCOUNTS.items():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.role == role
        assert user.email_confirmed_at is not None
        assert user.preferred_language
        assert user.is_active
        assert verify_password(user.password_hash, credentials[email])
    member = db.session.scalar(select(User).where(User.email == "member@example.org"))
    assert member.preferred_language == "tr"
    roles = {m.organisation.name: (m.role, m.organisation) for m in member.memberships}
    role, bridge = roles["Brückenbau – Verein für Begegnung e.V."]
    assert role == "manager" and bridge.kind == "association" and bridge.is_verified
    role, parents = roles["Türkisch-Deutscher Elternverein Hannover-Nord"]
    assert role == "member" and parents.kind == "migrant_organisation"
    assert not parents.is_verified


def test_existing_accounts_keep_their_passwords_unless_reset(ctx):
    first = {a["email"]: a["password"] for a in load_demo()["accounts"]}
    again = load_demo()["accounts"]
    assert {a["status"] for a in again} == {"exists"}
    assert all(a["password"] is None for a in again)
    reset = {a["email"]: a["password"] for a in load_demo(reset_passwords=True)["accounts"]}
    for email in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        assert reset[email] != first[email]
        assert verify_password(user.password_hash, reset[email])
        assert not verify_password(user.password_hash, first[email])


def test_reset_passwords_option_prints_new_passwords(app, runner):
    first = dict(CREDENTIALS.findall(run_demo(runner)))
    output = run_demo(runner, "--reset-passwords")
    new = dict(CREDENTIALS.findall(output))
    assert set(new) == set(DEMO_ACCOUNTS)
    with app.app_context():
        for email, password in new.items():
            assert password != first[email]
            user = db.session.scalar(select(User).where(User.email == email))
            assert verify_password(user.password_hash, password)
        assert counts()["versions"] == 4


def logged_in(client) -> bool:
    with client.session_transaction() as session:
        return bool(session.get("_user_id"))


def test_every_demo_account_can_log_in_with_the_printed_password(app, runner):
    printed = dict(CREDENTIALS.findall(run_demo(runner)))
    for email, password in printed.items():
        limiter.reset()  # eight accounts, two attempts each: more than the per-IP login limit
        client = app.test_client()
        wrong = client.post("/account/login", data={"email": email, "password": password + "x"})
        assert wrong.status_code != 302 and not logged_in(client)
        response = client.post("/account/login", data={"email": email, "password": password})
        assert response.status_code == 302, (email, response.get_data(as_text=True)[:300])
        assert logged_in(client), email
        # The administrative draft went public for the council committees: everyone reads it.
        page = client.get("/p/lip/v/3?lang=de")
        assert page.status_code == 200
        assert "Sprachmittlung in der Nachbarschaft" in page.get_data(as_text=True)
    assert app.test_client().get("/p/lip/v/3").status_code == 200


# --- public pages -------------------------------------------------------------


PUBLIC_PAGES = [
    ("/p/lip?lang=de", "Lokaler Integrationsplan 2.0"),
    ("/p/lip?lang=en", "Local Integration Plan 2.0"),
    ("/p/lip?lang=de-x-ls", "Der Integrations-Plan für unsere Stadt"),
    ("/p/lip/v/2?lang=de", "Bezahlbar wohnen ohne Diskriminierung"),
    ("/p/lip/v/2/s/bildung-z1-m2?lang=de", "Elternbegleiterinnen und Elternbegleiter"),
    ("/p/lip/v/2/s/wirtschaft-z2-m2?lang=de", "Berufsorientierung gemeinsam mit Eltern"),
    ("/p/lip/v/2/print?lang=en", "Involving young voices"),
    ("/p/lip/s/soziales-z2/history?lang=de", "Fairer Zugang zu Wohnraum"),
    ("/p/lip?lang=ar", "خطة الاندماج المحلية 2.0"),
    ("/p/lip/v/2?lang=ar", "التعليم"),
    ("/p/lip/v/2/s/bildung-z1?lang=ar", "جميع الأطفال يحصلون على تعليم مبكر جيد"),
    ("/p/lip/v/2/print?lang=ar", "الشؤون الاجتماعية والصحة والسكن"),
]


def test_public_pages_of_the_demo(client, runner):
    run_demo(runner)
    for path, expected in PUBLIC_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert expected in page, path
        if "lang=ar" in path:
            assert '<html lang="ar" dir="rtl">' in page, path
    # An Arabic translation made from version 1 is marked outdated in version 2 only.
    notice = re.compile(r'class="notice[^"]*" role="note"')
    assert notice.search(client.get("/p/lip/v/2/s/soziales-z2?lang=ar").get_data(as_text=True))
    assert not notice.search(client.get("/p/lip/v/1/s/soziales-z2?lang=ar").get_data(as_text=True))


# --- participation ------------------------------------------------------------

RESIDENT, MEMBER, YOUTH, STAFF = (
    "resident@example.org", "member@example.org", "jugend@example.org", "staff@example.org",
)
BERLIN = ZoneInfo("Europe/Berlin")


def contributions(kind: str) -> list[Contribution]:
    """The participation content of a kind (not what the bodies of the council wrote)."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(Contribution.kind == kind, Contribution.body_id.is_(None))
            .order_by(Contribution.id)
        ).all()
    )


def account(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def participation_counts() -> dict[str, int]:
    result = dict(
        db.session.execute(
            select(Contribution.kind, func.count())
            .where(Contribution.body_id.is_(None))
            .group_by(Contribution.kind)
        ).all()
    )
    for model in (Attachment, CommentReport, Event, EventTable, AuditEntry):
        result[model.__tablename__] = db.session.scalar(select(func.count()).select_from(model))
    return result


def test_comments_on_the_second_draft_with_replies_and_one_hidden(ctx):
    summary = load_demo()
    assert summary["participation"]["comments"] == 13
    assert summary["participation"]["hidden"] == 1
    comments = contributions("comment")
    assert len(comments) == 13
    v2 = demo_versions()[1]
    assert {c.version_id for c in comments} == {v2.id}
    assert len({c.section_id for c in comments}) >= 8
    assert {c.author.email for c in comments} == {RESIDENT, MEMBER, YOUTH}
    assert all(c.channel == "online" and c.status == "received" for c in comments)

    # The member writes for the verified organisation and for the other one, and as himself.
    for_organisations = [c for c in comments if c.organisation_id is not None]
    assert {c.organisation.slug for c in for_organisations} == {
        "brueckenbau", "elternverein-hannover-nord",
    }
    assert all(c.author.email == MEMBER for c in for_organisations)
    assert all(c.submitter_type == "organisation" for c in for_organisations)
    assert any(c.author.email == MEMBER and c.organisation_id is None for c in comments)

    # Replies two levels deep, on the section of what they answer, written after it.
    assert Counter(c.depth for c in comments)[2] >= 2
    by_id = {c.id: c for c in comments}
    for reply in (c for c in comments if c.parent_id is not None):
        parent = by_id[reply.parent_id]
        assert reply.depth == parent.depth + 1
        assert reply.section_id == parent.section_id
        assert reply.created_at > parent.created_at
    # Dated within the phase for comments, before now.
    phase = next(p for p in v2.process.phases if p.opens_comments)
    for comment in comments:
        local = comment.created_at.astimezone(BERLIN).date()
        assert phase.starts_on <= local <= date.today()

    languages = Counter(c.language for c in comments)
    assert languages["tr"] >= 2 and languages["ar"] >= 2 and languages["en"] >= 2
    assert languages["de"] > len(comments) / 2
    # The texts are in the languages they are marked with.
    assert all(c.detected_language == c.language for c in comments)

    hidden = [c for c in comments if c.is_hidden]
    assert len(hidden) == 1
    comment = hidden[0]
    moderation = participation_content.MODERATION
    assert comment.hidden_reason == moderation["hide_reason"]
    assert comment.hidden_by_id == account(STAFF).id
    assert comment.body  # kept, not deleted
    report = db.session.scalar(select(CommentReport))
    assert db.session.scalar(select(func.count()).select_from(CommentReport)) == 1
    assert report.contribution_id == comment.id
    assert report.reporter_id == account(YOUTH).id
    assert (report.resolution, report.resolved_by_id) == ("hidden", account(STAFF).id)
    actions = set(db.session.scalars(select(AuditEntry.action)).all())
    assert {"comment.report", "comment.hide"} <= actions


def test_written_statements_through_every_channel(ctx):
    from consult.statements import uploads

    load_demo()
    statements = contributions("statement")
    assert len(statements) == 6
    assert all(s.status == "received" and s.receipt_number for s in statements)
    assert all(s.tracking_token_hash or s.entered_by_id for s in statements)
    assert Counter(s.channel for s in statements) == {
        "online": 3, "letter": 1, "email": 1, "in_person": 1,
    }
    assert all(s.detected_language == s.language for s in statements)
    staff = account(STAFF)

    (resident,) = [s for s in statements if s.author and s.author.email == RESIDENT]
    assert (resident.channel, resident.language, resident.organisation_id) == ("online", "de", None)
    assert len(resident.sections) == 2
    assert resident.publish_text and not resident.publish_name

    (organisation,) = [s for s in statements if s.organisation_id is not None]
    assert organisation.organisation.slug == "brueckenbau"
    assert organisation.author.email == MEMBER
    assert organisation.submitter_type == "organisation"
    assert len(organisation.sections) == 3
    assert organisation.body.count("\n\n") >= 4 and len(organisation.body) > 2000

    (unregistered,) = [s for s in statements if s.channel == "online" and s.author_id is None]
    assert unregistered.submitter_email and unregistered.email_confirmed_at is not None
    assert unregistered.email_confirmed_at > unregistered.created_at
    assert unregistered.language not in ("de", "en")

    (letter,) = [s for s in statements if s.channel == "letter"]
    assert letter.received_on == date.today() - timedelta(days=4)
    assert letter.entered_by_id == staff.id and letter.submitter_address
    (scan,) = letter.attachments
    assert scan.is_scan and scan.content_type == "application/pdf"
    content = uploads.path_for(scan.storage_name).read_bytes()
    assert content.startswith(b"%PDF-") and len(content) == scan.size
    # A well-formed PDF: the cross-reference table points at its objects.
    start = int(re.search(rb"startxref\n(\d+)", content).group(1))
    assert content[start:start + 4] == b"xref"
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", content)]
    assert offsets and all(
        content[o:].startswith(b"%d 0 obj" % n) for n, o in enumerate(offsets, start=1)
    )

    (email,) = [s for s in statements if s.channel == "email"]
    assert email.language in ("ru", "uk") and email.submitter_email
    assert email.entered_by_id == staff.id and email.language_source == "staff"

    (late,) = [s for s in statements if s.is_late]
    assert late.channel == "in_person" and late.entered_by_id == staff.id
    assert all(len(s.sections) >= 2 for s in statements)


def test_integration_forum_with_four_tables_and_forty_cards(ctx):
    load_demo()
    (event,) = db.session.scalars(select(Event)).all()
    assert event.name == "1. Integrationsforum"
    assert event.place == "Neues Rathaus, Hodlersaal"
    assert event.starts_at.astimezone(BERLIN).date() == date.today() - timedelta(days=20)
    assert event.starts_at < event.ends_at < datetime.now(UTC)
    assert [(t.number, t.name, [s.key for s in t.sections]) for t in event.tables] == [
        (1, "Bildung", ["bildung"]),
        (2, "Arbeit", ["wirtschaft"]),
        (3, "Zusammenleben", ["stadtleben"]),
        (4, "Verwaltung", ["stadtverwaltung"]),
    ]
    cards = contributions("forum_card")
    assert len(cards) == 40
    v2 = demo_versions()[1]
    staff = account(STAFF)
    nodes = {n.section_id: n for n in v2.nodes}
    tables = {t.id: t for t in event.tables}
    for card in cards:
        assert (card.event_id, card.version_id, card.entered_by_id) == (event.id, v2.id, staff.id)
        assert card.channel == "forum" and card.author_id is None and card.publish_text
        assert card.created_at > event.ends_at
        # The card is about a section of its table's field of action (in version 2).
        node = nodes[card.section_id]
        while node.parent is not None:
            node = node.parent
        assert node.section_id == tables[card.event_table_id].sections[0].id
    assert Counter(c.event_table_id for c in cards) == {t.id: 10 for t in event.tables}
    languages = Counter(c.language for c in cards)
    assert languages["de"] >= 20
    assert languages["tr"] >= 3 and languages["ar"] >= 3 and languages["en"] >= 3


def test_participation_is_added_once_also_to_an_existing_process(ctx):
    earlier = date.today() - timedelta(days=20)
    first = load_demo(today=earlier)
    assert first["participation"]["cards"] == 40
    loaded = participation_counts()
    again = load_demo()
    assert again["participation"] is None
    assert participation_counts() == loaded

    # A process loaded before the demo had participation content gets it once, dated
    # around the day it was loaded.
    for table in (contribution_sections, event_table_sections):
        db.session.execute(delete(table))
    for model in (Attachment, CommentReport):
        db.session.execute(delete(model))
    db.session.execute(delete(Contribution).where(Contribution.parent_id.is_not(None)))
    for model in (Contribution, EventTable, Event):
        db.session.execute(delete(model))
    db.session.commit()
    added = load_demo()
    assert added["process"]["created"] is False
    assert added["participation"] == first["participation"]
    after = participation_counts()
    assert {k: v for k, v in after.items() if k != "audit_entries"} == {
        k: v for k, v in loaded.items() if k != "audit_entries"
    }
    (letter,) = [s for s in contributions("statement") if s.channel == "letter"]
    assert letter.received_on == earlier - timedelta(days=4)
    assert all(
        c.created_at.astimezone(BERLIN).date() <= earlier for c in contributions("comment")
    )
    assert load_demo()["participation"] is None
    assert participation_counts() == after


def test_participation_pages_of_the_demo(app, client, runner):
    printed = dict(CREDENTIALS.findall(run_demo(runner)))
    comments = {c["ref"]: c for c in participation_content.COMMENTS}

    # A section with a thread: a comment by the verified organisation and replies in
    # English and Turkish, each marked with its language.
    page = client.get("/p/lip/v/2/s/bildung-z1-m2?lang=de").get_data(as_text=True)
    for ref in ("elternbegleitung", "elternbegleitung-anmeldung", "elternbegleitung-portal"):
        assert str(escape(comments[ref]["body"])) in page, ref
    assert str(escape("Brückenbau – Verein für Begegnung e.V.")) in page
    assert 'lang="en" dir="auto"' in page and 'lang="tr" dir="auto"' in page
    assert "Rosa Muster" in page

    # The hidden comment: its reason in its place, its text nowhere.
    page = client.get("/p/lip/v/2/s/stadtverwaltung-z3-m2?lang=de").get_data(as_text=True)
    assert str(escape(participation_content.MODERATION["hide_reason"])) in page
    assert "Beispielmann" not in page
    assert 'class="comment comment-hidden"' in page

    # Arabic comments on the health section, right to left by their own direction.
    page = client.get("/p/lip/v/2/s/soziales-z1-m2?lang=ar").get_data(as_text=True)
    assert str(escape(comments["dolmetschen-kinder"]["body"])) in page
    assert 'lang="ar" dir="auto"' in page

    with app.app_context():
        statements = contributions("statement")
        receipts = [s.receipt_number for s in statements]
        titles = [s.title for s in statements if s.title]
    assert len(receipts) == 6 and len(titles) == 6

    # Staff see every statement in their list; residents may not open it.
    response = client.post(
        "/account/login", data={"email": STAFF, "password": printed[STAFF]}
    )
    assert response.status_code == 302
    response = client.get("/manage/processes/lip/statements?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for receipt in receipts:
        assert receipt in page
    for title in titles:
        assert str(escape(title)) in page
    resident = app.test_client()
    resident.post("/account/login", data={"email": RESIDENT, "password": printed[RESIDENT]})
    assert resident.get("/manage/processes/lip/statements?lang=en").status_code == 403

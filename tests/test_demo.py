"""`flask consult demo`: loads once, changes between versions, languages, phases, accounts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from consult.accounts.models import Membership, Organisation, User
from consult.accounts.passwords import verify_password
from consult.demo import load_demo
from consult.diff import word_diff
from consult.extensions import db
from consult.markup import plain_text, render_markdown
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
    with app.app_context():
        before = counts()
    second = run_demo(runner)
    assert "exists already" in second
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
    assert after["versions"] == 3
    assert after["phases"] == 7
    assert after["users"] == 5
    assert after["organisations"] == 2
    assert after["memberships"] == 2
    assert [len(f) for f in fields] == [6, 6, 6]


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
    v1, v2, v3 = demo_versions()
    assert (v1.status, v2.status, v3.status) == ("published", "published", "internal")
    assert v1.published_at is not None and v2.published_at is not None
    assert v3.published_at is None
    assert v2.based_on_id == v1.id and v3.based_on_id == v2.id
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
    v1, v2, _ = demo_versions()
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
    v1, v2, _ = demo_versions()
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
    v1, v2, _ = demo_versions()
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
        assert counts()["versions"] == 3


def logged_in(client) -> bool:
    with client.session_transaction() as session:
        return bool(session.get("_user_id"))


def test_every_demo_account_can_log_in_with_the_printed_password(app, runner):
    printed = dict(CREDENTIALS.findall(run_demo(runner)))
    for email, password in printed.items():
        client = app.test_client()
        wrong = client.post("/account/login", data={"email": email, "password": password + "x"})
        assert wrong.status_code != 302 and not logged_in(client)
        response = client.post("/account/login", data={"email": email, "password": password})
        assert response.status_code == 302, (email, response.get_data(as_text=True)[:300])
        assert logged_in(client), email
        # The administrative draft is internal: staff and admins preview it, nobody else.
        preview = client.get("/p/lip/v/3?lang=de")
        if DEMO_ACCOUNTS[email] in ("staff", "admin"):
            assert preview.status_code == 200
            assert "Sprachmittlung in der Nachbarschaft" in preview.get_data(as_text=True)
        else:
            assert preview.status_code == 404
    assert app.test_client().get("/p/lip/v/3").status_code == 404


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

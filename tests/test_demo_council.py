"""`flask consult demo`: the road to adoption — the bodies, the advisory council's internal
reading of the administrative draft, amendments voted point by point in several committees, the
adopted version generated from the adopted points, the milestones and the reports.

The demo is loaded once for the module (it takes a few seconds); the tests before the last only
read it. The last test loads it again from scratch, the way a database from before the council
stretch gets it."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select, text

import consult.demo as demo
from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.council.models import (
    Amendment,
    AmendmentPoint,
    AmendmentVote,
    PointApplication,
    VersionShare,
)
from consult.demo import load_demo
from consult.demo_content import council as content
from consult.demo_content import forum as forum_content
from consult.diff import tokenize
from consult.extensions import db, limiter
from consult.markup import plain_text
from consult.participation.models import Contribution, Event
from consult.plans.models import (
    Process,
    Section,
    SectionText,
    SectionVersion,
    Version,
)
from consult.reports.models import Milestone, Report, ReportText
from consult.triage.models import Group, GroupMember, Suggestion

CREDENTIALS = re.compile(r"(\S+@example\.org)\s+password: (\S+)")
COUNCIL_MEMBER, STAFF = "integrationsrat@example.org", "staff@example.org"
BODIES = {
    "Lokaler Integrationsrat": "advisory_council",
    "Migrationsausschuss": "committee",
    "Schul- und Bildungsausschuss": "committee",
    "Sozialausschuss": "committee",
    "Jugendhilfeausschuss": "committee",
    "Ratsversammlung": "council",
}
MODELS = (
    User, Group, GroupMember, VersionShare, Contribution, Suggestion, Amendment, AmendmentPoint,
    AmendmentVote, PointApplication, Version, Section, SectionVersion, SectionText, Milestone,
    Report, ReportText, AuditEntry,
)


def counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in MODELS
    }


def wipe(app) -> None:
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(table.delete())


def run_demo(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["consult", "demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def loaded(app):
    """The demo, loaded once through the command: its output and the row counts after it."""
    wipe(app)
    output = run_demo(app)
    with app.app_context():
        before = counts()
    yield {"output": output, "counts": before}
    wipe(app)


@pytest.fixture(autouse=True)
def clean_db(app):
    """Instead of the suite's clean database per test: the tests share the loaded demo."""
    limiter.reset()
    yield
    with app.app_context():
        db.session.remove()


def process() -> Process:
    return db.session.scalar(select(Process).where(Process.slug == "lip"))


def versions() -> dict[int, Version]:
    return {v.number: v for v in process().versions}


def bodies() -> dict[str, Group]:
    return {
        g.name: g
        for g in db.session.scalars(select(Group).where(Group.kind.in_(set(BODIES.values()))))
    }


def node(version: Version, key: str) -> SectionVersion | None:
    return db.session.scalar(
        select(SectionVersion)
        .join(Section, Section.id == SectionVersion.section_id)
        .where(SectionVersion.version_id == version.id, Section.key == key)
    )


def whitespace_only_changes(old: str, new: str) -> list[str]:
    """Changes of the word diff shown on the pages that change nothing but spacing."""
    a, b = tokenize(plain_text(old)), tokenize(plain_text(new))
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        repr("".join(a[i1:i2])) + " -> " + repr("".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal" and all(token.isspace() for token in a[i1:i2] + b[j1:j2])
    ]


def amendments() -> list[Amendment]:
    return list(db.session.scalars(select(Amendment).order_by(Amendment.filed_on)).all())


# --- bodies and the internal reading -----------------------------------------------------------


def test_the_bodies_of_the_council_and_the_advisory_council_member(loaded, ctx):
    found = bodies()
    assert {name: body.kind for name, body in found.items()} == BODIES
    council = found["Lokaler Integrationsrat"]
    assert {(m.user.email, m.role) for m in council.members} == {
        (COUNCIL_MEMBER, "member"), (STAFF, "staff"),
    }
    assert all(not body.sections and not body.decides for body in found.values())
    member = db.session.scalar(select(User).where(User.email == COUNCIL_MEMBER))
    assert member.role == "resident" and member.email_confirmed_at is not None
    # The expert groups and the steering group of the triage are still there.
    assert db.session.scalar(select(func.count()).select_from(Group)) == 7 + len(BODIES)


def test_the_advisory_council_read_the_administrative_draft_before_it_was_public(loaded, ctx):
    v3 = versions()[3]
    council = bodies()["Lokaler Integrationsrat"]
    (share,) = db.session.scalars(select(VersionShare)).all()
    assert (share.version_id, share.group_id, share.comments_open) == (v3.id, council.id, True)

    thread = db.session.scalars(
        select(Contribution)
        .where(Contribution.body_id == council.id, Contribution.kind == "comment")
        .order_by(Contribution.created_at)
    ).all()
    assert len(thread) == len(content.BODY_COMMENTS) == 3
    assert {c.version_id for c in thread} == {v3.id}
    assert {c.channel for c in thread} == {"advisory_council"}
    assert {c.submitter_type for c in thread} == {"council"}
    assert not any(c.publish_text or c.publish_name for c in thread)
    assert {c.author.email for c in thread} == {COUNCIL_MEMBER, STAFF}
    reply = next(c for c in thread if c.parent_id is not None)
    parent = db.session.get(Contribution, reply.parent_id)
    assert reply.author.email == STAFF and parent.author.email == COUNCIL_MEMBER
    assert reply.section_id == parent.section_id and parent.body_id == council.id
    assert all(c.created_at < v3.published_at for c in thread)

    # The recommendations: one list from the body, split into one suggestion per item, each
    # about the section it names and routed to that section's expert group.
    (listing,) = db.session.scalars(
        select(Contribution).where(
            Contribution.body_id == council.id, Contribution.kind == "statement"
        )
    ).all()
    assert listing.version_id == v3.id and listing.channel == "advisory_council"
    assert listing.submitter_name == "Lokaler Integrationsrat"
    assert listing.split_done_at is not None and listing.received_on < date.today()
    suggestions = db.session.scalars(
        select(Suggestion).where(Suggestion.contribution_id == listing.id)
        .order_by(Suggestion.number)
    ).all()
    assert len(suggestions) == len(content.RECOMMENDATIONS["items"]) == 4
    assert [[s.key for s in suggestion.sections] for suggestion in suggestions] == [
        ["bildung-z1-m2"], ["soziales-z2"], ["demokratie-z1-m3"], ["stadtverwaltung-z3-m1"],
    ]
    assert [s.summary for s in suggestions] == [
        summary for _item, summary, _tags in content.RECOMMENDATIONS["items"]
    ]
    assert [t.name for t in suggestions[2].tags] == ["Jugend"]
    for suggestion in suggestions:
        assert suggestion.group is not None and suggestion.group.kind == "expert_group"
        body = listing.body
        assert body[suggestion.passage_start:suggestion.passage_end] == suggestion.passage
        section_number = node(v3, suggestion.sections[0].key).number
        assert suggestion.passage.startswith(f"{section_number} ")

    # Then it went public, for the committees; its change note says so.
    assert v3.status == "published" and v3.published_at is not None
    assert "noch nicht öffentlich" not in v3.changelog["de"]
    assert "Migrationsausschuss" in v3.changelog["de"]
    assert "Sprachmittlung in der Nachbarschaft" in v3.changelog["de"]


# --- amendments and votes ----------------------------------------------------------------------


def test_amendments_voted_point_by_point_in_several_committees(loaded, ctx):
    v3 = versions()[3]
    first, second = amendments()
    for amendment, spec in zip((first, second), content.AMENDMENTS, strict=True):
        assert amendment.version_id == v3.id and amendment.published_at is not None
        assert amendment.number == f"{spec['number']}/{amendment.filed_on.year}"
        assert amendment.filer == spec["filed_by"]
        assert amendment.filed_on > v3.published_at.date()
    assert [(p.kind, p.status) for p in first.points] == [
        ("replace", "adopted"), ("delete", "rejected"), ("add_after", "adopted"),
        ("replace", "withdrawn"),
    ]
    assert [(p.kind, p.status) for p in second.points] == [
        ("replace", "adopted"), ("replace", "rejected"),
    ]
    assert first.points[0].new_body and "sechzehn Stellen" in first.points[0].new_body
    assert first.points[1].new_body is None and first.points[1].justification
    assert first.points[2].new_title == "Wohnungen für große Familien"

    votes = db.session.scalars(select(AmendmentVote)).all()
    assert len(votes) == sum(len(m["votes"]) for m in content.MEETINGS) == 14
    assert {v.group.kind for v in votes} <= {"committee", "council"}
    voting = {v.group.name for v in votes if v.point.amendment_id == first.id}
    assert voting == {
        "Migrationsausschuss", "Schul- und Bildungsausschuss", "Sozialausschuss",
        "Ratsversammlung",
    }
    assert Counter(v.result for v in votes) == {
        "adopted": 8, "rejected": 4, "referred": 1, "withdrawn": 1,
    }
    # Referred by the migration committee, then adopted by the social committee and the council.
    referred = first.points[2]
    assert [(v.group.name, v.result) for v in referred.votes] == [
        ("Migrationsausschuss", "referred"), ("Sozialausschuss", "adopted"),
        ("Ratsversammlung", "adopted"),
    ]
    council_day = referred.votes[-1].held_on
    assert referred.decided_on == council_day
    withdrawn = first.points[3]
    assert [(v.group.name, v.result) for v in withdrawn.votes] == [
        ("Migrationsausschuss", "withdrawn"),
    ]
    assert withdrawn.votes[0].note and withdrawn.decided_on < council_day
    for point in (*first.points, *second.points):
        if point.status in ("adopted", "rejected"):
            assert point.votes[-1].group.name == "Ratsversammlung"
            assert point.decided_on == council_day
        counted = [v for v in point.votes if v.result in ("adopted", "rejected")]
        assert all(v.yes + v.no + v.abstain > 0 for v in counted)


# --- the adopted version -----------------------------------------------------------------------


def test_the_adopted_version_generated_from_the_adopted_points(loaded, ctx):
    found = versions()
    assert sorted(found) == [1, 2, 3, 4]
    v3, v4 = found[3], found[4]
    assert v4.status == "adopted" and v4.published_at is not None
    assert v4.based_on_id == v3.id
    assert v4.title("de") == "Beschlossene Fassung" and v4.title("en") == "Adopted version"
    assert set(v4.label) >= {"de", "en", "tr", "ar"}
    first, second = amendments()
    assert "0597/" in v4.changelog["de"] and first.number in v4.changelog["de"]

    adopted = [p for a in (first, second) for p in a.points if p.status == "adopted"]
    applications = db.session.scalars(select(PointApplication)).all()
    assert {a.point_id for a in applications} == {p.id for p in adopted}
    assert {a.version_id for a in applications} == {v4.id}
    assert not any(a.manual for a in applications)
    by_point = {a.point_id: a for a in applications}
    for point in adopted:
        application = by_point[point.id]
        if point.kind == "replace":
            assert application.section_id == point.section_id
            new, old = node(v4, point.section.key), node(v3, point.section.key)
            assert new.text("de").body == point.new_body
            assert old.text("de").body != point.new_body
            assert new.text("de").title == old.text("de").title
            # The new wording keeps the line breaks: the diff shows only what changed.
            for language in ("de", "en"):
                assert not whitespace_only_changes(
                    old.text(language).body, new.text(language).body
                ), (point.label, language)
    # The addition: a new section after its target, under the same goal, with its own key.
    addition = first.points[2]
    added = db.session.get(Section, by_point[addition.id].section_id)
    assert added.key == "soziales-z2-m3" and added.id != addition.section_id
    new_node, target = node(v4, "soziales-z2-m3"), node(v4, "soziales-z2-m2")
    assert new_node.parent_id == target.parent_id and new_node.kind == target.kind == "measure"
    assert new_node.position == target.position + 1 and new_node.number == "3.2.3"
    assert new_node.text("de").title == "Wohnungen für große Familien"
    assert node(v3, "soziales-z2-m3") is None
    # Rejected and withdrawn points changed nothing.
    for point in (first.points[1], first.points[3], second.points[1]):
        assert point.status in ("rejected", "withdrawn")
        kept, before = node(v4, point.section.key), node(v3, point.section.key)
        assert kept is not None and kept.text("de").body == before.text("de").body

    # English stays complete and current in the adopted version; other translations of the
    # changed sections are marked outdated.
    for item in v4.nodes:
        english, german = item.text("en"), item.text("de")
        assert english is not None and english.reviewed, item.section.key
        assert not english.is_outdated(german), item.section.key
        assert english.title != german.title
    assert "sixteen posts" in node(v4, "bildung-z1-m2").text("en").body
    assert node(v4, "soziales-z2-m3").text("en").title == "Flats for large families"
    # The tree keeps its shape: two or three measures per goal.
    measures = Counter(n.parent_id for n in v4.nodes if n.kind == "measure")
    assert set(measures.values()) <= {2, 3}


# --- the timeline and reports ------------------------------------------------------------------


def test_the_milestones_of_the_seeds_and_the_reports(loaded, ctx, client):
    found = versions()
    milestones = db.session.scalars(
        select(Milestone).order_by(Milestone.starts_on, Milestone.position)
    ).all()
    assert [m.kind for m in milestones] == [
        "mandate", "drafting", "advisory_council", "forum", "statements", "other",
        "committees", "adoption",
    ]
    by_kind = {m.kind: m for m in milestones}
    assert re.fullmatch(r"Drucks\. 0466/\d{4}", by_kind["mandate"].reference)
    assert by_kind["drafting"].version_id == found[1].id
    assert by_kind["advisory_council"].group.name == "Lokaler Integrationsrat"
    event = db.session.scalar(select(Event).where(Event.name == forum_content.EVENT["name"]))
    assert by_kind["forum"].event_id == event.id
    assert by_kind["forum"].title("en", "de") == "Integration Forum"
    assert by_kind["committees"].version_id == found[3].id
    assert by_kind["committees"].group.name == "Migrationsausschuss"
    adoption = by_kind["adoption"]
    assert (adoption.version_id, adoption.group.name) == (found[4].id, "Ratsversammlung")
    council_day = db.session.scalar(
        select(func.max(AmendmentVote.held_on)).join(Group).where(Group.kind == "council")
    )
    assert adoption.starts_on == council_day
    for earlier, later in zip(milestones, milestones[1:], strict=False):
        assert (earlier.ends_on or earlier.starts_on) <= later.starts_on
    # Today falls into the phase for statements, as in the demo's phases.
    today = date.today()
    current = [m for m in milestones if m.starts_on <= today <= (m.ends_on or m.starts_on)]
    assert [m.kind for m in current] == ["statements"]

    reports = db.session.scalars(select(Report).order_by(Report.published_on)).all()
    assert len(reports) == 4 and all(r.published_at is not None for r in reports)
    assert all({t.language for t in r.texts} == {"de", "en"} for r in reports)
    assert [r.milestone.kind for r in reports] == [
        "drafting", "advisory_council", "forum", "adoption",
    ]
    bildung = reports[0]
    assert bildung.group.name == "Bildung" and bildung.group.kind == "expert_group"
    assert bildung.text("de").title.startswith("Was die Expert*innengruppe Bildung am ")
    assert reports[1].group.name == "Lokaler Integrationsrat"
    assert reports[3].group.name == "Ratsversammlung"
    assert f"/p/lip/v/{found[4].number}" in reports[3].text("de").body
    public = [r for r in reports if r.published_on <= today]
    assert len(public) == 3

    # The public list shows the reports of the past, not the one dated on the council's day.
    page = client.get("/p/lip/reports?lang=de").get_data(as_text=True)
    for report in public:
        assert report.text("de").title in page
    assert reports[3].text("de").title not in page


# --- running it again --------------------------------------------------------------------------


def test_the_command_prints_the_council_account_and_a_second_run_changes_nothing(loaded, app):
    first = loaded["output"]
    assert "Added the road to adoption: 6 bodies of the council" in first
    assert "version 4 “Beschlossene Fassung” (adopted)" in first
    printed = dict(CREDENTIALS.findall(first))
    assert COUNCIL_MEMBER in printed

    second = run_demo(app)
    assert "Added the road to adoption" not in second
    assert CREDENTIALS.findall(second) == []
    assert re.search(r"integrationsrat@example\.org\s+exists", second)
    with app.app_context():
        assert counts() == loaded["counts"]

    # The printed password works; the member sees the council's thread, the public does not.
    client = app.test_client()
    response = client.post(
        "/account/login", data={"email": COUNCIL_MEMBER, "password": printed[COUNCIL_MEMBER]}
    )
    assert response.status_code == 302
    words = "Zwölf Stellen reichen nach unserer Erfahrung nicht."
    path = "/p/lip/v/3/s/bildung-z1-m2?lang=de"
    assert words in client.get(path).get_data(as_text=True)
    assert words not in app.test_client().get(path).get_data(as_text=True)


def test_a_demo_loaded_before_the_council_stretch_gets_it_on_the_next_run(
    loaded, app, monkeypatch
):
    wipe(app)
    with app.test_request_context():
        with monkeypatch.context() as patched:
            patched.setattr(demo, "add_council", lambda *a, **k: {"accounts": [], "added": None})
            assert load_demo()["council"] is None
        assert versions()[3].status == "internal"
        assert db.session.scalar(select(func.count()).select_from(Amendment)) == 0
        summary = load_demo()["council"]
        assert summary["amendments"] == 2 and summary["adopted"]["number"] == 4
        assert counts() == loaded["counts"]

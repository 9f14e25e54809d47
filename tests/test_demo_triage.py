"""`flask consult demo`: the triage in progress (groups, standard replies, suggestions in every
state, resulting changes, translated reasons), loaded once, on both databases."""

from __future__ import annotations

import re
from collections import Counter

from sqlalchemy import delete, func, select, update

import consult.demo as demo
from consult.accounts.models import User
from consult.accounts.passwords import verify_password
from consult.audit.models import AuditEntry
from consult.demo import load_demo
from consult.demo_content import participation as participation_content
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process, SectionVersion
from consult.triage import queries, services
from consult.triage.access import access_for
from consult.triage.models import (
    Group,
    GroupMember,
    Outcome,
    ReasonTranslation,
    Recommendation,
    ReplyTemplate,
    ResultingChange,
    Suggestion,
    Tag,
)

CREDENTIALS = re.compile(r"(\S+@example\.org)\s+password: (\S+)")
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
TURKISH_LETTER = re.compile(r"[ğışİĞŞ]")
EXPERT, CHAIR, YOUTH, STAFF = (
    "expertin@example.org", "steuerung@example.org", "jugend@example.org", "staff@example.org",
)
TRIAGE_KINDS = ("expert_group", "steering_group")  # the council's bodies are groups too
FIELDS = {
    "bildung": "Bildung",
    "wirtschaft": "Arbeit und Wirtschaft",
    "soziales": "Soziales, Gesundheit und Wohnen",
    "stadtleben": "Zusammenleben im Stadtteil, Kultur und Sport",
    "demokratie": "Teilhabe und Demokratie",
    "stadtverwaltung": "Interkulturelle Öffnung der Verwaltung",
}


def run_demo(runner, *args: str) -> str:
    result = runner.invoke(args=["consult", "demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def counts() -> dict[str, int]:
    models = (
        User, Group, GroupMember, ReplyTemplate, Suggestion, Recommendation, ReasonTranslation,
        ResultingChange, Tag, AuditEntry,
    )
    result = {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in models
    }
    result["split_done"] = db.session.scalar(
        select(func.count(Contribution.id)).where(Contribution.split_done_at.is_not(None))
    )
    return result


def demo_process() -> Process:
    return db.session.scalar(select(Process).where(Process.slug == "lip"))


def account(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def all_suggestions() -> list[Suggestion]:
    return list(
        db.session.scalars(
            select(Suggestion).options(*queries.suggestion_options()).order_by(Suggestion.number)
        ).unique()
    )


def state(suggestion: Suggestion) -> str:
    if suggestion.representative_id is not None:
        return "grouped"
    if suggestion.published_at is not None:
        return "published"
    if suggestion.outcome is not None:
        return "decided"
    if suggestion.recommendation is not None:
        return "recommended"
    return "open"


# --- loading ------------------------------------------------------------------


def test_command_twice_adds_the_triage_once_and_prints_the_new_logins(app, runner):
    first = run_demo(runner)
    printed = dict(CREDENTIALS.findall(first))
    assert {EXPERT, CHAIR, YOUTH, STAFF} <= set(printed)
    assert re.search(r"external expert\s+expertin@example\.org\s+password: ", first)
    assert re.search(r"steering group chair\s+steuerung@example\.org\s+password: ", first)
    with app.app_context():
        before = counts()
    second = run_demo(runner)
    assert CREDENTIALS.findall(second) == []
    assert re.search(r"steering group chair\s+steuerung@example\.org\s+exists", second)
    with app.app_context():
        after = counts()
    assert after == before
    assert after["groups"] == 7 + 6  # and the six bodies of the council stretch
    assert after["reply_templates"] in range(5, 9)
    assert after["suggestions"] >= 40
    assert after["resulting_changes"] >= 2
    assert after["reason_translations"] >= 2
    for email in (EXPERT, CHAIR):
        client = app.test_client()
        response = client.post(
            "/account/login", data={"email": email, "password": printed[email]}
        )
        assert response.status_code == 302, email


def test_reset_passwords_covers_the_triage_accounts(ctx):
    first = {a["email"]: a["password"] for a in load_demo()["accounts"]}
    again = {a["email"]: a for a in load_demo()["accounts"]}
    assert again[EXPERT]["status"] == again[CHAIR]["status"] == "exists"
    reset = {a["email"]: a["password"] for a in load_demo(reset_passwords=True)["accounts"]}
    for email in (EXPERT, CHAIR):
        assert reset[email] and reset[email] != first[email]
        assert verify_password(account(email).password_hash, reset[email])
    assert db.session.scalar(
        select(func.count()).select_from(Group).where(Group.kind.in_(TRIAGE_KINDS))
    ) == 7


def test_a_process_without_triage_gets_it_on_the_next_run(ctx, monkeypatch):
    """A database loaded before triage existed: the next run adds it, once."""
    # Before triage there was no council stretch either.
    monkeypatch.setattr(demo, "add_council", lambda *a, **k: {"accounts": [], "added": None})
    load_demo()
    loaded = counts()
    process = demo_process()
    for model in (Suggestion, Group, ReplyTemplate, Tag):
        db.session.execute(delete(model).where(model.process_id == process.id))
    db.session.execute(update(Contribution).values(split_done_at=None, split_done_by_id=None))
    db.session.commit()
    load_demo()
    again = counts()
    for key in ("groups", "group_members", "reply_templates", "suggestions",
                "recommendations", "reason_translations", "resulting_changes", "split_done"):
        assert again[key] == loaded[key], key


# --- groups and the reply library ------------------------------------------------


def test_an_expert_group_per_field_and_the_deciding_steering_group(ctx):
    load_demo()
    process = demo_process()
    groups = {g.name: g for g in queries.groups(process) if g.kind in TRIAGE_KINDS}
    assert set(groups) == {*FIELDS.values(), "Steuerungsgruppe"}
    for key, name in FIELDS.items():
        group = groups[name]
        assert group.kind == "expert_group" and not group.decides
        assert [s.key for s in group.sections] == [key]
        assert "Expert*innengruppe" in group.description
        staff_members = [m for m in group.members if m.role == "staff"]
        assert [m.user.email for m in staff_members] == [STAFF]
    steering = groups["Steuerungsgruppe"]
    assert steering.kind == "steering_group" and steering.decides
    assert {(m.user.email, m.role) for m in steering.members} == {
        (CHAIR, "chair"), (STAFF, "staff"),
    }
    roles = {(m.user.email, m.role) for g in groups.values() for m in g.members}
    assert {role for _email, role in roles} == {
        "staff", "external_expert", "youth_delegate", "chair",
    }
    assert (EXPERT, "external_expert") in roles and (YOUTH, "youth_delegate") in roles

    # The new accounts are residents: what they do in triage comes from their groups.
    expert, chair, youth = account(EXPERT), account(CHAIR), account(YOUTH)
    assert expert.role == chair.role == "resident"
    assert expert.email_confirmed_at is not None and chair.email_confirmed_at is not None
    assert access_for(expert, process).visible_group_ids() == {
        groups["Bildung"].id, groups["Arbeit und Wirtschaft"].id,
    }
    assert groups["Bildung"].id in access_for(youth, process).group_ids
    chair_access = access_for(chair, process)
    assert chair_access.sees_all and chair_access.may_decide_any
    assert not access_for(expert, process).may_decide_any


def test_a_library_of_german_standard_replies(ctx):
    load_demo()
    replies = queries.reply_templates(demo_process())
    assert 5 <= len(replies) <= 8
    titles = {r.title: r for r in replies}
    assert titles["Bereits im Plan enthalten"].outcome == "already_covered"
    assert titles["Zuständigkeit liegt beim Land"].outcome == "out_of_scope"
    assert titles["Wird in der Umsetzung berücksichtigt"].outcome == "noted"
    assert {r.language for r in replies} == {"de"}
    assert {Outcome(r.outcome) for r in replies} >= {
        Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED, Outcome.NOT_ACCEPTED,
    }
    assert all(r.text.startswith("Vielen Dank") for r in replies)


# --- suggestions --------------------------------------------------------------


def test_suggestions_in_every_state_taken_from_real_sentences(ctx):
    load_demo()
    suggestions = all_suggestions()
    assert [s.number for s in suggestions] == list(range(1, len(suggestions) + 1))
    states = Counter(state(s) for s in suggestions)
    assert set(states) == {"open", "recommended", "decided", "published", "grouped"}
    assert states["open"] >= 10  # work left in the queue
    assert min(states.values()) >= 3
    undecided = [s for s in suggestions if services.answered_by(s).outcome is None]
    assert len(undecided) > len(suggestions) / 2

    for suggestion in suggestions:
        body = suggestion.contribution.body
        start, end = suggestion.passage_start, suggestion.passage_end
        assert body[start:end] == suggestion.passage
        # Whole sentences: the passage begins and ends at a boundary of the text.
        assert start == 0 or body[start - 1].isspace(), suggestion.passage
        assert end == len(body) or body[end] in " \n,", suggestion.passage
        assert suggestion.summary and suggestion.sections and suggestion.group is not None
        assert suggestion.version_id == suggestion.contribution.version_id
    by_contribution = Counter(s.contribution_id for s in suggestions)
    kinds = {s.contribution_id: s.contribution.kind for s in suggestions}
    assert {kinds[c] for c in by_contribution} == {"comment", "statement", "forum_card"}
    assert max(n for c, n in by_contribution.items() if kinds[c] == "statement") >= 3
    assert max(n for c, n in by_contribution.items() if kinds[c] == "comment") >= 2
    languages = {s.language for s in suggestions}
    assert {"de", "en", "tr", "ar", "fa", "uk", "ru"} <= languages

    # Each statement passage carries the section it is about, and its field's group.
    bildung = [s for s in suggestions if s.passage.startswith("Die Betreuung sollte auch")]
    assert [sec.key for sec in bildung[0].sections] == ["bildung-z3-m2"]
    assert bildung[0].group.name == "Bildung"

    # Grouped: under an undecided or decided representative of the same process, flat.
    grouped = [s for s in suggestions if s.representative_id is not None]
    for member in grouped:
        assert member.representative.representative_id is None
        assert member.outcome is None and member.recommendation is None
    assert any(m.representative.published_at is not None for m in grouped)
    assert any(m.representative.outcome is None for m in grouped)

    # The hidden comment's point is taken without the employee's name it contained.
    hidden = [s for s in suggestions if s.contribution.hidden_at is not None]
    assert len(hidden) == 1 and "Beispielmann" not in hidden[0].passage


def test_recommendations_by_group_members_and_decisions_by_the_chair(ctx):
    load_demo()
    suggestions = all_suggestions()
    members = {
        (m.group_id, m.user_id) for m in db.session.scalars(select(GroupMember))
    }
    recommended = [s for s in suggestions if s.recommendation is not None]
    for suggestion in recommended:
        rec = suggestion.recommendation
        assert rec.group_id == suggestion.group_id
        assert (rec.group_id, rec.author_id) in members
    authors = {db.session.get(User, s.recommendation.author_id).email for s in recommended}
    assert {EXPERT, YOUTH, STAFF} <= authors

    chair = account(CHAIR)
    decided = [s for s in suggestions if s.outcome is not None]
    assert {s.decided_by_id for s in decided} == {chair.id}
    assert all(s.recommendation is not None for s in decided)
    differing = [s for s in decided if s.recommendation.outcome != s.outcome]
    assert differing
    assert any(s.internal_note for s in differing)
    for suggestion in decided:
        if suggestion.outcome != "accepted":
            assert suggestion.public_reason
    assert {s.outcome for s in decided} >= {
        "accepted", "partly_accepted", "not_accepted", "noted", "already_covered",
        "out_of_scope",
    }
    audit = Counter(db.session.scalars(select(AuditEntry.action)).all())
    assert audit["suggestion.decide"] == len(decided)
    assert audit["suggestion.publish"] == sum(1 for s in decided if s.published_at)


def test_split_done_for_some_contributions_and_others_left_to_do(ctx):
    load_demo()
    contributions = db.session.scalars(
        select(Contribution).where(Contribution.kind.in_(["comment", "statement", "forum_card"]))
    ).all()
    with_suggestions = set(db.session.scalars(select(Suggestion.contribution_id)).all())
    done = [c for c in contributions if c.split_done_at is not None]
    assert done and all(c.id in with_suggestions for c in done)
    started = [c for c in contributions if c.id in with_suggestions and c.split_done_at is None]
    assert {c.kind for c in started} >= {"comment", "statement"}
    untouched = [c for c in contributions if c.id not in with_suggestions]
    assert {c.kind for c in untouched} >= {"statement", "forum_card"}
    statements = {c.title: c for c in contributions if c.kind == "statement"}
    late = next(s for s in participation_content.STATEMENTS if s.get("mark_late"))
    assert statements[late["title"]].id not in with_suggestions


def test_published_accepted_suggestions_with_the_text_they_changed(ctx):
    load_demo()
    process = demo_process()
    versions = {v.number: v for v in process.versions}
    changes = db.session.scalars(select(ResultingChange)).all()
    changed = {c.suggestion_id: c for c in changes}
    suggestions = [s for s in all_suggestions() if s.id in changed]
    assert len(suggestions) >= 2
    assert {s.outcome for s in suggestions} <= {"accepted", "partly_accepted"}
    assert any(s.outcome == "accepted" and s.published_at for s in suggestions)
    for suggestion in suggestions:
        change = changed[suggestion.id]
        assert change.version_id == versions[3].id
        assert suggestion.version_id == versions[2].id
        old, new = (
            db.session.scalar(
                select(SectionVersion).where(
                    SectionVersion.version_id == versions[number].id,
                    SectionVersion.section_id == change.section_id,
                )
            )
            for number in (2, 3)
        )
        assert old.text("de").body != new.text("de").body
        # The section changed is one the suggestion is about.
        assert change.section_id in {s.id for s in suggestion.sections}
        assert suggestion in queries.suggestions_changing(new, public_only=False)
    shown = queries.resulting_changes(suggestions, "de", "de")
    for suggestion in suggestions:
        (entry,) = shown[suggestion.id]
        assert entry.body_diff.changed
    letters = next(s for s in suggestions if s.outcome == "accepted")
    assert "Standardbriefe" in letters.public_reason
    assert "getestet" in str(shown[letters.id][0].body_diff.html)
    # The administrative draft went public for the council committees: the public sees the
    # changes too.
    public = queries.resulting_changes(suggestions, "de", "de", public_only=True)
    assert public.keys() == shown.keys()


def test_reasons_translated_into_turkish_and_arabic(ctx):
    load_demo()
    translations = db.session.scalars(select(ReasonTranslation)).all()
    by_language = {t.language: t for t in translations}
    assert {"tr", "ar"} <= set(by_language)
    assert TURKISH_LETTER.search(by_language["tr"].text)
    assert ARABIC_LETTER.search(by_language["ar"].text)
    for translation in translations:
        suggestion = db.session.get(Suggestion, translation.suggestion_id)
        assert suggestion.published_at is not None and suggestion.public_reason
        assert translation.origin == "human_translation"
        assert not services.translation_is_outdated(translation, suggestion)
    # The Arabic reason answers a group that holds an Arabic card.
    arabic = db.session.get(Suggestion, by_language["ar"].suggestion_id)
    members = services.members_of(arabic)
    assert any(m.language == "ar" for m in members)
    shown = queries.reason_translations([arabic])
    assert shown[arabic.id]["ar"].text == by_language["ar"].text


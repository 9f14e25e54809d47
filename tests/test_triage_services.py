"""Triage services: splitting, routing, recommending, deciding, grouping, publishing, linking
the resulting change, translated reasons and full-text similarity, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.errors import InvalidTransition, StaleEdit, ValidationFailed
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process, Version
from consult.triage import search, services
from consult.triage.models import Group, ResultingChange, Suggestion
from tests.helpers_triage import TURKISH_STATEMENT, bulk_suggestions, node, triage_world


@pytest.fixture
def world(app, make_process, make_user):
    return triage_world(app, make_process, make_user)


def _staff(world):
    return db.session.get(User, world["users"]["staff"].id)


def _split_three(world) -> list[Suggestion]:
    statement = db.session.get(Contribution, world["statement_id"])
    staff = _staff(world)
    parts = []
    offset = 0
    for paragraph in TURKISH_STATEMENT.split("\n\n"):
        start = TURKISH_STATEMENT.index(paragraph, offset)
        offset = start + len(paragraph)
        parts.append(services.split(statement, actor=staff, start=start, end=offset))
    return parts


def test_split_keeps_passage_source_and_proposes_the_sections_group(app, world):
    with app.test_request_context():
        first, second, third = _split_three(world)
        db.session.commit()
        statement = db.session.get(Contribution, world["statement_id"])
        assert statement.body == TURKISH_STATEMENT  # never altered
        assert [s.number for s in (first, second, third)] == [1, 2, 3]
        assert first.passage == "Çocuklar için daha fazla Almanca kursu istiyoruz."
        assert TURKISH_STATEMENT[second.passage_start:second.passage_end] == second.passage
        assert first.language == "tr"
        assert [s.key for s in first.sections] == ["g1"]
        # g1 has no group of its own; its field f1 belongs to "Bildung".
        assert first.group_id == world["bildung_id"]
        assert statement.split_done_at is None
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "suggestion.split")
        ).all()
        assert len(entries) == 3
        assert "A-1" in entries[0].message


def test_split_trims_and_refuses_empty_or_out_of_range_passages(app, world):
    with app.test_request_context():
        statement = db.session.get(Contribution, world["statement_id"])
        staff = _staff(world)
        gap = TURKISH_STATEMENT.index("\n\n")
        suggestion = services.split(statement, actor=staff, start=gap - 8, end=gap + 10)
        assert suggestion.passage == TURKISH_STATEMENT[gap - 8:gap + 10].strip()
        assert suggestion.passage_start == gap - 8
        assert suggestion.passage_end == gap + 10
        for start, end in ((5, 5), (-1, 4), (0, 10_000), (gap, gap + 2)):
            with pytest.raises(ValidationFailed):
                services.split(statement, actor=staff, start=start, end=end)


def test_split_whole_marks_the_contribution_done(app, world):
    with app.test_request_context():
        statement = db.session.get(Contribution, world["statement_id"])
        suggestion = services.split_whole(statement, actor=_staff(world))
        db.session.commit()
        assert suggestion.passage == TURKISH_STATEMENT.strip()
        assert statement.split_done_at is not None
        services.set_split_done(statement, False, actor=_staff(world))
        assert statement.split_done_at is None


def test_withdrawn_contributions_are_not_split(app, world):
    with app.test_request_context():
        statement = db.session.get(Contribution, world["statement_id"])
        statement.status = "withdrawn"
        with pytest.raises(InvalidTransition):
            services.split_whole(statement, actor=_staff(world))


def test_recommendation_and_decision_are_both_kept(app, world):
    with app.test_request_context():
        first, _second, _third = _split_three(world)
        expert = db.session.get(User, world["users"]["expert"].id)
        services.recommend(first, actor=expert, outcome="accepted", reasoning="Sinnvoll.")
        admin = db.session.get(User, world["users"]["admin"].id)
        services.decide(first, actor=admin, outcome="partly_accepted", public_reason="Teilweise.")
        db.session.commit()
        stored = db.session.get(Suggestion, first.id)
        assert stored.recommendation.outcome == "accepted"
        assert stored.outcome == "partly_accepted"
        assert stored.decided_by_id == admin.id and stored.decided_at is not None


def test_a_reason_is_required_unless_accepted(app, world):
    with app.test_request_context():
        first, _second, _third = _split_three(world)
        with pytest.raises(ValidationFailed):
            services.decide(first, actor=_staff(world), outcome="not_accepted", public_reason=" ")
        with pytest.raises(ValidationFailed):
            services.decide(first, actor=_staff(world), outcome="bogus", public_reason="x")
        services.decide(first, actor=_staff(world), outcome="accepted", public_reason="")
        assert first.public_reason is None


def test_stale_edit_is_refused(app, world):
    with app.test_request_context():
        first, _second, _third = _split_three(world)
        db.session.commit()
        seen = first.lock_version
        services.update_details(
            first, actor=_staff(world), expected=seen, summary="Mehr Deutschkurse",
            sections=list(first.sections), language="tr",
        )
        db.session.commit()
        assert first.lock_version == seen + 1
        with pytest.raises(StaleEdit):
            services.decide(
                first, actor=_staff(world), outcome="noted", public_reason="Ok", expected=seen
            )


def test_grouping_is_flat_and_members_inherit_the_answer(app, world):
    with app.test_request_context():
        first, second, third = _split_three(world)
        staff = _staff(world)
        services.group_under(third, second, actor=staff)
        services.group_under(second, first, actor=staff)  # second's member moves along
        db.session.flush()
        assert third.representative_id == first.id
        assert second.representative_id == first.id
        with pytest.raises(InvalidTransition):
            services.decide(second, actor=staff, outcome="noted", public_reason="x")
        services.decide(first, actor=staff, outcome="not_accepted", public_reason="Nein.")
        services.publish(first, actor=staff)
        db.session.commit()
        assert services.answered_by(third).outcome == "not_accepted"
        assert services.is_public(third)
        assert third.outcome is None  # inherited as a group, not copied
        with pytest.raises(ValidationFailed):
            services.group_under(first, second, actor=staff)


def test_decided_suggestions_are_not_grouped(app, world):
    with app.test_request_context():
        first, second, _third = _split_three(world)
        services.decide(second, actor=_staff(world), outcome="noted", public_reason="x")
        with pytest.raises(InvalidTransition):
            services.group_under(second, first, actor=_staff(world))


def test_publication_and_version_bulk(app, world):
    with app.test_request_context():
        first, second, third = _split_three(world)
        staff = _staff(world)
        with pytest.raises(InvalidTransition):
            services.publish(first, actor=staff)
        services.decide(first, actor=staff, outcome="accepted", public_reason="")
        services.decide(second, actor=staff, outcome="noted", public_reason="Zur Kenntnis.")
        count = services.publish_version(db.session.get(Version, first.version_id), actor=staff)
        db.session.commit()
        assert count == 2
        assert first.published_at and second.published_at and third.published_at is None
        with pytest.raises(InvalidTransition):
            services.decide(first, actor=staff, outcome="noted", public_reason="x")
        services.unpublish(first, actor=staff)
        services.reopen(first, actor=staff)
        assert first.outcome is None


def test_resulting_change_links_accepted_suggestions_to_a_later_version(app, world):
    with app.test_request_context():
        first, second, _third = _split_three(world)
        staff = _staff(world)
        target = node(world["process_id"], world["v3"], "g1")
        with pytest.raises(InvalidTransition):
            services.link_change(first, target, actor=staff)
        services.decide(first, actor=staff, outcome="accepted", public_reason="")
        with pytest.raises(ValidationFailed):
            services.link_change(first, node(world["process_id"], world["v2"], "g1"), actor=staff)
        change = services.link_change(first, target, actor=staff)
        assert services.link_change(first, target, actor=staff) is change
        db.session.commit()
        assert db.session.scalar(select(ResultingChange.version_id)) == target.version_id
        services.unlink_change(change, actor=staff)
        db.session.commit()
        assert db.session.scalar(select(ResultingChange)) is None


def test_reason_translation_knows_when_it_is_outdated(app, world):
    with app.test_request_context():
        first, _second, _third = _split_three(world)
        staff = _staff(world)
        with pytest.raises(InvalidTransition):
            services.set_reason_translation(first, language="tr", text="x", actor=staff)
        services.decide(first, actor=staff, outcome="not_accepted", public_reason="Kein Geld.")
        translation = services.set_reason_translation(
            first, language="tr", text="Para yok.", actor=staff
        )
        assert not services.translation_is_outdated(translation, first)
        services.reopen(first, actor=staff)
        services.decide(first, actor=staff, outcome="not_accepted", public_reason="Kein Budget.")
        assert services.translation_is_outdated(translation, first)


def test_bulk_reports_each_refusal_and_changes_the_rest(app, world):
    with app.test_request_context():
        first, second, third = _split_three(world)
        staff = _staff(world)
        services.group_under(third, first, actor=staff)
        changed, errors = services.bulk(
            [first, second, third], "decide", actor=staff, outcome="noted",
            public_reason="Danke.", internal_note="",
        )
        db.session.commit()
        assert changed == 2
        assert len(errors) == 1 and errors[0].startswith("A-3")
        assert second.outcome == "noted"


def test_groups_reject_duplicate_names(app, world):
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        with pytest.raises(ValidationFailed):
            services.save_group(process, actor=_staff(world), name="Bildung", kind="expert_group")
        assert db.session.scalar(select(Group).where(Group.name == "Steuerungsgruppe")).decides


def test_audit_messages_keep_user_text_as_text(app, world):
    with app.test_request_context():
        first, _second, _third = _split_three(world)
        staff = _staff(world)
        services.set_tags(first, ["<script>alert(1)</script>"], actor=staff)
        db.session.commit()
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "suggestion.tags"))
        assert "<script>" in entry.message  # stored as text; templates escape it


def test_full_text_search_and_similar(app, world):
    with app.test_request_context():
        statement = db.session.get(Contribution, world["statement_id"])
        staff = _staff(world)
        courses = services.split(statement, actor=staff, start=0, end=49)
        other = services.split(statement, actor=staff, start=51, end=104)
        courses.summary = "Mehr Deutschkurse für Kinder"
        other.summary = "Sprachkurse für Eltern am Abend"
        third = services.split(statement, actor=staff, start=106, end=len(TURKISH_STATEMENT))
        third.summary = "Schilder auf Türkisch"
        db.session.commit()

        def found(query):
            clause = search.matches(query)
            return set(db.session.scalars(select(Suggestion.number).where(clause)))

        assert found("kurs") == {1, 2}  # prefix: kursu, kursları
        assert found("Deutschkurse Kinder") == {1}
        assert found("Türkisch") == {3}
        assert found("Nichtvorhanden") == set()
        assert search.matches("  !! ") is None
        similar = search.similar(courses)
        assert other in similar and courses not in similar


def test_similar_among_thousands_uses_the_index(app, world):
    with app.test_request_context():
        bulk_suggestions(world["process_id"], 3000)
        probe = db.session.scalar(select(Suggestion).where(Suggestion.number == 10))
        similar = search.similar(probe, limit=5)
        assert len(similar) == 5
        assert all(s.id != probe.id for s in similar)
        assert db.session.scalar(select(Suggestion).where(search.matches("Stadtteil 7")))

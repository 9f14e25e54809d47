"""The triage workflow rules live in the database: illegal states cannot be stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import Contribution
from consult.plans.models import Process
from consult.triage.models import Recommendation, Suggestion


@pytest.fixture
def suggestion_factory(app, make_process, make_user):
    data = make_process()
    staff = make_user(role="staff")
    counter = {"n": 0}

    def make(**fields) -> Suggestion:
        counter["n"] += 1
        process = db.session.get(Process, data["process_id"])
        contribution = db.session.scalar(select(Contribution)) or Contribution(
            kind="statement", process_id=process.id, language="de", body="Mehr Sprachkurse."
        )
        suggestion = Suggestion(
            process_id=process.id, number=counter["n"], contribution=contribution,
            passage="Mehr Sprachkurse.", language="de", **fields,
        )
        db.session.add(suggestion)
        db.session.flush()
        return suggestion

    make.staff_id = staff.id
    return make


def _refused(suggestion_factory, **fields) -> None:
    with pytest.raises(IntegrityError):
        suggestion_factory(**fields)
    db.session.rollback()


def test_a_decision_needs_outcome_decider_and_date(ctx, suggestion_factory):
    staff = suggestion_factory.staff_id
    _refused(suggestion_factory, outcome="accepted")
    _refused(suggestion_factory, outcome="accepted", decided_by_id=staff)
    _refused(suggestion_factory, decided_at=utcnow(), decided_by_id=staff)
    decided = suggestion_factory(outcome="accepted", decided_by_id=staff, decided_at=utcnow())
    assert decided.id is not None


def test_a_reason_is_required_unless_accepted(ctx, suggestion_factory):
    staff = suggestion_factory.staff_id
    _refused(suggestion_factory, outcome="not_accepted", decided_by_id=staff, decided_at=utcnow())
    assert suggestion_factory(
        outcome="not_accepted", decided_by_id=staff, decided_at=utcnow(),
        public_reason="Dafür ist das Land zuständig.",
    ).id


def test_unknown_outcomes_are_refused(ctx, suggestion_factory):
    _refused(
        suggestion_factory, outcome="maybe", decided_by_id=suggestion_factory.staff_id,
        decided_at=utcnow(), public_reason="x",
    )


def test_a_grouped_suggestion_cannot_be_decided_on_its_own(ctx, suggestion_factory):
    representative = suggestion_factory()
    db.session.commit()
    _refused(
        suggestion_factory, representative_id=representative.id, outcome="accepted",
        decided_by_id=suggestion_factory.staff_id, decided_at=utcnow(),
    )
    member = suggestion_factory(representative_id=representative.id)
    assert member.representative.id == representative.id


def test_only_decided_suggestions_are_published(ctx, suggestion_factory):
    _refused(suggestion_factory, published_at=utcnow())


def test_second_editor_gets_a_conflict_not_a_lost_update(app, ctx, suggestion_factory):
    suggestion = suggestion_factory(summary="Sprachkurse")
    db.session.commit()
    # The first editor has the suggestion open (as loaded, lock version 1) ...
    seen = db.session.get(Suggestion, suggestion.id)
    assert seen.lock_version == 1
    db.session.expunge(seen)
    db.session.rollback()
    # ... while another person changes it and saves (another session, same row).
    with app.app_context():
        other = db.session.get(Suggestion, suggestion.id)
        other.summary = "Mehr Sprachkurse für Eltern"
        db.session.commit()
    # The first editor saves the version they saw: refused, nothing overwritten.
    stale = db.session.merge(seen, load=False)
    stale.summary = "Sprachkurse für Kinder"
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Suggestion, suggestion.id).summary == "Mehr Sprachkurse für Eltern"


def test_one_recommendation_per_suggestion(ctx, suggestion_factory):
    suggestion = suggestion_factory()
    db.session.add(Recommendation(suggestion_id=suggestion.id, outcome="accepted"))
    db.session.flush()
    db.session.add(Recommendation(suggestion_id=suggestion.id, outcome="noted"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()

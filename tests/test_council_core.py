"""The council core: amendments with numbered points, votes per committee and the point's
status following from the latest vote; the database keeps the workflow rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from consult.council import services as council
from consult.council.models import AmendmentPoint, PointStatus
from consult.errors import InvalidTransition, ValidationFailed
from consult.extensions import db
from consult.participation.models import Channel, Contribution
from tests.helpers_council import council_world, file_amendment, vote


@pytest.fixture
def world(app, make_process, make_user):
    return council_world(app, make_process, make_user)


def test_points_are_numbered_and_status_follows_the_latest_vote(app, world):
    with app.test_request_context():
        amendment = file_amendment(world["process_id"], world["v2"], "0597/2008", [
            ("g1", "replace", None, "Alle Kinder lernen früh Deutsch."),
            ("f2", "delete", None, None),
            ("g2", "add_after", "Ziel 2.2", "Mehrsprachigkeit wird gefördert."),
        ])
        first, second, third = amendment.points
        assert [p.position for p in amendment.points] == [1, 2, 3]
        assert first.status == PointStatus.OPEN
        vote(first, world["migration_committee_id"], "referred", held_on=date(2008, 1, 24))
        assert first.status == PointStatus.REFERRED and first.decided_on is None
        vote(first, world["school_committee_id"], "adopted", held_on=date(2008, 2, 12))
        assert first.status == PointStatus.ADOPTED and first.decided_on == date(2008, 2, 12)
        vote(second, world["migration_committee_id"], "rejected", counts=(3, 10, 0))
        vote(third, world["migration_committee_id"], "withdrawn", counts=(0, 0, 0))
        assert (second.status, third.status) == ("rejected", "withdrawn")
        assert [p.label for p in council.adopted_points(first.amendment.version)] == ["0597/2008 / 1"]
        council.delete_vote(first.votes[-1], actor=None)
        assert first.status == PointStatus.REFERRED


def test_a_point_with_votes_cannot_change_and_numbers_close_up(app, world):
    with app.test_request_context():
        amendment = file_amendment(world["process_id"], world["v2"], "1/2008", [
            ("g1", "replace", None, "Neu."), ("f1", "delete", None, None), ("g2", "delete", None, None),
        ])
        vote(amendment.points[0], world["migration_committee_id"], "adopted")
        with pytest.raises(InvalidTransition):
            council.delete_point(amendment.points[0], actor=None)
        council.delete_point(amendment.points[1], actor=None)
        assert [(p.position, p.section.key) for p in amendment.points] == [(1, "g1"), (2, "g2")]


def test_validation(app, world):
    with app.test_request_context():
        amendment = file_amendment(world["process_id"], world["v2"], "2/2008", [])
        with pytest.raises(ValidationFailed):
            file_amendment(world["process_id"], world["v2"], "2/2008", [])
        from tests.helpers_triage import section

        with pytest.raises(ValidationFailed):
            council.save_point(amendment, actor=None, section=section(world["process_id"], "g1"),
                               kind="add_after", new_title="", new_body="x")
        with pytest.raises(ValidationFailed):
            council.save_point(amendment, actor=None, section=section(world["process_id"], "g1"),
                               kind="nonsense")
        point = council.save_point(amendment, actor=None, section=section(world["process_id"], "g1"),
                                   kind="replace", new_body="Neu.")
        with pytest.raises(ValidationFailed):
            vote(point, world["migration_committee_id"], "adopted", counts=(-1, 0, 0))
        vote(point, world["migration_committee_id"], "adopted")
        with pytest.raises(ValidationFailed):
            vote(point, world["migration_committee_id"], "rejected")  # same body, same day


def test_database_keeps_the_rules(app, world):
    with app.test_request_context():
        amendment = file_amendment(world["process_id"], world["v2"], "3/2008", [
            ("g1", "replace", None, "Neu."),
        ])
        db.session.commit()
        point_id = amendment.points[0].id
        for change in (
            {"kind": "delete"},  # a deletion has no new text
            {"status": "adopted"},  # a decided point has a date
            {"status": "unknown"},
        ):
            point = db.session.get(AmendmentPoint, point_id)
            for key, value in change.items():
                setattr(point, key, value)
            with pytest.raises(IntegrityError):
                db.session.flush()
            db.session.rollback()


def test_body_comment_channel_shows_the_body_name(app, world):
    with app.test_request_context():
        contribution = Contribution(
            kind="statement", process_id=world["process_id"], channel=Channel.BODY.value,
            language="de", body="Empfehlung", body_id=world["bildung_id"],
            submitter_type="council",
        )
        db.session.add(contribution)
        db.session.flush()
        assert contribution.channel_title == "Bildung"


def test_a_new_point_is_written_once_and_shown_with_its_diff(app, world):
    with app.test_request_context():
        amendment = file_amendment(world["process_id"], world["v2"], "4/2008", [
            ("g1", "replace", "Ziel 1.1 neu", None),
            ("f2", "delete", None, None),
        ])
        # One insert per point: the lock version starts at 1, the fingerprint is set.
        assert [p.lock_version for p in amendment.points] == [1, 1]
        assert all(p.base_fingerprint for p in amendment.points)
        title_only = amendment.points[0]
        assert title_only.new_body == "Alle Kinder und Eltern lernen Deutsch."  # text kept
        views = council.point_views(amendment)
        assert [v.title for v in views] == ["Ziel 1.1", "Handlungsfeld 2"]
        assert views[0].title_diff.inserted == 1 and not views[0].body_diff.changed
        assert views[1].body_diff.deleted and not views[1].body_diff.inserted
        assert not any(v.changed or v.applied for v in views)
        text = views[0].node.text("de")
        text.body = "Geändert."
        text.refresh_fingerprint()
        db.session.flush()
        assert council.point_changed_since_filing(title_only)
        assert council.point_views(amendment)[0].changed

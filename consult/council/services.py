"""Amendments, their points and the votes on them. Services flush and audit; views commit.

A point's status follows from its latest vote (by meeting date): adopted, rejected, withdrawn,
or referred to another committee; without a vote it is open. Once a point has been applied to
a newer version its votes are fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from consult.audit.services import record
from consult.council.models import (
    Amendment,
    AmendmentPoint,
    AmendmentVote,
    PointApplication,
    PointKind,
    PointStatus,
    VoteResult,
)
from consult.diff import DiffResult, word_diff
from consult.errors import InvalidTransition, StaleEdit, ValidationFailed
from consult.extensions import db
from consult.markup import plain_text
from consult.models import utcnow
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.triage.models import Group

MAX_VOTES = 100_000


def check_expected(obj, expected: int | None) -> None:
    if expected is not None and obj.lock_version != expected:
        raise StaleEdit(
            _("Someone else changed this in the meantime. Reload the page and try again.")
        )


def _clean(value: str | None, limit: int | None = None) -> str:
    value = (value or "").replace("\x00", "").strip()
    if limit is not None and len(value) > limit:
        raise ValidationFailed(_("At most %(num)d characters.", num=limit))
    return value


# --- Reading helpers shared by the pages -------------------------------------------------


def target_node(version_id: int, section_id: int) -> SectionVersion | None:
    return db.session.scalar(
        select(SectionVersion).where(
            SectionVersion.version_id == version_id, SectionVersion.section_id == section_id
        )
    )


def original_text(node: SectionVersion | None, language: str) -> tuple[str, str]:
    """The node's (title, body) in `language`, ("", "") when it has none."""
    if node is None:
        return "", ""
    text = node.text(language)
    return (text.title, text.body) if text is not None else ("", "")


def is_applied(point: AmendmentPoint) -> bool:
    return db.session.scalar(
        select(PointApplication.id).where(PointApplication.point_id == point.id)
    ) is not None


def applied_point_ids(amendment: Amendment) -> set[int]:
    """Ids of the amendment's points applied to a newer version (one query)."""
    return set(
        db.session.scalars(
            select(PointApplication.point_id)
            .join(AmendmentPoint, AmendmentPoint.id == PointApplication.point_id)
            .where(AmendmentPoint.amendment_id == amendment.id)
        )
    )


def nodes_in(version_id: int, section_ids: set[int]) -> dict[int, SectionVersion]:
    """section id → its node in the version, with texts and section: two queries (none
    without ids)."""
    if not section_ids:
        return {}
    nodes = db.session.scalars(
        select(SectionVersion)
        .where(SectionVersion.version_id == version_id,
               SectionVersion.section_id.in_(section_ids))
        .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
    ).all()
    return {node.section_id: node for node in nodes}


def target_nodes(amendment: Amendment) -> dict[int, SectionVersion]:
    """section id → the node of each point's section in the amendment's version."""
    return nodes_in(amendment.version_id, {p.section_id for p in amendment.points})


def proposed_diff(
    point: AmendmentPoint, node: SectionVersion | None
) -> tuple[DiffResult | None, DiffResult]:
    """(title diff, or None when the title stays; body diff) of the point against the
    section's text in the amendment's version, in the amendment's language (no query)."""
    title, body = original_text(node, point.amendment.language)
    body = plain_text(body)
    if point.kind == PointKind.DELETE:
        return word_diff(title, ""), word_diff(body, "")
    if point.kind == PointKind.ADD_AFTER:
        return word_diff("", point.new_title or ""), word_diff("", plain_text(point.new_body))
    title_diff = word_diff(title, point.new_title) if point.new_title else None
    return title_diff, word_diff(body, plain_text(point.new_body))


@dataclass
class PointView:
    """A point as pages show it: its target node, the section's title in the amendment's
    language, the proposed change as word diffs against the current text, whether that text
    changed since the point was written, and whether the point was applied."""

    point: AmendmentPoint
    node: SectionVersion | None
    title: str
    title_diff: DiffResult | None
    body_diff: DiffResult
    changed: bool
    applied: bool


def point_views(amendment: Amendment) -> list[PointView]:
    """Every point of the amendment, ready to show; a fixed number of queries (three)."""
    nodes = target_nodes(amendment)
    applied = applied_point_ids(amendment)
    views = []
    for point in amendment.points:
        node = nodes.get(point.section_id)
        title, _body = original_text(node, amendment.language)
        title_diff, body_diff = proposed_diff(point, node)
        views.append(PointView(
            point, node, title or point.section.key, title_diff, body_diff,
            text_changed(point, node), point.id in applied,
        ))
    return views


# --- Amendments --------------------------------------------------------------------------


def save_amendment(
    process: Process,
    version: Version,
    *,
    actor,
    number: str,
    filed_on: date,
    title: str = "",
    filed_by: str = "",
    filed_by_group: Group | None = None,
    published: bool = True,
    amendment: Amendment | None = None,
    expected: int | None = None,
) -> Amendment:
    """File a new amendment to `version`, or change one."""
    if version.process_id != process.id:
        raise ValidationFailed(_("Choose a version of this process."))
    number = " ".join(_clean(number, 40).split())
    if not number:
        raise ValidationFailed(_("Give the amendment its number, e.g. 0597/2008."))
    filed_by = " ".join(_clean(filed_by, 200).split())
    if filed_by_group is not None and filed_by_group.process_id != process.id:
        raise ValidationFailed(_("Choose a body of this process."))
    if filed_by_group is None and not filed_by:
        raise ValidationFailed(_("Say who filed the amendment: a party or a body."))
    if filed_on is None:
        raise ValidationFailed(_("Give the date the amendment was filed."))
    clash = db.session.scalar(
        select(Amendment.id).where(Amendment.process_id == process.id, Amendment.number == number)
    )
    if clash is not None and (amendment is None or clash != amendment.id):
        raise ValidationFailed(_("There is already an amendment with this number."))
    before = None
    if amendment is None:
        amendment = Amendment(
            process_id=process.id, language=process.original_language,
            created_by_id=getattr(actor, "id", None),
        )
        db.session.add(amendment)
    else:
        check_expected(amendment, expected)
        if amendment.version_id != version.id and amendment.points:
            raise InvalidTransition(
                _("The amendment already has points on its version; it cannot move to another.")
            )
        before = _amendment_state(amendment)
    amendment.version_id = version.id
    amendment.version = version
    amendment.number = number
    amendment.title = _clean(title, 300)
    amendment.filed_by = filed_by
    amendment.filed_by_group = filed_by_group
    amendment.filed_by_group_id = filed_by_group.id if filed_by_group is not None else None
    amendment.filed_on = filed_on
    if published and amendment.published_at is None:
        amendment.published_at = utcnow()
    elif not published:
        amendment.published_at = None
    db.session.flush()
    record(
        actor, "amendment.save", amendment, {"number": number},
        before=before, after=_amendment_state(amendment),
    )
    return amendment


def _amendment_state(amendment: Amendment) -> dict:
    return {
        "number": amendment.number, "title": amendment.title, "filed_by": amendment.filer,
        "filed_on": amendment.filed_on.isoformat() if amendment.filed_on else None,
        "version": amendment.version.number if amendment.version else None,
        "published": amendment.published_at is not None,
    }


def delete_amendment(amendment: Amendment, *, actor) -> None:
    applied = db.session.scalar(
        select(func.count(PointApplication.id))
        .join(AmendmentPoint, AmendmentPoint.id == PointApplication.point_id)
        .where(AmendmentPoint.amendment_id == amendment.id)
    )
    if applied:
        raise InvalidTransition(
            _("Points of this amendment were applied to a newer version; it cannot be deleted.")
        )
    record(actor, "amendment.delete", amendment, {"number": amendment.number},
           before=_amendment_state(amendment))
    db.session.delete(amendment)
    db.session.flush()


# --- Points ------------------------------------------------------------------------------


def save_point(
    amendment: Amendment,
    *,
    actor,
    section: Section,
    kind: str,
    new_title: str | None = None,
    new_body: str | None = None,
    justification: str = "",
    point: AmendmentPoint | None = None,
    expected: int | None = None,
) -> AmendmentPoint:
    """Add a point to an amendment (numbered after the last one), or change one without votes."""
    try:
        kind = PointKind(kind).value
    except ValueError:
        raise ValidationFailed(_("Choose what the point proposes.")) from None
    if section.process_id != amendment.process_id:
        raise ValidationFailed(_("Choose a section of this plan."))
    node = target_node(amendment.version_id, section.id)
    if node is None:
        raise ValidationFailed(_("This section is not part of the amendment's version."))
    # Read the target text before the point changes: loading it later would flush a
    # half-made point (and count an extra change of its lock version).
    text = node.text(amendment.language)
    title = _clean(new_title, 300) or None
    body = (new_body or "").replace("\x00", "").strip()
    if kind == PointKind.DELETE:
        title, body = None, None
    elif kind == PointKind.REPLACE:
        if not body and not title:
            raise ValidationFailed(_("Give the new wording."))
        if not body:
            body = text.body if text is not None else ""
    elif not title:
        raise ValidationFailed(_("Give the new section a title."))
    if point is not None:
        check_expected(point, expected)
        if point.votes:
            raise InvalidTransition(_("Votes were recorded on this point; it can no longer change."))
        before = _point_state(point)
    else:
        position = db.session.scalar(
            select(func.coalesce(func.max(AmendmentPoint.position), 0)).where(
                AmendmentPoint.amendment_id == amendment.id
            )
        ) + 1
        point = AmendmentPoint(amendment=amendment, position=position)
        db.session.add(point)
        before = None
    point.section_id = section.id
    point.section = section
    point.kind = kind
    point.new_title = title
    point.new_body = body
    point.justification = (justification or "").replace("\x00", "").strip()
    point.base_fingerprint = text.fingerprint if text is not None else None
    db.session.flush()
    record(
        actor, "amendment.point", point,
        {"number": amendment.number, "point": point.position},
        before=before, after=_point_state(point),
    )
    return point


def _point_state(point: AmendmentPoint) -> dict:
    return {
        "section": point.section.key if point.section else None, "kind": point.kind,
        "new_title": point.new_title, "new_body": point.new_body,
        "justification": point.justification,
    }


def delete_point(point: AmendmentPoint, *, actor) -> None:
    """Delete a point without votes; the later points move up one number."""
    if point.votes:
        raise InvalidTransition(_("Votes were recorded on this point; it cannot be deleted."))
    amendment = point.amendment
    record(actor, "amendment.point_delete", point,
           {"number": amendment.number, "point": point.position}, before=_point_state(point))
    position = point.position
    amendment.points.remove(point)
    db.session.delete(point)
    db.session.flush()
    for later in sorted(amendment.points, key=lambda p: p.position):
        if later.position > position:
            later.position -= 1
            db.session.flush()


def point_changed_since_filing(point: AmendmentPoint) -> bool:
    """The target text was edited after the point was written."""
    return text_changed(point, target_node(point.amendment.version_id, point.section_id))


def text_changed(point: AmendmentPoint, node: SectionVersion | None) -> bool:
    """Like `point_changed_since_filing`, with the target node already loaded (no query)."""
    if point.kind == PointKind.ADD_AFTER or point.base_fingerprint is None:
        return False
    text = node.text(point.amendment.language) if node else None
    return text is None or text.fingerprint != point.base_fingerprint


# --- Votes -------------------------------------------------------------------------------


def refresh_status(point: AmendmentPoint) -> None:
    """The point's status follows from its latest vote."""
    votes = sorted(point.votes, key=lambda v: (v.held_on, v.id or 0))
    if not votes:
        point.status, point.decided_on = PointStatus.OPEN.value, None
        return
    last = votes[-1]
    point.status = last.result
    point.decided_on = None if last.result == VoteResult.REFERRED else last.held_on


def _check_counts(yes, no, abstain) -> tuple[int, int, int]:
    counts = []
    for value in (yes, no, abstain):
        try:
            value = int(value or 0)
        except (TypeError, ValueError):
            raise ValidationFailed(_("Votes are whole numbers.")) from None
        if value < 0 or value > MAX_VOTES:
            raise ValidationFailed(_("Votes are whole numbers from 0 to %(num)d.", num=MAX_VOTES))
        counts.append(value)
    return counts[0], counts[1], counts[2]


def _check_not_applied(point: AmendmentPoint) -> None:
    if is_applied(point):
        raise InvalidTransition(
            _("Point %(label)s was applied to a newer version; its votes are final.",
              label=point.label)
        )


@dataclass
class VoteInput:
    yes: int | str | None
    no: int | str | None
    abstain: int | str | None
    result: str
    note: str = ""


def record_vote(
    point: AmendmentPoint,
    *,
    actor,
    group: Group,
    held_on: date,
    vote: VoteInput,
    existing: AmendmentVote | None = None,
) -> AmendmentVote:
    """Record (or correct) how `group` voted on `point` on `held_on`."""
    if group.process_id != point.amendment.process_id:
        raise ValidationFailed(_("Choose a body of this process."))
    if held_on is None:
        raise ValidationFailed(_("Give the date of the meeting."))
    try:
        result = VoteResult(vote.result).value
    except ValueError:
        raise ValidationFailed(_("Choose the result of the vote.")) from None
    yes, no, abstain = _check_counts(vote.yes, vote.no, vote.abstain)
    _check_not_applied(point)
    clash = db.session.scalar(
        select(AmendmentVote.id).where(
            AmendmentVote.point_id == point.id,
            AmendmentVote.group_id == group.id,
            AmendmentVote.held_on == held_on,
        )
    )
    if clash is not None and (existing is None or clash != existing.id):
        raise ValidationFailed(
            _("%(body)s already has a vote on point %(label)s on this day.",
              body=group.name, label=point.label)
        )
    before = _vote_state(existing) if existing is not None else None
    if existing is None:
        existing = AmendmentVote(point=point, created_by_id=getattr(actor, "id", None))
        db.session.add(existing)
    existing.group = group
    existing.group_id = group.id
    existing.held_on = held_on
    existing.yes, existing.no, existing.abstain = yes, no, abstain
    existing.result = result
    existing.note = _clean(vote.note, 2000)
    db.session.flush()
    refresh_status(point)
    db.session.flush()
    record(
        actor, "amendment.vote", point,
        {"number": point.amendment.number, "point": point.position, "body": group.name,
         "result": result},
        before=before, after=_vote_state(existing),
    )
    return existing


def record_votes(
    amendment: Amendment,
    *,
    actor,
    group: Group,
    held_on: date,
    votes: dict[int, VoteInput],
) -> list[AmendmentVote]:
    """One committee's votes on several points of an amendment, from one meeting."""
    by_id = {p.id: p for p in amendment.points}
    unknown = set(votes) - set(by_id)
    if unknown:
        raise ValidationFailed(_("A point does not belong to this amendment."))
    return [
        record_vote(by_id[point_id], actor=actor, group=group, held_on=held_on, vote=vote)
        for point_id, vote in sorted(votes.items(), key=lambda item: by_id[item[0]].position)
    ]


def _vote_state(vote: AmendmentVote) -> dict:
    return {
        "body": vote.group.name if vote.group else None,
        "held_on": vote.held_on.isoformat() if vote.held_on else None,
        "yes": vote.yes, "no": vote.no, "abstain": vote.abstain, "result": vote.result,
        "note": vote.note,
    }


def delete_vote(vote: AmendmentVote, *, actor) -> None:
    point = vote.point
    _check_not_applied(point)
    record(
        actor, "amendment.vote_delete", point,
        {"number": point.amendment.number, "point": point.position,
         "body": vote.group.name if vote.group else ""},
        before=_vote_state(vote),
    )
    point.votes.remove(vote)
    db.session.delete(vote)
    db.session.flush()
    refresh_status(point)
    db.session.flush()


def adopted_points(version: Version) -> list[AmendmentPoint]:
    """Adopted points of every amendment to `version`, in amendment and point order."""
    return list(
        db.session.scalars(
            select(AmendmentPoint)
            .join(Amendment, Amendment.id == AmendmentPoint.amendment_id)
            .where(
                Amendment.version_id == version.id,
                AmendmentPoint.status == PointStatus.ADOPTED.value,
            )
            .order_by(Amendment.filed_on, Amendment.number, AmendmentPoint.position)
        ).all()
    )


def points_of(amendments: Iterable[Amendment]) -> list[AmendmentPoint]:
    return [point for amendment in amendments for point in amendment.points]

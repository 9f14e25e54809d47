"""Read side of splitting contributions into suggestions: the inbox of contributions, one
contribution with what surrounds it, and the contribution's text cut into paragraphs and
marked passages. Every function runs a fixed number of queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from flask import abort
from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
)
from consult.plans.models import Process, Version
from consult.triage.models import Group, Suggestion

KINDS = (ContributionKind.STATEMENT, ContributionKind.COMMENT, ContributionKind.FORUM_CARD)
TODO, DONE, ALL = "todo", "done", "all"
STATES = (TODO, DONE, ALL)
EXCERPT_LENGTH = 180
# A second suggestion with the same passage by the same person within this time is a double
# submit, not a new point.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=1)


# ---------------------------------------------------------------- the inbox

def in_inbox(process: Process):
    """Contributions waiting to be split: received statements, comments that were not
    withdrawn, and forum cards."""
    return and_(
        Contribution.process_id == process.id,
        or_(
            and_(
                Contribution.kind == ContributionKind.STATEMENT.value,
                Contribution.status == ContributionStatus.RECEIVED.value,
            ),
            and_(
                Contribution.kind == ContributionKind.COMMENT.value,
                Contribution.status != ContributionStatus.WITHDRAWN.value,
            ),
            Contribution.kind == ContributionKind.FORUM_CARD.value,
        ),
    )


def _state_filter(state: str):
    if state == TODO:
        return Contribution.split_done_at.is_(None)
    if state == DONE:
        return Contribution.split_done_at.is_not(None)
    return None


def inbox(
    process: Process,
    *,
    kind: str | None = None,
    channel: str | None = None,
    language: str | None = None,
    version: Version | None = None,
    state: str = TODO,
) -> Select:
    """The inbox, oldest first, with the submitter loaded (page it with db.paginate)."""
    query = (
        select(Contribution)
        .where(in_inbox(process))
        .options(
            joinedload(Contribution.organisation),
            joinedload(Contribution.author),
            joinedload(Contribution.event),
            joinedload(Contribution.body_group),
        )
        .order_by(Contribution.created_at, Contribution.id)
    )
    if kind:
        query = query.where(Contribution.kind == kind)
    if channel:
        query = query.where(Contribution.channel == channel)
    if language:
        query = query.where(Contribution.language == language)
    if version is not None:
        query = query.where(Contribution.version_id == version.id)
    condition = _state_filter(state)
    if condition is not None:
        query = query.where(condition)
    return query


@dataclass
class InboxCounts:
    """How many contributions of each kind are to do and done (one query)."""

    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    def get(self, kind: str, state: str) -> int:
        counts = self.by_kind.get(kind, {})
        if state == ALL:
            return counts.get(TODO, 0) + counts.get(DONE, 0)
        return counts.get(state, 0)

    def total(self, state: str) -> int:
        return sum(self.get(kind.value, state) for kind in KINDS)


def inbox_counts(process: Process) -> InboxCounts:
    done = case((Contribution.split_done_at.is_(None), 0), else_=1).label("done")
    rows = db.session.execute(
        select(Contribution.kind, done, func.count(Contribution.id))
        .where(in_inbox(process))
        .group_by(Contribution.kind, done)
    ).all()
    counts = InboxCounts()
    for kind, is_done, count in rows:
        counts.by_kind.setdefault(kind, {})[DONE if is_done else TODO] = count
    return counts


def inbox_languages(process: Process) -> list[str]:
    return list(
        db.session.scalars(
            select(Contribution.language)
            .where(in_inbox(process))
            .group_by(Contribution.language)
            .order_by(Contribution.language)
        )
    )


def suggestion_counts(contribution_ids: list[int]) -> dict[int, int]:
    """contribution id -> how many suggestions were taken from it (one query)."""
    if not contribution_ids:
        return {}
    return dict(
        db.session.execute(
            select(Suggestion.contribution_id, func.count(Suggestion.id))
            .where(Suggestion.contribution_id.in_(contribution_ids))
            .group_by(Suggestion.contribution_id)
        ).all()
    )


def excerpt(text: str | None, length: int = EXCERPT_LENGTH) -> str:
    flat = " ".join((text or "").split())
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0] or flat[:length]
    return cut + " …"


# ---------------------------------------------------------------- one contribution

def contribution_or_404(process: Process, contribution_id: int) -> Contribution:
    """A contribution of the process that is split (any state), with its source facts."""
    if not 0 < contribution_id < 2**31:
        abort(404)
    contribution = db.session.scalar(
        select(Contribution)
        .where(Contribution.process_id == process.id, Contribution.id == contribution_id)
        .options(
            joinedload(Contribution.organisation),
            joinedload(Contribution.author),
            joinedload(Contribution.section),
            joinedload(Contribution.event),
            joinedload(Contribution.event_table),
            selectinload(Contribution.sections),
            selectinload(Contribution.attachments),
        )
    )
    if contribution is None or contribution.kind not in [k.value for k in KINDS]:
        abort(404)
    return contribution


def neighbours(process: Process, contribution: Contribution) -> tuple[int | None, int | None]:
    """Ids of the previous and the next contribution still to do, in inbox order (2 queries)."""
    base = and_(in_inbox(process), Contribution.split_done_at.is_(None))
    created, ident = contribution.created_at, contribution.id
    before = or_(
        Contribution.created_at < created,
        and_(Contribution.created_at == created, Contribution.id < ident),
    )
    after = or_(
        Contribution.created_at > created,
        and_(Contribution.created_at == created, Contribution.id > ident),
    )
    previous = db.session.scalar(
        select(Contribution.id).where(base, before)
        .order_by(Contribution.created_at.desc(), Contribution.id.desc()).limit(1)
    )
    following = db.session.scalar(
        select(Contribution.id).where(base, after)
        .order_by(Contribution.created_at, Contribution.id).limit(1)
    )
    return previous, following


def next_to_do(process: Process, contribution: Contribution) -> int | None:
    """The next contribution to do after this one, else the first one to do."""
    _previous, following = neighbours(process, contribution)
    if following is not None:
        return following
    return db.session.scalar(
        select(Contribution.id)
        .where(in_inbox(process), Contribution.split_done_at.is_(None),
               Contribution.id != contribution.id)
        .order_by(Contribution.created_at, Contribution.id).limit(1)
    )


def process_groups(process: Process) -> list[Group]:
    return list(
        db.session.scalars(
            select(Group).where(Group.process_id == process.id).order_by(Group.name)
        )
    )


def form_version(process: Process, contribution: Contribution) -> Version | None:
    """The version whose sections a suggestion is filed under: the contribution's, else the
    newest published one, else the newest (the process's versions are loaded already)."""
    versions = sorted(process.versions, key=lambda v: v.number)
    for version in versions:
        if version.id == contribution.version_id:
            return version
    public = [v for v in versions if v.is_public]
    return (public or versions or [None])[-1]


def recent_duplicate(
    contribution: Contribution, start: int, end: int, user_id: int | None
) -> Suggestion | None:
    """A suggestion with exactly this passage that this person took from this contribution
    within the last minute: sending the form twice must not make two."""
    if user_id is None:
        return None
    return db.session.scalar(
        select(Suggestion)
        .where(
            Suggestion.contribution_id == contribution.id,
            Suggestion.passage_start == start,
            Suggestion.passage_end == end,
            Suggestion.created_by_id == user_id,
            Suggestion.created_at >= utcnow() - DOUBLE_SUBMIT_WINDOW,
        )
        .order_by(Suggestion.id.desc())
        .limit(1)
    )


def taken_before(contribution: Contribution, user_id: int | None) -> set[tuple[int, int]]:
    """Passages already taken from the contribution, except this person's of the last minute
    (sending a pasted passage twice is a double submit, not a wish for its next occurrence)."""
    recent = utcnow() - DOUBLE_SUBMIT_WINDOW
    rows = db.session.execute(
        select(Suggestion.passage_start, Suggestion.passage_end, Suggestion.created_by_id,
               Suggestion.created_at)
        .where(Suggestion.contribution_id == contribution.id)
    ).all()
    return {
        (start, end) for start, end, by, at in rows
        if start is not None and not (by == user_id and at >= recent)
    }


# ---------------------------------------------------------------- the text

def trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """The offsets the services store: the passage without surrounding white space."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def valid_range(body: str, start: int | None, end: int | None) -> bool:
    if start is None or end is None or not 0 <= start < end <= len(body):
        return False
    start, end = trimmed(body, start, end)
    return start < end


def find_passage(body: str, passage: str, taken: set[tuple[int, int]] = frozenset()) -> tuple[int, int] | None:
    """Where a passage someone pasted or typed stands in the body: exactly, else with any
    white space between the words. The first occurrence not taken yet wins."""
    passage = (passage or "").strip()
    if not passage:
        return None
    found: list[tuple[int, int]] = []
    position = body.find(passage)
    while position != -1 and len(found) < 50:
        found.append((position, position + len(passage)))
        position = body.find(passage, position + 1)
    if not found:
        words = passage.split()
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
        found = [(m.start(), m.end()) for m in pattern.finditer(body)][:50]
    if not found:
        return None
    for candidate in found:
        if candidate not in taken:
            return candidate
    return found[0]


@dataclass
class Chunk:
    """A run of the text covered by the same passages. `start` is its offset in the body."""

    start: int
    text: str
    labels: list[str]
    # Passages that begin here: their labels are shown before the text.
    opens: list[str]


@dataclass
class Paragraph:
    number: int
    start: int
    end: int
    chunks: list[Chunk]
    taken_as: list[str]


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
_CRLF = re.compile(r"\r\n")


def paragraph_ranges(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, trimmed: blocks between blank lines, or single lines
    when the text has no blank line."""
    separator = _BLANK_LINE if _BLANK_LINE.search(body) else _LINE_BREAK
    ranges = []
    position = 0
    for match in [*separator.finditer(body), None]:
        stop = match.start() if match is not None else len(body)
        start, end = trimmed(body, position, stop)
        if start < end:
            ranges.append((start, end))
        if match is not None:
            position = match.end()
    return ranges


def paragraphs(body: str, suggestions: list[Suggestion], label) -> list[Paragraph]:
    """The body cut into paragraphs and, inside them, into chunks at every passage's start
    and end, so that overlapping passages are marked from their stored offsets."""
    passages = [
        (s.passage_start, s.passage_end, label(s))
        for s in suggestions
        if s.passage_start is not None and s.passage_end is not None
        and 0 <= s.passage_start < s.passage_end
    ]
    result = []
    shown: set[str] = set()
    for number, (p_start, p_end) in enumerate(paragraph_ranges(body), start=1):
        cuts = {p_start, p_end}
        for start, end, _name in passages:
            if p_start < start < p_end:
                cuts.add(start)
            if p_start < end < p_end:
                cuts.add(end)
        # Browsers read "\r\n" as one character: a new chunk after each keeps offsets true.
        cuts.update(m.end() for m in _CRLF.finditer(body, p_start, p_end))
        ordered = sorted(c for c in cuts if p_start <= c <= p_end)
        chunks = []
        for start, end in zip(ordered, ordered[1:], strict=False):
            labels = [name for s, e, name in passages if s < end and e > start]
            # A passage's label stands before the first text it covers.
            opens = [name for name in labels if name not in shown]
            shown.update(opens)
            chunks.append(Chunk(start=start, text=body[start:end], labels=labels, opens=opens))
        taken_as = [name for s, e, name in passages if (s, e) == (p_start, p_end)]
        result.append(Paragraph(number, p_start, p_end, chunks, taken_as))
    return result

"""Public statistics of a process: what came in, what was taken out of it, what was answered
and what changed the text. Counts only, nothing personal.

What counts:

- Contributions: received ones (not waiting for an e-mail confirmation, not withdrawn), not
  hidden, and not about a version the public cannot see (an internal draft's comments are
  work of the bodies, not public participation).
- Suggestions: every suggestion taken out of a contribution, except those on a version the
  public cannot see (one taken from a contribution that was later withdrawn or hidden still
  counts: its answer stays in the disposition table, without the passage). A suggestion is answered when its answer is published (its own, or its
  representative's when it is grouped); outcomes are counted for answered suggestions only,
  so an unpublished decision never shows. A suggestion changed the text when it is answered
  and a resulting change on a public version is linked to it or to its group's answer. These
  are the rules of the public disposition table, so its totals and these agree.
- Sections: the top-level sections (fields of action) of the newest public version; a
  suggestion on a goal or measure counts for the field it belongs to (by `order_key`
  prefix), once per field however many of its sections lie in it. A suggestion only about
  sections that the newest public version no longer has counts in the totals, not here.

The counts are a handful of GROUP BY queries. They are kept in a small in-process cache keyed
by the process and a fingerprint that ONE cheap query reads (row counts, the newest change
and publication times): a changed fingerprint recomputes. Every app instance checks the
fingerprint itself, so several workers stay correct without sharing anything. Section titles
are read per call in the reader's language (one query), since they are not counted.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, and_, case, cast, distinct, func, literal, or_, select
from sqlalchemy.orm import aliased

from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import Contribution, ContributionKind, ContributionStatus
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Section, SectionText, SectionVersion, Version
from consult.triage import public_queries
from consult.triage.models import ResultingChange, Suggestion, suggestion_sections

# Processes whose counts are kept; the least recently used is dropped beyond this.
CACHE_SIZE = 64

_PUBLIC_STATUSES = plan_queries.PUBLIC_STATUSES


# --------------------------------------------------------------------- results


@dataclass(frozen=True)
class SectionCount:
    """A top-level section of the newest public version with its suggestions."""

    key: str
    number: str
    title: str
    title_language: str
    count: int
    answered: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "number": self.number,
            "title": self.title,
            "count": self.count,
            "answered": self.answered,
        }


@dataclass(frozen=True)
class ContributionCounts:
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    by_submitter_type: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_kind": dict(self.by_kind),
            "by_channel": dict(self.by_channel),
            "by_language": dict(self.by_language),
            "by_submitter_type": dict(self.by_submitter_type),
        }


@dataclass(frozen=True)
class SuggestionCounts:
    total: int = 0
    answered: int = 0
    changed_text: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    by_submitter_type: dict[str, int] = field(default_factory=dict)

    @property
    def answered_share(self) -> float:
        return round(self.answered / self.total, 4) if self.total else 0.0


@dataclass(frozen=True)
class Overview:
    """The statistics of one process, as the page and the API show them."""

    process: str
    computed_at: datetime
    contributions: ContributionCounts
    suggestions: SuggestionCounts
    by_section: list[SectionCount]

    @property
    def answered_share(self) -> float:
        return self.suggestions.answered_share

    def as_dict(self) -> dict[str, Any]:
        """JSON-able. Keys of the by_* dicts are stored values ("online", "accepted", "de");
        keys with no entries are left out."""
        suggestions = self.suggestions
        return {
            "process": self.process,
            "computed_at": _iso(self.computed_at),
            "contributions": self.contributions.as_dict(),
            "suggestions": {
                "total": suggestions.total,
                "answered": suggestions.answered,
                "answered_share": suggestions.answered_share,
                "changed_text": suggestions.changed_text,
                "by_outcome": dict(suggestions.by_outcome),
                "by_channel": dict(suggestions.by_channel),
                "by_language": dict(suggestions.by_language),
                "by_submitter_type": dict(suggestions.by_submitter_type),
                "by_section": [s.as_dict() for s in self.by_section],
            },
        }


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


# --------------------------------------------------------------------- the cache


@dataclass(frozen=True)
class _Counts:
    """What is cached: everything but the section titles."""

    computed_at: datetime
    contributions: ContributionCounts
    suggestions: SuggestionCounts
    # section id of a top-level node -> (suggestions, answered)
    sections: dict[int, tuple[int, int]]


class _Cache:
    """(database, process id) -> (fingerprint, counts); least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple, tuple[tuple, _Counts]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, fingerprint: tuple) -> _Counts | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != fingerprint:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple, fingerprint: tuple, counts: _Counts) -> None:
        with self._lock:
            self._entries[key] = (fingerprint, counts)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_cache = _Cache(CACHE_SIZE)


def clear_cache() -> None:
    _cache.clear()


# --------------------------------------------------------------------- the fingerprint


@dataclass(frozen=True)
class _Fingerprint:
    values: tuple
    newest_public_version_id: int | None


def _fingerprint(process: Process) -> _Fingerprint:
    """ONE query: what changes whenever a count could change.

    Row counts catch inserts and deletes, the newest `updated_at` catches edits (deciding,
    publishing, hiding, withdrawing, publishing a version), the links of suggestions to
    sections are summed because changing them does not touch the suggestion's row.
    """
    pid = process.id
    mine = Suggestion.process_id == pid

    def scalar(*columns, where, source=None):
        query = select(*columns)
        if source is not None:
            query = query.select_from(source)
        return query.where(where).scalar_subquery()

    linked = suggestion_sections.join(Suggestion, Suggestion.id == suggestion_sections.c.suggestion_id)
    changes = ResultingChange.__table__.join(Suggestion, Suggestion.id == ResultingChange.suggestion_id)
    row = db.session.execute(
        select(
            scalar(func.count(Suggestion.id), where=mine),
            scalar(func.max(Suggestion.updated_at), where=mine),
            scalar(func.max(Suggestion.published_at), where=mine),
            scalar(func.count(Contribution.id), where=Contribution.process_id == pid),
            scalar(func.max(Contribution.updated_at), where=Contribution.process_id == pid),
            scalar(func.count(Version.id), where=Version.process_id == pid),
            scalar(func.max(Version.updated_at), where=Version.process_id == pid),
            scalar(func.count(), where=mine, source=linked),
            scalar(func.sum(suggestion_sections.c.section_id), where=mine, source=linked),
            scalar(
                func.sum(
                    cast(suggestion_sections.c.section_id, BigInteger)
                    * suggestion_sections.c.suggestion_id
                ),
                where=mine, source=linked,
            ),
            scalar(func.count(ResultingChange.id), where=mine, source=changes),
            scalar(func.max(ResultingChange.id), where=mine, source=changes),
            select(Version.id)
            .where(Version.process_id == pid, Version.status.in_(_PUBLIC_STATUSES))
            .order_by(Version.number.desc())
            .limit(1)
            .scalar_subquery(),
        )
    ).one()
    values = tuple(str(v) if v is not None else None for v in row)
    return _Fingerprint(values, row[-1])


# --------------------------------------------------------------------- the counts


def _sorted(counts: dict[str, int]) -> dict[str, int]:
    """Largest first, then by key: the order charts and tables show."""
    return dict(sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0])))


def _add(target: dict[str, int], key: str | None, n: int) -> None:
    if key is not None:
        target[key] = target.get(key, 0) + n


def _contribution_counts(process: Process) -> ContributionCounts:
    version = aliased(Version)
    rows = db.session.execute(
        select(
            Contribution.kind,
            Contribution.channel,
            Contribution.language,
            Contribution.submitter_type,
            func.count(Contribution.id),
        )
        .outerjoin(version, version.id == Contribution.version_id)
        .where(
            Contribution.process_id == process.id,
            Contribution.status == ContributionStatus.RECEIVED.value,
            Contribution.hidden_at.is_(None),
            public_queries._version_public(version),
            # The bodies' non-public threads are not counted in public.
            or_(Contribution.kind != ContributionKind.COMMENT.value, Contribution.body_id.is_(None)),
        )
        .group_by(
            Contribution.kind, Contribution.channel, Contribution.language,
            Contribution.submitter_type,
        )
    ).all()
    total = 0
    kinds: dict[str, int] = {}
    channels: dict[str, int] = {}
    languages: dict[str, int] = {}
    types: dict[str, int] = {}
    for kind, channel, language, submitter_type, n in rows:
        total += n
        _add(kinds, kind, n)
        _add(channels, channel, n)
        _add(languages, language, n)
        _add(types, submitter_type, n)
    return ContributionCounts(
        total, _sorted(kinds), _sorted(channels), _sorted(languages), _sorted(types)
    )


def _public_suggestions():
    """For queries over suggestions: (the representative, to be outer-joined on
    `representative_id`; the suggestion's version, to be outer-joined on `version_id`; the
    condition "its answer is published")."""
    representative = aliased(Suggestion)
    source = aliased(Version)
    answered = public_queries._answer_published(Suggestion, representative)
    return representative, source, answered


def _suggestion_counts(process: Process) -> SuggestionCounts:
    representative, source, answered = _public_suggestions()
    outcome = case((answered, func.coalesce(Suggestion.outcome, representative.outcome)))
    changed = (
        select(literal(1))
        .select_from(ResultingChange)
        .join(Version, Version.id == ResultingChange.version_id)
        .where(
            or_(
                ResultingChange.suggestion_id == Suggestion.id,
                ResultingChange.suggestion_id == Suggestion.representative_id,
            ),
            Version.status.in_(_PUBLIC_STATUSES),
        )
        .exists()
    )
    rows = db.session.execute(
        select(
            Contribution.channel,
            Contribution.submitter_type,
            Suggestion.language,
            outcome,
            func.count(Suggestion.id),
            func.sum(case((and_(answered, changed), 1), else_=0)),
        )
        .join(Contribution, Contribution.id == Suggestion.contribution_id)
        .outerjoin(representative, representative.id == Suggestion.representative_id)
        .outerjoin(source, source.id == Suggestion.version_id)
        .where(Suggestion.process_id == process.id, public_queries._version_public(source))
        .group_by(Contribution.channel, Contribution.submitter_type, Suggestion.language, outcome)
    ).all()
    total = answered_n = changed_n = 0
    outcomes: dict[str, int] = {}
    channels: dict[str, int] = {}
    languages: dict[str, int] = {}
    types: dict[str, int] = {}
    for channel, submitter_type, language, shown_outcome, n, changed_count in rows:
        total += n
        if shown_outcome is not None:
            answered_n += n
            _add(outcomes, shown_outcome, n)
        changed_n += int(changed_count or 0)
        _add(channels, channel, n)
        _add(languages, language, n)
        _add(types, submitter_type, n)
    return SuggestionCounts(
        total, answered_n, changed_n, _sorted(outcomes), _sorted(channels), _sorted(languages),
        _sorted(types),
    )


def _section_counts(process: Process, version_id: int | None) -> dict[int, tuple[int, int]]:
    """section id of each top-level node of the version -> (suggestions, answered); ONE
    query. A suggestion counts once per field of action however many of its sections lie
    in it."""
    if version_id is None:
        return {}
    representative, source, answered = _public_suggestions()
    placed = aliased(SectionVersion)
    top = aliased(SectionVersion)
    rows = db.session.execute(
        select(
            top.section_id,
            func.count(distinct(Suggestion.id)),
            func.count(distinct(case((answered, Suggestion.id)))),
        )
        .select_from(Suggestion)
        .join(suggestion_sections, suggestion_sections.c.suggestion_id == Suggestion.id)
        .join(
            placed,
            and_(
                placed.section_id == suggestion_sections.c.section_id,
                placed.version_id == version_id,
            ),
        )
        .join(
            top,
            and_(
                top.version_id == version_id,
                top.parent_id.is_(None),
                or_(placed.id == top.id, placed.order_key.like(top.order_key + ".%")),
            ),
        )
        .outerjoin(representative, representative.id == Suggestion.representative_id)
        .outerjoin(source, source.id == Suggestion.version_id)
        .where(Suggestion.process_id == process.id, public_queries._version_public(source))
        .group_by(top.section_id)
    ).all()
    return {section_id: (int(n), int(done)) for section_id, n, done in rows}


def _compute(process: Process, fingerprint: _Fingerprint) -> _Counts:
    return _Counts(
        computed_at=utcnow(),
        contributions=_contribution_counts(process),
        suggestions=_suggestion_counts(process),
        sections=_section_counts(process, fingerprint.newest_public_version_id),
    )


# --------------------------------------------------------------------- section titles


def _top_sections(
    process: Process, version_id: int | None, language: str, counts: dict[int, tuple[int, int]]
) -> list[SectionCount]:
    """The top-level sections of the version in document order, titled in `language` (else
    the original language, else any): ONE query."""
    if version_id is None:
        return []
    rows = db.session.execute(
        select(
            SectionVersion.section_id,
            Section.key,
            SectionVersion.number,
            SectionText.language,
            SectionText.title,
        )
        .join(Section, Section.id == SectionVersion.section_id)
        .outerjoin(SectionText, SectionText.node_id == SectionVersion.id)
        .where(SectionVersion.version_id == version_id, SectionVersion.parent_id.is_(None))
        .order_by(SectionVersion.order_key, SectionText.language)
    ).all()
    nodes: dict[int, dict[str, Any]] = {}
    for section_id, key, number, text_language, title in rows:
        node = nodes.setdefault(section_id, {"key": key, "number": number or key, "titles": {}})
        if text_language is not None:
            node["titles"][text_language] = title
    result = []
    for section_id, node in nodes.items():
        titles = node["titles"]
        chosen = next(
            (code for code in (language, process.original_language) if code in titles),
            next(iter(titles), None),
        )
        n, done = counts.get(section_id, (0, 0))
        result.append(
            SectionCount(
                key=node["key"],
                number=node["number"],
                title=titles[chosen] if chosen else node["key"],
                title_language=chosen or "",
                count=n,
                answered=done,
            )
        )
    return result


# --------------------------------------------------------------------- entry point


def overview(process: Process, *, language: str | None = None) -> Overview:
    """The statistics of a process, section titles in `language` (default: the process's
    original language). Two queries when nothing changed since the last call."""
    fingerprint = _fingerprint(process)
    key = (str(db.engine.url), process.id)
    counts = _cache.get(key, fingerprint.values)
    if counts is None:
        counts = _compute(process, fingerprint)
        _cache.put(key, fingerprint.values, counts)
    sections = _top_sections(
        process, fingerprint.newest_public_version_id, language or process.original_language,
        counts.sections,
    )
    return Overview(
        process=process.slug,
        computed_at=counts.computed_at,
        contributions=counts.contributions,
        suggestions=counts.suggestions,
        by_section=sections,
    )

"""Read side of "what changed in this version and why": every section whose text differs
from the previous public version, with its word diff and its sources (published suggestions,
applied points of published amendments, or editing by the staff). A fixed number of queries,
whatever the number of sections.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import aliased, joinedload

from consult.council.models import AmendmentPoint, PointApplication
from consult.council.public_queries import PUBLIC_STATUSES, applied_in
from consult.diff import DiffResult, word_diff
from consult.extensions import db
from consult.markup import plain_text
from consult.plans import queries as plan_queries
from consult.plans.models import Process, SectionVersion, Version
from consult.triage import public_queries as triage_public
from consult.triage.models import ResultingChange, Suggestion


@dataclass
class SectionChange:
    """One section of "what changed in this version and why"."""

    state: str  # new | changed | removed | unchanged
    node: SectionVersion | None
    previous: SectionVersion | None
    shown: plan_queries.Shown
    title_diff: DiffResult
    body_diff: DiffResult
    # The language the diff is in (the reader's, or the original when the reader's is missing
    # or outdated on either side).
    diff_language: str
    suggestions: list[triage_public.PublicItem]
    points: list[AmendmentPoint]

    @property
    def key(self) -> str:
        return (self.node or self.previous).section.key

    @property
    def moved(self) -> bool:
        return (
            self.node is not None and self.previous is not None
            and self.node.number != self.previous.number
        )

    @property
    def staff_editing(self) -> bool:
        return not self.suggestions and not self.points


@dataclass
class VersionChanges:
    previous: Version | None
    changes: list[SectionChange]


def previous_public_version(version: Version) -> Version | None:
    return db.session.scalar(
        select(Version)
        .where(
            Version.process_id == version.process_id,
            Version.number < version.number,
            Version.status.in_(PUBLIC_STATUSES),
        )
        .order_by(Version.number.desc())
        .limit(1)
    )


def _texts(node: SectionVersion | None, language: str) -> tuple[str, str]:
    text = node.text(language) if node is not None else None
    return (text.title, plain_text(text.body)) if text is not None else ("", "")


def _differs(old: SectionVersion, new: SectionVersion, original: str) -> bool:
    return _texts(old, original) != _texts(new, original)


def diff_language(
    old: SectionVersion | None, new: SectionVersion | None, language: str, original: str
) -> str:
    """The reader's language when every side has a current text in it, else the original."""
    for node in (old, new):
        if node is None:
            continue
        shown = plan_queries.shown_text(node, language, original)
        if shown.fallback or shown.outdated:
            return original
    return language


def suggestions_changing(process: Process, version: Version) -> dict[int, list]:
    """section id -> the published suggestions linked to a change of it in this version: ONE
    query (see `consult.triage.public_queries.changed_by` for one section)."""
    representative = aliased(Suggestion)
    source = aliased(Version)
    rows = db.session.execute(
        select(ResultingChange.section_id, Suggestion)
        .join(Suggestion, Suggestion.id == ResultingChange.suggestion_id)
        .outerjoin(representative, representative.id == Suggestion.representative_id)
        .outerjoin(source, source.id == Suggestion.version_id)
        .where(
            Suggestion.process_id == process.id,
            ResultingChange.version_id == version.id,
            triage_public._answer_published(Suggestion, representative),
            triage_public._version_public(source),
        )
        .options(joinedload(Suggestion.representative))
        .order_by(Suggestion.number)
    ).all()
    result: dict[int, list] = defaultdict(list)
    for section_id, suggestion in rows:
        result[section_id].append(triage_public.PublicItem(suggestion, None))
    return dict(result)


def version_changes(process: Process, version: Version, language: str) -> VersionChanges:
    """Every section whose original text differs from the previous public version (new,
    changed, removed), or that a published source says was changed, with its word diff and
    its sources. Nine queries, whatever the number of sections."""
    previous = previous_public_version(version)
    if previous is None:
        return VersionChanges(None, [])
    original = process.original_language
    new_nodes = plan_queries.version_nodes(version)
    old_nodes = plan_queries.version_nodes(previous)
    old_by_section = {n.section_id: n for n in old_nodes}
    new_ids = {n.section_id for n in new_nodes}
    suggestions = suggestions_changing(process, version)
    points = applied_in(process, [PointApplication.version_id == version.id], key="section")

    pairs = [(old_by_section.get(n.section_id), n) for n in new_nodes]
    pairs += [(n, None) for n in old_nodes if n.section_id not in new_ids]
    changes = []
    for old, new in pairs:
        section_id = (new or old).section_id
        sourced = section_id in suggestions or section_id in points
        if old is None:
            state = "new"
        elif new is None:
            state = "removed"
        else:
            state = "changed" if _differs(old, new, original) else "unchanged"
        if state == "unchanged" and not sourced:
            continue
        compared = diff_language(old, new, language, original)
        old_title, old_body = _texts(old, compared)
        new_title, new_body = _texts(new, compared)
        changes.append(
            SectionChange(
                state=state, node=new, previous=old,
                shown=plan_queries.shown_text(new or old, language, original),
                title_diff=word_diff(old_title, new_title),
                body_diff=word_diff(old_body, new_body),
                diff_language=compared,
                suggestions=suggestions.get(section_id, []),
                points=points.get(section_id, []),
            )
        )
    return VersionChanges(previous, changes)

"""What became of a person's own contributions: the suggestions taken from them, as their
submitter sees them.

The submitter always sees their own words (the passage), whatever they consented to publish.
The answer is shown only once the public can read it: the answer (the suggestion's own, or
its group's) is published, the process is public and the suggestion's version is public.
Until then the status is "being weighed", whether or not a decision has been taken, so an
unpublished outcome or reason never shows.

`track` costs a fixed number of queries whatever the number of contributions and suggestions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from consult.accountability import disposition
from consult.extensions import db
from consult.participation.models import Contribution, ContributionKind
from consult.plans import queries as plan_queries
from consult.plans.models import Process, SectionVersion, Version
from consult.triage import public_queries, services
from consult.triage.models import Outcome, ReasonTranslation, Suggestion

STATUS_WEIGHED = _l("Being weighed")
STATUS_ANSWERED = _l("Answered")


@dataclass
class SectionShown:
    """A section the suggestion is about, numbered and titled in a public version."""

    key: str
    number: str
    title: str
    language: str
    version_number: int


@dataclass
class TrackedSuggestion:
    suggestion: Suggestion
    process: Process
    sections: list[SectionShown]
    published: bool
    outcome: Outcome | None = None
    reason: public_queries.Reason | None = None
    # The label of the suggestion that carries the answer, for one answered with its group.
    grouped_under: str | None = None
    changes: list[disposition.ChangeRef] = field(default_factory=list)

    @property
    def label(self) -> str:
        return services.label(self.suggestion)

    @property
    def number(self) -> int:
        return self.suggestion.number

    @property
    def passage(self) -> str:
        return self.suggestion.passage

    @property
    def language(self) -> str:
        return self.suggestion.language

    @property
    def status_title(self) -> str:
        return str(STATUS_ANSWERED if self.published else STATUS_WEIGHED)


@dataclass
class Tracking:
    """The suggestions taken from one contribution."""

    items: list[TrackedSuggestion] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.published)


def is_published(suggestion: Suggestion, process: Process, versions: dict[int, Version]) -> bool:
    """Whether the public may read the answer (and so its submitter is told it)."""
    if not process.is_public or not services.is_public(suggestion):
        return False
    if suggestion.version_id is None:
        return True
    version = versions.get(suggestion.version_id)
    return version is not None and version.is_public


def track(contribution_ids: Iterable[int], language: str) -> dict[int, Tracking]:
    """contribution id -> its suggestions as its submitter sees them, with answers in
    `language` where a translation exists. The caller has checked that the reader is the
    submitter of every contribution named."""
    ids = sorted(set(contribution_ids))
    result = {i: Tracking() for i in ids}
    if not ids:
        return result
    suggestions = list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.contribution_id.in_(ids))
            .options(joinedload(Suggestion.representative), selectinload(Suggestion.sections))
            .order_by(Suggestion.number)
        ).unique()
    )
    if not suggestions:
        return result
    process_ids = {s.process_id for s in suggestions}
    processes = {
        p.id: p for p in db.session.scalars(select(Process).where(Process.id.in_(process_ids)))
    }
    versions = {
        v.id: v
        for v in db.session.scalars(select(Version).where(Version.process_id.in_(process_ids)))
    }
    published = {
        s.id for s in suggestions if is_published(s, processes[s.process_id], versions)
    }
    answers = {s.id: services.answered_by(s) for s in suggestions if s.id in published}
    translations = _translations({a.id for a in answers.values()}, language)
    sections = _sections(suggestions, versions, processes, language)
    changes = disposition.change_refs(answers, versions, public_only=True)

    for suggestion in suggestions:
        process = processes[suggestion.process_id]
        item = TrackedSuggestion(
            suggestion=suggestion,
            process=process,
            sections=sections.get(suggestion.id, []),
            published=suggestion.id in published,
        )
        answer = answers.get(suggestion.id)
        if answer is not None:
            item.outcome = Outcome(answer.outcome)
            item.reason = public_queries.shown_reason(
                answer, translations.get(answer.id), process.original_language
            )
            item.grouped_under = services.label(answer) if answer is not suggestion else None
            item.changes = changes.get(suggestion.id, [])
        result[suggestion.contribution_id].items.append(item)
    return result


def _translations(answer_ids: set[int], language: str) -> dict[int, ReasonTranslation]:
    if not answer_ids:
        return {}
    return {
        t.suggestion_id: t
        for t in db.session.scalars(
            select(ReasonTranslation).where(
                ReasonTranslation.suggestion_id.in_(answer_ids),
                ReasonTranslation.language == language,
            )
        )
    }


def _sections(
    suggestions: list[Suggestion],
    versions: dict[int, Version],
    processes: dict[int, Process],
    language: str,
) -> dict[int, list[SectionShown]]:
    """suggestion id -> its sections, numbered and titled in the suggestion's own version when
    that is public, else in the newest public version that holds the section: two queries."""
    section_ids = {s.id for suggestion in suggestions for s in suggestion.sections}
    public_versions = [v for v in versions.values() if v.is_public]
    if not section_ids or not public_versions:
        return {}
    nodes: dict[tuple[int, int], SectionVersion] = {}
    newest: dict[int, SectionVersion] = {}
    for node in db.session.scalars(
        select(SectionVersion)
        .where(
            SectionVersion.version_id.in_([v.id for v in public_versions]),
            SectionVersion.section_id.in_(section_ids),
        )
        .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
    ):
        nodes[(node.version_id, node.section_id)] = node
        current = newest.get(node.section_id)
        if current is None or versions[current.version_id].number < versions[node.version_id].number:
            newest[node.section_id] = node
    result: dict[int, list[SectionShown]] = defaultdict(list)
    for suggestion in suggestions:
        original = processes[suggestion.process_id].original_language
        for section in suggestion.sections:
            node = nodes.get((suggestion.version_id, section.id)) or newest.get(section.id)
            if node is None:
                continue
            shown = plan_queries.shown_text(node, language, original)
            result[suggestion.id].append(
                SectionShown(
                    key=section.key,
                    number=node.number or section.key,
                    title=shown.title,
                    language=shown.language or original,
                    version_number=versions[node.version_id].number,
                )
            )
        result[suggestion.id].sort(key=lambda s: _number_key(s.number))
    return dict(result)


def _number_key(number: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 10**6 for p in number.split("."))


def comments_with_suggestions(user) -> list[Contribution]:
    """The person's own comments from which suggestions were taken, newest first: one query."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.author_id == user.id,
                Contribution.kind == ContributionKind.COMMENT.value,
                Contribution.id.in_(select(Suggestion.contribution_id)),
            )
            .order_by(Contribution.created_at.desc(), Contribution.id.desc())
        )
    )

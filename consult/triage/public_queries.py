"""Read-side queries for the public side of decisions: what residents, the council and the
press may see of a suggestion once its answer is published.

Public means: the process is public, the answer (the suggestion's own, or its
representative's for a grouped one) is published, and the suggestion does not concern a
version the public cannot see. Consent decides what of the source is shown: comments and
forum cards are public contributions; a written statement's text only with `publish_text`;
a private person's name only with `publish_name`; never an e-mail address or a postal address.

Every function here runs a fixed number of queries, whatever the number of suggestions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from flask import abort
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from consult.diff import DiffResult
from consult.extensions import db
from consult.paging import PagerLinks
from consult.participation.models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
)
from consult.plans import queries as plan_queries
from consult.plans.models import Process, SectionVersion, Version
from consult.triage import services
from consult.triage.models import (
    Outcome,
    ReasonTranslation,
    ResultingChange,
    Suggestion,
    suggestion_sections,
)

# How many answers the section page lists before it links to the full list.
SECTION_LIMIT = 20
PAGE_SIZE = 20
MAX_PAGE = 100_000

_PUBLIC_STATUSES = plan_queries.PUBLIC_STATUSES


# --------------------------------------------------------------------- consent


def passage_is_public(contribution: Contribution) -> bool:
    """Whether the quoted passage may be shown: public kinds, or a statement with consent;
    never for a withdrawn or hidden contribution."""
    if contribution.status != ContributionStatus.RECEIVED.value or contribution.hidden_at:
        return False
    if contribution.kind == ContributionKind.STATEMENT.value:
        return bool(contribution.publish_text)
    if contribution.kind == ContributionKind.COMMENT.value:
        # A body's non-public thread stays non-public, also once its answer is published.
        return contribution.body_id is None
    return contribution.kind == ContributionKind.FORUM_CARD.value


def withheld_reason(contribution: Contribution) -> str:
    """Why the passage is not shown: "consent" (the sender did not allow it) or "removed"."""
    if contribution.status != ContributionStatus.RECEIVED.value or contribution.hidden_at:
        return "removed"
    return "consent"


def submitter_name(contribution: Contribution) -> str:
    """How the submitter is named in public: an organisation by its name, a private person by
    name only with consent, otherwise the kind of submitter ("Resident", "Forum participant")."""
    if contribution.organisation is not None:
        return contribution.organisation.name
    visible = contribution.status == ContributionStatus.RECEIVED.value and not contribution.hidden_at
    if contribution.publish_name and visible:
        author = contribution.author
        if author is not None and author.deleted_at is None:
            from consult.accounts.services import person_name

            return person_name(author)
        if author is None and contribution.submitter_name:
            return contribution.submitter_name
    return contribution.submitter_type_title


# --------------------------------------------------------------------- answers


@dataclass
class Reason:
    """The public reason as shown: a translation into the reader's language or the original."""

    text: str
    language: str
    machine: bool = False
    # A translation exists but was made from an earlier wording: the original is shown.
    outdated_language: str | None = None
    translated: bool = False


def shown_reason(answer: Suggestion, translation: ReasonTranslation | None, original: str) -> Reason | None:
    if not answer.public_reason:
        return None
    if translation is not None and translation.text:
        if services.translation_is_outdated(translation, answer):
            return Reason(answer.public_reason, original, outdated_language=translation.language)
        return Reason(
            translation.text, translation.language, translated=True,
            machine=translation.origin == "machine_translation",
        )
    return Reason(answer.public_reason, original)


@dataclass
class PublicItem:
    """One suggestion as the public sees it in a list."""

    suggestion: Suggestion
    reason: Reason | None

    @property
    def answer(self) -> Suggestion:
        return services.answered_by(self.suggestion)

    @property
    def outcome(self) -> Outcome:
        return Outcome(self.answer.outcome)

    @property
    def label(self) -> str:
        return services.label(self.suggestion)

    @property
    def grouped(self) -> bool:
        return self.suggestion.representative_id is not None

    @property
    def passage_public(self) -> bool:
        return passage_is_public(self.suggestion.contribution)

    @property
    def withheld(self) -> str:
        return withheld_reason(self.suggestion.contribution)

    @property
    def submitter(self) -> str:
        return submitter_name(self.suggestion.contribution)


def _answer_published(suggestion, answer):
    """WHERE: the suggestion's answer is published (its own, or its representative's)."""
    return or_(
        and_(suggestion.representative_id.is_(None), suggestion.published_at.is_not(None)),
        answer.published_at.is_not(None),
    )


def _version_public(version):
    return or_(version.id.is_(None), version.status.in_(_PUBLIC_STATUSES))


# --------------------------------------------------------------------- the suggestion page


def public_process_or_404(slug: str) -> Process:
    """A public process by its slug, with its texts (not its phases: these pages do not show
    them); 404 for an unknown or non-public one, also for staff."""
    if not isinstance(slug, str) or not re.match(plan_queries.SLUG_PATTERN, slug):
        abort(404)
    process = db.session.scalar(
        select(Process).where(Process.slug == slug).options(selectinload(Process.texts))
    )
    if process is None or not process.is_public:
        abort(404)
    return process


@dataclass
class PublicSuggestion:
    suggestion: Suggestion
    version: Version | None
    representative_public: bool


def public_suggestion_or_404(process: Process, number: int) -> PublicSuggestion:
    """A suggestion whose answer is published and whose version is public; else 404."""
    if not isinstance(number, int) or not 0 < number < 2**31:
        abort(404)
    suggestion = db.session.scalar(
        select(Suggestion)
        .where(Suggestion.process_id == process.id, Suggestion.number == number)
        .options(
            joinedload(Suggestion.contribution).joinedload(Contribution.organisation),
            joinedload(Suggestion.contribution).joinedload(Contribution.author),
            joinedload(Suggestion.representative),
            selectinload(Suggestion.sections),
        )
    )
    if suggestion is None or not services.is_public(suggestion):
        abort(404)
    answer = services.answered_by(suggestion)
    ids = {i for i in (suggestion.version_id, answer.version_id) if i is not None}
    versions = (
        {v.id: v for v in db.session.scalars(select(Version).where(Version.id.in_(ids)))}
        if ids else {}
    )
    version = versions.get(suggestion.version_id) if suggestion.version_id else None
    if suggestion.version_id is not None and (version is None or not version.is_public):
        abort(404)
    answer_version = versions.get(answer.version_id) if answer.version_id else None
    representative_public = answer is not suggestion and (
        answer.version_id is None or (answer_version is not None and answer_version.is_public)
    )
    return PublicSuggestion(suggestion, version, representative_public)


def reason_translation(answer: Suggestion, language: str) -> ReasonTranslation | None:
    return db.session.scalar(
        select(ReasonTranslation).where(
            ReasonTranslation.suggestion_id == answer.id, ReasonTranslation.language == language
        )
    )


def public_members(representative: Suggestion) -> list[Suggestion]:
    """The suggestions answered together with this one that the public may see."""
    version = aliased(Version)
    return list(
        db.session.scalars(
            select(Suggestion)
            .outerjoin(version, version.id == Suggestion.version_id)
            .where(Suggestion.representative_id == representative.id, _version_public(version))
            .order_by(Suggestion.number)
        )
    )


@dataclass
class SectionLink:
    node: SectionVersion
    shown: plan_queries.Shown


def section_links(
    process: Process, suggestion: Suggestion, language: str
) -> list[SectionLink]:
    """Each section of the suggestion in a version the public may see: the suggestion's own
    version where the section is in it, else the newest public version that has it."""
    section_ids = [s.id for s in suggestion.sections]
    if not section_ids:
        return []
    nodes = db.session.scalars(
        select(SectionVersion)
        .join(Version, Version.id == SectionVersion.version_id)
        .where(
            Version.process_id == process.id,
            Version.status.in_(_PUBLIC_STATUSES),
            SectionVersion.section_id.in_(section_ids),
        )
        .options(
            selectinload(SectionVersion.texts),
            joinedload(SectionVersion.section),
            joinedload(SectionVersion.version),
        )
        .order_by(Version.number)
    ).all()
    chosen: dict[int, SectionVersion] = {}
    for node in nodes:
        current = chosen.get(node.section_id)
        if current is None or current.version_id != suggestion.version_id:
            chosen[node.section_id] = node
    return [
        SectionLink(chosen[i], plan_queries.shown_text(chosen[i], language, process.original_language))
        for i in section_ids
        if i in chosen
    ]


@dataclass
class ChangeDiff:
    """A resulting change as the public sees it: where, and the diff of the section."""

    change: object  # consult.triage.queries.ChangeShown
    shown: plan_queries.Shown
    title_diff: DiffResult
    body_diff: DiffResult

    @property
    def changed(self) -> bool:
        return self.title_diff.changed or self.body_diff.changed


def change_diff(change, language: str, original: str) -> ChangeDiff:
    """A resulting change with the section's title in the reader's language; the diff is the
    one `consult.triage.queries.resulting_changes` computed (in the original language when
    either side is missing or outdated in the reader's)."""
    return ChangeDiff(
        change,
        plan_queries.shown_text(change.node, language, original),
        change.title_diff,
        change.body_diff,
    )


def public_changes(
    suggestions: list[Suggestion], language: str, original: str
) -> dict[int, list[ChangeDiff]]:
    """suggestion id -> the text changes it caused, with their diffs, as the public sees them:
    those linked to the suggestion itself and, for a grouped one, to its group's answer, each
    (section, version) once; only changes in versions the public may see. A fixed number of
    queries for any number of suggestions."""
    from consult.triage.queries import resulting_changes

    sources: dict[int, Suggestion] = {}
    for suggestion in suggestions:
        sources[suggestion.id] = suggestion
        answer = services.answered_by(suggestion)
        sources[answer.id] = answer
    by_source = resulting_changes(list(sources.values()), language, original, public_only=True)
    result: dict[int, list[ChangeDiff]] = {}
    for suggestion in suggestions:
        answer = services.answered_by(suggestion)
        seen, diffs = set(), []
        for source_id in dict.fromkeys((suggestion.id, answer.id)):
            for shown in by_source.get(source_id, []):
                where = (shown.change.section_id, shown.change.version_id)
                if where not in seen:
                    seen.add(where)
                    diffs.append(change_diff(shown, language, original))
        if diffs:
            result[suggestion.id] = diffs
    return result


def answered_languages(process: Process) -> list[str]:
    """The languages of the suggestions with a published answer the public may see: ONE query."""
    representative = aliased(Suggestion)
    source = aliased(Version)
    return list(
        db.session.scalars(
            select(Suggestion.language)
            .distinct()
            .outerjoin(representative, representative.id == Suggestion.representative_id)
            .outerjoin(source, source.id == Suggestion.version_id)
            .where(
                Suggestion.process_id == process.id,
                _answer_published(Suggestion, representative),
                _version_public(source),
            )
            .order_by(Suggestion.language)
        )
    )


# --------------------------------------------------------------------- the section page


@dataclass
class SectionOutcomes(PagerLinks):
    items: list[PublicItem]
    total: int
    page: int = 1
    pages: int = 1


def section_outcomes(
    process: Process,
    node: SectionVersion,
    language: str,
    *,
    limit: int = SECTION_LIMIT,
    page: int = 1,
) -> SectionOutcomes:
    """Published suggestions concerning this section in this version, with their reason in
    the reader's language, one page of them and the total: ONE query."""
    representative = aliased(Suggestion)
    answer_id = func.coalesce(Suggestion.representative_id, Suggestion.id)
    rows = db.session.execute(
        select(Suggestion, ReasonTranslation, func.count().over())
        .join(suggestion_sections, suggestion_sections.c.suggestion_id == Suggestion.id)
        .outerjoin(representative, representative.id == Suggestion.representative_id)
        .outerjoin(
            ReasonTranslation,
            and_(ReasonTranslation.suggestion_id == answer_id, ReasonTranslation.language == language),
        )
        .where(
            Suggestion.process_id == process.id,
            Suggestion.version_id == node.version_id,
            suggestion_sections.c.section_id == node.section_id,
            _answer_published(Suggestion, representative),
        )
        .options(
            joinedload(Suggestion.contribution).joinedload(Contribution.organisation),
            joinedload(Suggestion.contribution).joinedload(Contribution.author),
            joinedload(Suggestion.representative),
        )
        .order_by(Suggestion.number)
        .limit(limit)
        .offset((page - 1) * limit)
    ).all()
    total = int(rows[0][2]) if rows else 0
    items = [
        PublicItem(
            suggestion,
            shown_reason(services.answered_by(suggestion), translation, process.original_language),
        )
        for suggestion, translation, _count in rows
    ]
    pages = max(1, -(-total // limit))
    return SectionOutcomes(items, total, page, pages)


def page_arg(args) -> int:
    page = args.get("page", 1, type=int)
    if page is None or not 0 < page <= MAX_PAGE:
        return 1
    return page


def changed_by(
    process: Process, section_id: int, version_ids: list[int]
) -> dict[int, list[PublicItem]]:
    """version id -> the published suggestions linked to a change of this section in that
    version; ONE query. Like `queries.suggestions_changing(node, public_only=True)` for
    several versions at once, also leaving out suggestions on versions the public cannot see."""
    if not version_ids:
        return {}
    representative = aliased(Suggestion)
    source = aliased(Version)
    rows = db.session.execute(
        select(ResultingChange.version_id, Suggestion)
        .join(Suggestion, Suggestion.id == ResultingChange.suggestion_id)
        .outerjoin(representative, representative.id == Suggestion.representative_id)
        .outerjoin(source, source.id == Suggestion.version_id)
        .where(
            Suggestion.process_id == process.id,
            ResultingChange.section_id == section_id,
            ResultingChange.version_id.in_(version_ids),
            _answer_published(Suggestion, representative),
            _version_public(source),
        )
        .options(joinedload(Suggestion.representative))
        .order_by(Suggestion.number)
    ).all()
    result: dict[int, list[PublicItem]] = defaultdict(list)
    for version_id, suggestion in rows:
        result[version_id].append(PublicItem(suggestion, None))
    return dict(result)

"""The disposition table (Abwägungstabelle): every answered suggestion of a process with where
it came from, what was decided, why, and what it changed.

One query layer serves the public table, its per-section view, every export format and the
JSON API. Two variants:

- ``PUBLIC``: only published answers on versions the public may see; consent decides what of
  the source is shown (see `consult.triage.public_queries`): the passage of a statement only
  with `publish_text`, a private person's name only with `publish_name`, never an e-mail or a
  postal address, never internal notes or the people who worked on it. Search only looks at
  what is shown, so a withheld passage cannot be probed word by word.
- ``INTERNAL``: for staff, every suggestion in any state, with names, addresses, the internal
  note, the recommendation and who decided.

A page costs a fixed number of queries whatever the number of suggestions; `iter_rows` walks
any number of rows in chunks for exports without holding them all.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

# Re-exported: the filters are part of this module's interface.
from consult.accountability.filters import MAX_QUERY, SORTS, Filters  # noqa: F401
from consult.accounts.models import User
from consult.extensions import db
from consult.paging import PagerLinks
from consult.participation.models import (
    Channel,
    Contribution,
    ContributionKind,
    ContributionStatus,
    SubmitterType,
)
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.triage import public_queries, services
from consult.triage.models import (
    Outcome,
    ReasonTranslation,
    Recommendation,
    ResultingChange,
    Suggestion,
    suggestion_sections,
)
from consult.triage.search import MAX_TERMS, words

PAGE_SIZE = 50
PAGE_SIZES = (25, 50, 100)
MAX_PAGE = 100_000
# Rows loaded at once when walking the whole table (exports).
CHUNK = 500


class Variant(enum.StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class Status(enum.StrEnum):
    """Where a suggestion stands, as the internal variant shows it."""

    OPEN = "open"
    DECIDED = "decided"
    PUBLISHED = "published"

    @property
    def title(self) -> str:
        return str(STATUS_TITLES[self])


STATUS_TITLES = {
    Status.OPEN: _l("Being weighed"),
    Status.DECIDED: _l("Decided, not yet published"),
    Status.PUBLISHED: _l("Published"),
}

# --------------------------------------------------------------------- rows


@dataclass
class SectionRef:
    """A section the suggestion is about, as numbered and titled in the reference version."""

    key: str
    number: str
    title: str
    title_language: str
    version_number: int | None


@dataclass
class ChangeRef:
    """A text change the suggestion caused: which section in which version."""

    version_number: int
    section_key: str
    section_number: str


@dataclass
class Row:
    """One line of the disposition table."""

    suggestion: Suggestion
    variant: Variant
    number: int
    label: str
    version_number: int | None
    sections: list[SectionRef]
    # None when withheld (no consent, or the contribution was withdrawn or hidden).
    passage: str | None
    withheld: str | None
    summary: str
    passage_language: str
    submitter: str
    submitter_type: str
    kind: str
    channel: str
    received_at: datetime
    outcome: Outcome | None
    reason: public_queries.Reason | None
    grouped_under: str | None
    decided_at: datetime | None
    published_at: datetime | None
    changes: list[ChangeRef] = field(default_factory=list)
    # Internal variant only.
    status: Status | None = None
    submitter_email: str | None = None
    submitter_address: str | None = None
    internal_note: str | None = None
    recommendation: Outcome | None = None
    decided_by: str | None = None
    contribution_id: int | None = None

    @property
    def outcome_title(self) -> str:
        return self.outcome.title if self.outcome else ""

    @property
    def channel_title(self) -> str:
        return Channel(self.channel).title

    @property
    def kind_title(self) -> str:
        return ContributionKind(self.kind).title

    @property
    def submitter_type_title(self) -> str:
        return SubmitterType(self.submitter_type).title

    @property
    def changed_text(self) -> bool:
        return bool(self.changes)


@dataclass
class Page(PagerLinks):
    rows: list[Row]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


# --------------------------------------------------------------------- versions


def table_versions(process: Process, variant: Variant) -> list[Version]:
    """The versions the table can be narrowed to: public ones for the public, all for staff."""
    query = select(Version).where(Version.process_id == process.id).order_by(Version.number)
    if variant is Variant.PUBLIC:
        query = query.where(Version.status.in_(plan_queries.PUBLIC_STATUSES))
    return list(db.session.scalars(query))


def chosen_version(versions: list[Version], filters: Filters) -> Version | None:
    """The version the filters name, if the reader may see it; None for "all versions"."""
    if filters.version is None:
        return None
    return next((v for v in versions if v.number == filters.version), None)


def reference_version(versions: list[Version], filters: Filters) -> Version | None:
    """The version whose numbering and titles the table shows: the chosen one, else the newest."""
    return chosen_version(versions, filters) or (versions[-1] if versions else None)


# --------------------------------------------------------------------- the query


def _passage_public(contribution=Contribution):
    """SQL: the passage may be shown (see `public_queries.passage_is_public`)."""
    return and_(
        contribution.status == ContributionStatus.RECEIVED.value,
        contribution.hidden_at.is_(None),
        or_(
            # Comments of a body's non-public thread never show their text.
            and_(
                contribution.kind == ContributionKind.COMMENT.value,
                contribution.body_id.is_(None),
            ),
            contribution.kind == ContributionKind.FORUM_CARD.value,
            and_(
                contribution.kind == ContributionKind.STATEMENT.value,
                contribution.publish_text.is_(True),
            ),
        ),
    )


def _like(column, term: str):
    """Case-insensitive substring match in every script (SQLite's own lower() folds ASCII
    only: `unicode_lower` is registered on its connections in consult.extensions)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    lower = func.unicode_lower if db.session.get_bind().dialect.name == "sqlite" else func.lower
    return lower(column).like(f"%{escaped}%", escape="\\")


def _section_ids(reference: Version | None, key: str, process: Process) -> list[int]:
    """The section with this key and every section below it in the reference version; the
    section alone when no version has it."""
    if reference is not None:
        chosen = db.session.scalar(
            select(SectionVersion)
            .join(Section, Section.id == SectionVersion.section_id)
            .where(SectionVersion.version_id == reference.id, Section.key == key)
        )
        if chosen is not None:
            prefix = chosen.order_key + "."
            return list(
                db.session.scalars(
                    select(SectionVersion.section_id).where(
                        SectionVersion.version_id == reference.id,
                        or_(
                            SectionVersion.id == chosen.id,
                            SectionVersion.order_key.startswith(prefix, autoescape=True),
                        ),
                    )
                )
            )
    found = db.session.scalar(
        select(Section.id).where(Section.process_id == process.id, Section.key == key)
    )
    return [found] if found is not None else []


def selection(
    process: Process,
    filters: Filters,
    variant: Variant,
    versions: list[Version] | None = None,
):
    """SELECT Suggestion.id (plus a window count) of the rows the filters keep, in order.

    Returns (statement, reference version). The statement selects `Suggestion.id` and
    `count() OVER ()`.
    """
    if versions is None:
        versions = table_versions(process, variant)
    version = chosen_version(versions, filters)
    reference = version or (versions[-1] if versions else None)
    representative = aliased(Suggestion)
    source = aliased(Version)
    outcome = func.coalesce(Suggestion.outcome, representative.outcome)
    where = [Suggestion.process_id == process.id]
    if variant is Variant.PUBLIC:
        where += [
            public_queries._answer_published(Suggestion, representative),
            public_queries._version_public(source),
        ]
    if filters.version is not None:
        where.append(Suggestion.version_id == version.id if version is not None else false())
    if filters.section:
        ids = _section_ids(reference, filters.section, process)
        where.append(
            Suggestion.id.in_(
                select(suggestion_sections.c.suggestion_id).where(
                    suggestion_sections.c.section_id.in_(ids)
                )
            )
            if ids
            else false()
        )
    if filters.outcome:
        where.append(outcome == filters.outcome)
    if filters.channel:
        where.append(Contribution.channel == filters.channel)
    if filters.language:
        where.append(Suggestion.language == filters.language)
    if filters.submitter_type:
        where.append(Contribution.submitter_type == filters.submitter_type)
    for term in words(filters.q)[:MAX_TERMS]:
        reason = func.coalesce(representative.public_reason, Suggestion.public_reason, "")
        passage = (
            _like(Suggestion.passage, term)
            if variant is Variant.INTERNAL
            else and_(_passage_public(), _like(Suggestion.passage, term))
        )
        where.append(or_(passage, _like(Suggestion.summary, term), _like(reason, term)))
    if filters.q and not words(filters.q):
        # Only punctuation or one-letter words: nothing can match.
        where.append(false())

    decided = func.coalesce(Suggestion.decided_at, representative.decided_at)
    order = _order(filters, outcome, decided, reference)
    statement = (
        select(Suggestion.id, func.count().over())
        .join(Contribution, Contribution.id == Suggestion.contribution_id)
        .outerjoin(representative, representative.id == Suggestion.representative_id)
        .outerjoin(source, source.id == Suggestion.version_id)
        .where(*where)
        .order_by(*order)
    )
    return statement, reference


def _order(filters: Filters, outcome, decided, reference: Version | None) -> list:
    from consult.triage.queue_queries import section_order

    number = Suggestion.number.desc() if filters.descending else Suggestion.number

    def directed(column):
        return column.desc() if filters.descending else column.asc()

    if filters.sort == "section":
        return [directed(section_order(reference.id if reference else None)), number]
    if filters.sort == "outcome":
        # In the order of the outcomes, from "accepted" to "out of scope"; undecided last.
        rank = case(
            {value.value: position for position, value in enumerate(Outcome)},
            value=outcome, else_=len(Outcome),
        )
        return [directed(rank), number]
    if filters.sort == "channel":
        return [directed(Contribution.channel), number]
    if filters.sort == "submitter":
        return [directed(Contribution.submitter_type), number]
    if filters.sort == "language":
        return [directed(Suggestion.language), number]
    if filters.sort == "decided":
        return [directed(decided).nulls_last(), number]
    return [number]


# --------------------------------------------------------------------- loading rows


def rows_for(ids: list[int], process: Process, variant: Variant, language: str,
             reference: Version | None) -> list[Row]:
    """Rows for these suggestion ids, in this order: a fixed number of queries."""
    if not ids:
        return []
    options = [
        joinedload(Suggestion.contribution).joinedload(Contribution.organisation),
        joinedload(Suggestion.contribution).joinedload(Contribution.author),
        joinedload(Suggestion.representative),
        selectinload(Suggestion.sections),
    ]
    if variant is Variant.INTERNAL:
        options.append(selectinload(Suggestion.recommendation))
    by_id = {
        s.id: s
        for s in db.session.scalars(
            select(Suggestion).where(Suggestion.id.in_(ids)).options(*options)
        ).unique()
    }
    suggestions = [by_id[i] for i in ids if i in by_id]
    answers = {s.id: services.answered_by(s) for s in suggestions}
    answer_ids = {a.id for a in answers.values()}

    translations = {
        t.suggestion_id: t
        for t in db.session.scalars(
            select(ReasonTranslation).where(
                ReasonTranslation.suggestion_id.in_(answer_ids),
                ReasonTranslation.language == language,
            )
        )
    }
    versions = {
        v.id: v
        for v in db.session.scalars(select(Version).where(Version.process_id == process.id))
    }
    sections = _section_refs(suggestions, versions, reference, language, process)
    changes = change_refs(answers, versions, public_only=variant is Variant.PUBLIC)
    deciders: dict[int, User] = {}
    if variant is Variant.INTERNAL:
        decider_ids = {a.decided_by_id for a in answers.values() if a.decided_by_id}
        if decider_ids:
            deciders = {
                u.id: u for u in db.session.scalars(select(User).where(User.id.in_(decider_ids)))
            }

    rows = []
    for suggestion in suggestions:
        answer = answers[suggestion.id]
        contribution = suggestion.contribution
        public = variant is Variant.PUBLIC
        passage_shown = (not public) or public_queries.passage_is_public(contribution)
        version = versions.get(suggestion.version_id) if suggestion.version_id else None
        row = Row(
            suggestion=suggestion,
            variant=variant,
            number=suggestion.number,
            label=services.label(suggestion),
            version_number=version.number if version else None,
            sections=sections.get(suggestion.id, []),
            passage=suggestion.passage if passage_shown else None,
            withheld=None if passage_shown else public_queries.withheld_reason(contribution),
            summary=suggestion.summary or "",
            passage_language=suggestion.language,
            submitter=(
                public_queries.submitter_name(contribution) if public
                else _internal_submitter(contribution)
            ),
            submitter_type=contribution.submitter_type,
            kind=contribution.kind,
            channel=contribution.channel,
            received_at=contribution.created_at,
            outcome=Outcome(answer.outcome) if answer.outcome else None,
            reason=public_queries.shown_reason(
                answer, translations.get(answer.id), process.original_language
            ),
            grouped_under=services.label(answer) if answer is not suggestion else None,
            decided_at=answer.decided_at,
            published_at=answer.published_at,
            changes=changes.get(suggestion.id, []),
        )
        if not public:
            row.status = (
                Status.PUBLISHED if answer.published_at
                else Status.DECIDED if answer.outcome else Status.OPEN
            )
            row.submitter_email = (
                contribution.author.email if contribution.author else contribution.submitter_email
            )
            row.submitter_address = contribution.submitter_address
            row.internal_note = answer.internal_note
            recommendation: Recommendation | None = answer.recommendation
            row.recommendation = Outcome(recommendation.outcome) if recommendation else None
            decider = deciders.get(answer.decided_by_id) if answer.decided_by_id else None
            row.decided_by = decider.display_name if decider else None
            row.contribution_id = contribution.id
        rows.append(row)
    return rows


def _internal_submitter(contribution: Contribution) -> str:
    """Every name staff know: the organisation, and the person who wrote or sent it."""
    from consult.accounts.services import person_name

    names = []
    if contribution.organisation is not None:
        names.append(contribution.organisation.name)
    if contribution.author is not None:
        names.append(person_name(contribution.author))
    elif contribution.submitter_name:
        names.append(contribution.submitter_name)
    return " / ".join(names) if names else contribution.submitter_type_title


def _section_refs(
    suggestions: list[Suggestion],
    versions: dict[int, Version],
    reference: Version | None,
    language: str,
    process: Process,
) -> dict[int, list[SectionRef]]:
    """suggestion id -> its sections, numbered and titled in the suggestion's own version if
    it has the section, else in the reference version: ONE query (plus texts)."""
    section_ids = {s.id for suggestion in suggestions for s in suggestion.sections}
    if not section_ids:
        return {}
    wanted_versions = {s.version_id for s in suggestions if s.version_id}
    if reference is not None:
        wanted_versions.add(reference.id)
    nodes: dict[tuple[int, int], SectionVersion] = {}
    if wanted_versions:
        for node in db.session.scalars(
            select(SectionVersion)
            .where(
                SectionVersion.version_id.in_(wanted_versions),
                SectionVersion.section_id.in_(section_ids),
            )
            .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
        ):
            nodes[(node.version_id, node.section_id)] = node
    result: dict[int, list[SectionRef]] = defaultdict(list)
    for suggestion in suggestions:
        for section in sorted(suggestion.sections, key=lambda s: s.key):
            node = nodes.get((suggestion.version_id, section.id)) if suggestion.version_id else None
            if node is None and reference is not None:
                node = nodes.get((reference.id, section.id))
            if node is None:
                result[suggestion.id].append(SectionRef(section.key, section.key, "", "", None))
                continue
            shown = plan_queries.shown_text(node, language, process.original_language)
            result[suggestion.id].append(
                SectionRef(
                    key=section.key,
                    number=node.number or section.key,
                    title=shown.title,
                    title_language=shown.language,
                    version_number=versions[node.version_id].number
                    if node.version_id in versions else None,
                )
            )
    for refs in result.values():
        refs.sort(key=lambda r: number_key(r.number))
    return dict(result)


def number_key(number: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 10**6 for p in number.split("."))


def change_refs(
    answers: dict[int, Suggestion], versions: dict[int, Version], *, public_only: bool
) -> dict[int, list[ChangeRef]]:
    """suggestion id -> the text changes linked to it or to its group's answer, where
    `answers` maps each suggestion's id to the suggestion that carries its answer: ONE query.
    `public_only` leaves out changes in versions the public cannot see."""
    if not answers:
        return {}
    ids = set(answers) | {a.id for a in answers.values()}
    rows = db.session.execute(
        select(ResultingChange.suggestion_id, ResultingChange.version_id, Section.key,
               SectionVersion.number)
        .join(Section, Section.id == ResultingChange.section_id)
        .outerjoin(
            SectionVersion,
            and_(
                SectionVersion.section_id == ResultingChange.section_id,
                SectionVersion.version_id == ResultingChange.version_id,
            ),
        )
        .where(ResultingChange.suggestion_id.in_(ids))
        .order_by(ResultingChange.id)
    ).all()
    by_source: dict[int, list[ChangeRef]] = defaultdict(list)
    for suggestion_id, version_id, key, number in rows:
        version = versions.get(version_id)
        if version is None or (public_only and not version.is_public):
            continue
        by_source[suggestion_id].append(ChangeRef(version.number, key, number or key))
    result: dict[int, list[ChangeRef]] = {}
    for suggestion_id, answer in answers.items():
        seen, refs = set(), []
        for source in (suggestion_id, answer.id):
            for ref in by_source.get(source, []):
                if (ref.version_number, ref.section_key) not in seen:
                    seen.add((ref.version_number, ref.section_key))
                    refs.append(ref)
        if refs:
            result[suggestion_id] = refs
    return result


# --------------------------------------------------------------------- entry points


def page_arg(args: Mapping) -> int:
    try:
        page = int(args.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return page if 0 < page <= MAX_PAGE else 1


def per_page_arg(args: Mapping) -> int:
    try:
        value = int(args.get("per_page", PAGE_SIZE))
    except (TypeError, ValueError):
        return PAGE_SIZE
    return value if value in PAGE_SIZES else PAGE_SIZE


def page(
    process: Process,
    filters: Filters,
    *,
    variant: Variant = Variant.PUBLIC,
    language: str,
    page: int = 1,
    per_page: int = PAGE_SIZE,
    versions: list[Version] | None = None,
) -> Page:
    """One page of the table."""
    statement, reference = selection(process, filters, variant, versions)
    found = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page)).all()
    total = int(found[0][1]) if found else 0
    if not found and page > 1:
        total = db.session.scalar(
            select(func.count()).select_from(statement.order_by(None).subquery())
        ) or 0
    rows = rows_for([i for i, _count in found], process, variant, language, reference)
    return Page(rows, total, page, per_page)


def count(process: Process, filters: Filters, *, variant: Variant = Variant.PUBLIC,
          versions: list[Version] | None = None) -> int:
    statement, _reference = selection(process, filters, variant, versions)
    return db.session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    ) or 0


def iter_rows(
    process: Process,
    filters: Filters,
    *,
    variant: Variant = Variant.PUBLIC,
    language: str,
    chunk: int = CHUNK,
) -> Iterator[Row]:
    """Every row the filters keep, in order, loaded `chunk` at a time: memory stays bounded
    by the chunk whatever the size of the table (only the ordered ids are held)."""
    statement, reference = selection(process, filters, variant)
    ids = [i for i, _count in db.session.execute(statement)]
    for start in range(0, len(ids), chunk):
        # The session's identity map holds objects weakly: written-out rows are freed.
        yield from rows_for(ids[start:start + chunk], process, variant, language, reference)

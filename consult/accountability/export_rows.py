"""The rows of the disposition table for a download: the same `disposition.Row`s as the table
pages show, read for tens of thousands of suggestions at a time.

`disposition.rows_for` loads full ORM objects (a suggestion, its contribution, author,
organisation, representative, sections, texts...) for every row: right for a page of 50, but
most of an export's time at 20,000 rows. Here the filter and the order still come from
`disposition.selection`, and the rules of what the public may see still from
`public_queries` (fed plain records instead of ORM objects), but the rows are read with one
plain query of only the columns a row needs, streamed a chunk at a time (a server-side
cursor on PostgreSQL), plus, per chunk, one query for the rows' sections and one for their
text changes. Section titles and version numbers are looked up once per export, not once
per row: the queries of an export grow with the chunks, not the rows.

Rows carry no ORM object: `Row.suggestion` is None (no file format uses it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, and_, any_, bindparam, case, func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from consult.accountability import disposition
from consult.accountability.disposition import (
    ChangeRef,
    Filters,
    Row,
    SectionRef,
    Status,
    Variant,
)
from consult.accounts.models import Organisation, User
from consult.accounts.services import person_name
from consult.extensions import db
from consult.participation.models import Contribution, SubmitterType
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.triage import public_queries
from consult.triage.models import (
    Outcome,
    ReasonTranslation,
    Recommendation,
    ResultingChange,
    Suggestion,
)
from consult.triage.models import suggestion_sections as links

# Rows read at once from the streamed query; each chunk adds a query for its sections and one
# for its text changes.
CHUNK = 1000


# --------------------------------------------------------------------- plain records

@dataclass(slots=True)
class Person:
    """What `person_name` asks of an account."""

    display_name: str
    deleted_at: datetime | None
    email: str | None


@dataclass(slots=True)
class _Organisation:
    name: str


@dataclass(slots=True)
class _Contribution:
    """What `public_queries` asks of a contribution."""

    id: int
    kind: str
    channel: str
    submitter_type: str
    status: str
    hidden_at: datetime | None
    publish_text: bool
    publish_name: bool
    body_id: int | None
    submitter_name: str | None
    submitter_email: str | None
    submitter_address: str | None
    created_at: datetime
    organisation: _Organisation | None
    author: Person | None
    submitter_type_title: str


@dataclass(slots=True)
class _Answer:
    """The suggestion that carries the answer (itself, or its group's representative)."""

    id: int
    number: int
    outcome: str | None
    public_reason: str | None
    internal_note: str | None
    decided_at: datetime | None
    published_at: datetime | None


@dataclass(slots=True)
class _Translation:
    text: str
    language: str
    origin: str
    source_fingerprint: str


# --------------------------------------------------------------------- queries


def among(column, ids: list[int]):
    """`column IN ids`; on PostgreSQL as `= ANY(array)`: one parameter instead of a thousand,
    so the statement is planned (and its text built) once, not once per chunk."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(ids)



def _rows_query(selection, variant: Variant, language: str):
    """The table's selection (filter and order from `disposition.selection`) with every
    column a row needs instead of the ids: one row per suggestion, in the table's order.

    Positions of the columns, as `_Reader` reads them: 0-5 the suggestion, 6 its
    representative's id, 7-11 its own answer, 12-17 the representative's number and answer,
    18-30 the contribution, 31-32 the organisation, 33-36 the author, 37-40 the reason's
    translation, (internal only) 41 the decider's name and 42 the recommended outcome."""
    s = Suggestion
    r = aliased(Suggestion)
    author = aliased(User)
    answer_id = func.coalesce(s.representative_id, s.id)
    columns = [
        s.id, s.number, s.version_id, s.passage, s.summary, s.language, s.representative_id,
        s.outcome, s.public_reason, s.internal_note, s.decided_at, s.published_at,
        r.number, r.outcome, r.public_reason, r.internal_note, r.decided_at, r.published_at,
        Contribution.id, Contribution.kind, Contribution.channel, Contribution.submitter_type,
        Contribution.status, Contribution.hidden_at, Contribution.publish_text,
        Contribution.publish_name, Contribution.body_id, Contribution.submitter_name,
        Contribution.submitter_email, Contribution.submitter_address, Contribution.created_at,
        Contribution.organisation_id, Organisation.name,
        Contribution.author_id, author.display_name, author.deleted_at, author.email,
        ReasonTranslation.text, ReasonTranslation.language, ReasonTranslation.origin,
        ReasonTranslation.source_fingerprint,
    ]
    if variant is Variant.INTERNAL:
        decider = aliased(User)
        columns += [decider.display_name, Recommendation.outcome]
    # The selection already joins the contribution; it keeps its WHERE and ORDER BY.
    query = (
        selection.with_only_columns(*columns, maintain_column_froms=False)
        .outerjoin(r, r.id == s.representative_id)
        .outerjoin(Organisation, Organisation.id == Contribution.organisation_id)
        .outerjoin(author, author.id == Contribution.author_id)
        .outerjoin(ReasonTranslation, and_(ReasonTranslation.suggestion_id == answer_id,
                                           ReasonTranslation.language == language))
    )
    if variant is Variant.INTERNAL:
        query = (
            query.outerjoin(decider, decider.id == case(
                (s.representative_id.is_not(None), r.decided_by_id), else_=s.decided_by_id))
            .outerjoin(Recommendation, Recommendation.suggestion_id == answer_id)
        )
    return query


# --------------------------------------------------------------------- sections


class _Sections:
    """Section numbers and titles per (version, section), looked up as chunks need them and
    kept for the rest of the export (bounded by the size of the plan, not the table)."""

    def __init__(self, process: Process, reference: Version | None, language: str,
                 versions: dict[int, Version]) -> None:
        self.process = process
        self.reference = reference
        self.language = language
        self.versions = versions
        self.known: dict[tuple[int, int], SectionRef | None] = {}

    def load(self, pairs: set[tuple[int, int]]) -> None:
        missing = {pair for pair in pairs if pair not in self.known}
        if not missing:
            return
        version_ids = {v for v, _s in missing}
        section_ids = {s for _v, s in missing}
        for pair in missing:
            self.known[pair] = None
        for node in db.session.scalars(
            select(SectionVersion)
            .where(SectionVersion.version_id.in_(version_ids),
                   SectionVersion.section_id.in_(section_ids))
            .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
        ):
            pair = (node.version_id, node.section_id)
            if pair not in missing:
                continue
            shown = plan_queries.shown_text(node, self.language, self.process.original_language)
            version = self.versions.get(node.version_id)
            self.known[pair] = SectionRef(
                key=node.section.key,
                number=node.number or node.section.key,
                title=shown.title,
                title_language=shown.language,
                version_number=version.number if version else None,
            )

    def refs(self, version_id: int | None, sections: list[tuple[str, int]]) -> list[SectionRef]:
        """A suggestion's sections, numbered and titled in its own version if that has the
        section, else in the reference version (as `disposition._section_refs`)."""
        result = []
        for key, section_id in sorted(sections):
            ref = self.known.get((version_id, section_id)) if version_id else None
            if ref is None and self.reference is not None:
                ref = self.known.get((self.reference.id, section_id))
            result.append(ref if ref is not None else SectionRef(key, key, "", "", None))
        if len(result) > 1:
            result.sort(key=lambda ref: disposition.number_key(ref.number))
        return result


def _chunk_sections(ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for suggestion_id, key, section_id in db.session.execute(
        select(links.c.suggestion_id, Section.key, Section.id)
        .join(Section, Section.id == links.c.section_id)
        .where(among(links.c.suggestion_id, ids))
    ):
        found[suggestion_id].append((key, section_id))
    return found


# --------------------------------------------------------------------- rows


class _Reader:
    """Reads the rows of one export chunk by chunk; keeps what every chunk shares (versions,
    section titles, titles of submitter types, organisations)."""

    def __init__(self, process: Process, variant: Variant, language: str,
                 reference: Version | None) -> None:
        self.process = process
        self.variant = variant
        self.public = variant is Variant.PUBLIC
        self.language = language
        self.reference = reference
        self.versions = {
            v.id: v
            for v in db.session.scalars(select(Version).where(Version.process_id == process.id))
        }
        self.sections = _Sections(process, reference, language, self.versions)
        self.type_titles: dict[str, str] = {}
        self.organisations: dict[int, _Organisation] = {}

    def _type_title(self, value: str) -> str:
        title = self.type_titles.get(value)
        if title is None:
            title = self.type_titles[value] = SubmitterType(value).title
        return title

    def _organisation(self, organisation_id: int | None, name: str | None):
        if organisation_id is None:
            return None
        found = self.organisations.get(organisation_id)
        if found is None:
            found = self.organisations[organisation_id] = _Organisation(name or "")
        return found

    def _contribution(self, row) -> _Contribution:
        author = Person(*row[34:37]) if row[33] is not None else None
        return _Contribution(*row[18:31], self._organisation(row[31], row[32]), author,
                             self._type_title(row[21]))

    def rows(self, found: list) -> list[Row]:
        """The rows of a chunk of `_rows_query`'s result: two more queries (sections and text
        changes), and one for section titles not looked up yet."""
        if not found:
            return []
        by_suggestion = _chunk_sections([row[0] for row in found])
        reference_id = self.reference.id if self.reference is not None else None
        self.sections.load({
            (version_id, section_id)
            for row in found
            for _key, section_id in by_suggestion.get(row[0], [])
            for version_id in (row[2], reference_id)
            if version_id is not None
        })
        answers: dict[int, _Answer] = {}
        for row in found:
            if row[6] is not None:  # grouped: the representative answers
                answers[row[0]] = _Answer(row[6], row[12], *row[13:18])
            else:
                answers[row[0]] = _Answer(row[0], row[1], *row[7:12])
        changes = self._changes(answers)
        return [self._row(row, answers[row[0]], by_suggestion.get(row[0], []),
                          changes.get(row[0], [])) for row in found]

    def _changes(self, answers: dict[int, _Answer]) -> dict[int, list[ChangeRef]]:
        """As `disposition.change_refs`: suggestion id -> the text changes linked to it or to
        its group's answer, in the order they were linked; the public sees only changes in
        public versions. One query."""
        ids = list(set(answers) | {a.id for a in answers.values()})
        by_source: dict[int, list[ChangeRef]] = defaultdict(list)
        for suggestion_id, version_id, key, number in db.session.execute(
            select(ResultingChange.suggestion_id, ResultingChange.version_id, Section.key,
                   SectionVersion.number)
            .join(Section, Section.id == ResultingChange.section_id)
            .outerjoin(SectionVersion, and_(
                SectionVersion.section_id == ResultingChange.section_id,
                SectionVersion.version_id == ResultingChange.version_id,
            ))
            .where(among(ResultingChange.suggestion_id, ids))
            .order_by(ResultingChange.id)
        ):
            version = self.versions.get(version_id)
            if version is None or (self.public and not version.is_public):
                continue
            by_source[suggestion_id].append(ChangeRef(version.number, key, number or key))
        result: dict[int, list[ChangeRef]] = {}
        for suggestion_id, answer in answers.items():
            seen, refs = set(), []
            for source in (suggestion_id, answer.id):
                for ref in by_source.get(source, ()):
                    if (ref.version_number, ref.section_key) not in seen:
                        seen.add((ref.version_number, ref.section_key))
                        refs.append(ref)
            if refs:
                result[suggestion_id] = refs
        return result

    def _row(self, row, answer: _Answer, sections: list[tuple[str, int]],
             changes: list[ChangeRef]) -> Row:
        public = self.public
        suggestion_id, number, version_id, passage, summary, passage_language = row[:6]
        contribution = self._contribution(row)
        translation = _Translation(*row[37:41]) if row[37] is not None else None
        passage_shown = (not public) or public_queries.passage_is_public(contribution)
        version = self.versions.get(version_id) if version_id else None
        item = Row(
            suggestion=None,  # type: ignore[arg-type]
            variant=self.variant,
            number=number,
            label=f"A-{number}",
            version_number=version.number if version else None,
            sections=self.sections.refs(version_id, sections),
            passage=passage if passage_shown else None,
            withheld=None if passage_shown else public_queries.withheld_reason(contribution),
            summary=summary or "",
            passage_language=passage_language,
            submitter=(
                public_queries.submitter_name(contribution) if public
                else _internal_submitter(contribution)
            ),
            submitter_type=contribution.submitter_type,
            kind=contribution.kind,
            channel=contribution.channel,
            received_at=contribution.created_at,
            outcome=Outcome(answer.outcome) if answer.outcome else None,
            reason=public_queries.shown_reason(answer, translation,
                                               self.process.original_language),
            grouped_under=f"A-{answer.number}" if answer.id != suggestion_id else None,
            decided_at=answer.decided_at,
            published_at=answer.published_at,
            changes=changes,
        )
        if not public:
            item.status = (
                Status.PUBLISHED if answer.published_at
                else Status.DECIDED if answer.outcome else Status.OPEN
            )
            author = contribution.author
            item.submitter_email = author.email if author else contribution.submitter_email
            item.submitter_address = contribution.submitter_address
            item.internal_note = answer.internal_note
            item.recommendation = Outcome(row[42]) if row[42] else None
            item.decided_by = row[41]
            item.contribution_id = contribution.id
        return item


def _internal_submitter(contribution: _Contribution) -> str:
    """As `disposition._internal_submitter`: the organisation and the person."""
    names = []
    if contribution.organisation is not None:
        names.append(contribution.organisation.name)
    if contribution.author is not None:
        names.append(person_name(contribution.author))  # type: ignore[arg-type]
    elif contribution.submitter_name:
        names.append(contribution.submitter_name)
    return " / ".join(names) if names else contribution.submitter_type_title


def iter_rows(process: Process, filters: Filters, *, variant: Variant = Variant.PUBLIC,
              language: str, chunk: int | None = None) -> Iterator[Row]:
    """Every row the filters keep, in the table's order: one query whose result is read
    `chunk` (default `CHUNK`) rows at a time (a server-side cursor on PostgreSQL), so memory
    is bounded by the chunk whatever the size of the table."""
    statement, reference = disposition.selection(process, filters, variant)
    reader = _Reader(process, variant, language, reference)
    result = db.session.execute(_rows_query(statement, variant, language),
                                execution_options={"yield_per": chunk or CHUNK})
    try:
        for partition in result.partitions():
            yield from reader.rows(partition)
    finally:
        result.close()

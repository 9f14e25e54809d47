"""Exports for staff analysis: every contribution and every suggestion of a process, one row
each, in every state, with names and e-mail addresses (CSV and XLSX).

Both walk the table by id a chunk at a time (keyset pagination) with plain queries of the
columns a row needs (no ORM objects): a fixed number of queries per chunk, memory bounded
by the chunk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from consult.accountability import exports
from consult.accountability.disposition import Status
from consult.accountability.export_rows import Person, among
from consult.accounts.models import Organisation, User
from consult.accounts.services import person_name
from consult.extensions import db
from consult.participation.models import (
    Channel,
    Contribution,
    ContributionKind,
    ContributionStatus,
    SubmitterType,
    contribution_sections,
)
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.triage.models import (
    Group,
    Outcome,
    Recommendation,
    ResultingChange,
    Suggestion,
    Tag,
    suggestion_sections,
    suggestion_tags,
)

CHUNK = 1000


def _versions(process: Process) -> dict[int, int]:
    """version id -> number."""
    return dict(db.session.execute(
        select(Version.id, Version.number).where(Version.process_id == process.id)
    ).all())


def _title(enum_cls, value: str | None, lookups: exports.Lookups) -> str:
    """The title of a stored enum value; an unknown value as it is."""
    if not value:
        return ""
    try:
        return lookups.title(enum_cls(value))
    except ValueError:
        return value


def _name(person: Person | None) -> str:
    return person_name(person) if person is not None else ""  # type: ignore[arg-type]


def _person(user_id: int | None, display_name: str | None,
            deleted_at: datetime | None) -> Person | None:
    return Person(display_name or "", deleted_at, None) if user_id is not None else None


# --------------------------------------------------------------------- contributions


@dataclass(slots=True)
class ContributionRow:
    id: int
    receipt_number: str | None
    kind: str
    channel: str
    submitter_type: str
    organisation: str
    name: str
    email: str
    language: str
    status: str
    hidden: bool
    received_on: date | None
    created_at: datetime
    is_late: bool
    version_number: int | None
    sections: str
    suggestions: int
    split_done: bool
    title: str | None
    body: str


def _contribution_query(process: Process, last: int, chunk: int):
    author = aliased(User)
    return (
        select(
            Contribution.id, Contribution.receipt_number, Contribution.kind,
            Contribution.channel, Contribution.submitter_type, Organisation.name,
            Contribution.author_id, author.display_name, author.deleted_at, author.email,
            Contribution.submitter_name, Contribution.submitter_email, Contribution.language,
            Contribution.status, Contribution.hidden_at, Contribution.received_on,
            Contribution.created_at, Contribution.is_late, Contribution.version_id,
            Section.key, Contribution.split_done_at, Contribution.title, Contribution.body,
        )
        .outerjoin(Organisation, Organisation.id == Contribution.organisation_id)
        .outerjoin(author, author.id == Contribution.author_id)
        .outerjoin(Section, Section.id == Contribution.section_id)
        .where(Contribution.process_id == process.id, Contribution.id > last)
        .order_by(Contribution.id)
        .limit(chunk)
    )


def iter_contributions(process: Process, chunk: int | None = None) -> Iterator[ContributionRow]:
    chunk = chunk or CHUNK
    versions = _versions(process)
    last = 0
    while True:
        batch = db.session.execute(_contribution_query(process, last, chunk)).all()
        if not batch:
            return
        ids = [row[0] for row in batch]
        counts = dict(db.session.execute(
            select(Suggestion.contribution_id, func.count())
            .where(among(Suggestion.contribution_id, ids))
            .group_by(Suggestion.contribution_id)
        ).all())
        keys: dict[int, set[str]] = defaultdict(set)
        for contribution_id, key in db.session.execute(
            select(contribution_sections.c.contribution_id, Section.key)
            .join(Section, Section.id == contribution_sections.c.section_id)
            .where(among(contribution_sections.c.contribution_id, ids))
        ):
            keys[contribution_id].add(key)
        for (id_, receipt, kind, channel, submitter_type, organisation, author_id,
             author_name, author_deleted, author_email, submitter_name, submitter_email,
             language, status, hidden_at, received_on, created_at, is_late, version_id,
             section_key, split_done_at, title, body) in batch:
            author = _person(author_id, author_name, author_deleted)
            sections = keys.get(id_, set())
            if section_key is not None:
                sections = sections | {section_key}
            yield ContributionRow(
                id=id_, receipt_number=receipt, kind=kind, channel=channel,
                submitter_type=submitter_type, organisation=organisation or "",
                name=_name(author) if author is not None else (submitter_name or ""),
                email=(author_email or "") if author is not None else (submitter_email or ""),
                language=language, status=status, hidden=hidden_at is not None,
                received_on=received_on, created_at=created_at, is_late=is_late,
                version_number=versions.get(version_id), sections="; ".join(sorted(sections)),
                suggestions=counts.get(id_, 0), split_done=split_done_at is not None,
                title=title, body=body,
            )
        last = batch[-1][0]


def contribution_columns(lookups: exports.Lookups) -> list[exports.Column]:
    C = exports.Column  # noqa: N806
    language = lookups.language
    return [
        C(_("ID"), lambda r: r.id, 8),
        C(_("Receipt number"), lambda r: r.receipt_number, 16),
        C(_("Kind"), lambda r: _title(ContributionKind, r.kind, lookups), 16),
        C(_("Channel"), lambda r: _title(Channel, r.channel, lookups), 16),
        C(_("Submitter type"), lambda r: _title(SubmitterType, r.submitter_type, lookups), 16),
        C(_("Organisation"), lambda r: r.organisation, 24),
        C(_("Name"), lambda r: r.name, 22),
        C(_("E-mail"), lambda r: r.email, 26),
        C(_("Language"), lambda r: language(r.language), 12),
        C(_("Status"), lambda r: _title(ContributionStatus, r.status, lookups), 14),
        C(_("Hidden"), lambda r: r.hidden, 8),
        C(_("Received on"), lambda r: r.received_on, 12),
        C(_("Created at"), lambda r: r.created_at, 16),
        C(_("Late"), lambda r: r.is_late, 8),
        C(_("Version"), lambda r: r.version_number, 8),
        C(_("Sections"), lambda r: r.sections, 16),
        C(_("Suggestions taken"), lambda r: r.suggestions, 10),
        C(_("Split done"), lambda r: r.split_done, 10),
        C(_("Title"), lambda r: r.title, 30),
        C(_("Text"), lambda r: r.body, 80),
    ]


# --------------------------------------------------------------------- suggestions


@dataclass(slots=True)
class SuggestionRow:
    """A suggestion and its answer (its own, or its group's representative's)."""

    id: int
    number: int
    contribution_id: int
    version_number: int | None
    sections: str
    language: str
    summary: str
    passage: str
    group: str
    assignee: str
    tags: str
    status: Status
    recommendation: str | None
    answer_id: int
    answer_number: int
    outcome: str | None
    public_reason: str | None
    internal_note: str | None
    decided_by: str
    decided_at: datetime | None
    published_at: datetime | None
    changes: list[str]


def _suggestion_query(process: Process, last: int, chunk: int):
    s = Suggestion
    r = aliased(Suggestion)
    assignee = aliased(User)
    decider = aliased(User)
    grouped = s.representative_id.is_not(None)

    def answer(column: str):
        return case((grouped, getattr(r, column)), else_=getattr(s, column))

    return (
        select(
            s.id, s.number, s.contribution_id, s.version_id, s.language, s.summary, s.passage,
            Group.name, s.assignee_id, assignee.display_name, assignee.deleted_at,
            Recommendation.outcome, func.coalesce(r.id, s.id), func.coalesce(r.number, s.number),
            answer("outcome"), answer("public_reason"), answer("internal_note"),
            decider.id, decider.display_name, decider.deleted_at,
            answer("decided_at"), answer("published_at"),
        )
        .outerjoin(r, r.id == s.representative_id)
        .outerjoin(Group, Group.id == s.group_id)
        .outerjoin(assignee, assignee.id == s.assignee_id)
        .outerjoin(decider, decider.id == answer("decided_by_id"))
        .outerjoin(Recommendation, Recommendation.suggestion_id == s.id)
        .where(s.process_id == process.id, s.number > last)
        .order_by(s.number)
        .limit(chunk)
    )


def _keys(link_table, column: str, ids: list[int]) -> dict[int, str]:
    """suggestion id -> its section keys (or tag names), sorted, joined by "; "."""
    target, name = (Section, Section.key) if column == "section_id" else (Tag, Tag.name)
    found: dict[int, list[str]] = defaultdict(list)
    for suggestion_id, value in db.session.execute(
        select(link_table.c.suggestion_id, name)
        .join(target, target.id == link_table.c[column])
        .where(among(link_table.c.suggestion_id, ids))
    ):
        found[suggestion_id].append(value)
    return {key: "; ".join(sorted(values)) for key, values in found.items()}


def _changes(pairs: dict[int, int], versions: dict[int, int],
             lookups: exports.Lookups) -> dict[int, list[str]]:
    """suggestion id -> "Version 2: 1.1" for each change linked to it or its answer, where
    `pairs` maps each suggestion's id to the id of the suggestion that answers it."""
    ids = list(set(pairs) | set(pairs.values()))
    found = db.session.execute(
        select(ResultingChange.suggestion_id, ResultingChange.version_id, Section.key,
               SectionVersion.number)
        .join(Section, Section.id == ResultingChange.section_id)
        .outerjoin(SectionVersion, (SectionVersion.section_id == ResultingChange.section_id)
                   & (SectionVersion.version_id == ResultingChange.version_id))
        .where(among(ResultingChange.suggestion_id, ids))
        .order_by(ResultingChange.id)
    ).all()
    by_source: dict[int, list[str]] = defaultdict(list)
    for suggestion_id, version_id, key, number in found:
        version = versions.get(version_id, "?")
        label = lookups.once(("version", version),
                             lambda version=version: _("Version %(number)s", number=version))
        by_source[suggestion_id].append(f"{label}: {number or key}")
    result = {}
    for suggestion_id, answer_id in pairs.items():
        texts = by_source.get(suggestion_id, []) + (
            by_source.get(answer_id, []) if answer_id != suggestion_id else []
        )
        if texts:
            result[suggestion_id] = list(dict.fromkeys(texts))
    return result


def iter_suggestions(process: Process, chunk: int | None = None,
                     lookups: exports.Lookups | None = None) -> Iterator[SuggestionRow]:
    chunk = chunk or CHUNK
    lookups = lookups or exports.Lookups(exports.ui_language())
    versions = _versions(process)
    last = 0
    while True:
        batch = db.session.execute(_suggestion_query(process, last, chunk)).all()
        if not batch:
            return
        ids = [row[0] for row in batch]
        sections = _keys(suggestion_sections, "section_id", ids)
        tags = _keys(suggestion_tags, "tag_id", ids)
        changes = _changes({row[0]: row[12] for row in batch}, versions, lookups)
        for (id_, number, contribution_id, version_id, language, summary, passage, group,
             assignee_id, assignee_name, assignee_deleted, recommendation, answer_id,
             answer_number, outcome, public_reason, internal_note, decider_id, decider_name,
             decider_deleted, decided_at, published_at) in batch:
            yield SuggestionRow(
                id=id_, number=number, contribution_id=contribution_id,
                version_number=versions.get(version_id), sections=sections.get(id_, ""),
                language=language, summary=summary, passage=passage, group=group or "",
                assignee=_name(_person(assignee_id, assignee_name, assignee_deleted)),
                tags=tags.get(id_, ""),
                status=(Status.PUBLISHED if published_at
                        else Status.DECIDED if outcome else Status.OPEN),
                recommendation=recommendation, answer_id=answer_id,
                answer_number=answer_number, outcome=outcome, public_reason=public_reason,
                internal_note=internal_note,
                decided_by=_name(_person(decider_id, decider_name, decider_deleted)),
                decided_at=decided_at, published_at=published_at,
                changes=changes.get(id_, []),
            )
        last = batch[-1][1]


def suggestion_columns(lookups: exports.Lookups) -> list[exports.Column]:
    C = exports.Column  # noqa: N806
    language, title = lookups.language, lookups.title
    return [
        C(_("Number"), lambda r: f"A-{r.number}", 9),
        C(_("Contribution"), lambda r: r.contribution_id, 12),
        C(_("Version"), lambda r: r.version_number, 8),
        C(_("Sections"), lambda r: r.sections, 16),
        C(_("Language"), lambda r: language(r.language), 12),
        C(_("Summary"), lambda r: r.summary, 40),
        C(_("Passage"), lambda r: r.passage, 60),
        C(_("Group"), lambda r: r.group, 18),
        C(_("Assigned to"), lambda r: r.assignee, 18),
        C(_("Tags"), lambda r: r.tags, 18),
        C(_("Status"), lambda r: title(r.status), 16),
        C(_("Recommendation"), lambda r: _title(Outcome, r.recommendation, lookups), 18),
        C(_("Outcome"), lambda r: _title(Outcome, r.outcome, lookups), 18),
        C(_("Public reason"), lambda r: r.public_reason, 50),
        C(_("Internal note"), lambda r: r.internal_note, 40),
        C(_("Decided by"), lambda r: r.decided_by, 18),
        C(_("Decided at"), lambda r: r.decided_at, 16),
        C(_("Published at"), lambda r: r.published_at, 16),
        C(_("Answered together with"), lambda r: f"A-{r.answer_number}"
          if r.answer_id != r.id else "", 12),
        C(_("Resulting changes to the text"), lambda r: "; ".join(r.changes), 24),
    ]


# --------------------------------------------------------------------- a whole export

KINDS = {
    "contributions": (iter_contributions, contribution_columns),
    "suggestions": (iter_suggestions, suggestion_columns),
}


def prepare(process: Process, what: str, fmt: str) -> exports.Prepared:
    """The CSV lines or the finished XLSX file of one staff export."""
    walk, columns_for = KINDS[what]
    language = exports.ui_language()
    about = exports.Heading(
        process_title=process.title(language),
        title=_("Contributions") if what == "contributions" else _("Suggestions"),
        variant=_("Internal variant: contains personal data, not for publication"),
        date=exports.today(),
        language=language,
        filtered=False,
    )
    name = exports.file_name(process.slug, what, None, about.date, fmt)
    lookups = exports.Lookups(language)
    columns = columns_for(lookups)
    if fmt == "csv":
        process_id = process.id
        lines = exports.csv_lines(columns, lambda: walk(db.session.get(Process, process_id)),
                                  lookups=lookups)
        return exports.Prepared(fmt, name, lines=lines, about=about)
    handle = exports.spooled()
    try:
        exports.write_xlsx(handle, about.title, columns, walk(process), about, lookups=lookups)
    except BaseException:
        handle.close()
        raise
    return exports.Prepared(fmt, name, handle=handle, about=about)

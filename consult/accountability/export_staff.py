"""Exports for staff analysis: every contribution and every suggestion of a process, one row
each, in every state, with names and e-mail addresses (CSV and XLSX).

Both walk the table by id a chunk at a time (keyset pagination): a fixed number of queries
per chunk, memory bounded by the chunk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from consult.accountability import exports
from consult.accountability.disposition import Status
from consult.accounts.models import User
from consult.accounts.services import person_name
from consult.extensions import db
from consult.i18n import language_name_in
from consult.participation.models import (
    Channel,
    Contribution,
    ContributionKind,
    ContributionStatus,
    SubmitterType,
)
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.triage import services
from consult.triage.models import Outcome, ResultingChange, Suggestion

CHUNK = 500


def _versions(process: Process) -> dict[int, int]:
    """version id -> number."""
    return dict(db.session.execute(
        select(Version.id, Version.number).where(Version.process_id == process.id)
    ).all())


def _title(enum_cls, value: str | None) -> str:
    if not value:
        return ""
    try:
        return enum_cls(value).title
    except ValueError:
        return value


# --------------------------------------------------------------------- contributions


@dataclass
class ContributionRow:
    contribution: Contribution
    version_number: int | None
    suggestions: int

    @property
    def name(self) -> str:
        c = self.contribution
        if c.author is not None:
            return person_name(c.author)
        return c.submitter_name or ""

    @property
    def email(self) -> str:
        c = self.contribution
        return c.author.email if c.author is not None else (c.submitter_email or "")

    @property
    def sections(self) -> str:
        c = self.contribution
        keys = {s.key for s in c.sections}
        if c.section is not None:
            keys.add(c.section.key)
        return "; ".join(sorted(keys))


def iter_contributions(process: Process, chunk: int = CHUNK) -> Iterator[ContributionRow]:
    versions = _versions(process)
    last = 0
    while True:
        batch = db.session.scalars(
            select(Contribution)
            .where(Contribution.process_id == process.id, Contribution.id > last)
            .order_by(Contribution.id)
            .limit(chunk)
            .options(
                joinedload(Contribution.organisation),
                joinedload(Contribution.author),
                joinedload(Contribution.section),
                selectinload(Contribution.sections),
            )
        ).unique().all()
        if not batch:
            return
        counts = dict(db.session.execute(
            select(Suggestion.contribution_id, func.count())
            .where(Suggestion.contribution_id.in_([c.id for c in batch]))
            .group_by(Suggestion.contribution_id)
        ).all())
        for contribution in batch:
            yield ContributionRow(
                contribution, versions.get(contribution.version_id), counts.get(contribution.id, 0)
            )
        last = batch[-1].id


def contribution_columns(ui: str) -> list[exports.Column]:
    C = exports.Column  # noqa: N806
    return [
        C(_("ID"), lambda r: r.contribution.id, 8),
        C(_("Receipt number"), lambda r: r.contribution.receipt_number, 16),
        C(_("Kind"), lambda r: _title(ContributionKind, r.contribution.kind), 16),
        C(_("Channel"), lambda r: _title(Channel, r.contribution.channel), 16),
        C(_("Submitter type"), lambda r: _title(SubmitterType, r.contribution.submitter_type), 16),
        C(_("Organisation"), lambda r: r.contribution.organisation.name
          if r.contribution.organisation else "", 24),
        C(_("Name"), lambda r: r.name, 22),
        C(_("E-mail"), lambda r: r.email, 26),
        C(_("Language"), lambda r: language_name_in(r.contribution.language, ui), 12),
        C(_("Status"), lambda r: _title(ContributionStatus, r.contribution.status), 14),
        C(_("Hidden"), lambda r: r.contribution.hidden_at is not None, 8),
        C(_("Received on"), lambda r: r.contribution.received_on, 12),
        C(_("Created at"), lambda r: r.contribution.created_at, 16),
        C(_("Late"), lambda r: r.contribution.is_late, 8),
        C(_("Version"), lambda r: r.version_number, 8),
        C(_("Sections"), lambda r: r.sections, 16),
        C(_("Suggestions taken"), lambda r: r.suggestions, 10),
        C(_("Split done"), lambda r: r.contribution.split_done_at is not None, 10),
        C(_("Title"), lambda r: r.contribution.title, 30),
        C(_("Text"), lambda r: r.contribution.body, 80),
    ]


# --------------------------------------------------------------------- suggestions


@dataclass
class SuggestionRow:
    suggestion: Suggestion
    version_number: int | None
    users: dict[int, User]
    changes: list[str]

    @property
    def answer(self) -> Suggestion:
        return services.answered_by(self.suggestion)

    @property
    def status(self) -> str:
        answer = self.answer
        status = (Status.PUBLISHED if answer.published_at
                  else Status.DECIDED if answer.outcome else Status.OPEN)
        return status.title

    def user(self, user_id: int | None) -> str:
        user = self.users.get(user_id) if user_id else None
        return person_name(user) if user is not None else ""

    @property
    def decided_at(self) -> datetime | None:
        return self.answer.decided_at

    @property
    def recommendation(self) -> str:
        recommendation = self.suggestion.recommendation
        return _title(Outcome, recommendation.outcome) if recommendation else ""


def _changes(suggestions: list[Suggestion], versions: dict[int, int]) -> dict[int, list[str]]:
    """suggestion id -> "Version 2: 1.1" for each change linked to it or its answer."""
    ids = {s.id for s in suggestions} | {services.answered_by(s).id for s in suggestions}
    found = db.session.execute(
        select(ResultingChange.suggestion_id, ResultingChange.version_id, Section.key,
               SectionVersion.number)
        .join(Section, Section.id == ResultingChange.section_id)
        .outerjoin(SectionVersion, (SectionVersion.section_id == ResultingChange.section_id)
                   & (SectionVersion.version_id == ResultingChange.version_id))
        .where(ResultingChange.suggestion_id.in_(ids))
        .order_by(ResultingChange.id)
    ).all()
    by_source: dict[int, list[str]] = defaultdict(list)
    for suggestion_id, version_id, key, number in found:
        by_source[suggestion_id].append(
            f"{_('Version %(number)s', number=versions.get(version_id, '?'))}: {number or key}"
        )
    result = {}
    for suggestion in suggestions:
        answer = services.answered_by(suggestion)
        texts = by_source.get(suggestion.id, []) + (
            by_source.get(answer.id, []) if answer is not suggestion else []
        )
        result[suggestion.id] = list(dict.fromkeys(texts))
    return result


def iter_suggestions(process: Process, chunk: int = CHUNK) -> Iterator[SuggestionRow]:
    versions = _versions(process)
    last = 0
    while True:
        batch = db.session.scalars(
            select(Suggestion)
            .where(Suggestion.process_id == process.id, Suggestion.number > last)
            .order_by(Suggestion.number)
            .limit(chunk)
            .options(
                joinedload(Suggestion.group),
                joinedload(Suggestion.representative),
                joinedload(Suggestion.recommendation),
                selectinload(Suggestion.sections),
                selectinload(Suggestion.tags),
            )
        ).unique().all()
        if not batch:
            return
        user_ids = {s.assignee_id for s in batch if s.assignee_id}
        user_ids |= {services.answered_by(s).decided_by_id for s in batch}
        user_ids.discard(None)
        users = (
            {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
            if user_ids else {}
        )
        changes = _changes(batch, versions)
        for suggestion in batch:
            yield SuggestionRow(suggestion, versions.get(suggestion.version_id), users,
                                changes.get(suggestion.id, []))
        last = batch[-1].number


def suggestion_columns(ui: str) -> list[exports.Column]:
    C = exports.Column  # noqa: N806
    return [
        C(_("Number"), lambda r: services.label(r.suggestion), 9),
        C(_("Contribution"), lambda r: r.suggestion.contribution_id, 12),
        C(_("Version"), lambda r: r.version_number, 8),
        C(_("Sections"), lambda r: "; ".join(sorted(s.key for s in r.suggestion.sections)), 16),
        C(_("Language"), lambda r: language_name_in(r.suggestion.language, ui), 12),
        C(_("Summary"), lambda r: r.suggestion.summary, 40),
        C(_("Passage"), lambda r: r.suggestion.passage, 60),
        C(_("Group"), lambda r: r.suggestion.group.name if r.suggestion.group else "", 18),
        C(_("Assigned to"), lambda r: r.user(r.suggestion.assignee_id), 18),
        C(_("Tags"), lambda r: "; ".join(sorted(t.name for t in r.suggestion.tags)), 18),
        C(_("Status"), lambda r: r.status, 16),
        C(_("Recommendation"), lambda r: r.recommendation, 18),
        C(_("Outcome"), lambda r: _title(Outcome, r.answer.outcome), 18),
        C(_("Public reason"), lambda r: r.answer.public_reason, 50),
        C(_("Internal note"), lambda r: r.answer.internal_note, 40),
        C(_("Decided by"), lambda r: r.user(r.answer.decided_by_id), 18),
        C(_("Decided at"), lambda r: r.answer.decided_at, 16),
        C(_("Published at"), lambda r: r.answer.published_at, 16),
        C(_("Answered together with"), lambda r: services.label(r.answer)
          if r.answer is not r.suggestion else "", 12),
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
    columns = columns_for(language)
    if fmt == "csv":
        process_id = process.id
        lines = exports.csv_lines(columns, lambda: walk(db.session.get(Process, process_id)))
        return exports.Prepared(fmt, name, lines=lines, about=about)
    handle = exports.spooled()
    try:
        exports.write_xlsx(handle, about.title, columns, walk(process), about)
    except BaseException:
        handle.close()
        raise
    return exports.Prepared(fmt, name, handle=handle, about=about)

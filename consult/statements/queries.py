"""Read-side queries for written statements: a fixed number of queries each."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from consult.accounts.models import Organisation, User
from consult.extensions import db
from consult.participation.models import Attachment, Contribution, ContributionKind
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.plans.services import build_tree

STATEMENT = ContributionKind.STATEMENT.value
KEY_PATTERN = re.compile(plan_queries.KEY_PATTERN)


@dataclass
class SectionOption:
    """A section offered in the form: its key, number and title (in the reader's language)."""

    key: str
    number: str
    title: str
    language: str
    depth: int
    children: list[SectionOption]

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


def form_version(process: Process, number: int | None) -> Version | None:
    """The version a statement is written about: the one asked for, else the newest visible."""
    if number is not None:
        return plan_queries.get_version_or_404(process, number)
    versions = plan_queries.visible_versions(process)
    public = [v for v in versions if v.is_public]
    return (public or versions or [None])[-1]


def section_options(version: Version | None, language: str, original: str) -> list[SectionOption]:
    """The version's sections as a tree of options, in document order (two queries)."""
    if version is None:
        return []
    nodes = plan_queries.version_nodes(version)

    def option(item) -> SectionOption:
        shown = plan_queries.shown_text(item.node, language, original)
        return SectionOption(
            key=item.node.section.key,
            number=item.node.number,
            title=shown.title,
            language=shown.language or original,
            depth=item.node.depth,
            children=[option(child) for child in item.children],
        )

    return [option(item) for item in build_tree(nodes)]


def flatten(options: list[SectionOption]) -> list[SectionOption]:
    result: list[SectionOption] = []
    for item in options:
        result.append(item)
        result.extend(flatten(item.children))
    return result


def sections_by_keys(process: Process, keys: list[str]) -> list[Section]:
    keys = [k for k in dict.fromkeys(keys or []) if isinstance(k, str) and KEY_PATTERN.match(k)]
    if not keys:
        return []
    return list(
        db.session.scalars(
            select(Section).where(Section.process_id == process.id, Section.key.in_(keys))
        ).all()
    )


def statement_sections(contribution: Contribution, language: str, original: str) -> list:
    """The statement's sections with number and title in its version (or their latest one)."""
    sections = contribution.sections
    if not sections:
        return []
    ids = [s.id for s in sections]
    query = (
        select(SectionVersion)
        .where(SectionVersion.section_id.in_(ids))
        .options(selectinload(SectionVersion.texts), selectinload(SectionVersion.section))
        .join(Version, Version.id == SectionVersion.version_id)
        .order_by(Version.number.desc())
    )
    if contribution.version_id is not None:
        query = query.where(SectionVersion.version_id == contribution.version_id)
    placements: dict[int, SectionVersion] = {}
    for node in db.session.scalars(query):
        placements.setdefault(node.section_id, node)
    shown = []
    for section in sorted(sections, key=lambda s: (placements[s.id].order_key if s.id in placements else "~", s.key)):
        node = placements.get(section.id)
        if node is None:
            shown.append({"key": section.key, "number": "", "title": section.key, "language": ""})
        else:
            text = plan_queries.shown_text(node, language, original)
            shown.append(
                {"key": section.key, "number": node.number, "title": text.title,
                 "language": text.language}
            )
    return shown


def by_id_or_404(process: Process, statement_id: int) -> Contribution:
    statement = db.session.scalar(
        select(Contribution)
        .where(
            Contribution.id == statement_id,
            Contribution.process_id == process.id,
            Contribution.kind == STATEMENT,
        )
        .options(
            selectinload(Contribution.attachments),
            selectinload(Contribution.sections),
            selectinload(Contribution.author),
            selectinload(Contribution.organisation),
        )
    )
    if statement is None:
        abort(404)
    return statement


def attachment_of_or_404(statement: Contribution, attachment_id: int) -> Attachment:
    for attachment in statement.attachments:
        if attachment.id == attachment_id:
            return attachment
    abort(404)


def staff_list(
    process: Process, *, channel: str | None = None, status: str | None = None,
    language: str | None = None, late: str | None = None,
) -> Select:
    """The staff list of a process's statements, newest first, with what each row shows."""
    query = (
        select(Contribution)
        .where(Contribution.process_id == process.id, Contribution.kind == STATEMENT)
        .options(
            selectinload(Contribution.author),
            selectinload(Contribution.organisation),
            selectinload(Contribution.attachments),
            selectinload(Contribution.sections),
        )
    )
    if channel:
        query = query.where(Contribution.channel == channel)
    if status:
        query = query.where(Contribution.status == status)
    if language:
        query = query.where(Contribution.language == language)
    if late == "yes":
        query = query.where(Contribution.is_late.is_(True))
    elif late == "no":
        query = query.where(Contribution.is_late.is_(False))
    return query.order_by(Contribution.created_at.desc(), Contribution.id.desc())


def statement_languages(process: Process) -> list[str]:
    """The languages the process's statements are written in (for the filter)."""
    return sorted(
        db.session.scalars(
            select(Contribution.language)
            .where(Contribution.process_id == process.id, Contribution.kind == STATEMENT)
            .distinct()
        ).all()
    )


def counts_by_status(process: Process) -> dict[str, int]:
    rows = db.session.execute(
        select(Contribution.status, func.count(Contribution.id))
        .where(Contribution.process_id == process.id, Contribution.kind == STATEMENT)
        .group_by(Contribution.status)
    ).all()
    return {status: count for status, count in rows}


def all_organisations() -> list[Organisation]:
    return list(
        db.session.scalars(select(Organisation).order_by(func.lower(Organisation.name))).all()
    )


def statements_of(user: User) -> list[Contribution]:
    """Every statement a person wrote (themselves or for an organisation), newest first."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(Contribution.author_id == user.id, Contribution.kind == STATEMENT)
            .options(
                selectinload(Contribution.attachments),
                selectinload(Contribution.sections),
                selectinload(Contribution.organisation),
            )
            .order_by(Contribution.created_at.desc(), Contribution.id.desc())
        ).all()
    )


def processes_by_id(ids) -> dict[int, Process]:
    ids = list(set(ids))
    if not ids:
        return {}
    return {
        p.id: p
        for p in db.session.scalars(
            select(Process).where(Process.id.in_(ids)).options(selectinload(Process.texts))
        )
    }


def audit_entries(statement: Contribution, limit: int = 50) -> list:
    from consult.audit.models import AuditEntry

    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "Contribution", AuditEntry.object_id == statement.id)
            .options(selectinload(AuditEntry.actor))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        ).all()
    )

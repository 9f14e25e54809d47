"""Read-side lookups the API needs beyond the shared query layers: public processes,
versions and sections, by page, a fixed number of queries each.

Unlike the HTML pages these never consult the signed-in person: staff who may preview drafts
get exactly what everyone gets. Nothing here reads the session.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from consult.accountability import disposition
from consult.extensions import db
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.triage import public_queries

from . import params


def _process_query():
    return select(Process).where(Process.is_public.is_(True)).options(
        selectinload(Process.texts), selectinload(Process.phases)
    )


def processes(page: int, per_page: int) -> tuple[list[Process], int]:
    """One page of the public processes by slug, and how many there are."""
    found = list(
        db.session.scalars(
            _process_query().order_by(Process.slug).limit(per_page).offset((page - 1) * per_page)
        )
    )
    total = db.session.scalar(
        select(func.count(Process.id)).where(Process.is_public.is_(True))
    ) or 0
    return found, total


def process_or_404(slug: str) -> Process:
    if not params.matches(params.SLUG_PATTERN, slug):
        abort(404)
    process = db.session.scalar(_process_query().where(Process.slug == slug))
    if process is None:
        abort(404)
    return process


def _public_versions(process: Process):
    return select(Version).where(
        Version.process_id == process.id, Version.status.in_(plan_queries.PUBLIC_STATUSES)
    )


def versions(process: Process, page: int, per_page: int) -> tuple[list[Version], int]:
    found = list(
        db.session.scalars(
            _public_versions(process)
            .order_by(Version.number)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    total = db.session.scalar(
        select(func.count()).select_from(_public_versions(process).subquery())
    ) or 0
    return found, total


def version_or_404(process: Process, number: int) -> Version:
    if not 0 < number <= params.MAX_NUMBER:
        abort(404)
    version = db.session.scalar(_public_versions(process).where(Version.number == number))
    if version is None:
        abort(404)
    return version


@dataclass
class Node:
    """A section in a version, with its parent's key (None at the top)."""

    node: SectionVersion
    parent_key: str | None


def _nodes(version: Version):
    parent = aliased(SectionVersion)
    parent_section = aliased(Section)
    return (
        select(SectionVersion, parent_section.key, func.count().over())
        .join(Section, Section.id == SectionVersion.section_id)
        .outerjoin(parent, parent.id == SectionVersion.parent_id)
        .outerjoin(parent_section, parent_section.id == parent.section_id)
        .where(SectionVersion.version_id == version.id)
        .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
    )


def sections(version: Version, page: int, per_page: int) -> tuple[list[Node], int]:
    """One page of the version's sections in document order: three queries at most."""
    rows = db.session.execute(
        _nodes(version)
        .order_by(SectionVersion.order_key)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    if rows:
        total = int(rows[0][2])
    else:
        total = db.session.scalar(
            select(func.count(SectionVersion.id)).where(SectionVersion.version_id == version.id)
        ) or 0
    return [Node(node, key) for node, key, _count in rows], total


def section_or_404(version: Version, key: str) -> Node:
    if not params.matches(params.KEY_PATTERN, key):
        abort(404)
    row = db.session.execute(_nodes(version).where(Section.key == key)).first()
    if row is None:
        abort(404)
    return Node(row[0], row[1])


# --------------------------------------------------------------------- suggestions


def suggestion_or_404(process: Process, number: int, language: str) -> disposition.Row:
    """The published suggestion as a row of the public disposition table; 404 unless the
    public may see it (the same rules as its HTML page)."""
    found = public_queries.public_suggestion_or_404(process, number)
    versions = disposition.table_versions(process, disposition.Variant.PUBLIC)
    reference = disposition.reference_version(versions, disposition.Filters())
    rows = disposition.rows_for(
        [found.suggestion.id], process, disposition.Variant.PUBLIC, language, reference
    )
    if not rows:
        abort(404)
    return rows[0]


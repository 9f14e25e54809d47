"""Read-side queries for plan pages (and, later, the API). A fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from consult.extensions import db
from consult.plans.models import (
    Process,
    Section,
    SectionText,
    SectionVersion,
    Version,
    VersionStatus,
)
from consult.security import can

PUBLIC_STATUSES = (VersionStatus.PUBLISHED.value, VersionStatus.ADOPTED.value)


def may_preview(user=None) -> bool:
    return can(user if user is not None else current_user, "versions.preview")


def get_process_or_404(slug: str) -> Process:
    process = db.session.scalar(
        select(Process)
        .where(Process.slug == slug)
        .options(selectinload(Process.texts), selectinload(Process.phases))
    )
    if process is None or (not process.is_public and not may_preview()):
        abort(404)
    return process


def visible_versions(process: Process) -> list[Version]:
    query = select(Version).where(Version.process_id == process.id)
    if not may_preview():
        query = query.where(Version.status.in_(PUBLIC_STATUSES))
    return list(db.session.scalars(query.order_by(Version.number)).all())


def get_version_or_404(process: Process, number: int) -> Version:
    version = db.session.scalar(
        select(Version).where(Version.process_id == process.id, Version.number == number)
    )
    if version is None or (not version.is_public and not may_preview()):
        abort(404)
    return version


@dataclass
class Shown:
    """A section's text as shown: in the chosen language, or the original as a fallback."""

    node: SectionVersion
    text: SectionText | None
    fallback: bool
    outdated: bool

    @property
    def title(self) -> str:
        return self.text.title if self.text else self.node.section.key

    @property
    def language(self) -> str:
        return self.text.language if self.text else ""


def shown_text(node: SectionVersion, language: str, original: str) -> Shown:
    wanted = node.text(language)
    if wanted is not None:
        source = node.text(wanted.source_language) if wanted.source_language else None
        return Shown(node, wanted, False, wanted.is_outdated(source))
    fallback = node.text(original) or (node.texts[0] if node.texts else None)
    return Shown(node, fallback, True, False)


def version_nodes(version: Version) -> list[SectionVersion]:
    """Every node of a version in document order, with texts and identities loaded."""
    return list(
        db.session.scalars(
            select(SectionVersion)
            .where(SectionVersion.version_id == version.id)
            .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
            .order_by(SectionVersion.order_key)
        ).all()
    )


def get_node_or_404(version: Version, key: str) -> SectionVersion:
    node = db.session.scalar(
        select(SectionVersion)
        .join(Section)
        .where(SectionVersion.version_id == version.id, Section.key == key)
        .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
    )
    if node is None:
        abort(404)
    return node


def ancestors(node: SectionVersion) -> list[SectionVersion]:
    parts = node.order_key.split(".")
    prefixes = [".".join(parts[:i]) for i in range(1, len(parts))]
    if not prefixes:
        return []
    return list(
        db.session.scalars(
            select(SectionVersion)
            .where(
                SectionVersion.version_id == node.version_id,
                SectionVersion.order_key.in_(prefixes),
            )
            .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
            .order_by(SectionVersion.order_key)
        ).all()
    )


def neighbour(node: SectionVersion, direction: int) -> SectionVersion | None:
    """The previous (-1) or next (+1) section in document order."""
    query = select(SectionVersion).where(SectionVersion.version_id == node.version_id)
    if direction < 0:
        query = query.where(SectionVersion.order_key < node.order_key).order_by(
            SectionVersion.order_key.desc()
        )
    else:
        query = query.where(SectionVersion.order_key > node.order_key).order_by(
            SectionVersion.order_key
        )
    return db.session.scalar(
        query.options(
            selectinload(SectionVersion.texts), joinedload(SectionVersion.section)
        ).limit(1)
    )


def children_of(node: SectionVersion) -> list[SectionVersion]:
    return list(
        db.session.scalars(
            select(SectionVersion)
            .where(SectionVersion.parent_id == node.id)
            .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
            .order_by(SectionVersion.position)
        ).all()
    )


def placements(section: Section, *, public_only: bool) -> list[SectionVersion]:
    """The section in every version that has it, oldest version first."""
    query = (
        select(SectionVersion)
        .join(Version)
        .where(SectionVersion.section_id == section.id)
        .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.version))
        .order_by(Version.number)
    )
    if public_only:
        query = query.where(Version.status.in_(PUBLIC_STATUSES))
    return list(db.session.scalars(query).all())

"""Read-side queries for plan pages (and, later, the API). A fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from consult.council import access
from consult.council.models import VersionShare
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
from consult.triage.models import GroupMember

PUBLIC_STATUSES = (VersionStatus.PUBLISHED.value, VersionStatus.ADOPTED.value)


def may_preview(user=None) -> bool:
    return can(user if user is not None else current_user, "versions.preview")


def _readable(process_public):
    """SQL: a version the current reader may see without preview rights: a public one of a
    public process, or an internal one shared with one of the reader's bodies (the rule of
    consult.council.access, as a subquery: no query of its own). `process_public`: a bool
    expression, e.g. a column of a joined Process."""
    public = and_(process_public, Version.status.in_(PUBLIC_STATUSES))
    if not getattr(current_user, "is_authenticated", False):
        return public
    shared = (
        select(VersionShare.version_id)
        .join(GroupMember, GroupMember.group_id == VersionShare.group_id)
        .where(GroupMember.user_id == current_user.id)
    )
    return or_(
        public,
        and_(Version.status == VersionStatus.INTERNAL.value, Version.id.in_(shared)),
    )


def reads_internal_version(process_id: int) -> bool:
    """Whether a version of the process is internal and shared with one of the reader's
    bodies (no query for a reader without shares)."""
    shared = access.internal_version_ids(current_user, process_id)
    if not shared:
        return False
    return db.session.scalar(
        select(Version.id)
        .where(Version.id.in_(sorted(shared)), Version.status == VersionStatus.INTERNAL.value)
        .limit(1)
    ) is not None


def get_process_or_404(slug: str) -> Process:
    import re

    if not isinstance(slug, str) or not re.match(SLUG_PATTERN, slug):
        abort(404)
    process = db.session.scalar(
        select(Process)
        .where(Process.slug == slug)
        .options(selectinload(Process.texts), selectinload(Process.phases))
    )
    if process is None:
        abort(404)
    if not process.is_public and not may_preview() and not reads_internal_version(process.id):
        abort(404)
    return process


def visible_versions(process: Process) -> list[Version]:
    query = select(Version).where(Version.process_id == process.id)
    if not may_preview():
        query = query.where(_readable(true() if process.is_public else false()))
    return list(db.session.scalars(query.order_by(Version.number)).all())


def get_version_or_404(process: Process, number: int) -> Version:
    version = db.session.scalar(
        select(Version).where(Version.process_id == process.id, Version.number == number)
    )
    if version is None:
        abort(404)
    if not (
        may_preview()
        or (process.is_public and version.is_public)
        or access.reads_internally(current_user, version)
    ):
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
    """The section in every version that has it, oldest version first. `public_only`: the
    versions a reader without preview rights may see."""
    query = (
        select(SectionVersion)
        .join(Version)
        .where(SectionVersion.section_id == section.id)
        .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.version))
        .order_by(Version.number)
    )
    if public_only:
        # Public versions, and internal ones shared with the reader's bodies.
        query = query.join(Process, Process.id == Version.process_id).where(
            _readable(Process.is_public.is_(True))
        )
    return list(db.session.scalars(query).all())


# --- staff area ----------------------------------------------------------------

SLUG_PATTERN = r"^[A-Za-z0-9_-]{1,80}$"
KEY_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"


def manage_processes() -> list[Process]:
    """Every process, public or not, with its texts and versions (three queries)."""
    return list(
        db.session.scalars(
            select(Process)
            .options(selectinload(Process.texts), selectinload(Process.versions))
            .order_by(Process.created_at.desc(), Process.id.desc())
        ).all()
    )


def manage_process_or_404(slug: str) -> Process:
    """A process for staff pages: public or not."""
    import re

    if not isinstance(slug, str) or not re.match(SLUG_PATTERN, slug):
        abort(404)
    process = db.session.scalar(
        select(Process)
        .where(Process.slug == slug)
        .options(
            selectinload(Process.texts),
            selectinload(Process.phases),
            selectinload(Process.versions),
        )
    )
    if process is None:
        abort(404)
    return process


def manage_version_or_404(process: Process, number: int) -> Version:
    version = db.session.scalar(
        select(Version).where(Version.process_id == process.id, Version.number == number)
    )
    if version is None:
        abort(404)
    return version


def manage_node_or_404(version: Version, key: str) -> SectionVersion:
    import re

    if not isinstance(key, str) or not re.match(KEY_PATTERN, key):
        abort(404)
    return get_node_or_404(version, key)


def latest_version(process: Process) -> Version | None:
    return db.session.scalar(
        select(Version)
        .where(Version.process_id == process.id)
        .order_by(Version.number.desc())
        .limit(1)
    )


def latest_version_nodes(process: Process) -> list[SectionVersion]:
    latest = latest_version(process)
    return version_nodes(latest) if latest is not None else []


def import_matches(process: Process, sections, language: str, nodes=None) -> list:
    """For each parsed section: a `Match` with a section of the latest version, or None."""
    from consult.plans.importers import match_sections

    if nodes is None:
        nodes = latest_version_nodes(process)
    if not nodes:
        return [None] * len(sections)
    return match_sections(sections, nodes, language, process.original_language)


@dataclass
class CoverageCell:
    state: str  # missing | original | outdated | unreviewed | ok
    text: SectionText | None

    @property
    def css(self) -> str:
        if self.state == "missing":
            return "status-missing"
        if self.state in ("outdated", "unreviewed"):
            return "status-outdated"
        return "status-ok"


@dataclass
class Coverage:
    languages: list[str]
    rows: list[tuple[SectionVersion, dict[str, CoverageCell]]]
    counts: dict[str, dict[str, int]]

    def complete(self, language: str) -> bool:
        return self.counts[language]["missing"] == 0


def text_state(node: SectionVersion, language: str) -> CoverageCell:
    text = node.text(language)
    if text is None:
        return CoverageCell("missing", None)
    if not text.is_translation:
        return CoverageCell("original", text)
    source = node.text(text.source_language) if text.source_language else None
    if text.is_outdated(source):
        return CoverageCell("outdated", text)
    if not text.reviewed:
        return CoverageCell("unreviewed", text)
    return CoverageCell("ok", text)


def coverage(nodes: list[SectionVersion], languages: list[str]) -> Coverage:
    """Which texts exist, are outdated or unreviewed, per section and language (no queries)."""
    rows = []
    counts = {
        language: {"ok": 0, "original": 0, "unreviewed": 0, "outdated": 0, "missing": 0}
        for language in languages
    }
    for node in nodes:
        cells = {}
        for language in languages:
            cell = text_state(node, language)
            counts[language][cell.state] += 1
            cells[language] = cell
        rows.append((node, cells))
    return Coverage(list(languages), rows, counts)


def version_audit_entries(version: Version, limit: int = 50) -> list:
    """Audit records about a version and its sections, newest first."""
    from sqlalchemy import and_, or_

    from consult.audit.models import AuditEntry

    node_ids = select(SectionVersion.id).where(SectionVersion.version_id == version.id)
    section_ids = select(Section.id).where(Section.process_id == version.process_id)
    entries = db.session.scalars(
        select(AuditEntry)
        .where(
            or_(
                and_(AuditEntry.object_type == "Version", AuditEntry.object_id == version.id),
                and_(AuditEntry.object_type == "SectionVersion", AuditEntry.object_id.in_(node_ids)),
                and_(
                    AuditEntry.object_type == "Section",
                    AuditEntry.action == "section.remove",
                    AuditEntry.object_id.in_(section_ids),
                ),
            )
        )
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(limit * 2)
    ).all()
    kept = [
        e for e in entries
        if e.object_type != "Section" or (e.params or {}).get("number") == version.number
    ]
    return kept[:limit]


def audit_page(*, page: int, per_page: int = 50, action_prefix: str | None, actor_id: int | None):
    """One page of the audit log, newest first."""
    from consult.audit.models import AuditEntry

    query = select(AuditEntry).options(selectinload(AuditEntry.actor))
    if action_prefix:
        query = query.where(
            (AuditEntry.action == action_prefix)
            | AuditEntry.action.startswith(f"{action_prefix}.", autoescape=True)
        )
    if actor_id is not None:
        query = query.where(AuditEntry.actor_id == actor_id)
    query = query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def audit_actors() -> list:
    """Accounts that appear in the audit log, by name."""
    from consult.accounts.models import User
    from consult.audit.models import AuditEntry

    ids = select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None)).distinct()
    return list(
        db.session.scalars(
            select(User).where(User.id.in_(ids)).order_by(User.display_name, User.id)
        ).all()
    )

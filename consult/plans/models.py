"""The plan: processes with phases, versions, and sections with a stable identity.

A `Section` is the identity of a node of the plan (a field of action, a goal, a
measure) across all versions. A `SectionVersion` places that node in one version
(parent, position, number); a `SectionText` holds its title and Markdown body in
one language, with where the text came from.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.extensions import db
from consult.models import CreatedByMixin, TimestampMixin, enum_check


def localized(values: dict[str, str] | None, language: str, fallback: str) -> str:
    """Pick a per-language value from a dict, falling back to the original language."""
    if not values:
        return ""
    return values.get(language) or values.get(fallback) or next(iter(values.values()), "")


class Process(TimestampMixin, CreatedByMixin, db.Model):
    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    original_language: Mapped[str] = mapped_column(String(16), default="de")
    # Content languages the process offers, e.g. ["de", "de-x-ls", "en", "tr", "ar"].
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_public: Mapped[bool] = mapped_column(default=False)

    texts: Mapped[list[ProcessText]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="ProcessText.language"
    )
    phases: Mapped[list[Phase]] = relationship(
        back_populates="process",
        cascade="all, delete-orphan",
        order_by="(Phase.starts_on, Phase.position)",
    )
    versions: Mapped[list[Version]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="Version.number"
    )

    def text(self, language: str) -> ProcessText | None:
        """The text in `language`, else in the original language."""
        by_lang = {t.language: t for t in self.texts}
        return by_lang.get(language) or by_lang.get(self.original_language)

    def title(self, language: str) -> str:
        text = self.text(language)
        return text.title if text else self.slug

    def current_phase(self, today: date) -> Phase | None:
        for phase in self.phases:
            if phase.starts_on <= today <= phase.ends_on:
                return phase
        return None

    def opens(self, what: str, today: date) -> bool:
        """Whether a phase running today opens `what` (comments, statements, forum, amendments)."""
        return any(
            phase.starts_on <= today <= phase.ends_on and getattr(phase, f"opens_{what}")
            for phase in self.phases
        )


class ProcessText(TimestampMixin, db.Model):
    __tablename__ = "process_texts"
    __table_args__ = (UniqueConstraint("process_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")

    process: Mapped[Process] = relationship(back_populates="texts")


class Phase(TimestampMixin, db.Model):
    __tablename__ = "phases"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="dates_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    # {"de": "Öffentliches Forum", "en": "Public forum"}
    name: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    opens_comments: Mapped[bool] = mapped_column(default=False)
    opens_statements: Mapped[bool] = mapped_column(default=False)
    opens_forum: Mapped[bool] = mapped_column(default=False)
    opens_amendments: Mapped[bool] = mapped_column(default=False)

    process: Mapped[Process] = relationship(back_populates="phases")

    def title(self, language: str) -> str:
        return localized(self.name, language, self.process.original_language)

    def text(self, language: str) -> str:
        return localized(self.description, language, self.process.original_language)

    @property
    def opens_list(self) -> list[str]:
        return [w for w in PHASE_OPENS if getattr(self, f"opens_{w}")]


PHASE_OPENS = ("comments", "statements", "forum", "amendments")
PHASE_OPENS_TITLES = {
    "comments": _l("Comments on sections"),
    "statements": _l("Written statements"),
    "forum": _l("Forum feedback"),
    "amendments": _l("Amendments"),
}


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    INTERNAL = "internal"
    PUBLISHED = "published"
    ADOPTED = "adopted"

    @property
    def title(self) -> str:
        return str(VERSION_STATUS_TITLES[self])

    @property
    def is_public(self) -> bool:
        return self in (VersionStatus.PUBLISHED, VersionStatus.ADOPTED)


VERSION_STATUS_TITLES = {
    VersionStatus.DRAFT: _l("Draft"),
    VersionStatus.INTERNAL: _l("Internal"),
    VersionStatus.PUBLISHED: _l("Published"),
    VersionStatus.ADOPTED: _l("Adopted"),
}


class Version(TimestampMixin, CreatedByMixin, db.Model):
    __tablename__ = "versions"
    __table_args__ = (
        UniqueConstraint("process_id", "number"),
        CheckConstraint(enum_check("status", VersionStatus), name="status_known"),
        CheckConstraint(
            "(status IN ('published', 'adopted')) = (published_at IS NOT NULL)",
            name="published_has_date",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    # {"de": "Diskussionsentwurf 2", "en": "Discussion draft 2"}
    label: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    changelog: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=VersionStatus.DRAFT.value)
    published_at: Mapped[datetime | None]
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="SET NULL"))

    process: Mapped[Process] = relationship(back_populates="versions")
    based_on: Mapped[Version | None] = relationship(remote_side="Version.id")
    nodes: Mapped[list[SectionVersion]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="SectionVersion.order_key",
    )

    @property
    def is_public(self) -> bool:
        return VersionStatus(self.status).is_public

    @property
    def status_title(self) -> str:
        return VersionStatus(self.status).title

    def title(self, language: str) -> str:
        return localized(self.label, language, self.process.original_language) or str(self.number)

    def changelog_text(self, language: str) -> str:
        return localized(self.changelog, language, self.process.original_language)


class SectionKind(enum.StrEnum):
    FIELD_OF_ACTION = "field_of_action"
    GOAL = "goal"
    MEASURE = "measure"
    CHAPTER = "chapter"

    @property
    def title(self) -> str:
        return str(SECTION_KIND_TITLES[self])


SECTION_KIND_TITLES = {
    SectionKind.FIELD_OF_ACTION: _l("Field of action"),
    SectionKind.GOAL: _l("Goal"),
    SectionKind.MEASURE: _l("Measure"),
    SectionKind.CHAPTER: _l("Chapter"),
}


class Section(TimestampMixin, db.Model):
    """The identity of a node of the plan, the same in every version."""

    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("process_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    # A short stable handle, unique in the process, used in URLs.
    key: Mapped[str] = mapped_column(String(40))

    placements: Mapped[list[SectionVersion]] = relationship(back_populates="section")


class SectionVersion(TimestampMixin, db.Model):
    """A section's place in one version of the plan."""

    __tablename__ = "section_versions"
    __table_args__ = (
        UniqueConstraint("version_id", "section_id"),
        UniqueConstraint("version_id", "order_key"),
        CheckConstraint(enum_check("kind", SectionKind), name="kind_known"),
        Index("ix_section_versions_version_parent", "version_id", "parent_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("section_versions.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(30), default=SectionKind.CHAPTER.value)
    position: Mapped[int] = mapped_column(default=0)
    depth: Mapped[int] = mapped_column(default=0)
    # "3.2.1": derived from positions; kept current by services.renumber().
    number: Mapped[str] = mapped_column(String(40), default="")
    # Document order, e.g. "0003.0002.0001"; prefixes are the ancestors.
    order_key: Mapped[str] = mapped_column(String(200), default="")

    version: Mapped[Version] = relationship(back_populates="nodes")
    section: Mapped[Section] = relationship(back_populates="placements")
    parent: Mapped[SectionVersion | None] = relationship(remote_side="SectionVersion.id")
    texts: Mapped[list[SectionText]] = relationship(
        back_populates="node", cascade="all, delete-orphan"
    )

    @property
    def kind_title(self) -> str:
        return SectionKind(self.kind).title

    def text(self, language: str) -> SectionText | None:
        for text in self.texts:
            if text.language == language:
                return text
        return None


class TextOrigin(enum.StrEnum):
    ORIGINAL = "original"
    HUMAN = "human_translation"
    MACHINE = "machine_translation"

    @property
    def title(self) -> str:
        return str(TEXT_ORIGIN_TITLES[self])


TEXT_ORIGIN_TITLES = {
    TextOrigin.ORIGINAL: _l("Original text"),
    TextOrigin.HUMAN: _l("Human translation"),
    TextOrigin.MACHINE: _l("Machine translation"),
}


def text_fingerprint(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\n\x00\n{body}".encode()).hexdigest()[:32]


class SectionText(TimestampMixin, db.Model):
    """A section's title and Markdown body in one language, in one version."""

    __tablename__ = "section_texts"
    __table_args__ = (
        UniqueConstraint("node_id", "language"),
        CheckConstraint(enum_check("origin", TextOrigin), name="origin_known"),
        CheckConstraint(
            "(origin = 'original') = (source_language IS NULL AND source_fingerprint IS NULL)",
            name="translation_has_source",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(
        ForeignKey("section_versions.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(30), default=TextOrigin.ORIGINAL.value)
    reviewed: Mapped[bool] = mapped_column(default=True)
    # For translations: the language and fingerprint of the source text translated from.
    source_language: Mapped[str | None] = mapped_column(String(16))
    source_fingerprint: Mapped[str | None] = mapped_column(String(32))
    fingerprint: Mapped[str] = mapped_column(String(32), default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    node: Mapped[SectionVersion] = relationship(back_populates="texts")

    @property
    def is_translation(self) -> bool:
        return self.origin != TextOrigin.ORIGINAL

    @property
    def origin_title(self) -> str:
        return TextOrigin(self.origin).title

    def refresh_fingerprint(self) -> None:
        self.fingerprint = text_fingerprint(self.title, self.body)

    def is_outdated(self, source: SectionText | None) -> bool:
        """A translation is outdated when its source text changed after it was made."""
        if not self.is_translation or source is None:
            return False
        return source.fingerprint != self.source_fingerprint

    def as_dict(self) -> dict[str, Any]:
        return {"language": self.language, "title": self.title, "body": self.body}

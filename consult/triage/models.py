"""Suggestions and the bodies that answer them.

A suggestion is one point taken out of a contribution: the unit that gets an answer. An
expert group recommends, a deciding body decides; both are kept. The workflow lives in CHECK
constraints: a decided suggestion has an outcome, a decider and a date, an undecided one has
none; a suggestion grouped under a representative cannot be decided on its own; a public
reason is required unless the suggestion was accepted.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.accounts.models import User
from consult.extensions import db
from consult.models import TimestampMixin, enum_check
from consult.participation.models import Contribution
from consult.plans.models import Section


class Outcome(enum.StrEnum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    NOT_ACCEPTED = "not_accepted"
    NOTED = "noted"
    ALREADY_COVERED = "already_covered"
    OUT_OF_SCOPE = "out_of_scope"

    @property
    def title(self) -> str:
        return str(OUTCOME_TITLES[self])

    @property
    def changes_text(self) -> bool:
        return self in (Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED)


OUTCOME_TITLES = {
    Outcome.ACCEPTED: _l("Accepted"),
    Outcome.PARTLY_ACCEPTED: _l("Partly accepted"),
    Outcome.NOT_ACCEPTED: _l("Not accepted"),
    Outcome.NOTED: _l("Noted"),
    Outcome.ALREADY_COVERED: _l("Already covered"),
    Outcome.OUT_OF_SCOPE: _l("Out of scope / forwarded"),
}


class GroupKind(enum.StrEnum):
    EXPERT_GROUP = "expert_group"
    STEERING_GROUP = "steering_group"
    ADVISORY_COUNCIL = "advisory_council"
    COMMITTEE = "committee"
    COUNCIL = "council"
    OTHER = "other"

    @property
    def title(self) -> str:
        return str(GROUP_KIND_TITLES[self])

    @property
    def votes(self) -> bool:
        """Committees and the council vote on amendments."""
        return self in (GroupKind.COMMITTEE, GroupKind.COUNCIL)


GROUP_KIND_TITLES = {
    GroupKind.EXPERT_GROUP: _l("Expert group"),
    GroupKind.STEERING_GROUP: _l("Steering group"),
    GroupKind.ADVISORY_COUNCIL: _l("Advisory council"),
    GroupKind.COMMITTEE: _l("Council committee"),
    GroupKind.COUNCIL: _l("City council"),
    GroupKind.OTHER: _l("Other body"),
}


class GroupRole(enum.StrEnum):
    STAFF = "staff"
    EXTERNAL_EXPERT = "external_expert"
    YOUTH_DELEGATE = "youth_delegate"
    CHAIR = "chair"
    MEMBER = "member"


GROUP_ROLE_TITLES = {
    GroupRole.STAFF: _l("Staff"),
    GroupRole.EXTERNAL_EXPERT: _l("External expert"),
    GroupRole.YOUTH_DELEGATE: _l("Youth delegate"),
    GroupRole.CHAIR: _l("Chair"),
    GroupRole.MEMBER: _l("Member"),
}


group_sections = Table(
    "group_sections",
    db.metadata,
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True),
)


class Group(TimestampMixin, db.Model):
    """An expert group, the steering group or another body that works on suggestions."""

    __tablename__ = "groups"
    __table_args__ = (
        UniqueConstraint("process_id", "name"),
        CheckConstraint(enum_check("kind", GroupKind), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default=GroupKind.EXPERT_GROUP.value)
    description: Mapped[str] = mapped_column(Text, default="")
    # Members of a deciding body may record decisions.
    decides: Mapped[bool] = mapped_column(default=False)

    members: Mapped[list[GroupMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )
    sections: Mapped[list[Section]] = relationship(secondary=group_sections)


class GroupMember(TimestampMixin, db.Model):
    __tablename__ = "group_members"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id"),
        CheckConstraint(enum_check("role", GroupRole), name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30), default=GroupRole.STAFF.value)

    group: Mapped[Group] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


suggestion_sections = Table(
    "suggestion_sections",
    db.metadata,
    Column("suggestion_id", ForeignKey("suggestions.id", ondelete="CASCADE"), primary_key=True),
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True, index=True),
)

suggestion_tags = Table(
    "suggestion_tags",
    db.metadata,
    Column("suggestion_id", ForeignKey("suggestions.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(TimestampMixin, db.Model):
    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("process_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))


class Suggestion(TimestampMixin, db.Model):
    __tablename__ = "suggestions"
    __table_args__ = (
        UniqueConstraint("process_id", "number"),
        CheckConstraint(
            "outcome IS NULL OR " + enum_check("outcome", Outcome), name="outcome_known"
        ),
        CheckConstraint(
            "(outcome IS NULL) = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by_id IS NULL)",
            name="decided_has_outcome_decider_and_date",
        ),
        CheckConstraint(
            "representative_id IS NULL OR outcome IS NULL", name="grouped_is_not_decided_alone"
        ),
        CheckConstraint(
            "representative_id IS NULL OR representative_id <> id", name="not_its_own_representative"
        ),
        CheckConstraint(
            "outcome IS NULL OR outcome = 'accepted' OR public_reason IS NOT NULL",
            name="reason_unless_accepted",
        ),
        CheckConstraint(
            "published_at IS NULL OR decided_at IS NOT NULL", name="published_is_decided"
        ),
        CheckConstraint(
            "passage_start IS NULL OR (passage_end IS NOT NULL AND passage_start <= passage_end)",
            name="passage_range_ordered",
        ),
        Index("ix_suggestions_queue", "process_id", "group_id", "outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    # Shown to people: "A-123". Sequential within the process.
    number: Mapped[int]
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="SET NULL"))
    # The quoted passage of the contribution, and where it stands in the original text.
    passage: Mapped[str] = mapped_column(Text)
    passage_start: Mapped[int | None]
    passage_end: Mapped[int | None]
    summary: Mapped[str] = mapped_column(String(500), default="")
    language: Mapped[str] = mapped_column(String(16))

    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    representative_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="SET NULL"), index=True
    )

    outcome: Mapped[str | None] = mapped_column(String(30))
    public_reason: Mapped[str | None] = mapped_column(Text)
    # Never leaves the staff area.
    internal_note: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    decided_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    # Optimistic locking: a stale edit raises StaleDataError instead of overwriting.
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    contribution: Mapped[Contribution] = relationship()
    sections: Mapped[list[Section]] = relationship(secondary=suggestion_sections)
    tags: Mapped[list[Tag]] = relationship(secondary=suggestion_tags)
    group: Mapped[Group | None] = relationship()
    representative: Mapped[Suggestion | None] = relationship(remote_side="Suggestion.id")
    recommendation: Mapped[Recommendation | None] = relationship(
        back_populates="suggestion", uselist=False, cascade="all, delete-orphan"
    )


class Recommendation(TimestampMixin, db.Model):
    """The expert group's (or staff's) proposal on a suggestion; kept next to the decision."""

    __tablename__ = "recommendations"
    __table_args__ = (CheckConstraint(enum_check("outcome", Outcome), name="outcome_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), unique=True
    )
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(30))
    reasoning: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    suggestion: Mapped[Suggestion] = relationship(back_populates="recommendation")


class ReasonTranslation(TimestampMixin, db.Model):
    """The public reason of a decision in another language, with where it came from."""

    __tablename__ = "reason_translations"
    __table_args__ = (
        UniqueConstraint("suggestion_id", "language"),
        CheckConstraint("origin IN ('human_translation', 'machine_translation')", name="origin_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestions.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(30), default="human_translation")
    # Fingerprint of the public reason it was translated from: a changed reason marks it outdated.
    source_fingerprint: Mapped[str] = mapped_column(String(32))
    translated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ResultingChange(TimestampMixin, db.Model):
    """An accepted suggestion changed this section in this (newer) version."""

    __tablename__ = "resulting_changes"
    __table_args__ = (
        UniqueConstraint("suggestion_id", "section_id", "version_id"),
        Index("ix_resulting_changes_section", "section_id", "version_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ReplyTemplate(TimestampMixin, db.Model):
    """A reusable standard reply of a process's library."""

    __tablename__ = "reply_templates"
    __table_args__ = (
        UniqueConstraint("process_id", "title"),
        CheckConstraint("outcome IS NULL OR " + enum_check("outcome", Outcome), name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16), default="de")

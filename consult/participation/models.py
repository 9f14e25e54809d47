"""Contributions: every comment, written statement and forum card, with who, when, how and
in which language, so that each can later be split into suggestions and answered.

One table holds all three kinds; CHECK constraints keep each kind's required fields.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

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

from consult.accounts.models import Organisation, User
from consult.extensions import db
from consult.models import TimestampMixin, enum_check
from consult.plans.models import Section

if TYPE_CHECKING:
    from consult.triage.models import Group


class ContributionKind(enum.StrEnum):
    COMMENT = "comment"
    STATEMENT = "statement"
    FORUM_CARD = "forum_card"

    @property
    def title(self) -> str:
        return str(KIND_TITLES[self])


KIND_TITLES = {
    ContributionKind.COMMENT: _l("Comment"),
    ContributionKind.STATEMENT: _l("Written statement"),
    ContributionKind.FORUM_CARD: _l("Forum feedback"),
}


class Channel(enum.StrEnum):
    ONLINE = "online"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    FORUM = "forum"
    ADVISORY_COUNCIL = "advisory_council"
    COMMITTEE = "committee"
    # A body's non-public thread on a version shared with it (expert group, steering group).
    BODY = "body"

    @property
    def title(self) -> str:
        return str(CHANNEL_TITLES[self])


CHANNEL_TITLES = {
    Channel.ONLINE: _l("Online form"),
    Channel.EMAIL: _l("E-mail"),
    Channel.LETTER: _l("Letter"),
    Channel.IN_PERSON: _l("In person (record)"),
    Channel.FORUM: _l("Forum"),
    Channel.ADVISORY_COUNCIL: _l("Advisory council"),
    Channel.COMMITTEE: _l("Council committee"),
    Channel.BODY: _l("Body (internal)"),
}


class SubmitterType(enum.StrEnum):
    RESIDENT = "resident"
    ORGANISATION = "organisation"
    FORUM = "forum"
    COUNCIL = "council"

    @property
    def title(self) -> str:
        return str(SUBMITTER_TYPE_TITLES[self])


SUBMITTER_TYPE_TITLES = {
    SubmitterType.RESIDENT: _l("Resident"),
    SubmitterType.ORGANISATION: _l("Organisation"),
    SubmitterType.FORUM: _l("Forum participant"),
    SubmitterType.COUNCIL: _l("Council or advisory body"),
}


class ContributionStatus(enum.StrEnum):
    # Sent without an account; counts only once the e-mail address is confirmed.
    PENDING = "pending"
    RECEIVED = "received"
    WITHDRAWN = "withdrawn"

    @property
    def title(self) -> str:
        return str(STATUS_TITLES[self])


STATUS_TITLES = {
    ContributionStatus.PENDING: _l("Waiting for e-mail confirmation"),
    ContributionStatus.RECEIVED: _l("Received"),
    ContributionStatus.WITHDRAWN: _l("Withdrawn"),
}


class LanguageSource(enum.StrEnum):
    DETECTED = "detected"
    AUTHOR = "author"
    STAFF = "staff"


contribution_sections = Table(
    "contribution_sections",
    db.metadata,
    Column(
        "contribution_id",
        ForeignKey("contributions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Contribution(TimestampMixin, db.Model):
    __tablename__ = "contributions"
    __table_args__ = (
        CheckConstraint(enum_check("kind", ContributionKind), name="kind_known"),
        CheckConstraint(enum_check("channel", Channel), name="channel_known"),
        CheckConstraint(enum_check("submitter_type", SubmitterType), name="submitter_type_known"),
        CheckConstraint(enum_check("status", ContributionStatus), name="status_known"),
        CheckConstraint(enum_check("language_source", LanguageSource), name="language_source_known"),
        CheckConstraint("depth BETWEEN 0 AND 2", name="depth_at_most_three_levels"),
        CheckConstraint(
            "kind <> 'comment' OR (section_id IS NOT NULL AND version_id IS NOT NULL)",
            name="comment_has_section",
        ),
        CheckConstraint("parent_id IS NULL OR kind = 'comment'", name="only_comments_reply"),
        CheckConstraint("kind <> 'forum_card' OR event_id IS NOT NULL", name="card_has_event"),
        CheckConstraint(
            "status <> 'pending' OR (author_id IS NULL AND submitter_email IS NOT NULL)",
            name="pending_awaits_an_address",
        ),
        CheckConstraint(
            "organisation_id IS NULL OR submitter_type = 'organisation'",
            name="organisation_submits_as_organisation",
        ),
        CheckConstraint(
            "(hidden_at IS NULL) = (hidden_reason IS NULL)", name="hidden_has_reason"
        ),
        UniqueConstraint("process_id", "idempotency_key"),
        Index("ix_contributions_thread", "section_id", "version_id", "parent_id", "created_at"),
        Index("ix_contributions_process_kind", "process_id", "kind", "status"),
        # Covers the comment counts per section of a version (table of contents, section
        # pages): counted from the index alone, never from the rows with their texts.
        Index(
            "ix_contributions_version_counts",
            "version_id", "kind", "status", "section_id", "hidden_at", "body_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    # The version it was written about (comments: the version read; statements: optional).
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="SET NULL"))
    # Comments and forum cards: the one section they are about (a stable identity).
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    depth: Mapped[int] = mapped_column(default=0)

    channel: Mapped[str] = mapped_column(String(30), default=Channel.ONLINE.value)
    submitter_type: Mapped[str] = mapped_column(String(20), default=SubmitterType.RESIDENT.value)
    status: Mapped[str] = mapped_column(String(20), default=ContributionStatus.RECEIVED.value)

    language: Mapped[str] = mapped_column(String(16))
    language_source: Mapped[str] = mapped_column(String(20), default=LanguageSource.DETECTED.value)
    detected_language: Mapped[str | None] = mapped_column(String(16))

    title: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)

    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    # Without an account, or entered by staff from paper: who sent it.
    submitter_name: Mapped[str | None] = mapped_column(String(200))
    submitter_email: Mapped[str | None] = mapped_column(String(254))
    submitter_address: Mapped[str | None] = mapped_column(Text)
    # Consent, both off by default. Organisations' names are public regardless.
    publish_text: Mapped[bool] = mapped_column(default=False)
    publish_name: Mapped[bool] = mapped_column(default=False)
    notify_language: Mapped[str | None] = mapped_column(String(16))

    receipt_number: Mapped[str | None] = mapped_column(String(24), unique=True)
    tracking_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    email_confirmed_at: Mapped[datetime | None]

    received_on: Mapped[date | None]
    is_late: Mapped[bool] = mapped_column(default=False)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    edited_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    # Triage: every point of the contribution has been taken out as a suggestion.
    split_done_at: Mapped[datetime | None]
    split_done_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    # Written in a body's non-public thread, or a body's recommendations: never public; the
    # channel shown is the body's name.
    body_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )
    event_table_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_tables.id", ondelete="SET NULL"), index=True
    )

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    organisation: Mapped[Organisation | None] = relationship()
    section: Mapped[Section | None] = relationship()
    sections: Mapped[list[Section]] = relationship(secondary=contribution_sections)
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="contribution", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    event: Mapped[Event | None] = relationship()
    event_table: Mapped[EventTable | None] = relationship()
    body_group: Mapped[Group | None] = relationship("Group")

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def kind_title(self) -> str:
        return ContributionKind(self.kind).title

    @property
    def channel_title(self) -> str:
        if self.body_id is not None and self.body_group is not None:
            return self.body_group.name
        return Channel(self.channel).title

    @property
    def status_title(self) -> str:
        return ContributionStatus(self.status).title

    @property
    def submitter_type_title(self) -> str:
        return SubmitterType(self.submitter_type).title


class Attachment(TimestampMixin, db.Model):
    """A file sent with a statement (or the scan of a paper original), stored under a random name."""

    __tablename__ = "attachments"
    __table_args__ = (CheckConstraint("size >= 0", name="size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    # Random, unguessable; also the file name in UPLOAD_FOLDER.
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    is_scan: Mapped[bool] = mapped_column(default=False)

    contribution: Mapped[Contribution] = relationship(back_populates="attachments")


class CommentReport(TimestampMixin, db.Model):
    """Someone reported a comment to the moderators."""

    __tablename__ = "comment_reports"
    __table_args__ = (
        CheckConstraint(
            "(resolved_at IS NULL) OR (resolution IS NOT NULL)", name="resolved_has_resolution"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # "hidden" or "kept"
    resolution: Mapped[str | None] = mapped_column(String(20))

    contribution: Mapped[Contribution] = relationship()


event_table_sections = Table(
    "event_table_sections",
    db.metadata,
    Column("event_table_id", ForeignKey("event_tables.id", ondelete="CASCADE"), primary_key=True),
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True),
)


class Event(TimestampMixin, db.Model):
    """A public event such as the Integration Forum."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(16), default="de")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # Short code for the link and QR code that attendees open on their phones.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    accepts_phone_feedback: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    tables: Mapped[list[EventTable]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventTable.number"
    )


class EventTable(TimestampMixin, db.Model):
    """A table or workshop at an event, about one or more sections."""

    __tablename__ = "event_tables"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(16), unique=True)

    event: Mapped[Event] = relationship(back_populates="tables")
    sections: Mapped[list[Section]] = relationship(secondary=event_table_sections)

"""Final notices (Schlussmitteilungen): the one message per submitter that says how their
suggestions on a version were answered, and the people who asked not to get them.

A notice is planned in the same transaction that publishes the decisions and sent after the
commit. The unique (version, recipient, round) makes planning idempotent; the status column
is the claim that keeps two senders from sending the same notice. A second round for the
same recipient only exists when more of their suggestions on that version were published
after an earlier notice had gone out.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.accounts.models import User
from consult.extensions import db
from consult.models import TimestampMixin, enum_check
from consult.triage.models import Suggestion

# "user:<id>" or a lower-cased e-mail address.
RECIPIENT_KEY_LENGTH = 260
ERROR_LENGTH = 300


class NoticeStatus(enum.StrEnum):
    PENDING = "pending"
    # Claimed by a sender; back to failed (or sent) when it is done.
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    OPTED_OUT = "opted_out"

    @property
    def title(self) -> str:
        return str(NOTICE_STATUS_TITLES[self])


NOTICE_STATUS_TITLES = {
    NoticeStatus.PENDING: _l("Waiting to be sent"),
    NoticeStatus.SENDING: _l("Being sent"),
    NoticeStatus.SENT: _l("Sent"),
    NoticeStatus.FAILED: _l("Failed"),
    NoticeStatus.OPTED_OUT: _l("Not sent (opted out)"),
}


final_notice_suggestions = Table(
    "final_notice_suggestions",
    db.metadata,
    Column("notice_id", ForeignKey("final_notices.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "suggestion_id", ForeignKey("suggestions.id", ondelete="CASCADE"), primary_key=True,
        index=True,
    ),
)


class FinalNotice(TimestampMixin, db.Model):
    """One message to one recipient about their answered suggestions on one version."""

    __tablename__ = "final_notices"
    __table_args__ = (
        UniqueConstraint("version_id", "recipient_key", "round"),
        CheckConstraint(enum_check("status", NoticeStatus), name="status_known"),
        CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_has_date"),
        CheckConstraint("status <> 'sending' OR claimed_at IS NOT NULL", name="sending_is_claimed"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("round >= 1", name="round_positive"),
        Index("ix_final_notices_process_status", "process_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    recipient_key: Mapped[str] = mapped_column(String(RECIPIENT_KEY_LENGTH))
    round: Mapped[int] = mapped_column(default=1)
    # Account holders are written to at their account's current address; others at `email`.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20), default=NoticeStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    # Short, for staff: the kind of failure, never a stack trace.
    last_error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    suggestions: Mapped[list[Suggestion]] = relationship(
        secondary=final_notice_suggestions, order_by=Suggestion.number
    )

    @property
    def status_title(self) -> str:
        return NoticeStatus(self.status).title

    @property
    def address(self) -> str | None:
        """Where the notice goes: the account's address, else the one given."""
        if self.user_id is not None:
            return self.user.email if self.user is not None else None
        return self.email


class NoticeOptOut(TimestampMixin, db.Model):
    """Someone who asked not to receive final notices (any process)."""

    __tablename__ = "notice_opt_outs"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_key: Mapped[str] = mapped_column(String(RECIPIENT_KEY_LENGTH), unique=True)

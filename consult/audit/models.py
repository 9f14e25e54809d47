"""One readable record per staff action."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.accounts.models import User
from consult.extensions import db
from consult.models import TimestampMixin

# action -> lazily translated message with named placeholders, filled from `params`.
MESSAGES: dict[str, Any] = {}


# Stored codes (statuses, roles) -> lazily translated titles, used when a record is shown.
VALUE_TITLES: dict[str, Any] = {}


def register_messages(messages: dict[str, Any]) -> None:
    MESSAGES.update(messages)


def register_value_titles(titles: dict[str, Any]) -> None:
    VALUE_TITLES.update({str(code): title for code, title in titles.items()})


class AuditEntry(TimestampMixin, db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()

    @property
    def message(self) -> str:
        """The record in the reader's language; plain text, escaped where shown."""
        template = MESSAGES.get(self.action)
        if template is None:
            return self.action
        params = {
            key: str(VALUE_TITLES[value]) if isinstance(value, str) and value in VALUE_TITLES
            else value
            for key, value in (self.params or {}).items()
        }
        try:
            return str(template) % params
        except (KeyError, TypeError, ValueError):
            return self.action

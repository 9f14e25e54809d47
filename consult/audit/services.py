"""Writing audit records. Called by services; never commits."""

from __future__ import annotations

from typing import Any

from consult.audit.models import AuditEntry
from consult.extensions import db


def record(
    actor,
    action: str,
    obj: Any = None,
    params: dict[str, Any] | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_type: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type or (type(obj).__name__ if obj is not None else ""),
        object_id=getattr(obj, "id", None),
        params=params or {},
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry

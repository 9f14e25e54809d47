"""What staff see of final notices, and who an opt-out link stands for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from consult.accountability.models import FinalNotice
from consult.accountability.notices import unlisted_by_version
from consult.accounts.models import User
from consult.extensions import db
from consult.plans.models import Process, Version


def recipient_for_key(key: str) -> tuple[User | None, str | None] | None:
    """(account, address) a recipient key stands for; None for an unknown account."""
    if key.startswith("user:"):
        try:
            user = db.session.get(User, int(key.removeprefix("user:")))
        except ValueError:
            return None
        if user is None or user.deleted_at is not None:
            return None
        return user, user.email
    return None, key


def masked(address: str | None) -> str:
    """j…@example.org: enough for a person to recognise their address."""
    if not address or "@" not in address:
        return ""
    local, _at, domain = address.rpartition("@")
    return f"{local[:1]}…@{domain}"


@dataclass
class VersionNotices:
    version: Version
    counts: dict[str, int]
    unlisted: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def overview(process: Process) -> list[VersionNotices]:
    """Per version (newest first): notices by status and answers in no notice yet: 3 queries."""
    counts: dict[int, dict[str, int]] = {}
    for version_id, status, count in db.session.execute(
        select(FinalNotice.version_id, FinalNotice.status, func.count(FinalNotice.id))
        .where(FinalNotice.process_id == process.id)
        .group_by(FinalNotice.version_id, FinalNotice.status)
    ):
        counts.setdefault(version_id, {})[status] = count
    unlisted = unlisted_by_version(process)
    versions = db.session.scalars(
        select(Version).where(Version.process_id == process.id).order_by(Version.number.desc())
    )
    return [
        VersionNotices(v, counts.get(v.id, {}), unlisted.get(v.id, 0))
        for v in versions
        if v.id in counts or v.id in unlisted
    ]


def notices_page(version: Version, *, status: str | None, page: int, per_page: int = 50):
    """One page of a version's notices, with their accounts and suggestions: 4 queries."""
    query = (
        select(FinalNotice)
        .where(FinalNotice.version_id == version.id)
        .options(joinedload(FinalNotice.user), selectinload(FinalNotice.suggestions))
        .order_by(FinalNotice.id)
    )
    if status is not None:
        query = query.where(FinalNotice.status == status)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)

"""Who reads a version shared internally with bodies, and who sees a body's non-public thread.

A version in status "internal" is read by staff (`versions.preview`) and by the members of the
bodies it is shared with; nobody else, and never through the API or the public exports. The
bodies' comment threads stay non-public even after the version is published: only staff and
members of a body the version was shared with see them.
"""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import select

from consult.council.models import VersionShare
from consult.extensions import db
from consult.plans.models import Version, VersionStatus
from consult.security import can
from consult.triage.models import Group, GroupMember


def _user_id(user) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.id


def shares_for(user, process_id: int) -> dict[int, list[Group]]:
    """Version id → the user's bodies that version is shared with, in this process. One query,
    remembered for the request."""
    user_id = _user_id(user)
    if user_id is None:
        return {}
    key = (user_id, process_id)
    cache = g.setdefault("_council_shares", {}) if has_request_context() else {}
    if key in cache:
        return cache[key]
    rows = db.session.execute(
        select(VersionShare.version_id, Group)
        .join(Group, Group.id == VersionShare.group_id)
        .join(GroupMember, GroupMember.group_id == Group.id)
        .where(Group.process_id == process_id, GroupMember.user_id == user_id)
        .order_by(Group.name)
    ).all()
    shares: dict[int, list[Group]] = {}
    for version_id, group in rows:
        shares.setdefault(version_id, []).append(group)
    cache[key] = shares
    return shares


def internal_version_ids(user, process_id: int) -> set[int]:
    """Ids of versions shared with the user's bodies (whatever their status now)."""
    return set(shares_for(user, process_id))


def reads_internally(user, version: Version) -> bool:
    """A member of a body this internal version is shared with (not staff preview)."""
    return (
        version.status == VersionStatus.INTERNAL.value
        and version.id in shares_for(user, version.process_id)
    )


def may_read_version(user, version: Version) -> bool:
    return (
        version.is_public
        or can(user, "versions.preview")
        or reads_internally(user, version)
    )


def reader_bodies(user, version: Version) -> list[Group]:
    """The user's bodies this version is shared with (for the channel of their comments)."""
    return list(shares_for(user, version.process_id).get(version.id, []))


def sees_body_threads(user, version: Version) -> bool:
    """Staff, and members of a body the version was shared with, see the non-public threads."""
    return can(user, "contributions.read") or bool(reader_bodies(user, version))

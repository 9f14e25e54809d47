"""Sharing a version with bodies before it is public.

Staff choose the exact set of bodies (advisory council, committees, expert groups, …) a
version is shared with. A draft becomes "internal" when it is first shared; a public version
is not shared (everyone reads it already). The members of the chosen bodies read the version
and, while `comments_open`, comment on its sections in the bodies' non-public thread.

Plain arguments in, domain errors out; flushes and writes one audit record per change, never
commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from consult.audit.models import register_messages
from consult.audit.services import record
from consult.council import access
from consult.council.models import VersionShare
from consult.errors import ValidationFailed
from consult.extensions import db
from consult.plans.models import Process, Version, VersionStatus
from consult.plans.services import set_version_status
from consult.security import can
from consult.triage.models import Group, GroupMember

register_messages(
    {
        "version.share": _l("Shared version %(number)s with %(body)s."),
        "version.unshare": _l("Stopped sharing version %(number)s with %(body)s."),
        "version.share_comments_open": _l(
            "Members of %(body)s may comment on version %(number)s."
        ),
        "version.share_comments_closed": _l(
            "Members of %(body)s may no longer comment on version %(number)s."
        ),
    }
)


# ---------------------------------------------------------------- reading

def shares_of(version: Version) -> list[VersionShare]:
    """The version's shares with their bodies, by body name (one query)."""
    return list(
        db.session.scalars(
            select(VersionShare)
            .join(Group, Group.id == VersionShare.group_id)
            .where(VersionShare.version_id == version.id)
            .options(joinedload(VersionShare.group))
            .order_by(Group.name, Group.id)
        ).all()
    )


def process_bodies(process: Process) -> list[Group]:
    """Every body of the process, by name (one query)."""
    return list(
        db.session.scalars(
            select(Group).where(Group.process_id == process.id).order_by(Group.name, Group.id)
        ).all()
    )


def member_counts(process: Process) -> dict[int, int]:
    """Body id -> number of members (one grouped query)."""
    return dict(
        db.session.execute(
            select(GroupMember.group_id, func.count(GroupMember.id))
            .join(Group, Group.id == GroupMember.group_id)
            .where(Group.process_id == process.id)
            .group_by(GroupMember.group_id)
        ).all()
    )


def banner_bodies(user, version: Version) -> list[Group]:
    """The bodies the banner of an internal version names: the reader's own bodies it is shared
    with, or for staff every body it is shared with. Empty unless the version is internal."""
    if version.status != VersionStatus.INTERNAL.value:
        return []
    if access.reads_internally(user, version):
        return access.reader_bodies(user, version)
    if can(user, "versions.preview"):
        return [share.group for share in shares_of(version)]
    return []


# ---------------------------------------------------------------- changing

def _params(version: Version, group: Group) -> dict:
    return {"number": version.number, "body": group.name, "body_id": group.id}


def unshare(version: Version, group: Group, *, actor) -> bool:
    """Stop sharing the version with the body. False when it was not shared with it."""
    share = db.session.scalar(
        select(VersionShare).where(
            VersionShare.version_id == version.id, VersionShare.group_id == group.id
        )
    )
    if share is None:
        return False
    db.session.delete(share)
    db.session.flush()
    record(
        actor, "version.unshare", version, _params(version, group),
        before={"body": group.name, "comments_open": share.comments_open},
    )
    return True


def share_version(
    version: Version, groups: Iterable[Group], *, actor, comments_open: bool = True
) -> list[VersionShare]:
    """Share the version with exactly these bodies: add the missing shares, remove the others,
    and set whether members may comment. A draft becomes internal once it is shared."""
    if version.is_public:
        raise ValidationFailed(
            _("A public version cannot be shared with bodies: everyone can read it already.")
        )
    wanted: dict[int, Group] = {}
    for group in groups:
        if group.process_id != version.process_id:
            raise ValidationFailed(_("Please choose bodies of this process."))
        wanted[group.id] = group
    comments_open = bool(comments_open)
    current = {share.group_id: share for share in shares_of(version)}
    for group_id, share in current.items():
        if group_id not in wanted:
            unshare(version, share.group, actor=actor)
    for group_id, group in wanted.items():
        share = current.get(group_id)
        if share is None:
            db.session.add(
                VersionShare(
                    version_id=version.id, group_id=group.id, comments_open=comments_open,
                    shared_by_id=getattr(actor, "id", None),
                )
            )
            db.session.flush()
            record(
                actor, "version.share", version, _params(version, group),
                after={"body": group.name, "comments_open": comments_open},
            )
        elif share.comments_open != comments_open:
            share.comments_open = comments_open
            db.session.flush()
            record(
                actor,
                "version.share_comments_open" if comments_open
                else "version.share_comments_closed",
                version, _params(version, group),
                before={"comments_open": not comments_open},
                after={"comments_open": comments_open},
            )
    if wanted and version.status == VersionStatus.DRAFT.value:
        set_version_status(version, VersionStatus.INTERNAL, actor)
    _forget_cached_shares()
    return shares_of(version)


def _forget_cached_shares() -> None:
    """The request's cache of who reads what (consult.council.access) is stale now."""
    from flask import g, has_request_context

    if has_request_context():
        g.pop("_council_shares", None)

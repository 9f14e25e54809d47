"""Who may see and do what in a process's triage.

Staff hold the `triage.*` permissions. Everyone else works through their groups: a member of
an expert group sees and recommends on the suggestions assigned to that group; a member of a
deciding body (the steering group) sees every suggestion of the process and decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select

from consult.extensions import db
from consult.security import can
from consult.triage.models import Group, GroupMember


@dataclass(frozen=True)
class TriageAccess:
    user_id: int | None
    staff: bool = False
    group_ids: frozenset[int] = field(default_factory=frozenset)
    deciding_group_ids: frozenset[int] = field(default_factory=frozenset)
    may_edit: bool = False
    may_publish: bool = False
    may_manage: bool = False
    staff_recommends: bool = False
    staff_decides: bool = False

    @property
    def any(self) -> bool:
        """May open the process's triage at all."""
        return self.staff or bool(self.group_ids)

    @property
    def sees_all(self) -> bool:
        return self.staff or bool(self.deciding_group_ids)

    @property
    def may_decide_any(self) -> bool:
        return self.staff_decides or bool(self.deciding_group_ids)

    def sees(self, suggestion) -> bool:
        return self.sees_all or suggestion.group_id in self.group_ids

    def may_recommend(self, suggestion) -> bool:
        return self.staff_recommends or (
            suggestion.group_id is not None and suggestion.group_id in self.group_ids
        )

    def may_decide(self, suggestion) -> bool:
        return self.may_decide_any

    def visible_group_ids(self) -> frozenset[int] | None:
        """None: all suggestions; otherwise only those of these groups."""
        return None if self.sees_all else self.group_ids


def access_for(user, process) -> TriageAccess:
    """One query: the user's groups in this process."""
    if user is None or not getattr(user, "is_authenticated", False):
        return TriageAccess(user_id=None)
    rows = db.session.execute(
        select(Group.id, Group.decides)
        .join(GroupMember, GroupMember.group_id == Group.id)
        .where(Group.process_id == process.id, GroupMember.user_id == user.id)
    ).all()
    return TriageAccess(
        user_id=user.id,
        staff=can(user, "triage.read"),
        group_ids=frozenset(row.id for row in rows),
        deciding_group_ids=frozenset(row.id for row in rows if row.decides),
        may_edit=can(user, "triage.edit"),
        may_publish=can(user, "triage.publish"),
        may_manage=can(user, "triage.manage"),
        staff_recommends=can(user, "triage.recommend"),
        staff_decides=can(user, "triage.decide"),
    )


def member_of_any_group(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(
        select(GroupMember.id).where(GroupMember.user_id == user.id).limit(1)
    ) is not None


def triage_view(view):
    """View decorator for `/triage/<slug>/…` pages: staff, or members of the process's groups.

    Loads the process into `g.process` and the access into `g.triage`; anonymous visitors are
    sent to log in, others without access get 403.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        from consult.extensions import login_manager
        from consult.plans import queries as plan_queries

        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        process = plan_queries.manage_process_or_404(kwargs["slug"])
        access = access_for(current_user, process)
        if not access.any:
            abort(403)
        g.process = process
        g.triage = access
        return view(*args, **kwargs)

    wrapped.triage_access = True  # type: ignore[attr-defined]
    return wrapped

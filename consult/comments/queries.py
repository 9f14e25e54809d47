"""Read-side queries for comments. A fixed number of queries each, whatever the thread's size.

Comments with a `body_id` were written in the bodies' non-public thread of a version shared
with them: they are never counted or listed with the public comments. Callers decide who sees
them (`consult.council.access.sees_body_threads`) and ask for them with `with_bodies`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from math import ceil
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from consult.accounts.models import User
from consult.extensions import db
from consult.participation.models import (
    CommentReport,
    Contribution,
    ContributionKind,
    ContributionStatus,
)
from consult.plans.models import Process, Section, SectionVersion, Version, VersionStatus

PAGE_SIZE = 20
ORDERS = ("newest", "oldest")
DEFAULT_ORDER = "newest"
MAX_PAGE = 100_000


def thread_args(args) -> tuple[int, str]:
    """`?comments_page=N&order=newest|oldest`; anything else falls back to the defaults."""
    page = args.get("comments_page", 1, type=int)
    if page is None or not 0 < page <= MAX_PAGE:
        page = 1
    order = args.get("order")
    if order not in ORDERS:
        order = DEFAULT_ORDER
    return page, order


def _with_people(query):
    return query.options(
        joinedload(Contribution.author),
        joinedload(Contribution.organisation),
        joinedload(Contribution.body_group),
    )


def _comments():
    return (
        Contribution.kind == ContributionKind.COMMENT.value,
        Contribution.status == ContributionStatus.RECEIVED.value,
    )


def _public():
    """Not written in a body's non-public thread."""
    return Contribution.body_id.is_(None)


def bodies_page_arg(args) -> int:
    """`?bodies_page=N`: the page of the bodies' thread; 1 for anything else."""
    page = args.get("bodies_page", 1, type=int)
    return page if page is not None and 0 < page <= MAX_PAGE else 1


@dataclass
class Thread:
    """One page of a section's top-level comments with all their replies."""

    roots: list[Contribution]
    replies: dict[int, list[Contribution]]
    page: int = 1
    pages: int = 1
    order: str = DEFAULT_ORDER
    visible_count: int = 0
    root_count: int = 0
    earlier: list[tuple[Version, int]] = field(default_factory=list)
    # The bodies' non-public thread on this section and version, for those who may see it.
    bodies: Thread | None = None

    def replies_to(self, comment: Contribution) -> list[Contribution]:
        return self.replies.get(comment.id, [])

    @property
    def earlier_count(self) -> int:
        return sum(count for _version, count in self.earlier)


def replies_of(root_ids: list[int]) -> dict[int, list[Contribution]]:
    """Every reply below the given comments (two levels), oldest first, in one query."""
    if not root_ids:
        return {}
    first_level = select(Contribution.id).where(Contribution.parent_id.in_(root_ids))
    rows = db.session.scalars(
        _with_people(
            select(Contribution)
            .where(
                or_(
                    Contribution.parent_id.in_(root_ids),
                    Contribution.parent_id.in_(first_level),
                )
            )
            .order_by(Contribution.created_at, Contribution.id)
        )
    ).unique().all()
    replies: dict[int, list[Contribution]] = defaultdict(list)
    for reply in rows:
        replies[reply.parent_id].append(reply)
    return dict(replies)


def _roots(version: Version, node: SectionVersion, *, internal: bool, order: str, page: int):
    """One page of a thread's top-level comments (one query)."""
    ordering = (
        (Contribution.created_at.desc(), Contribution.id.desc())
        if order == "newest"
        else (Contribution.created_at, Contribution.id)
    )
    return list(
        db.session.scalars(
            _with_people(
                select(Contribution)
                .where(
                    *_comments(),
                    Contribution.body_id.is_not(None) if internal else _public(),
                    Contribution.version_id == version.id,
                    Contribution.section_id == node.section_id,
                    Contribution.parent_id.is_(None),
                )
                .order_by(*ordering)
                .limit(PAGE_SIZE)
                .offset((page - 1) * PAGE_SIZE)
            )
        ).unique().all()
    )


def _asked(flag: bool | Callable[[], bool]) -> bool:
    return bool(flag()) if callable(flag) else bool(flag)


def section_thread(
    version: Version, node: SectionVersion, *, page: int, order: str, placements=(),
    with_bodies: bool | Callable[[], bool] = False, bodies_page: int = 1,
) -> Thread:
    """The comments on a section in this version: one page of top-level comments with their
    replies, the counts, and the comments on the earlier versions in `placements`.

    `with_bodies` (or a function answering it, asked only when the version is internal or the
    bodies wrote on this section in it): also one page of the bodies' non-public thread, in
    `Thread.bodies`."""
    # One grouped query: per version and thread, the visible comments and the top-level ones.
    internal = case((Contribution.body_id.is_(None), 0), else_=1).label("internal")
    counts = {
        (version_id, bool(is_internal)): (int(visible or 0), int(roots or 0))
        for version_id, is_internal, visible, roots in db.session.execute(
            select(
                Contribution.version_id,
                internal,
                func.sum(case((Contribution.hidden_at.is_(None), 1), else_=0)),
                func.sum(case((Contribution.parent_id.is_(None), 1), else_=0)),
            )
            .where(*_comments(), Contribution.section_id == node.section_id)
            .group_by(Contribution.version_id, internal)
        ).all()
    }
    visible, roots = counts.get((version.id, False), (0, 0))
    earlier = [
        (p.version, counts[(p.version_id, False)][0])
        for p in sorted(placements, key=lambda p: p.version.number)
        if p.version.number < version.number
        and counts.get((p.version_id, False), (0, 0))[0]
    ]
    pages = max(1, ceil(roots / PAGE_SIZE))
    page = min(page, pages)
    root_list = _roots(version, node, internal=False, order=order, page=page) if roots else []
    bodies = None
    body_roots: list[Contribution] = []
    concerned = (version.id, True) in counts or version.status == VersionStatus.INTERNAL.value
    if concerned and _asked(with_bodies):
        body_visible, body_root_count = counts.get((version.id, True), (0, 0))
        body_pages = max(1, ceil(body_root_count / PAGE_SIZE))
        bodies_page = min(max(bodies_page, 1), body_pages)
        if body_root_count:
            body_roots = _roots(version, node, internal=True, order=order, page=bodies_page)
        bodies = Thread(
            roots=body_roots, replies={}, page=bodies_page, pages=body_pages, order=order,
            visible_count=body_visible, root_count=body_root_count,
        )
    # One query for the replies of both threads.
    replies = replies_of([c.id for c in root_list + body_roots])
    if bodies is not None:
        bodies.replies = replies
    return Thread(
        roots=root_list,
        replies=replies,
        page=page,
        pages=pages,
        order=order,
        visible_count=visible,
        root_count=roots,
        earlier=earlier,
        bodies=bodies,
    )


def toc_counts(version: Version) -> dict[int, int]:
    """section_id -> number of visible public comments in this version, in one grouped query
    (the bodies' non-public threads never count here)."""
    return dict(
        db.session.execute(
            select(Contribution.section_id, func.count(Contribution.id))
            .where(
                *_comments(),
                _public(),
                Contribution.version_id == version.id,
                Contribution.hidden_at.is_(None),
            )
            .group_by(Contribution.section_id)
        ).all()
    )


def comment_in(
    version: Version, node: SectionVersion, comment_id: int, *,
    with_bodies: bool | Callable[[], bool] = False,
) -> Contribution | None:
    """The comment on this section and version; a comment of the bodies' non-public thread
    only `with_bodies` (a function is asked only for such a comment)."""
    comment = db.session.scalar(
        _with_people(select(Contribution).where(Contribution.id == comment_id))
    )
    if (
        comment is None
        or comment.kind != ContributionKind.COMMENT
        or comment.status != ContributionStatus.RECEIVED
        or comment.version_id != version.id
        or comment.section_id != node.section_id
        or (comment.body_id is not None and not _asked(with_bodies))
    ):
        return None
    return comment


def body_comments(version: Version) -> list[Contribution]:
    """Every comment of the bodies' non-public threads on this version, with the author, the
    body and the section, oldest first (one query)."""
    return list(
        db.session.scalars(
            _with_people(
                select(Contribution).where(
                    Contribution.kind == ContributionKind.COMMENT.value,
                    Contribution.version_id == version.id,
                    Contribution.body_id.is_not(None),
                )
            )
            .options(joinedload(Contribution.section))
            .order_by(Contribution.created_at, Contribution.id)
        ).unique().all()
    )


def root_of(comment: Contribution) -> Contribution:
    """The top-level comment of a reply's thread (at most two steps up)."""
    root = comment
    while root.parent_id is not None:
        parent = db.session.get(Contribution, root.parent_id)
        if parent is None:
            break
        root = parent
    return root


# --- staff ------------------------------------------------------------------------


@dataclass
class Location:
    """Where a comment was made: enough to link to its section."""

    slug: str
    number: int | None
    key: str | None


def locations(comment_ids: list[int]) -> dict[int, Location]:
    if not comment_ids:
        return {}
    rows = db.session.execute(
        select(Contribution.id, Process.slug, Version.number, Section.key)
        .join(Process, Process.id == Contribution.process_id)
        .outerjoin(Version, Version.id == Contribution.version_id)
        .outerjoin(Section, Section.id == Contribution.section_id)
        .where(Contribution.id.in_(comment_ids))
    ).all()
    return {row[0]: Location(row[1], row[2], row[3]) for row in rows}


def reports_with_people(comment_ids: list[int], *, open_only: bool) -> dict[int, list[tuple]]:
    """comment id -> [(report, reporter, resolver)], oldest first."""
    if not comment_ids:
        return {}
    reporter = aliased(User)
    resolver = aliased(User)
    query = (
        select(CommentReport, reporter, resolver)
        .outerjoin(reporter, reporter.id == CommentReport.reporter_id)
        .outerjoin(resolver, resolver.id == CommentReport.resolved_by_id)
        .where(CommentReport.contribution_id.in_(comment_ids))
        .order_by(CommentReport.created_at, CommentReport.id)
    )
    if open_only:
        query = query.where(CommentReport.resolved_at.is_(None))
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for report, reporter_user, resolver_user in db.session.execute(query).all():
        grouped[report.contribution_id].append((report, reporter_user, resolver_user))
    return dict(grouped)


def reported_comments(page: int, per_page: int = 25):
    """Comments with open reports, most recently reported first."""
    latest = (
        select(
            CommentReport.contribution_id.label("comment_id"),
            func.max(CommentReport.created_at).label("reported_at"),
        )
        .where(CommentReport.resolved_at.is_(None))
        .group_by(CommentReport.contribution_id)
        .subquery()
    )
    query = _with_people(
        select(Contribution)
        .join(latest, latest.c.comment_id == Contribution.id)
        .order_by(latest.c.reported_at.desc(), Contribution.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def report_counts(comment_ids: list[int]) -> dict[int, tuple[int, int]]:
    """comment id -> (open reports, all reports)."""
    if not comment_ids:
        return {}
    rows = db.session.execute(
        select(
            CommentReport.contribution_id,
            func.sum(case((CommentReport.resolved_at.is_(None), 1), else_=0)),
            func.count(CommentReport.id),
        )
        .where(CommentReport.contribution_id.in_(comment_ids))
        .group_by(CommentReport.contribution_id)
    ).all()
    return {row[0]: (int(row[1] or 0), int(row[2])) for row in rows}


def process_comments(
    process: Process, *, section_key: str | None, hidden: str | None, reported: str | None,
    page: int, per_page: int = 50,
):
    """A process's comments for staff, newest first, with the filters of the staff list."""
    query = select(Contribution).where(
        Contribution.process_id == process.id,
        Contribution.kind == ContributionKind.COMMENT.value,
    )
    if section_key:
        query = query.where(
            Contribution.section_id.in_(
                select(Section.id).where(
                    Section.process_id == process.id, Section.key == section_key
                )
            )
        )
    if hidden == "yes":
        query = query.where(Contribution.hidden_at.is_not(None))
    elif hidden == "no":
        query = query.where(Contribution.hidden_at.is_(None))
    if reported == "open":
        query = query.where(
            Contribution.id.in_(
                select(CommentReport.contribution_id).where(CommentReport.resolved_at.is_(None))
            )
        )
    elif reported == "any":
        query = query.where(Contribution.id.in_(select(CommentReport.contribution_id)))
    query = _with_people(query).options(joinedload(Contribution.section)).order_by(
        Contribution.created_at.desc(), Contribution.id.desc()
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def section_choices(process: Process, language: str) -> list[tuple[str, str]]:
    """(key, "number title") of the sections of the latest version, then any others by key."""
    from consult.plans import queries as plan_queries

    nodes = plan_queries.latest_version_nodes(process)
    choices = [
        (
            n.section.key,
            f"{n.number} {plan_queries.shown_text(n, language, process.original_language).title}",
        )
        for n in nodes
    ]
    known = {key for key, _label in choices}
    others = db.session.scalars(
        select(Section.key).where(Section.process_id == process.id).order_by(Section.key)
    ).all()
    return choices + [(key, key) for key in others if key not in known]


def versions_by_id(process: Process) -> dict[int, Any]:
    return {v.id: v for v in process.versions}


def body_comment_count(version: Version) -> int:
    """How many comments the bodies wrote in their non-public threads on this version."""
    return db.session.scalar(
        select(func.count(Contribution.id)).where(
            Contribution.kind == ContributionKind.COMMENT.value,
            Contribution.version_id == version.id,
            Contribution.body_id.is_not(None),
        )
    ) or 0

"""Read side of the public amendment pages: which amendments and votes the public sees, and
which applied points changed a section ("what changed and why": `public_changes`).

Public means: the process is public, the amendment is published (`published_at` set) and the
version it was filed on is public (published or adopted). Drafts of amendments and amendments
to internal or draft versions are never shown, to anyone, on these pages.

Every function here runs a fixed number of queries, whatever the number of amendments,
points, votes or sections.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import abort
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from consult.council import services as council
from consult.council.models import (
    Amendment,
    AmendmentPoint,
    AmendmentVote,
    PointApplication,
    PointStatus,
)
from consult.diff import DiffResult
from consult.extensions import db
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Section, SectionVersion, Version

PUBLIC_STATUSES = plan_queries.PUBLIC_STATUSES
MAX_ID = 2**31


def valid_id(value) -> bool:
    return isinstance(value, int) and 0 < value < MAX_ID


def _public(amendment=Amendment, version=Version):
    """WHERE: the amendment is published and filed on a public version."""
    return and_(amendment.published_at.is_not(None), version.status.in_(PUBLIC_STATUSES))


def public_version_or_404(process: Process, number: int) -> Version:
    """A public version of the process: 404 for drafts and internal versions, also for staff."""
    if not valid_id(number):
        abort(404)
    version = db.session.scalar(
        select(Version).where(Version.process_id == process.id, Version.number == number)
    )
    if version is None or not version.is_public:
        abort(404)
    return version


# --------------------------------------------------------------------- shown points


@dataclass
class Applied:
    """Where an adopted point was applied: the version and, unless the section was removed
    there, the section's place in it. Only for public versions."""

    version_number: int
    section_key: str
    section_number: str | None


@dataclass
class PointView:
    """A point as the public sees it: its target section in the amendment's version (in the
    reader's language), the proposed change as a word diff in the amendment's language, and
    where it was applied."""

    point: AmendmentPoint
    target: plan_queries.Shown | None
    applied: Applied | None = None
    title_diff: DiffResult | None = None
    body_diff: DiffResult | None = None

    @property
    def amendment(self) -> Amendment:
        return self.point.amendment

    @property
    def number(self) -> str:
        return self.target.node.number if self.target else ""

    @property
    def title(self) -> str:
        return self.target.title if self.target else self.point.section.key


def applications(point_ids: list[int]) -> dict[int, Applied]:
    """point id -> where it was applied, for applications in public versions: ONE query."""
    if not point_ids:
        return {}
    rows = db.session.execute(
        select(PointApplication.point_id, Version.number, Section.key, SectionVersion.number)
        .join(Version, Version.id == PointApplication.version_id)
        .join(Section, Section.id == PointApplication.section_id)
        .outerjoin(
            SectionVersion,
            and_(
                SectionVersion.version_id == PointApplication.version_id,
                SectionVersion.section_id == PointApplication.section_id,
            ),
        )
        .where(PointApplication.point_id.in_(point_ids), Version.status.in_(PUBLIC_STATUSES))
    ).all()
    return {
        point_id: Applied(version_number, key, number)
        for point_id, version_number, key, number in rows
    }


def point_views(
    points: list[AmendmentPoint],
    nodes: dict[int, SectionVersion],
    language: str,
    original: str,
    *,
    diffs: bool,
) -> list[PointView]:
    """Points with their target (from `nodes`: section id -> node in the amendment's version)
    and, with `diffs`, the proposed change: one query for the applications."""
    applied = applications([p.id for p in points])
    views = []
    for point in points:
        node = nodes.get(point.section_id)
        view = PointView(
            point,
            plan_queries.shown_text(node, language, original) if node is not None else None,
            applied.get(point.id),
        )
        if diffs:
            view.title_diff, view.body_diff = council.proposed_diff(point, node)
        views.append(view)
    return views


# --------------------------------------------------------------------- vote summaries


@dataclass
class BodySummary:
    """How one committee voted on an amendment's points: the meeting days and the number of
    points per result."""

    name: str
    dates: list[date] = field(default_factory=list)
    results: dict[str, int] = field(default_factory=dict)

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [(PointStatus(result).title, n) for result, n in self.results.items()]


def vote_summary(points: list[AmendmentPoint]) -> list[BodySummary]:
    """Per body, in the order of its first vote: its meeting days and how many points it
    adopted, rejected, referred... (no queries: the votes are loaded)."""
    votes = sorted(
        (vote for point in points for vote in point.votes), key=lambda v: (v.held_on, v.id)
    )
    summaries: dict[int, BodySummary] = {}
    for vote in votes:
        summary = summaries.setdefault(vote.group_id, BodySummary(vote.group.name))
        if vote.held_on not in summary.dates:
            summary.dates.append(vote.held_on)
        summary.results[vote.result] = summary.results.get(vote.result, 0) + 1
    return list(summaries.values())


# --------------------------------------------------------------------- the list of a version


@dataclass
class AmendmentView:
    amendment: Amendment
    points: list[PointView]
    summary: list[BodySummary]


@dataclass
class SectionChoice:
    key: str
    number: str
    title: str
    language: str
    depth: int


@dataclass
class AmendmentList:
    amendments: list[AmendmentView]
    sections: list[SectionChoice]
    # Points of all published amendments to the version, before filtering.
    total: int
    # The section filter in force (None when absent or not a section of the version).
    section: str | None


def _amendment_options():
    return (
        joinedload(Amendment.filed_by_group),
        selectinload(Amendment.points).joinedload(AmendmentPoint.section),
        selectinload(Amendment.points)
        .selectinload(AmendmentPoint.votes)
        .joinedload(AmendmentVote.group),
    )


def version_amendments(
    process: Process,
    version: Version,
    language: str,
    *,
    status: str | None = None,
    section_key: str | None = None,
) -> AmendmentList:
    """The published amendments to this public version, each with its points (only those
    matching the filters; amendments without a matching point are left out), their targets
    and a vote summary per committee; the version's sections for the filter (a key that is
    not one of them is ignored). Seven queries."""
    amendments = list(
        db.session.scalars(
            select(Amendment)
            .where(
                Amendment.process_id == process.id,
                Amendment.version_id == version.id,
                Amendment.published_at.is_not(None),
            )
            .options(*_amendment_options())
            .order_by(Amendment.filed_on, Amendment.number)
        )
    )
    nodes = plan_queries.version_nodes(version)
    by_section = {node.section_id: node for node in nodes}
    original = process.original_language
    sections = []
    for node in nodes:
        shown = plan_queries.shown_text(node, language, original)
        sections.append(SectionChoice(node.section.key, node.number or node.section.key,
                                      shown.title, shown.language, node.depth))
    if section_key not in {s.key for s in sections}:
        section_key = None
    total = sum(len(a.points) for a in amendments)
    chosen = []
    for amendment in amendments:
        points = [
            p for p in amendment.points
            if (status is None or p.status == status)
            and (section_key is None or p.section.key == section_key)
        ]
        if points or (status is None and section_key is None):
            chosen.append((amendment, points))
    views = point_views(
        [p for _a, points in chosen for p in points], by_section, language, original, diffs=False
    )
    by_point = {view.point.id: view for view in views}
    return AmendmentList(
        [
            AmendmentView(a, [by_point[p.id] for p in points], vote_summary(a.points))
            for a, points in chosen
        ],
        sections,
        total,
        section_key,
    )


# --------------------------------------------------------------------- one amendment


def public_amendment_or_404(process: Process, amendment_id: int) -> Amendment:
    """A published amendment of this process on a public version, with its points and votes."""
    if not valid_id(amendment_id):
        abort(404)
    amendment = db.session.scalar(
        select(Amendment)
        .join(Version, Version.id == Amendment.version_id)
        .where(Amendment.id == amendment_id, Amendment.process_id == process.id, _public())
        .options(contains_eager(Amendment.version), *_amendment_options())
    )
    if amendment is None:
        abort(404)
    return amendment


def amendment_points(amendment: Amendment, language: str, original: str) -> list[PointView]:
    """Every point with its target, its diff and where it was applied: three queries."""
    nodes = council.nodes_in(amendment.version_id, {p.section_id for p in amendment.points})
    return point_views(amendment.points, nodes, language, original, diffs=True)


# --------------------------------------------------------------------- one section


def section_points(process: Process, node: SectionVersion, language: str) -> list[PointView]:
    """The published points targeting this section in this (public) version, with their
    diffs, votes and applications: four queries."""
    points = list(
        db.session.scalars(
            select(AmendmentPoint)
            .join(Amendment, Amendment.id == AmendmentPoint.amendment_id)
            .where(
                Amendment.process_id == process.id,
                Amendment.version_id == node.version_id,
                Amendment.published_at.is_not(None),
                AmendmentPoint.section_id == node.section_id,
            )
            .options(
                contains_eager(AmendmentPoint.amendment).joinedload(Amendment.filed_by_group),
                selectinload(AmendmentPoint.votes).joinedload(AmendmentVote.group),
            )
            .order_by(Amendment.filed_on, Amendment.number, AmendmentPoint.position)
        )
    )
    return point_views(
        points, {node.section_id: node}, language, process.original_language, diffs=True
    )


@dataclass
class SectionAmendments:
    """For the section page: how many published points target the section in this version,
    and the applied points that changed it in this version."""

    count: int
    changed_by: list[AmendmentPoint]


def section_summary(process: Process, node: SectionVersion) -> SectionAmendments:
    """ONE query: the points targeting this section in this version, and those applied to it
    in this version (from amendments to an earlier version)."""
    source = aliased(Version)
    rows = db.session.execute(
        select(AmendmentPoint, PointApplication.version_id, PointApplication.section_id)
        .join(Amendment, Amendment.id == AmendmentPoint.amendment_id)
        .join(source, source.id == Amendment.version_id)
        .outerjoin(PointApplication, PointApplication.point_id == AmendmentPoint.id)
        .where(
            Amendment.process_id == process.id,
            _public(Amendment, source),
            or_(
                and_(
                    Amendment.version_id == node.version_id,
                    AmendmentPoint.section_id == node.section_id,
                ),
                and_(
                    PointApplication.version_id == node.version_id,
                    PointApplication.section_id == node.section_id,
                ),
            ),
        )
        .options(contains_eager(AmendmentPoint.amendment))
        .order_by(Amendment.filed_on, Amendment.number, AmendmentPoint.position)
    ).all()
    count, changed = 0, []
    for point, applied_version, applied_section in rows:
        if point.amendment.version_id == node.version_id and point.section_id == node.section_id:
            count += 1
        if applied_version == node.version_id and applied_section == node.section_id:
            changed.append(point)
    return SectionAmendments(count, changed)


def applied_points(
    process: Process, section_id: int, version_ids: list[int]
) -> dict[int, list[AmendmentPoint]]:
    """version id -> the published points applied to this section in that version: ONE
    query for all versions."""
    if not version_ids:
        return {}
    return applied_in(process, [PointApplication.section_id == section_id,
                                 PointApplication.version_id.in_(version_ids)], key="version")


def applied_in(process: Process, where: list, *, key: str) -> dict[int, list[AmendmentPoint]]:
    """version or section id (`key`) -> the published points applied where `where` says:
    ONE query."""
    source = aliased(Version)
    rows = db.session.execute(
        select(PointApplication.version_id, PointApplication.section_id, AmendmentPoint)
        .join(AmendmentPoint, AmendmentPoint.id == PointApplication.point_id)
        .join(Amendment, Amendment.id == AmendmentPoint.amendment_id)
        .join(source, source.id == Amendment.version_id)
        .where(Amendment.process_id == process.id, _public(Amendment, source), *where)
        .options(contains_eager(AmendmentPoint.amendment))
        .order_by(Amendment.filed_on, Amendment.number, AmendmentPoint.position)
    ).all()
    result: dict[int, list[AmendmentPoint]] = defaultdict(list)
    for version_id, section_id, point in rows:
        result[version_id if key == "version" else section_id].append(point)
    return dict(result)


# --------------------------------------------------------------------- for other pages


def public_amendment_counts(process: Process) -> dict[int, int]:
    """version id -> number of published amendments to it (public versions only): ONE query."""
    rows = db.session.execute(
        select(Amendment.version_id, func.count(Amendment.id))
        .join(Version, Version.id == Amendment.version_id)
        .where(Amendment.process_id == process.id, _public())
        .group_by(Amendment.version_id)
    ).all()
    return {version_id: count for version_id, count in rows}


def public_versions_with_counts(process: Process) -> list[tuple[Version, int]]:
    """The process's public versions in order, each with its number of published amendments:
    ONE query."""
    count = (
        select(func.count(Amendment.id))
        .where(Amendment.version_id == Version.id, Amendment.published_at.is_not(None))
        .correlate(Version)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Version, count)
        .where(Version.process_id == process.id, Version.status.in_(PUBLIC_STATUSES))
        .order_by(Version.number)
    ).all()
    return [(version, int(n or 0)) for version, n in rows]

"""The adopted version, generated from the adopted points of the amendments to a version.

`plan_adoption` works out what the new version would hold: per section the old and the new
text in the amendments' language, the points behind each change, additions, and conflicts
(two adopted points that want different things of one section). A conflict needs a
`Resolution`: take one of its points, or write the text by hand. `generate_adopted_version`
then copies the version, applies the points through the plan services, links every applied
point to the section it shaped (`PointApplication`) and, if asked, adopts the copy. Services
flush and audit; the view commits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from consult.audit.models import register_messages
from consult.audit.services import record
from consult.council.models import Amendment, AmendmentPoint, PointApplication, PointKind
from consult.council.services import adopted_points, original_text
from consult.errors import InvalidTransition, StaleEdit, ValidationFailed
from consult.extensions import db
from consult.plans import queries as plan_queries
from consult.plans import services as plan_services
from consult.plans.models import SectionVersion, Version, VersionStatus

register_messages(
    {
        "version.adopt": _l(
            "Generated version %(number)s from the adopted points of version %(source)s: "
            "%(points)s."
        ),
    }
)

MAX_TITLE = 300
MAX_LABEL = 200
MANUAL = "manual"
POINT_PREFIX = "point:"


@dataclass(frozen=True)
class Resolution:
    """How a section touched by conflicting points reads: `choice` is "point:<id>" (that
    point's text) or "manual" (`title` and `body` written by hand, taking into account the
    points in `considered`, all of the conflict's points when None)."""

    choice: str
    title: str = ""
    body: str = ""
    considered: tuple[int, ...] | None = None


@dataclass
class SectionChange:
    """New wording or deletion of one section of the version the amendments were filed on."""

    node: SectionVersion
    language: str
    points: list[AmendmentPoint]
    old_title: str
    old_body: str
    new_title: str | None = None
    new_body: str | None = None
    deleted: bool = False
    conflict: bool = False
    resolution: Resolution | None = None
    error: str | None = None
    manual: bool = False
    # The points linked to the section once applied.
    linked: list[AmendmentPoint] = field(default_factory=list)
    # Deleted together with an ancestor that another point deletes: nothing left to do.
    implied: bool = False

    @property
    def section_id(self) -> int:
        return self.node.section_id

    @property
    def decided(self) -> bool:
        return bool(self.linked)


@dataclass
class SectionAddition:
    """A new section after `after`, from an "add after" point."""

    point: AmendmentPoint
    after: SectionVersion
    language: str
    title: str
    body: str


@dataclass
class LostPoint:
    """An adopted point that cannot take effect, and why."""

    point: AmendmentPoint
    reason: str


@dataclass
class AppliedPoint:
    point: AmendmentPoint
    version_number: int
    manual: bool


@dataclass
class AdoptionPlan:
    version: Version
    points: list[AmendmentPoint]
    changes: list[SectionChange]
    additions: list[SectionAddition]
    lost: list[LostPoint]
    applied: list[AppliedPoint]
    # Points of the amendments to the version that were not adopted (open, rejected, ...).
    other_points: list[AmendmentPoint]
    # What the plan was made from (see _fingerprint): compared when generating.
    fingerprint: str
    # The version's sections: section id -> its node.
    nodes: dict[int, SectionVersion] = field(default_factory=dict)

    @property
    def conflicts(self) -> list[SectionChange]:
        return [change for change in self.changes if change.conflict]

    @property
    def unresolved(self) -> list[SectionChange]:
        return [change for change in self.conflicts if not change.decided]

    @property
    def entries(self) -> list[SectionChange | SectionAddition]:
        """Changes and additions in document order: an addition follows its section and that
        section's subsections ("~" sorts after the digits and dots of deeper order keys)."""
        keyed: list[tuple[tuple[str, int], SectionChange | SectionAddition]] = [
            ((change.node.order_key, 0), change) for change in self.changes
        ]
        keyed += [
            ((f"{addition.after.order_key}~", index), addition)
            for index, addition in enumerate(self.additions)
        ]
        return [entry for _key, entry in sorted(keyed, key=lambda item: item[0])]

    @property
    def applied_version_number(self) -> int | None:
        return self.applied[0].version_number if self.applied else None


class AlreadyApplied(InvalidTransition):
    """The adopted points were applied to a newer version already."""

    def __init__(self, message: str, version_number: int) -> None:
        super().__init__(message)
        self.version_number = version_number


# --- planning ----------------------------------------------------------------------------


def _section_name(node: SectionVersion, language: str) -> str:
    title = original_text(node, language)[0]
    return f"{node.number} “{title}”" if title else node.number


def _point_effect(point: AmendmentPoint, old_title: str) -> tuple[str, str] | None:
    """(title, body) a replace point gives its section; None for a deletion."""
    if point.kind == PointKind.DELETE:
        return None
    return (point.new_title or old_title, point.new_body or "")


def _resolve(change: SectionChange, resolution: Resolution | None, number: str) -> None:
    """Settle a conflicting section from its resolution, or note why it cannot be settled."""
    change.resolution = resolution
    if resolution is None or not resolution.choice:
        change.error = _("Choose how section %(section)s reads in the adopted version.",
                         section=number)
        return
    by_id = {point.id: point for point in change.points}
    if resolution.choice.startswith(POINT_PREFIX):
        try:
            chosen = by_id.get(int(resolution.choice[len(POINT_PREFIX):]))
        except ValueError:
            chosen = None
        if chosen is None:
            change.error = _("Choose one of the points on section %(section)s.", section=number)
            return
        effect = _point_effect(chosen, change.old_title)
        change.deleted = effect is None
        change.new_title, change.new_body = effect if effect else (None, None)
        change.linked = [chosen]
        return
    if resolution.choice != MANUAL:
        change.error = _("Choose one of the points on section %(section)s.", section=number)
        return
    title = " ".join((resolution.title or "").replace("\x00", "").split())
    body = (resolution.body or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not title:
        change.error = _("Give section %(section)s a title.", section=number)
        return
    if len(title) > MAX_TITLE:
        change.error = _("At most %(num)d characters.", num=MAX_TITLE)
        return
    wanted = set(by_id) if resolution.considered is None else set(resolution.considered)
    considered = [point for point in change.points if point.id in wanted]
    if not considered:
        change.error = _(
            "Tick at least one point that the text of section %(section)s takes into account.",
            section=number,
        )
        return
    change.new_title, change.new_body = title, body
    change.manual = True
    change.linked = considered


def amendment_points(version: Version) -> tuple[list[AmendmentPoint], list[AmendmentPoint]]:
    """(adopted points in order, the other points of the amendments to `version`): 3 queries.
    Each point's amendment is loaded."""
    amendments = db.session.scalars(
        select(Amendment)
        .where(Amendment.version_id == version.id)
        .options(selectinload(Amendment.points))
        .order_by(Amendment.filed_on, Amendment.number)
    ).all()
    adopted = adopted_points(version)
    for amendment in amendments:
        for point in amendment.points:
            # Keep the amendment with its point (the session holds objects only weakly).
            set_committed_value(point, "amendment", amendment)
    adopted_ids = {point.id for point in adopted}
    others = [
        point for amendment in amendments for point in amendment.points
        if point.id not in adopted_ids
    ]
    return adopted, others


def _applied(points: list[AmendmentPoint]) -> list[AppliedPoint]:
    if not points:
        return []
    by_id = {point.id: point for point in points}
    rows = db.session.execute(
        select(PointApplication.point_id, Version.number, PointApplication.manual)
        .join(Version, Version.id == PointApplication.version_id)
        .where(PointApplication.point_id.in_(list(by_id)))
        .order_by(Version.number, PointApplication.id)
    ).all()
    return [AppliedPoint(by_id[point_id], number, manual) for point_id, number, manual in rows]


def _fingerprint(points: list[AmendmentPoint], nodes: dict[int, SectionVersion]) -> str:
    """Changes when a point is adopted, dropped or edited, or a section it touches is edited."""
    parts = []
    for point in points:
        node = nodes.get(point.section_id)
        text = node.text(point.amendment.language) if node is not None else None
        parts.append(f"{point.id}:{point.lock_version}:{text.fingerprint if text else '-'}")
    return hashlib.sha256(",".join(parts).encode()).hexdigest()[:16]


def _ancestor_deleted(
    node: SectionVersion, by_id: dict[int, SectionVersion], deleted: dict[int, AmendmentPoint]
) -> tuple[SectionVersion, AmendmentPoint] | None:
    parent = by_id.get(node.parent_id) if node.parent_id else None
    while parent is not None:
        if parent.section_id in deleted:
            return parent, deleted[parent.section_id]
        parent = by_id.get(parent.parent_id) if parent.parent_id else None
    return None


def plan_adoption(
    version: Version, resolutions: dict[int, Resolution] | None = None
) -> AdoptionPlan:
    """What the adopted version would hold. Refuses (ValidationFailed) when no point of an
    amendment to `version` is adopted."""
    resolutions = resolutions or {}
    adopted, others = amendment_points(version)
    if not adopted:
        raise ValidationFailed(_("No point of an amendment to this version has been adopted."))
    nodes = plan_queries.version_nodes(version)
    by_section = {node.section_id: node for node in nodes}
    by_id = {node.id: node for node in nodes}
    lost: list[LostPoint] = []
    touching: dict[int, list[AmendmentPoint]] = {}
    additions: list[SectionAddition] = []
    for point in adopted:
        node = by_section.get(point.section_id)
        if node is None:
            lost.append(LostPoint(point, _("The section is no longer part of this version.")))
        elif point.kind == PointKind.ADD_AFTER:
            additions.append(SectionAddition(
                point, node, point.amendment.language, point.new_title or "", point.new_body or "",
            ))
        else:
            touching.setdefault(point.section_id, []).append(point)

    changes: list[SectionChange] = []
    for section_id, points in touching.items():
        node = by_section[section_id]
        language = points[0].amendment.language
        old_title, old_body = original_text(node, language)
        change = SectionChange(node, language, points, old_title, old_body)
        effects = {_point_effect(point, old_title) for point in points}
        if len(effects) == 1:
            effect = next(iter(effects))
            change.deleted = effect is None
            change.new_title, change.new_body = effect if effect else (None, None)
            change.linked = list(points)
        else:
            change.conflict = True
            _resolve(change, resolutions.get(section_id), _section_name(node, language))
        changes.append(change)

    # A section inside a deleted one goes with it: a deletion there is implied, any other
    # change or addition there cannot take effect.
    deleted = {c.section_id: c.linked[0] for c in changes if c.deleted and c.decided}
    kept: list[SectionChange] = []
    for change in changes:
        hit = _ancestor_deleted(change.node, by_id, deleted)
        if hit is None:
            kept.append(change)
            continue
        deletions = [point for point in change.points if point.kind == PointKind.DELETE]
        if deletions:
            kept.append(SectionChange(
                change.node, change.language, deletions, change.old_title, change.old_body,
                deleted=True, linked=deletions, implied=True,
            ))
        lost += [_lost_with(point, *hit) for point in change.points if point not in deletions]
    kept_additions = []
    for addition in additions:
        hit = _ancestor_deleted(addition.after, by_id, deleted)
        if hit is None:
            kept_additions.append(addition)
        else:
            lost.append(_lost_with(addition.point, *hit))
    kept.sort(key=lambda change: change.node.order_key)
    order = {point.id: index for index, point in enumerate(adopted)}
    lost.sort(key=lambda item: order[item.point.id])
    return AdoptionPlan(
        version=version, points=adopted, changes=kept, additions=kept_additions, lost=lost,
        applied=_applied(adopted), other_points=others, fingerprint=_fingerprint(adopted, by_section),
        nodes=by_section,
    )


def _lost_with(point: AmendmentPoint, ancestor: SectionVersion, by: AmendmentPoint) -> LostPoint:
    return LostPoint(point, _(
        "Section %(section)s is deleted with its subsections by point %(label)s.",
        section=_section_name(ancestor, by.amendment.language), label=by.label,
    ))


# --- generating --------------------------------------------------------------------------


def _check_label(label: dict[str, str]) -> dict[str, str]:
    cleaned = {
        code: " ".join((value or "").replace("\x00", "").split())
        for code, value in (label or {}).items()
    }
    cleaned = {code: value for code, value in cleaned.items() if value}
    if not cleaned:
        raise ValidationFailed(_("Give the new version a label."))
    if any(len(value) > MAX_LABEL for value in cleaned.values()):
        raise ValidationFailed(_("At most %(num)d characters.", num=MAX_LABEL))
    return cleaned


def generate_adopted_version(
    version: Version,
    *,
    actor,
    label: dict[str, str],
    resolutions: dict[int, Resolution] | None = None,
    adopt: bool = True,
    changelog: dict | None = None,
    expected: str | None = None,
) -> Version:
    """A copy of `version` with every adopted point applied, each linked to its section by a
    PointApplication; adopted and published when `adopt`. `expected` is the plan's
    fingerprint as shown to the person: a different one means the points changed meanwhile."""
    plan = plan_adoption(version, resolutions)
    if expected is not None and expected != plan.fingerprint:
        raise StaleEdit(_(
            "The adopted points changed since this page was opened. Check the preview again."
        ))
    if plan.applied:
        raise AlreadyApplied(
            _("The adopted points of version %(source)s were applied in version %(number)s "
              "already.", source=version.number, number=plan.applied_version_number),
            plan.applied_version_number or 0,
        )
    if plan.unresolved:
        names = ", ".join(_section_name(c.node, c.language) for c in plan.unresolved)
        raise ValidationFailed(_(
            "Adopted points contradict each other in these sections; choose how each reads: "
            "%(sections)s.", sections=names,
        ))
    label = _check_label(label)
    process = version.process
    new = plan_services.create_version(
        process, label=label, copy_from=version, changelog=changelog, actor=actor
    )
    nodes = {
        node.section_id: node
        for node in db.session.scalars(
            select(SectionVersion)
            .where(SectionVersion.version_id == new.id)
            .options(selectinload(SectionVersion.texts))
        )
    }
    actor_id = getattr(actor, "id", None)
    applications: list[PointApplication] = []

    def link(point: AmendmentPoint, section_id: int, manual: bool = False) -> None:
        applications.append(PointApplication(
            point_id=point.id, version_id=new.id, section_id=section_id, manual=manual,
            created_by_id=actor_id,
        ))

    for change in plan.changes:
        if not change.deleted:
            plan_services.set_section_text(
                nodes[change.section_id], change.language, title=change.new_title or "",
                body=change.new_body or "", actor=actor,
            )
        for point in change.linked:
            link(point, change.section_id, change.manual)
    after_count: dict[int, int] = {}
    for addition in plan.additions:
        target = nodes[addition.after.section_id]
        placed = after_count.get(target.section_id, 0)
        node = plan_services.add_section(
            new, title=addition.title, body=addition.body, language=addition.language,
            parent=target.parent, kind=target.kind, position=target.position + 1 + placed,
            actor=actor, renumber_now=False,
        )
        after_count[target.section_id] = placed + 1
        link(addition.point, node.section_id)
    for change in plan.changes:
        if change.deleted and not change.implied:
            plan_services.remove_section(nodes[change.section_id], actor=actor)
    plan_services.renumber(new)
    db.session.add_all(applications)
    db.session.flush()
    if adopt:
        plan_services.set_version_status(new, VersionStatus.PUBLISHED, actor)
        plan_services.set_version_status(new, VersionStatus.ADOPTED, actor)
    applied_ids = {application.point_id for application in applications}
    applied_labels = [point.label for point in plan.points if point.id in applied_ids]
    record(
        actor, "version.adopt", new,
        {"number": new.number, "source": version.number, "points": ", ".join(applied_labels)},
        after={
            "points": applied_labels,
            "manual": [c.node.number for c in plan.changes if c.manual],
            "not_applied": [item.point.label for item in plan.lost],
            "status": new.status,
        },
    )
    return new


__all__ = [
    "AdoptionPlan",
    "AlreadyApplied",
    "LostPoint",
    "Resolution",
    "SectionAddition",
    "SectionChange",
    "generate_adopted_version",
    "plan_adoption",
]

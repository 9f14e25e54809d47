"""Queries of the triage queue and the triage start page, in a fixed number of queries.

The queue narrows a process's suggestions by filters; each filter is one WHERE clause, kept
by name so that a facet (the counts per value of one filter) can be counted over the current
set without its own filter. The number of queries never depends on the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, false, func, literal_column, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from consult.accounts.models import Role, User
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process, SectionVersion, Version
from consult.security import can
from consult.triage import search
from consult.triage.models import (
    Group,
    GroupMember,
    Recommendation,
    Suggestion,
    Tag,
    suggestion_sections,
    suggestion_tags,
)

# Where a suggestion stands; exactly one applies to each suggestion.
STATUSES = ("open", "recommended", "decided", "published", "grouped")
STATUS_TITLES = {
    "open": _l("Open"),
    "recommended": _l("Recommended"),
    "decided": _l("Decided, not published"),
    "published": _l("Published"),
    "grouped": _l("Grouped under another"),
}
NONE = "none"  # filter value: no group / undecided / nobody


def status_expression():
    """grouped, published, decided, recommended or open. Needs the outer join on
    recommendations (see `_joined`). The values are SQL literals, so the expression groups
    the same way on every database."""
    return case(
        (Suggestion.representative_id.is_not(None), literal_column("'grouped'")),
        (Suggestion.published_at.is_not(None), literal_column("'published'")),
        (Suggestion.outcome.is_not(None), literal_column("'decided'")),
        (Recommendation.id.is_not(None), literal_column("'recommended'")),
        else_=literal_column("'open'"),
    )


def _joined(stmt: Select) -> Select:
    return stmt.join(Contribution, Contribution.id == Suggestion.contribution_id).outerjoin(
        Recommendation, Recommendation.suggestion_id == Suggestion.id
    )


# ---------------------------------------------------------------- the start page

@dataclass
class ProcessRow:
    process: Process
    groups: list[str]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def triage_processes(user) -> list[ProcessRow]:
    """Processes where `user` has triage access, with counts per status of the suggestions
    they may see. Four queries at most, however many processes and suggestions."""
    memberships = db.session.execute(
        select(Group.id, Group.name, Group.process_id, Group.decides)
        .join(GroupMember, GroupMember.group_id == Group.id)
        .where(GroupMember.user_id == user.id)
        .order_by(Group.name)
    ).all()
    staff = can(user, "triage.read")
    if not staff and not memberships:
        return []
    query = select(Process).options(selectinload(Process.texts))
    if not staff:
        query = query.where(Process.id.in_({m.process_id for m in memberships}))
    processes = list(db.session.scalars(query.order_by(Process.created_at.desc(), Process.id.desc())))
    rows = {
        p.id: ProcessRow(p, [m.name for m in memberships if m.process_id == p.id])
        for p in processes
    }
    # Who sees everything of a process: staff, and members of a deciding body.
    all_of = {p.id for p in processes} if staff else {m.process_id for m in memberships if m.decides}
    group_ids = {m.id for m in memberships if m.process_id not in all_of}
    visible = []
    if all_of:
        visible.append(Suggestion.process_id.in_(all_of))
    if group_ids:
        visible.append(Suggestion.group_id.in_(group_ids))
    if rows and visible:
        status = status_expression()
        counts = db.session.execute(
            select(Suggestion.process_id, status, func.count())
            .select_from(Suggestion)
            .outerjoin(Recommendation, Recommendation.suggestion_id == Suggestion.id)
            .where(or_(*visible))
            .group_by(Suggestion.process_id, status)
        ).all()
        for process_id, value, count in counts:
            if process_id in rows:
                rows[process_id].counts[value] = count
    return list(rows.values())


# ---------------------------------------------------------------- the queue

@dataclass
class Filters:
    """Checked filter values (the view validates and resolves them)."""

    version: Version | None = None
    section_ids: list[int] | None = None  # the chosen section and its subsections
    status: str | None = None
    outcome: str | None = None  # an Outcome value or NONE (undecided)
    kind: str | None = None
    channel: str | None = None
    submitter_type: str | None = None
    language: str | None = None
    group: int | str | None = None  # a group id or NONE
    assignee: int | str | None = None  # a user id or NONE
    tag_id: int | None = None
    late: bool | None = None
    number: int | None = None
    q: str = ""

    def key(self) -> tuple:
        """What tells these filters apart (to remember their counts)."""
        return (
            self.version.id if self.version is not None else None,
            tuple(self.section_ids) if self.section_ids is not None else None,
            self.status, self.outcome, self.kind, self.channel, self.submitter_type,
            self.language, self.group, self.assignee, self.tag_id, self.late, self.number, self.q,
        )


def conditions(process: Process, access, filters: Filters) -> tuple[list, dict[str, object]]:
    """(always, by filter name): the WHERE clauses of the queue."""
    always = [Suggestion.process_id == process.id]
    visible = access.visible_group_ids()
    if visible is not None:
        always.append(Suggestion.group_id.in_(visible) if visible else false())
    named: dict[str, object] = {}
    if filters.version is not None:
        named["version"] = Suggestion.version_id == filters.version.id
    if filters.section_ids is not None:
        named["section"] = Suggestion.id.in_(
            select(suggestion_sections.c.suggestion_id).where(
                suggestion_sections.c.section_id.in_(filters.section_ids or [-1])
            )
        )
    if filters.status:
        named["status"] = status_expression() == literal_column(f"'{_known_status(filters.status)}'")
    if filters.outcome:
        named["outcome"] = (
            Suggestion.outcome.is_(None) if filters.outcome == NONE
            else Suggestion.outcome == filters.outcome
        )
    for name, column in (
        ("kind", Contribution.kind),
        ("channel", Contribution.channel),
        ("submitter_type", Contribution.submitter_type),
        ("language", Suggestion.language),
    ):
        value = getattr(filters, name)
        if value:
            named[name] = column == value
    if filters.group is not None:
        named["group"] = (
            Suggestion.group_id.is_(None) if filters.group == NONE
            else Suggestion.group_id == filters.group
        )
    if filters.assignee is not None:
        named["assignee"] = (
            Suggestion.assignee_id.is_(None) if filters.assignee == NONE
            else Suggestion.assignee_id == filters.assignee
        )
    if filters.tag_id is not None:
        named["tag"] = Suggestion.id.in_(
            select(suggestion_tags.c.suggestion_id).where(suggestion_tags.c.tag_id == filters.tag_id)
        )
    if filters.late is not None:
        named["late"] = Contribution.is_late.is_(True) if filters.late else Contribution.is_late.is_(False)
    if filters.number is not None:
        named["q"] = Suggestion.number == filters.number
    elif filters.q:
        found = search.matches(filters.q)
        if found is not None:
            # In a subquery of its own: the match names the text columns unqualified, and the
            # page query joins a second `suggestions` (the representative).
            matching = select(Suggestion.id).where(
                Suggestion.process_id == process.id, found
            ).correlate_except(Suggestion)
            if db.session.get_bind().dialect.name == "postgresql":
                # Found once through the text index (an InitPlan), not row by row in a join.
                named["q"] = Suggestion.id == func.any(func.array(matching.scalar_subquery()))
            else:
                named["q"] = Suggestion.id.in_(matching)
    return always, named


def _known_status(value: str) -> str:
    if value not in STATUSES:  # the SQL literal is built from this list only
        raise ValueError(value)
    return value


FACETS = ("status", "outcome", "group", "language", "channel", "submitter_type", "kind",
          "version", "late")


def _facet_column(name: str):
    return {
        "status": status_expression,
        "outcome": lambda: Suggestion.outcome,
        "group": lambda: Suggestion.group_id,
        "language": lambda: Suggestion.language,
        "channel": lambda: Contribution.channel,
        "submitter_type": lambda: Contribution.submitter_type,
        "kind": lambda: Contribution.kind,
        "version": lambda: Suggestion.version_id,
        "late": lambda: Contribution.is_late,
    }[name]()


@dataclass
class FacetCounts:
    """value -> count for each facet, and the number of suggestions every filter lets through."""

    counts: dict[str, dict]
    total: int

    def __getitem__(self, name: str) -> dict:
        return self.counts[name]


def facets(always: list, named: dict) -> FacetCounts:
    """For each facet, value -> count over the queue filtered by every other filter, and the
    queue's total: ONE query, whatever the number of filters and suggestions.

    The query groups the process's suggestions by every facet's value and by whether each
    active filter lets them through; a facet then adds up the groups that every *other*
    filter lets through. None stands for "no value" (no group, undecided)."""
    columns = [_facet_column(name) for name in FACETS]
    names = list(named)
    flags = [case((named[name], 1), else_=0) for name in names]
    rows = db.session.execute(
        _joined(select(*columns, *flags, func.count()).select_from(Suggestion))
        .where(*always)
        .group_by(*columns, *flags)
    ).all()
    counts: dict[str, dict] = {name: defaultdict(int) for name in FACETS}
    total = 0
    width = len(FACETS)
    for row in rows:
        failing = [names[i] for i, passed in enumerate(row[width:-1]) if not passed]
        count = row[-1]
        if not failing:
            total += count
        elif len(failing) > 1:
            continue
        for i, name in enumerate(FACETS):
            if not failing or failing[0] == name:
                counts[name][row[i]] += count
    return FacetCounts({name: dict(values) for name, values in counts.items()}, total)


def section_order(version_id: int | None):
    """The suggestion's first section in document order of the given version."""
    if version_id is None:
        return literal_column("''")
    first = (
        select(func.min(SectionVersion.order_key))
        .join(suggestion_sections, suggestion_sections.c.section_id == SectionVersion.section_id)
        .where(
            suggestion_sections.c.suggestion_id == Suggestion.id,
            SectionVersion.version_id == version_id,
        )
        .correlate(Suggestion)
        .scalar_subquery()
    )
    return func.coalesce(first, "~")


SORTS = {
    "number": _l("Number"),
    "newest": _l("Newest first"),
    "oldest": _l("Oldest first"),
    "section": _l("Section"),
    "changed": _l("Last changed"),
}


def order_by(sort: str, reference_version_id: int | None) -> list:
    if sort == "newest":
        return [Suggestion.created_at.desc(), Suggestion.number.desc()]
    if sort == "oldest":
        return [Suggestion.created_at, Suggestion.number]
    if sort == "section":
        return [section_order(reference_version_id), Suggestion.number]
    if sort == "changed":
        return [Suggestion.updated_at.desc(), Suggestion.number.desc()]
    return [Suggestion.number]


def page_query(always: list, named: dict, sort: str, reference_version_id: int | None) -> Select:
    """The queue's suggestions with what each row shows, for db.paginate."""
    return (
        _joined(select(Suggestion))
        .where(*always, *named.values())
        .options(
            contains_eager(Suggestion.contribution),
            contains_eager(Suggestion.recommendation),
            joinedload(Suggestion.group),
            joinedload(Suggestion.representative),
            selectinload(Suggestion.sections),
            selectinload(Suggestion.tags),
        )
        .order_by(*order_by(sort, reference_version_id))
    )


def users_by_id(ids: Iterable[int | None]) -> dict[int, User]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(wanted)))}


def tags(process: Process) -> list[Tag]:
    return list(
        db.session.scalars(select(Tag).where(Tag.process_id == process.id).order_by(Tag.name))
    )


def people(process: Process) -> list[User]:
    """Who suggestions may be assigned to: staff and the members of the process's groups."""
    members = select(GroupMember.user_id).join(Group, Group.id == GroupMember.group_id).where(
        Group.process_id == process.id
    )
    return list(
        db.session.scalars(
            select(User)
            .where(
                or_(User.role.in_([Role.STAFF.value, Role.ADMIN.value]), User.id.in_(members)),
                User.deleted_at.is_(None),
                User.is_active_account.is_(True),
            )
            .order_by(User.display_name, User.id)
        )
    )


def selected(process: Process, access, numbers: Iterable[int]) -> list[Suggestion]:
    """The chosen suggestions the person may see, loaded for the bulk services."""
    numbers = sorted({n for n in numbers if 0 < n < 2**31})
    if not numbers:
        return []
    query = (
        select(Suggestion)
        .where(Suggestion.process_id == process.id, Suggestion.number.in_(numbers))
        .options(
            joinedload(Suggestion.group),
            joinedload(Suggestion.representative),
            joinedload(Suggestion.recommendation),
            selectinload(Suggestion.sections),
            selectinload(Suggestion.tags),
        )
        .order_by(Suggestion.number)
    )
    visible = access.visible_group_ids()
    if visible is not None:
        query = query.where(Suggestion.group_id.in_(visible) if visible else false())
    return list(db.session.scalars(query).unique())


def by_number(process: Process, access, number: int) -> Suggestion | None:
    found = selected(process, access, [number])
    return found[0] if found else None


@dataclass(frozen=True)
class OutlineItem:
    """A section of the reference version as the queue's filter shows it (plain data)."""

    section_id: int
    key: str
    order_key: str
    number: str | None
    depth: int
    title: str
    fallback_language: str | None  # the title's language when it is not the reader's


def outline(version: Version, language: str, original: str) -> list[OutlineItem]:
    """The version's sections in document order with their titles in `language`."""
    from consult.plans import queries as plan_queries

    items = []
    for node in plan_queries.version_nodes(version):
        shown = plan_queries.shown_text(node, language, original)
        items.append(OutlineItem(
            node.section_id, node.section.key, node.order_key, node.number, node.depth,
            shown.title, shown.language if shown.fallback and shown.language else None,
        ))
    return items


def section_numbers(nodes: list[OutlineItem]) -> dict[int, str]:
    """section id -> its number in the reference version."""
    return {n.section_id: n.number or n.key for n in nodes}


def subsection_ids(nodes: list[OutlineItem], key: str) -> list[int] | None:
    """The section with this key and every section below it (by order-key prefix)."""
    chosen = next((n for n in nodes if n.key == key), None)
    if chosen is None:
        return None
    prefix = chosen.order_key + "."
    return [n.section_id for n in nodes if n.order_key == chosen.order_key or n.order_key.startswith(prefix)]


def group_counts_by_value(counts: dict) -> dict[str, int]:
    """Facet keys as strings (form values): None -> NONE, True/False -> yes/no."""
    result: dict[str, int] = defaultdict(int)
    for value, count in counts.items():
        if value is None:
            key = NONE
        elif value is True:
            key = "yes"
        elif value is False:
            key = "no"
        else:
            key = str(value)
        result[key] += count
    return dict(result)


def process_groups(process: Process) -> list[Group]:
    """The process's groups (one query), expert groups first."""
    return list(
        db.session.scalars(
            select(Group).where(Group.process_id == process.id).order_by(Group.decides, Group.name)
        )
    )

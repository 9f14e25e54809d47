"""Read-side queries for events, tables and forum cards. A fixed number of queries each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask import abort
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import selectinload

from consult.accounts.models import User
from consult.extensions import db
from consult.participation.models import Contribution, ContributionKind, Event, EventTable
from consult.plans.models import Process, SectionVersion, Version
from consult.plans.queries import PUBLIC_STATUSES, version_nodes

CODE_PATTERN = re.compile(r"^[A-Za-z0-9]{4,16}$")
CARDS_PER_PAGE = 50


def _cards():
    return select(Contribution).where(Contribution.kind == ContributionKind.FORUM_CARD.value)


# --- events and tables -----------------------------------------------------------------------


def events_of(process: Process) -> list[Event]:
    """The process's events, newest first, with their tables (two queries)."""
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.process_id == process.id)
            .options(selectinload(Event.tables))
            .order_by(Event.starts_at.desc(), Event.id.desc())
        ).all()
    )


def event_or_404(process: Process, event_id: int) -> Event:
    """An event of this process with its tables and their sections; 404 for any other."""
    event = db.session.scalar(
        select(Event)
        .where(Event.id == event_id, Event.process_id == process.id)
        .options(selectinload(Event.tables).selectinload(EventTable.sections))
    )
    if event is None:
        abort(404)
    return event


def table_or_404(event: Event, table_id: int) -> EventTable:
    table = next((t for t in event.tables if t.id == table_id), None)
    if table is None:
        abort(404)
    return table


def find_by_code(code: str) -> tuple[Event, EventTable | None] | None:
    """The event (and table) a short link names; codes are read case-insensitively."""
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        return None
    code = code.upper()
    event = db.session.scalar(
        select(Event)
        .where(Event.code == code)
        .options(selectinload(Event.tables).selectinload(EventTable.sections))
    )
    if event is not None:
        return event, None
    table = db.session.scalar(select(EventTable).where(EventTable.code == code))
    if table is None:
        return None
    event = db.session.scalar(
        select(Event)
        .where(Event.id == table.event_id)
        .options(selectinload(Event.tables).selectinload(EventTable.sections))
    )
    return event, table


def code_taken(code: str) -> bool:
    return (
        db.session.scalar(select(Event.id).where(Event.code == code)) is not None
        or db.session.scalar(select(EventTable.id).where(EventTable.code == code)) is not None
    )


# --- versions and sections ------------------------------------------------------------------


def public_versions(process: Process) -> list[Version]:
    """Published and adopted versions, oldest first."""
    return [v for v in sorted(process.versions, key=lambda v: v.number) if v.status in PUBLIC_STATUSES]


def latest_public_version(process: Process) -> Version | None:
    versions = public_versions(process)
    return versions[-1] if versions else None


def chosen_version(process: Process, number) -> Version | None:
    """The public version with this number, else the latest public one."""
    versions = public_versions(process)
    try:
        wanted = int(number) if number not in (None, "") else None
    except (TypeError, ValueError):
        wanted = None
    for version in versions:
        if version.number == wanted:
            return version
    return versions[-1] if versions else None


def nodes_of(version: Version | None) -> list[SectionVersion]:
    """Every node of a version in document order, texts loaded (none without a version)."""
    return version_nodes(version) if version is not None else []


# --- cards ------------------------------------------------------------------------------------


def card_count(event: Event) -> int:
    return db.session.scalar(
        select(func.count()).select_from(_cards().where(Contribution.event_id == event.id).subquery())
    ) or 0


def card_counts_by_table(event: Event) -> dict[int | None, int]:
    """Number of cards per table id (None: cards without a table), one query."""
    rows = db.session.execute(
        select(Contribution.event_table_id, func.count())
        .where(
            Contribution.kind == ContributionKind.FORUM_CARD.value,
            Contribution.event_id == event.id,
        )
        .group_by(Contribution.event_table_id)
    ).all()
    return {table_id: count for table_id, count in rows}


def card_counts_by_event(process: Process) -> dict[int, int]:
    rows = db.session.execute(
        select(Contribution.event_id, func.count())
        .where(
            Contribution.kind == ContributionKind.FORUM_CARD.value,
            Contribution.process_id == process.id,
        )
        .group_by(Contribution.event_id)
    ).all()
    return {event_id: count for event_id, count in rows}


def cards_page(event: Event, *, table_id: int | None, without_table: bool, page: int):
    query = _cards().where(Contribution.event_id == event.id)
    if without_table:
        query = query.where(Contribution.event_table_id.is_(None))
    elif table_id is not None:
        query = query.where(Contribution.event_table_id == table_id)
    query = query.order_by(Contribution.created_at.desc(), Contribution.id.desc())
    return db.paginate(query, page=page, per_page=CARDS_PER_PAGE, error_out=False)


def card_or_404(event: Event, card_id: int) -> Contribution:
    card = db.session.scalar(
        _cards().where(Contribution.id == card_id, Contribution.event_id == event.id)
    )
    if card is None:
        abort(404)
    return card


@dataclass
class CardContext:
    """What a list of cards shows besides the cards: their sections and who entered them."""

    nodes: dict[tuple[int, int], SectionVersion] = field(default_factory=dict)
    staff: dict[int, str] = field(default_factory=dict)

    def node(self, card: Contribution) -> SectionVersion | None:
        if card.section_id is None or card.version_id is None:
            return None
        return self.nodes.get((card.version_id, card.section_id))


def card_context(cards: list[Contribution]) -> CardContext:
    """Section placements and staff names for a page of cards (at most three queries)."""
    context = CardContext()
    pairs = {(c.version_id, c.section_id) for c in cards if c.version_id and c.section_id}
    if pairs:
        nodes = db.session.scalars(
            select(SectionVersion)
            .where(tuple_(SectionVersion.version_id, SectionVersion.section_id).in_(list(pairs)))
            .options(selectinload(SectionVersion.texts))
        ).all()
        context.nodes = {(n.version_id, n.section_id): n for n in nodes}
    staff_ids = {c.entered_by_id for c in cards if c.entered_by_id}
    if staff_ids:
        rows = db.session.execute(
            select(User.id, User.display_name).where(User.id.in_(staff_ids))
        ).all()
        context.staff = {user_id: name for user_id, name in rows}
    return context


# --- languages and opening hours ------------------------------------------------------------------


def card_languages(process: Process) -> list[str]:
    """Languages a card may be marked with: the process's, the interface's, and any configured."""
    from flask import current_app

    return list(
        dict.fromkeys(
            [
                *process.languages,
                *current_app.config["LANGUAGES"],
                *(current_app.config.get("CONTRIBUTION_LANGUAGES") or ()),
            ]
        )
    )


def event_days(event: Event) -> tuple[date, date]:
    """First and last day of the event in local time."""
    from flask_babel import to_user_timezone

    first = to_user_timezone(event.starts_at).date()
    last = to_user_timezone(event.ends_at).date() if event.ends_at else first
    return first, max(first, last)


def open_for_phones(event: Event, process: Process, today: date) -> bool:
    """Phones may send feedback while the event takes it and either a running phase opens
    forum feedback or the event takes place today."""
    if not event.accepts_phone_feedback:
        return False
    if process.opens("forum", today):
        return True
    first, last = event_days(event)
    return first <= today <= last

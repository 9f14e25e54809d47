"""Every change to events, tables and forum cards. Flushes, never commits.

Forum feedback is anonymous: a card records the event, table, section, version and language,
and the staff member who typed it in, but never who wrote it. Its text is public.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert

from consult.audit.models import register_messages
from consult.audit.services import record
from consult.errors import NotAllowed, ValidationFailed
from consult.extensions import db
from consult.forum import queries
from consult.models import utcnow
from consult.participation.common import choose_language
from consult.participation.models import (
    Channel,
    Contribution,
    ContributionKind,
    ContributionStatus,
    Event,
    EventTable,
    LanguageSource,
    SubmitterType,
)
from consult.plans.models import Process, Section, Version

register_messages(
    {
        "forum.event.create": _l("Created the event “%(name)s” (%(code)s) in %(slug)s."),
        "forum.event.update": _l("Changed the event “%(name)s” (%(code)s)."),
        "forum.event.delete": _l("Removed the event “%(name)s” (%(code)s) from %(slug)s."),
        "forum.table.create": _l("Added table %(number)s “%(table)s” to the event “%(name)s”."),
        "forum.table.update": _l("Changed table %(number)s “%(table)s” of the event “%(name)s”."),
        "forum.table.delete": _l("Removed table %(number)s “%(table)s” from the event “%(name)s”."),
        "forum.cards.capture": _l("Captured cards for the event “%(name)s”: %(count)s."),
        "forum.card.language": _l(
            "Corrected the language of card %(card)s of the event “%(name)s” from %(old)s to %(new)s."
        ),
        "forum.card.delete": _l("Deleted card %(card)s of the event “%(name)s”."),
    }
)

# Unambiguous characters (no 0/O, 1/I/L) for codes people type from a sheet of paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 7
MAX_CARD_TEXT = 5000
MAX_PHONE_TEXT = 2000


def new_code() -> str:
    """A short random code, unique among events and tables (the two share /f/<code>)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not queries.code_taken(code):
            return code


def _event_values(event: Event) -> dict:
    return {
        "name": event.name,
        "starts_at": event.starts_at.isoformat() if event.starts_at else None,
        "ends_at": event.ends_at.isoformat() if event.ends_at else None,
        "place": event.place,
        "description": event.description,
        "language": event.language,
        "accepts_phone_feedback": event.accepts_phone_feedback,
    }


def _check_times(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at < starts_at:
        raise ValidationFailed(_("The end cannot be before the start."))


# --- events ---------------------------------------------------------------------------------


def create_event(
    process: Process,
    *,
    name: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    description: str = "",
    language: str = "de",
    accepts_phone_feedback: bool = True,
    actor=None,
) -> Event:
    _check_times(starts_at, ends_at)
    event = Event(
        process_id=process.id,
        name=name,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place or "",
        description=description or "",
        language=language,
        accepts_phone_feedback=accepts_phone_feedback,
        code=new_code(),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(event)
    db.session.flush()
    record(
        actor, "forum.event.create", event,
        params={"name": name, "code": event.code, "slug": process.slug},
        after=_event_values(event),
    )
    return event


def update_event(
    event: Event,
    *,
    name: str,
    starts_at: datetime,
    ends_at: datetime | None,
    place: str,
    description: str,
    language: str,
    accepts_phone_feedback: bool,
    actor=None,
) -> Event:
    _check_times(starts_at, ends_at)
    before = _event_values(event)
    event.name = name
    event.starts_at = starts_at
    event.ends_at = ends_at
    event.place = place or ""
    event.description = description or ""
    event.language = language
    event.accepts_phone_feedback = accepts_phone_feedback
    db.session.flush()
    after = _event_values(event)
    changed = [key for key in after if after[key] != before[key]]
    record(
        actor, "forum.event.update", event,
        params={"name": event.name, "code": event.code},
        before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
    )
    return event


def delete_event(event: Event, process: Process, actor=None) -> None:
    """Remove an event that has no cards yet (cards are never deleted with their event)."""
    if queries.card_count(event):
        raise NotAllowed(_("This event has cards. Delete its cards first if it was created by mistake."))
    record(
        actor, "forum.event.delete", event,
        params={"name": event.name, "code": event.code, "slug": process.slug},
        before=_event_values(event),
    )
    db.session.delete(event)
    db.session.flush()


# --- tables ---------------------------------------------------------------------------------


def save_table(
    event: Event,
    *,
    table: EventTable | None = None,
    number: int,
    name: str,
    sections: Sequence[Section],
    actor=None,
) -> EventTable:
    """Add a table (or workshop) to an event, or change one. Numbers are unique per event."""
    if any(t.number == number and t is not table for t in event.tables):
        raise ValidationFailed(_("This event has a table with this number already."))
    before = None
    if table is None:
        table = EventTable(event=event, number=number, name=name, code=new_code())
        db.session.add(table)
        action = "forum.table.create"
    else:
        before = {"number": table.number, "name": table.name, "sections": [s.id for s in table.sections]}
        table.number = number
        table.name = name
        action = "forum.table.update"
    table.sections = list(sections)
    db.session.flush()
    after = {"number": table.number, "name": table.name, "sections": [s.id for s in table.sections]}
    record(
        actor, action, table,
        params={"number": table.number, "table": table.name, "name": event.name},
        before=before, after=after,
    )
    return table


def delete_table(table: EventTable, actor=None) -> None:
    event = table.event
    if queries.card_counts_by_table(event).get(table.id):
        raise NotAllowed(_("This table has cards and cannot be removed."))
    record(
        actor, "forum.table.delete", table,
        params={"number": table.number, "table": table.name, "name": event.name},
        before={"number": table.number, "name": table.name, "code": table.code},
    )
    event.tables.remove(table)
    db.session.delete(table)
    db.session.flush()


# --- cards ----------------------------------------------------------------------------------


@dataclass
class CardInput:
    """One card as parsed and checked: ready to be stored."""

    text: str
    table: EventTable | None = None
    section_id: int | None = None
    # The language chosen by whoever typed it; None means: detect it.
    language: str | None = None


def _card_values(
    event: Event,
    card: CardInput,
    *,
    version: Version | None,
    source: LanguageSource,
    entered_by=None,
    key: str | None = None,
) -> dict:
    """The columns of a new card."""
    language, language_source, detected = choose_language(
        card.text, chosen=card.language, fallback=event.language
    )
    if card.language:
        language_source = source.value
    now = utcnow()
    return {
        "kind": ContributionKind.FORUM_CARD.value,
        "process_id": event.process_id,
        "version_id": version.id if version is not None else None,
        "section_id": card.section_id,
        "channel": Channel.FORUM.value,
        "submitter_type": SubmitterType.FORUM.value,
        "status": ContributionStatus.RECEIVED.value,
        "language": language,
        "language_source": language_source,
        "detected_language": detected,
        "body": card.text,
        # Forum feedback is anonymous and public.
        "publish_text": True,
        "publish_name": False,
        "event_id": event.id,
        "event_table_id": card.table.id if card.table is not None else None,
        "entered_by_id": getattr(entered_by, "id", None),
        "idempotency_key": key,
        "created_at": now,
        "updated_at": now,
    }


def capture_cards(
    event: Event,
    cards: Iterable[CardInput],
    *,
    version: Version | None,
    actor,
    idempotency_key: str | None = None,
) -> list[int]:
    """Store cards typed in by staff, all at once, with one audit record; returns their ids.

    With an idempotency key, the same batch sent twice fails on the unique constraint
    (each card's key is the batch key and its position), so it is stored once.
    """
    cards = list(cards)
    if not cards:
        raise ValidationFailed(_("There are no cards to save."))
    rows = [
        _card_values(
            event, card, version=version, source=LanguageSource.STAFF, entered_by=actor,
            key=f"{idempotency_key}:{index}" if idempotency_key else None,
        )
        for index, card in enumerate(cards, start=1)
    ]
    # One multi-row INSERT (per thousand rows or so), not one statement per card.
    ids = list(db.session.scalars(insert(Contribution).returning(Contribution.id), rows).all())
    record(
        actor, "forum.cards.capture", event,
        params={"name": event.name, "count": len(ids)},
        after={"count": len(ids), "version": version.number if version else None},
    )
    db.session.flush()
    return sorted(ids)


def submit_phone_card(
    event: Event,
    card: CardInput,
    *,
    version: Version | None,
    idempotency_key: str | None,
) -> Contribution:
    """A card sent by an attendee from their phone, without an account."""
    if len(card.text) > MAX_PHONE_TEXT:
        raise ValidationFailed(_("The text is too long."))
    contribution = Contribution(
        **_card_values(
            event, card, version=version, source=LanguageSource.AUTHOR, key=idempotency_key or None
        )
    )
    db.session.add(contribution)
    db.session.flush()
    return contribution


def set_card_language(card: Contribution, event: Event, language: str, actor) -> None:
    old = card.language
    card.language = language
    card.language_source = LanguageSource.STAFF.value
    db.session.flush()
    record(
        actor, "forum.card.language", card,
        params={"card": card.id, "name": event.name, "old": old, "new": language},
        before={"language": old}, after={"language": language},
    )


def delete_card(card: Contribution, event: Event, actor) -> None:
    """Delete a card entered by mistake; the audit record keeps what it said."""
    record(
        actor, "forum.card.delete", card,
        params={"card": card.id, "name": event.name},
        before={
            "text": card.body,
            "language": card.language,
            "table": card.event_table_id,
            "section": card.section_id,
            "created_at": card.created_at.isoformat() if card.created_at else None,
        },
    )
    db.session.delete(card)
    db.session.flush()

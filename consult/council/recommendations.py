"""A body's recommendations on a version, entered by staff in one go and split into suggestions.

The whole list is kept as one contribution (a statement from the body, channel after the body's
kind), and each item of it becomes one suggestion through `consult.triage.services.split`, so
its passage points into the original text. Items are paragraphs or list items ("1.", "1)",
"-", "•", "*"); an item that starts with a section number of the version ("2.1 …",
"Ziel 2.1: …", "Handlungsfeld 2: …") is about that section. A paragraph that only introduces
the list (it ends with a colon) is not an item.

Plain arguments in, domain errors out; flushes and writes audit records, never commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.audit.models import register_messages
from consult.audit.services import record
from consult.comments.services import body_channel
from consult.errors import ValidationFailed
from consult.extensions import db
from consult.participation.common import find_by_idempotency_key, new_receipt_number
from consult.participation.models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    LanguageSource,
    SubmitterType,
)
from consult.plans.models import Process, SectionVersion, Version
from consult.plans.queries import version_nodes
from consult.triage import services as triage
from consult.triage.models import Group, Suggestion

TEXT_MAX_LENGTH = 100_000
LANGUAGE_MAX_LENGTH = 16

# "1." "12)" "-" "•" "*" "–" followed by a space: the start of a list item.
LIST_MARKER = re.compile(r"(?:\d{1,3}[.)]|[-•*–])[ \t]+")
# A section number at the start of an item: "2.1", "2.1.3:", "Ziel 2.1:", "Handlungsfeld 2:".
SECTION_REF = re.compile(
    r"(?:(?P<word>[^\W\d_][\w-]*)[ \t]+)?(?P<number>\d{1,3}(?:\.\d{1,3})*)(?P<after>[:.)]?)(?=\s|$)"
)

register_messages(
    {
        "recommendations.enter": _l(
            "Entered the recommendations of %(body)s on version %(number)s "
            "(%(receipt)s, %(count)s items)."
        ),
    }
)


@dataclass
class Item:
    """One recommendation: where it stands in the text, and the section it names."""

    start: int
    end: int
    text: str
    node: SectionVersion | None = None

    @property
    def section_number(self) -> str | None:
        return self.node.number if self.node is not None else None


def clean_text(text: str | None) -> str:
    return (text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_list_item) of each paragraph or list item, in order."""
    spans: list[tuple[int, int, bool]] = []
    current: list | None = None
    position = 0
    for line in text.split("\n"):
        line_start, line_end = position, position + len(line)
        position = line_end + 1
        stripped = line.strip()
        if not stripped:
            if current is not None:
                spans.append(tuple(current))
                current = None
            continue
        lead = len(line) - len(line.lstrip())
        marker = LIST_MARKER.match(line, lead)
        if marker is not None and marker.end() < len(line.rstrip()):
            if current is not None:
                spans.append(tuple(current))
            current = [line_start + marker.end(), line_end, True]
        elif current is None:
            current = [line_start + lead, line_end, False]
        else:
            current[1] = line_end
    if current is not None:
        spans.append(tuple(current))
    return spans


def _section_number(text: str, numbers: set[str]) -> str | None:
    match = SECTION_REF.match(text)
    if match is None:
        return None
    number, word, after = match["number"], match["word"], match["after"]
    dotted = "." in number
    if not dotted and not (word and after == ":"):
        return None  # "3 Kitas" is not a section reference; "Handlungsfeld 3:" is
    return number if number in numbers else None


def parse_items(text: str, nodes: list[SectionVersion]) -> list[Item]:
    """The items of a list of recommendations, with the sections of `nodes` they name."""
    text = clean_text(text)
    by_number = {node.number: node for node in nodes if node.number}
    items = []
    for start, end, is_list_item in _spans(text):
        while end > start and text[end - 1].isspace():
            end -= 1
        passage = text[start:end]
        if not passage or (not is_list_item and passage.endswith(":")):
            continue
        number = _section_number(passage, set(by_number))
        items.append(Item(start, end, passage, by_number.get(number) if number else None))
    return items


def _allowed_languages(process: Process) -> set[str]:
    return {
        *(process.languages or []), process.original_language,
        *current_app.config.get("LANGUAGES", ()),
    }


def check_input(
    process: Process, version: Version, body: Group, *, text: str, received_on: date | None,
    language: str, today: date | None = None,
) -> str:
    """Validate what staff entered; the cleaned text."""
    if version.process_id != process.id:
        raise ValidationFailed(_("Please choose a version of this plan."))
    if body.process_id != process.id:
        raise ValidationFailed(_("Please choose a body of this process."))
    if received_on is None:
        raise ValidationFailed(_("Please enter the date the recommendations arrived."))
    if received_on > (today or date.today()):
        raise ValidationFailed(_("The date received cannot be in the future."))
    if not language or len(language) > LANGUAGE_MAX_LENGTH or (
        language not in _allowed_languages(process)
    ):
        raise ValidationFailed(_("Please choose a language from the list."))
    text = clean_text(text)
    if not text:
        raise ValidationFailed(_("Please enter the recommendations."))
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationFailed(
            _("The text may have at most %(count)s characters.", count=TEXT_MAX_LENGTH)
        )
    return text


def enter_recommendations(
    process: Process,
    version: Version,
    body: Group,
    *,
    actor,
    text: str,
    received_on: date,
    language: str,
    today: date | None = None,
    idempotency_key: str | None = None,
) -> tuple[Contribution, list[Suggestion]]:
    """Store the body's list as one contribution and take one suggestion out of each item.
    The same `idempotency_key` twice stores the list once (and returns it again)."""
    text = check_input(
        process, version, body, text=text, received_on=received_on, language=language,
        today=today,
    )
    existing = find_by_idempotency_key(process.id, idempotency_key)
    if existing is not None:
        if existing.body_id != body.id or existing.kind != ContributionKind.STATEMENT.value:
            raise ValidationFailed(_("This form was already used. Please reload the page."))
        return existing, list(
            db.session.scalars(
                select(Suggestion)
                .where(Suggestion.contribution_id == existing.id)
                .order_by(Suggestion.number)
            ).all()
        )
    items = parse_items(text, version_nodes(version))
    if not items:
        raise ValidationFailed(
            _("No recommendations were found. Please put each one in its own paragraph or "
              "list item.")
        )
    sections = list(
        {item.node.section_id: item.node.section for item in items if item.node}.values()
    )
    contribution = Contribution(
        kind=ContributionKind.STATEMENT.value,
        process_id=process.id,
        version_id=version.id,
        channel=body_channel(body),
        submitter_type=SubmitterType.COUNCIL.value,
        status=ContributionStatus.RECEIVED.value,
        language=language,
        language_source=LanguageSource.STAFF.value,
        body=text,
        submitter_name=body.name,
        body_id=body.id,
        # A body's recommendations are a public document under the body's name.
        publish_text=True,
        publish_name=True,
        receipt_number=new_receipt_number(received_on.year),
        received_on=received_on,
        entered_by_id=getattr(actor, "id", None),
        idempotency_key=idempotency_key or None,
    )
    contribution.sections = sections
    db.session.add(contribution)
    db.session.flush()
    record(
        actor, "recommendations.enter", contribution,
        {
            "body": body.name, "number": version.number,
            "receipt": contribution.receipt_number, "count": len(items),
        },
        after={"body_id": body.id, "version": version.number, "items": len(items)},
    )
    suggestions = [
        triage.split(
            contribution, actor=actor, start=item.start, end=item.end,
            sections=[item.node.section] if item.node is not None else [],
            language=language,
        )
        for item in items
    ]
    triage.set_split_done(contribution, True, actor=actor)
    return contribution, suggestions

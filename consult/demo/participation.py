"""The voices of the participation phase: comments, written statements and the forum.

Loaded from `consult.demo_content.participation` and `consult.demo_content.forum` through the
comment, statement and forum services, and dated around the day the process was loaded.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select, update
from werkzeug.datastructures import FileStorage

from consult.accounts.models import Organisation, User
from consult.comments import services as comment_services
from consult.demo.pdf import text_pdf
from consult.demo_content import accounts as account_content
from consult.demo_content import forum as forum_content
from consult.demo_content import participation as participation_content
from consult.demo_content import process as process_content
from consult.extensions import db
from consult.forum import services as forum_services
from consult.models import utcnow
from consult.participation.models import Contribution, Event
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.statements import services as statement_services
from consult.statements import uploads


def has_participation(process: Process) -> bool:
    contribution = db.session.scalar(
        select(Contribution.id).where(Contribution.process_id == process.id).limit(1)
    )
    event = db.session.scalar(select(Event.id).where(Event.process_id == process.id).limit(1))
    return contribution is not None or event is not None


def _demo_day(process: Process) -> date | None:
    """The day the process was loaded, read from its phase for comments (the demo's "today").

    Contributions are dated around that day, so that they fall into the process's phases
    whenever the process was loaded.
    """
    offset = next(p["days"][0] for p in process_content.PHASES if "comments" in p["opens"])
    phase = next((p for p in process.phases if p.opens_comments), None)
    return phase.starts_on - timedelta(days=offset) if phase is not None else None


def _clock(day: date, *, hours_ago: float = 0) -> datetime:
    """A moment `hours_ago` before now, with `day` taken as today."""
    return utcnow() - timedelta(days=(date.today() - day).days, hours=hours_ago)


def _local_time(day: date, hour: int, minute: int) -> datetime:
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Berlin")
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)


def _backdate(contribution: Contribution, moment: datetime) -> None:
    contribution.created_at = contribution.updated_at = moment
    db.session.flush()


def add_participation(process: Process, stored_files: list[str]) -> dict[str, Any] | None:
    """Comments, statements and the forum; None when the process lacks what they are about
    (a phase for comments, the first two versions)."""
    day = _demo_day(process)
    versions = {v.number: v for v in process.versions}
    if day is None or not {1, 2} <= versions.keys():
        return None
    emails = {account["email"] for account in account_content.ACCOUNTS}
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    organisations = {o.slug: o for o in db.session.scalars(select(Organisation))}
    nodes = {number: _nodes_by_key(version) for number, version in versions.items()}
    comments = _add_comments(process, versions[2], nodes[2], day, users, organisations)
    statements = _add_statements(process, versions, nodes, day, users, organisations, stored_files)
    event, cards = _add_forum(process, versions[2], nodes[2], day, users)
    return {
        "comments": len(comments),
        "hidden": sum(1 for c in comments if c.is_hidden),
        "statements": len(statements),
        "attachments": sum(len(s.attachments) for s in statements),
        "event": event.name,
        "tables": len(event.tables),
        "cards": cards,
    }


def _nodes_by_key(version: Version) -> dict[str, SectionVersion]:
    """The version's sections by key, in one query."""
    rows = db.session.execute(
        select(SectionVersion, Section)
        .join(Section, Section.id == SectionVersion.section_id)
        .where(SectionVersion.version_id == version.id)
    ).all()
    return {section.key: node for node, section in rows}


def _add_comments(process, version, nodes, day, users, organisations) -> list[Contribution]:
    by_ref: dict[str, Contribution] = {}
    for spec in participation_content.COMMENTS:
        parent = by_ref.get(spec.get("reply_to"))
        key = spec["section"] if parent is None else parent.section.key
        comment, _created = comment_services.post_comment(
            process=process,
            version=version,
            node=nodes[key],
            author=users[spec["author"]],
            body=spec["body"],
            today=day,
            organisation=organisations.get(spec.get("organisation")),
            parent=parent,
            language=spec["language"],
        )
        _backdate(comment, _clock(day, hours_ago=spec["hours_ago"]))
        by_ref[spec["ref"]] = comment
    moderation = participation_content.MODERATION
    comment = by_ref[moderation["comment"]]
    comment_services.report_comment(
        comment, users[moderation["reporter"]], moderation["report_reason"]
    )
    comment_services.hide_comment(comment, users[moderation["moderator"]], moderation["hide_reason"])
    return list(by_ref.values())


def _add_statements(
    process, versions, nodes, day, users, organisations, stored_files
) -> list[Contribution]:
    staff = users[participation_content.STAFF]
    result = []
    for spec in participation_content.STATEMENTS:
        number = spec.get("version", 2)
        version = versions[number]
        sections = [nodes[number][key].section for key in spec["sections"]]
        if spec["way"] == "recorded":
            entry = statement_services.PaperStatement(
                channel=spec["channel"],
                received_on=day - timedelta(days=spec["received_days_ago"]),
                body=spec["body"],
                submitter_type=spec.get("submitter_type", "resident"),
                name=spec.get("name"),
                email=spec.get("email"),
                address=spec.get("address"),
                title=spec.get("title"),
                language=spec["language"],
                sections=sections,
                version=version,
                publish_text=spec["publish_text"],
                publish_name=spec["publish_name"],
                mark_late=spec.get("mark_late", False),
            )
            scans = _store_scan(spec, entry.received_on, stored_files) if spec.get("scan") else []
            statement = statement_services.record_statement(
                process, staff, entry, scans, today=day
            )
        else:
            author = users.get(spec.get("author"))
            submission = statement_services.Submission(
                body=spec["body"],
                title=spec.get("title"),
                language=spec["language"],
                sections=sections,
                version=version,
                organisation=organisations.get(spec.get("organisation")),
                name=spec.get("name"),
                email=spec.get("email"),
                publish_text=spec["publish_text"],
                publish_name=spec["publish_name"],
                notify_language=spec.get("notify_language")
                or (author.preferred_language if author else None),
            )
            statement, token = statement_services.submit_statement(
                process, author, submission, [], today=day - timedelta(days=spec["days_ago"])
            )
            if author is None:
                confirmation = statement_services.make_confirmation_token(statement, token)
                statement_services.confirm_statement(confirmation)
            sent = _clock(day, hours_ago=24 * spec["days_ago"])
            _backdate(statement, sent)
            if statement.email_confirmed_at is not None:
                statement.email_confirmed_at = sent + timedelta(minutes=20)
        result.append(statement)
    return result


def _store_scan(spec: dict, received_on: date, stored_files: list[str]) -> list:
    """The scan of a paper original: a small PDF with the letter's text, checked and stored
    like any upload. Without a writable upload folder the statement is kept without it."""
    pdf = text_pdf(
        [spec["name"], f"Eingang: {received_on.strftime('%d.%m.%Y')}", "", *spec["body"].split("\n")]
    )
    upload = FileStorage(stream=io.BytesIO(pdf), filename=spec["scan"])
    accepted, errors = uploads.check_files([upload])
    if errors:
        raise ValueError("; ".join(errors))
    try:
        stored = uploads.store_all(accepted)
    except uploads.StorageUnavailable:
        return []
    stored_files.extend(s.storage_name for s in stored)
    return stored


def _add_forum(process, version, nodes, day, users) -> tuple[Event, int]:
    spec = forum_content.EVENT
    staff = users[spec["captured_by"]]
    event_day = day - timedelta(days=spec["days_ago"])
    event = forum_services.create_event(
        process,
        name=spec["name"],
        starts_at=_local_time(event_day, *spec["starts"]),
        ends_at=_local_time(event_day, *spec["ends"]),
        place=spec["place"],
        description=spec["description"],
        language=spec["language"],
        actor=staff,
    )
    tables = {
        number: forum_services.save_table(
            event, number=number, name=name, sections=[nodes[key].section], actor=staff
        )
        for number, name, key in forum_content.TABLES
    }
    cards = [
        forum_services.CardInput(
            text=text, table=tables[number], section_id=nodes[key].section_id,
            language=language,
        )
        for number, key, language, text in forum_content.CARDS
    ]
    ids = forum_services.capture_cards(event, cards, version=version, actor=staff)
    # Typed in the morning after the event, about a minute per card.
    typed = _local_time(event_day + timedelta(days=1), 9, 30)
    db.session.execute(
        update(Contribution),
        [
            {"id": card_id, "created_at": typed + timedelta(minutes=i), "updated_at": typed + timedelta(minutes=i)}
            for i, card_id in enumerate(ids)
        ],
    )
    return event, len(ids)

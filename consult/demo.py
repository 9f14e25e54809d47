"""`flask consult demo`: the demo process (written for consult, modelled on the seeds).

Loads the process "Lokaler Integrationsplan 2.0" with its phases and three versions, and demo
accounts for every role. The texts live in `consult.demo_content`; this module only loads them,
through the plan services, so the demo holds exactly what staff could have written by hand.

With the process come the voices of the participation phase (`consult.demo_content.participation`
and `consult.demo_content.forum`): comments on the second discussion draft, one of them hidden by
moderation, written statements through every channel, and the first Integration Forum with its
tables and cards. They are stored through the comment, statement and forum services.

Running it again changes nothing: an existing process "lip" is left alone (it only gets the
participation content if it has no contributions and no events yet), and existing accounts keep
their passwords unless `--reset-passwords` is given.
"""

from __future__ import annotations

import inspect
import io
import secrets
import textwrap
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select, update
from werkzeug.datastructures import FileStorage

from consult.accounts.models import Membership, Organisation, User
from consult.accounts.passwords import hash_password
from consult.cli import consult_cli
from consult.comments import services as comment_services
from consult.demo_content import accounts as account_content
from consult.demo_content import forum as forum_content
from consult.demo_content import participation as participation_content
from consult.demo_content import plan as plan_content
from consult.demo_content import process as process_content
from consult.demo_content import translations as translation_content
from consult.demo_content import versions as version_content
from consult.extensions import db
from consult.forum import services as forum_services
from consult.models import utcnow
from consult.participation.models import Contribution, Event
from consult.plans import services
from consult.plans.models import (
    Process,
    Section,
    SectionVersion,
    TextOrigin,
    Version,
    VersionStatus,
)
from consult.statements import services as statement_services
from consult.statements import uploads


def load_demo(reset_passwords: bool = False, today: date | None = None) -> dict[str, Any]:
    """Create the demo process and accounts unless they exist; commit; return a summary.

    The summary holds the credentials: a password only for accounts created (or reset)
    now, None for accounts that existed already.
    """
    accounts = _ensure_accounts(reset_passwords)
    organisations = _ensure_organisations()
    process = db.session.scalar(select(Process).where(Process.slug == process_content.SLUG))
    created = process is None
    if created:
        author = db.session.scalar(select(User).where(User.email == account_content.AUTHOR))
        process = _build_process(author, today or date.today())
    participation = None
    stored_files: list[str] = []
    if created or not _has_participation(process):
        # The services word their (unused) messages in a language; a command has no request.
        with force_locale(process.original_language):
            participation = _add_participation(process, stored_files)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        uploads.delete(stored_files)
        raise
    return {
        "process": {
            "slug": process.slug,
            "title": process.title(process.original_language),
            "created": created,
            "versions": [
                {"number": v.number, "label": v.title(process.original_language), "status": v.status}
                for v in process.versions
            ],
        },
        "accounts": accounts,
        "organisations": organisations,
        "participation": participation,
    }


# --- accounts --------------------------------------------------------------


def _ensure_accounts(reset_passwords: bool) -> list[dict[str, Any]]:
    result = []
    for spec in account_content.ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == spec["email"]))
        password = None
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User(
                email=spec["email"],
                password_hash=hash_password(password),
                display_name=spec["display_name"],
                role=spec["role"],
                preferred_language=spec["preferred_language"],
                email_confirmed_at=utcnow(),
            )
            db.session.add(user)
            status = "created"
        elif reset_passwords:
            password = secrets.token_urlsafe(12)
            user.password_hash = hash_password(password)
            user.password_changed_at = utcnow()
            user.failed_logins = 0
            user.locked_until = None
            status = "reset"
        else:
            status = "exists"
        result.append(
            {
                "label": spec["label"],
                "email": spec["email"],
                "role": user.role,
                "password": password,
                "status": status,
            }
        )
    db.session.flush()
    return result


def _ensure_organisations() -> list[dict[str, Any]]:
    result = []
    for spec in account_content.ORGANISATIONS:
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.slug == spec["slug"])
        )
        created = organisation is None
        if created:
            organisation = Organisation(
                slug=spec["slug"],
                name=spec["name"],
                kind=spec["kind"],
                description=spec["description"],
                website=spec["website"],
                contact_email=spec["contact_email"],
            )
            if spec["verified"]:
                verifier = db.session.scalar(
                    select(User).where(User.email == account_content.VERIFIER)
                )
                organisation.verified_at = utcnow()
                organisation.verified_by_id = verifier.id
            db.session.add(organisation)
            db.session.flush()
        for email, role in spec["members"]:
            user = db.session.scalar(select(User).where(User.email == email))
            if user is None or _membership(user, organisation) is not None:
                continue
            db.session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
            db.session.flush()
        result.append({"name": organisation.name, "slug": organisation.slug, "created": created})
    return result


def _membership(user: User, organisation: Organisation) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation.id
        )
    )


# --- the process -----------------------------------------------------------


def _markdown(body: str) -> str:
    """A body from the content modules as stored: dedented (gender stars stay as written)."""
    return inspect.cleandoc(body)


def _build_process(author: User | None, today: date) -> Process:
    title, summary, body = process_content.TEXTS[process_content.ORIGINAL_LANGUAGE]
    process = services.create_process(
        slug=process_content.SLUG,
        original_language=process_content.ORIGINAL_LANGUAGE,
        languages=process_content.LANGUAGES,
        title=title,
        summary=summary,
        body=_markdown(body),
        is_public=True,
        actor=author,
    )
    for language, (title, summary, body) in process_content.TEXTS.items():
        if language != process_content.ORIGINAL_LANGUAGE:
            services.set_process_text(
                process, language, title=title, summary=summary, body=_markdown(body),
                actor=author,
            )
    for phase in process_content.PHASES:
        start, end = phase["days"]
        services.save_phase(
            process,
            name=phase["name"],
            description=phase["description"],
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=end),
            opens=phase["opens"],
            actor=author,
        )

    first = services.create_version(
        process,
        label=version_content.VERSION_1["label"],
        changelog=_changelog(version_content.VERSION_1),
        actor=author,
    )
    for field in plan_content.FIELDS:
        _add_tree(first, field, parent=None, depth=0, actor=author)
    services.renumber(first)
    for language, texts in translation_content.VERSION_1.items():
        _translate(first, language, texts, author)
    _finish(first, version_content.VERSION_1, author)

    previous = first
    for spec in version_content.VERSIONS[1:]:
        version = services.create_version(
            process,
            label=spec["label"],
            changelog=_changelog(spec),
            copy_from=previous,
            actor=author,
        )
        _apply_changes(version, spec, author)
        _finish(version, spec, author)
        previous = version
    return process


def _changelog(spec: dict) -> dict[str, str]:
    return {language: _markdown(text) for language, text in spec["changelog"].items()}


def _add_tree(
    version: Version, item: dict, *, parent: SectionVersion | None, depth: int, actor
) -> None:
    title, body = item["de"]
    node = services.add_section(
        version,
        title=title,
        body=_markdown(body),
        parent=parent,
        kind=plan_content.KINDS[depth],
        key=item["key"],
        actor=actor,
        renumber_now=False,
    )
    _set_english(node, *item["en"], actor=actor)
    for child in item.get("children", ()):
        _add_tree(version, child, parent=node, depth=depth + 1, actor=actor)


def _set_english(node: SectionVersion, title: str, body: str, *, actor) -> None:
    services.set_section_text(
        node, "en", title=title, body=_markdown(body),
        origin=TextOrigin.HUMAN.value, reviewed=True, source_language="de", actor=actor,
    )


def _translate(version: Version, language: str, texts: dict, actor) -> None:
    """Translations from German into `language`: key → (title, body[, reviewed])."""
    for key, entry in texts.items():
        title, body, *rest = entry
        services.set_section_text(
            _node(version, key), language, title=title, body=_markdown(body),
            origin=TextOrigin.HUMAN.value, reviewed=rest[0] if rest else True,
            source_language="de", actor=actor,
        )


def _apply_changes(version: Version, spec: dict, actor) -> None:
    for key, languages in spec.get("texts", {}).items():
        node = _node(version, key)
        for language in ("de", "en"):
            change = languages[language]
            current = node.text(language)
            title = change.get("title", current.title)
            body = _markdown(change["body"]) if "body" in change else current.body
            if language == "de":
                services.set_section_text(node, "de", title=title, body=body, actor=actor)
            else:
                _set_english(node, title, body, actor=actor)
    for key in spec.get("remove", ()):
        services.remove_section(_node(version, key), actor=actor)
    for item in spec.get("add", ()):
        title, body = item["de"]
        parent = _node(version, item["parent"])
        node = services.add_section(
            version,
            title=title,
            body=_markdown(body),
            parent=parent,
            kind=plan_content.KINDS[parent.depth + 1],
            position=item.get("position"),
            key=item["key"],
            actor=actor,
        )
        _set_english(node, *item["en"], actor=actor)
    for item in spec.get("move", ()):
        node = _node(version, item["key"])
        parent = _node(version, item["parent"])
        position = item.get("position", len(_children(version, parent)))
        services.move_section(node, parent=parent, position=position, actor=actor)
    for language, texts in spec.get("translations", {}).items():
        _translate(version, language, texts, actor)


def _finish(version: Version, spec: dict, actor) -> None:
    status = VersionStatus(spec["status"])
    if status != VersionStatus.DRAFT:
        services.set_version_status(version, status, actor)


def _node(version: Version, key: str) -> SectionVersion:
    node = db.session.scalar(
        select(SectionVersion)
        .join(Section)
        .where(SectionVersion.version_id == version.id, Section.key == key)
    )
    if node is None:
        raise LookupError(f"Version {version.number} has no section {key!r}.")
    return node


def _children(version: Version, parent: SectionVersion) -> list[SectionVersion]:
    return list(
        db.session.scalars(
            select(SectionVersion).where(
                SectionVersion.version_id == version.id, SectionVersion.parent_id == parent.id
            )
        ).all()
    )


# --- participation -----------------------------------------------------------


def _has_participation(process: Process) -> bool:
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


def _add_participation(process: Process, stored_files: list[str]) -> dict[str, Any] | None:
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
    pdf = _text_pdf(
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


def _text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines` (Helvetica, wrapped at 80 characters)."""

    def literal(text: str) -> bytes:
        raw = text.encode("cp1252", "replace")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    wrapped = [part for line in lines for part in (textwrap.wrap(line, 80) or [""])]
    content = b"BT /F1 11 Tf 15 TL 60 780 Td " + b" T* ".join(
        literal(line) + b" Tj" for line in wrapped
    ) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref,
    )
    return bytes(out)


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


# --- the command -----------------------------------------------------------


@consult_cli.command("demo")
@click.option(
    "--reset-passwords",
    is_flag=True,
    help="Give the demo accounts new passwords and print them.",
)
def demo_command(reset_passwords: bool) -> None:
    """Load the demo process "Lokaler Integrationsplan 2.0" and demo accounts."""
    summary = load_demo(reset_passwords=reset_passwords)
    process = summary["process"]
    if process["created"]:
        click.echo(f"Created the demo process “{process['title']}”: /p/{process['slug']}")
        for version in process["versions"]:
            click.echo(f"  version {version['number']}: {version['label']} ({version['status']})")
    else:
        click.echo(
            f"The demo process exists already (/p/{process['slug']}); its content was left as is."
        )
    participation = summary["participation"]
    if participation:
        click.echo(
            f"Added participation: {participation['comments']} comments "
            f"({participation['hidden']} hidden by moderation), "
            f"{participation['statements']} written statements, "
            f"the event “{participation['event']}” with {participation['tables']} tables "
            f"and {participation['cards']} forum cards."
        )
    else:
        click.echo(
            "No participation content was added: the process has contributions or events "
            "already, or no phase for comments."
        )
    click.echo("Demo accounts:")
    for account in summary["accounts"]:
        if account["password"]:
            detail = f"password: {account['password']}"
            if account["status"] == "reset":
                detail += " (new)"
        else:
            detail = "exists (its password was printed when it was created)"
        click.echo(f"  {account['label']:<20} {account['email']:<24} {detail}")
    if not any(account["password"] for account in summary["accounts"]):
        click.echo("Use --reset-passwords to set and print new passwords.")

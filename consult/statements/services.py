"""Every change to written statements: sent online, confirmed, recorded by staff, corrected,
cleaned up. Services flush and write audit records; they never commit. Mail goes out after the
commit (the `send_*` functions below)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.accounts.models import Organisation, User
from consult.accounts.organisations import can_act_for
from consult.accounts.services import register_export
from consult.audit.models import register_messages
from consult.audit.services import record
from consult.errors import DomainError, NotAllowed, ValidationFailed
from consult.extensions import db
from consult.models import utcnow
from consult.participation.common import (
    choose_language,
    hash_token,
    new_receipt_number,
    new_tracking_token,
)
from consult.participation.models import (
    Attachment,
    Channel,
    Contribution,
    ContributionKind,
    ContributionStatus,
    LanguageSource,
    SubmitterType,
)
from consult.plans.models import Process, Section, Version
from consult.statements.uploads import StoredFile

STATEMENT = ContributionKind.STATEMENT.value
TITLE_MAX_LENGTH = 300
BODY_MAX_LENGTH = 100_000
NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
ADDRESS_MAX_LENGTH = 2_000
# Channels through which statements reach staff (the online form is the public one).
STAFF_CHANNELS = (
    Channel.EMAIL, Channel.LETTER, Channel.IN_PERSON, Channel.ADVISORY_COUNCIL, Channel.COMMITTEE,
)
STAFF_SUBMITTER_TYPES = (SubmitterType.RESIDENT, SubmitterType.ORGANISATION, SubmitterType.COUNCIL)
CONFIRM_SALT = "consult.statements.confirm-email"
TRACKING_PURPOSE = "consult.statements.tracking"

register_messages(
    {
        "statement.submit": _l("Statement %(receipt)s was sent online."),
        "statement.confirm": _l("The e-mail address of statement %(receipt)s was confirmed."),
        "statement.record": _l("Recorded statement %(receipt)s that arrived by %(channel)s."),
        "statement.language": _l("Changed the language of statement %(receipt)s to %(language)s."),
        "statement.cleanup": _l("Removed unconfirmed statements: %(count)s."),
    }
)


class TokenInvalid(DomainError):
    pass


# --- deadlines ---------------------------------------------------------------------------


def statement_phases(process: Process) -> list:
    return [phase for phase in process.phases if phase.opens_statements]


def is_open(process: Process, today: date) -> bool:
    return process.opens("statements", today)


def closed_message(process: Process, today: date) -> str:
    """Why the form is closed, politely, with the dates where there are any."""
    phases = statement_phases(process)
    upcoming = sorted((p for p in phases if p.starts_on > today), key=lambda p: p.starts_on)
    past = sorted((p for p in phases if p.ends_on < today), key=lambda p: p.ends_on)
    if upcoming:
        return _(
            "Thank you for your interest. Written statements can be sent from %(date)s.",
            date=format_date(upcoming[0].starts_on, "long"),
        )
    if past:
        return _(
            "Thank you for your interest. The period for written statements ended on %(date)s, so the form is closed.",
            date=format_date(past[-1].ends_on, "long"),
        )
    return _("Thank you for your interest. Written statements cannot be sent at the moment.")


def is_late_on(process: Process, day: date) -> bool:
    """Whether a statement received on `day` came after the statements phase had ended."""
    phases = statement_phases(process)
    if not phases:
        return False
    if any(p.starts_on <= day <= p.ends_on for p in phases):
        return False
    return day > max(p.ends_on for p in phases)


# --- tracking and confirmation tokens ----------------------------------------------------


def tracking_token_for(process_id: int, idempotency_key: str) -> str:
    """The private tracking token of an online statement, derived from its form's key.

    A retry of the same form (same key) gets the same token, so the submitter can be shown
    their tracking page again; only the hash is stored.
    """
    secret = str(current_app.config["SECRET_KEY"]).encode()
    message = f"{TRACKING_PURPOSE}\x1f{process_id}\x1f{idempotency_key}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def unconfirmed_hours() -> int:
    return int(current_app.config["UNCONFIRMED_STATEMENT_HOURS"])


def make_confirmation_token(statement: Contribution, tracking_token: str) -> str:
    return _serializer().dumps({"c": statement.id, "t": tracking_token})


def read_confirmation_token(token: str) -> tuple[int, str] | None:
    if not token or not isinstance(token, str) or len(token) > 1000:
        return None
    try:
        data = _serializer().loads(token, max_age=unconfirmed_hours() * 3600)
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    statement_id, tracking = data.get("c"), data.get("t")
    if not isinstance(statement_id, int) or not isinstance(tracking, str):
        return None
    return statement_id, tracking


# --- sending online ----------------------------------------------------------------------


@dataclass
class Submission:
    """What the online form carries, in plain values."""

    body: str
    title: str | None = None
    language: str | None = None
    sections: list[Section] | None = None
    version: Version | None = None
    organisation: Organisation | None = None
    name: str | None = None
    email: str | None = None
    publish_text: bool = False
    publish_name: bool = False
    idempotency_key: str | None = None
    notify_language: str | None = None


def _clean(value: str | None) -> str:
    return (value or "").replace("\x00", "").replace("\r\n", "\n")


def _check_text(title: str | None, body: str) -> tuple[str | None, str]:
    title = " ".join(_clean(title).split()) or None
    body = _clean(body).strip()
    if not body:
        raise ValidationFailed(_("Please write your statement."))
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationFailed(
            _("A statement may have at most %(count)s characters.", count=BODY_MAX_LENGTH)
        )
    if title is not None and len(title) > TITLE_MAX_LENGTH:
        raise ValidationFailed(
            _("The title may have at most %(count)s characters.", count=TITLE_MAX_LENGTH)
        )
    return title, body


def _check_sections(process: Process, sections: list[Section] | None) -> list[Section]:
    sections = list(sections or [])
    if any(s.process_id != process.id for s in sections):
        raise ValidationFailed(_("Please choose sections of this plan."))
    return sections


def _attachment(stored: StoredFile, *, is_scan: bool = False) -> Attachment:
    return Attachment(is_scan=is_scan, **stored.as_attachment_fields())


def submit_statement(
    process: Process,
    author: User | None,
    submission: Submission,
    files: list[StoredFile],
    *,
    today: date,
) -> tuple[Contribution, str]:
    """A statement sent through the online form. Returns it and its private tracking token.

    With an account it is received at once; without one it waits (pending) until the e-mail
    address is confirmed.
    """
    if not is_open(process, today):
        raise NotAllowed(closed_message(process, today))
    title, body = _check_text(submission.title, submission.body)
    sections = _check_sections(process, submission.sections)
    organisation = submission.organisation
    if organisation is not None and not can_act_for(author, organisation):
        raise NotAllowed(_("You may not write in the name of this organisation."))
    logged_in = author is not None and getattr(author, "is_authenticated", False)
    email = (submission.email or "").strip() or None
    name = " ".join(_clean(submission.name).split()) or None
    if not logged_in:
        author = None
        if not email or len(email) > EMAIL_MAX_LENGTH:
            raise ValidationFailed(_("Please enter your e-mail address."))
        if name is not None and len(name) > NAME_MAX_LENGTH:
            raise ValidationFailed(
                _("The name may have at most %(count)s characters.", count=NAME_MAX_LENGTH)
            )
    else:
        email, name = None, None
    if submission.version is not None and submission.version.process_id != process.id:
        raise ValidationFailed(_("Please choose a version of this plan."))

    language, source, detected = choose_language(
        body, chosen=submission.language or None, fallback=process.original_language
    )
    if submission.idempotency_key:
        token = tracking_token_for(process.id, submission.idempotency_key)
    else:
        token, _hash = new_tracking_token()
    statement = Contribution(
        kind=STATEMENT,
        process_id=process.id,
        version_id=submission.version.id if submission.version is not None else None,
        channel=Channel.ONLINE.value,
        submitter_type=(
            SubmitterType.ORGANISATION.value if organisation is not None
            else SubmitterType.RESIDENT.value
        ),
        status=(ContributionStatus.RECEIVED if logged_in else ContributionStatus.PENDING).value,
        language=language,
        language_source=source,
        detected_language=detected,
        title=title,
        body=body,
        author_id=author.id if author is not None else None,
        organisation_id=organisation.id if organisation is not None else None,
        submitter_name=name,
        submitter_email=email,
        publish_text=bool(submission.publish_text),
        publish_name=bool(submission.publish_name),
        notify_language=submission.notify_language,
        receipt_number=new_receipt_number(today.year),
        tracking_token_hash=hash_token(token),
        idempotency_key=submission.idempotency_key or None,
        received_on=today,
        is_late=False,
    )
    statement.sections = sections
    statement.attachments = [_attachment(f) for f in files]
    db.session.add(statement)
    db.session.flush()
    record(author, "statement.submit", statement, {"receipt": statement.receipt_number})
    return statement, token


def confirm_statement(token: str) -> tuple[Contribution, str, bool]:
    """Confirm the e-mail address of a statement sent without an account.

    Returns the statement, its tracking token, and whether it was confirmed just now (a link
    opened twice confirms once).
    """
    data = read_confirmation_token(token)
    invalid = TokenInvalid(
        ngettext(
            "This confirmation link is invalid or has expired. Statements whose e-mail address is not confirmed within %(num)s hour are removed; please send yours again.",
            "This confirmation link is invalid or has expired. Statements whose e-mail address is not confirmed within %(num)s hours are removed; please send yours again.",
            unconfirmed_hours(),
        )
    )
    if data is None:
        raise invalid
    statement_id, tracking = data
    statement = db.session.get(Contribution, statement_id)
    if (
        statement is None
        or statement.kind != STATEMENT
        or statement.tracking_token_hash is None
        or not hmac.compare_digest(statement.tracking_token_hash, hash_token(tracking))
    ):
        raise invalid
    if statement.status != ContributionStatus.PENDING.value:
        return statement, tracking, False
    statement.status = ContributionStatus.RECEIVED.value
    statement.email_confirmed_at = utcnow()
    db.session.flush()
    record(None, "statement.confirm", statement, {"receipt": statement.receipt_number})
    return statement, tracking, True


# --- recorded by staff -------------------------------------------------------------------


@dataclass
class PaperStatement:
    """A statement that arrived by e-mail, letter or in person, as staff enter it."""

    channel: str
    received_on: date
    body: str
    submitter_type: str = SubmitterType.RESIDENT.value
    organisation: Organisation | None = None
    name: str | None = None
    email: str | None = None
    address: str | None = None
    title: str | None = None
    language: str | None = None
    sections: list[Section] | None = None
    version: Version | None = None
    publish_text: bool = False
    publish_name: bool = False
    mark_late: bool = False


def record_statement(
    process: Process, actor: User, entry: PaperStatement, scans: list[StoredFile], *, today: date
) -> Contribution:
    if entry.channel not in {c.value for c in STAFF_CHANNELS}:
        raise ValidationFailed(_("Please choose how the statement arrived."))
    if entry.submitter_type not in {t.value for t in STAFF_SUBMITTER_TYPES}:
        raise ValidationFailed(_("Please choose who sent the statement."))
    if entry.received_on > today:
        raise ValidationFailed(_("The date received cannot be in the future."))
    title, body = _check_text(entry.title, entry.body)
    sections = _check_sections(process, entry.sections)
    name = " ".join(_clean(entry.name).split()) or None
    email = (entry.email or "").strip() or None
    address = _clean(entry.address).strip() or None
    if name is not None and len(name) > NAME_MAX_LENGTH:
        raise ValidationFailed(_("The name may have at most %(count)s characters.", count=NAME_MAX_LENGTH))
    if address is not None and len(address) > ADDRESS_MAX_LENGTH:
        raise ValidationFailed(
            _("The address may have at most %(count)s characters.", count=ADDRESS_MAX_LENGTH)
        )
    submitter_type = entry.submitter_type
    if entry.organisation is not None:
        submitter_type = SubmitterType.ORGANISATION.value
    language, source, detected = choose_language(
        body, chosen=entry.language or None, fallback=process.original_language
    )
    if entry.language:
        source = LanguageSource.STAFF.value
    statement = Contribution(
        kind=STATEMENT,
        process_id=process.id,
        version_id=entry.version.id if entry.version is not None else None,
        channel=entry.channel,
        submitter_type=submitter_type,
        status=ContributionStatus.RECEIVED.value,
        language=language,
        language_source=source,
        detected_language=detected,
        title=title,
        body=body,
        organisation_id=entry.organisation.id if entry.organisation is not None else None,
        submitter_name=name,
        submitter_email=email,
        submitter_address=address,
        publish_text=bool(entry.publish_text),
        publish_name=bool(entry.publish_name),
        receipt_number=new_receipt_number(entry.received_on.year),
        received_on=entry.received_on,
        is_late=bool(entry.mark_late) or is_late_on(process, entry.received_on),
        entered_by_id=actor.id,
    )
    statement.sections = sections
    statement.attachments = [_attachment(f, is_scan=True) for f in scans]
    db.session.add(statement)
    db.session.flush()
    record(
        actor, "statement.record", statement,
        {"receipt": statement.receipt_number, "channel": statement.channel},
        after={
            "channel": statement.channel,
            "received_on": statement.received_on.isoformat(),
            "is_late": statement.is_late,
            "language": statement.language,
            "attachments": len(scans),
        },
    )
    return statement


def correct_language(statement: Contribution, language: str, actor: User) -> None:
    """Staff set the language a statement is written in."""
    if not language or len(language) > 16:
        raise ValidationFailed(_("Please choose a language."))
    if statement.language == language and statement.language_source == LanguageSource.STAFF.value:
        return
    before = {"language": statement.language, "language_source": statement.language_source}
    statement.language = language
    statement.language_source = LanguageSource.STAFF.value
    db.session.flush()
    record(
        actor, "statement.language", statement,
        {"receipt": statement.receipt_number, "language": language},
        before=before,
        after={"language": statement.language, "language_source": statement.language_source},
    )


# --- clean-up ------------------------------------------------------------------------


def remove_unconfirmed(now=None) -> tuple[int, list[str]]:
    """Delete statements whose e-mail address was not confirmed in time.

    Returns how many were deleted and the storage names of their files, which the caller
    removes after the commit.
    """
    now = now or utcnow()
    cutoff = now - timedelta(hours=unconfirmed_hours())
    statements = list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.kind == STATEMENT,
                Contribution.status == ContributionStatus.PENDING.value,
                Contribution.created_at < cutoff,
            )
            .options(selectinload(Contribution.attachments), selectinload(Contribution.sections))
        ).all()
    )
    names = [a.storage_name for s in statements for a in s.attachments]
    for statement in statements:
        db.session.delete(statement)
    db.session.flush()
    if statements:
        record(None, "statement.cleanup", None, {"count": len(statements)},
               object_type="Contribution")
    return len(statements), names


# --- "download my data" --------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_statements(user: User) -> list[dict[str, Any]]:
    from consult.statements.queries import processes_by_id, statements_of

    statements = statements_of(user)
    processes = processes_by_id(s.process_id for s in statements)
    return [
        {
            "receipt_number": s.receipt_number,
            "process": processes[s.process_id].slug if s.process_id in processes else None,
            "created_at": _iso(s.created_at),
            "received_on": _iso(s.received_on),
            "status": s.status,
            "channel": s.channel,
            "organisation": s.organisation.name if s.organisation is not None else None,
            "title": s.title,
            "text": s.body,
            "language": s.language,
            "sections": sorted(section.key for section in s.sections),
            "publish_text": s.publish_text,
            "publish_name": s.publish_name,
            "attachments": [
                {"name": a.original_name, "content_type": a.content_type, "size": a.size}
                for a in s.attachments
            ],
        }
        for s in statements
    ]


register_export("statements", export_statements)

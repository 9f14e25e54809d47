"""What every kind of contribution shares: receipt numbers, tracking tokens, idempotency,
language, spam protection and how a submitter is named in public."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from consult.extensions import db, limiter
from consult.participation.language import detect_language
from consult.participation.models import Contribution, LanguageSource

# Unambiguous characters for numbers people read out on the phone.
_RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_receipt_number(year: int) -> str:
    """A receipt number like "2026-K7Q3-9XW2", unique among contributions."""
    while True:
        part = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(8))
        number = f"{year}-{part[:4]}-{part[4:]}"
        exists = db.session.scalar(
            select(Contribution.id).where(Contribution.receipt_number == number)
        )
        if exists is None:
            return number


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_tracking_token() -> tuple[str, str]:
    """A private tracking token for the submitter (shown once) and its hash (stored)."""
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


def find_by_tracking_token(token: str) -> Contribution | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(Contribution).where(Contribution.tracking_token_hash == hash_token(token))
    )


def new_idempotency_key() -> str:
    """Put in a form when it is shown; the same key sent twice stores one contribution."""
    return secrets.token_urlsafe(24)


def find_by_idempotency_key(process_id: int, key: str | None) -> Contribution | None:
    if not key:
        return None
    return db.session.scalar(
        select(Contribution).where(
            Contribution.process_id == process_id, Contribution.idempotency_key == key
        )
    )


def choose_language(text: str, *, chosen: str | None, fallback: str) -> tuple[str, str, str | None]:
    """(language, source, detected): the author's choice wins over detection."""
    detected = detect_language(text)
    if chosen:
        return chosen, LanguageSource.AUTHOR.value, detected
    return detected or fallback, LanguageSource.DETECTED.value, detected


def public_name(contribution: Contribution) -> str:
    """How the submitter is named in public: organisations always, people only with consent."""
    if contribution.organisation is not None:
        return contribution.organisation.name
    if contribution.kind == "comment" and contribution.author is not None:
        from consult.accounts.services import person_name

        return person_name(contribution.author)
    if contribution.publish_name:
        if contribution.author is not None:
            from consult.accounts.services import person_name

            return person_name(contribution.author)
        if contribution.submitter_name:
            return contribution.submitter_name
    return _("Resident")


def honeypot_tripped(form) -> bool:
    """True when the hidden field that people never see was filled in (a bot)."""
    field = getattr(form, "website", None)
    return bool(field is not None and field.data)


def contribution_limit() -> str:
    return current_app.config.get("CONTRIBUTION_RATE_LIMIT", "30 per hour")


# Rate limit for posting contributions; shared through Redis when REDIS_URL is set.
post_limit = limiter.limit(contribution_limit, methods=["POST"])

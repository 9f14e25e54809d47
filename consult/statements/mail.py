"""E-mail about written statements, sent after the commit in the submitter's language, and
the throttle on e-mail to addresses without an account (shared through the limiter's storage,
so through Redis when REDIS_URL is set)."""

from __future__ import annotations

import smtplib
from typing import Any

from flask import current_app, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from consult.extensions import db, limiter
from consult.i18n import interface_language_for
from consult.mail import send_mail
from consult.participation.models import Contribution
from consult.plans.models import Process
from consult.statements.services import make_confirmation_token, unconfirmed_hours


def external_url(endpoint: str, **values: Any) -> str:
    base = current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/")
    return base + url_for(endpoint, _external=False, **values)


def _recipient(statement: Contribution) -> str | None:
    if statement.author is not None:
        return statement.author.email
    return statement.submitter_email


def _mail_language(statement: Contribution) -> str:
    return statement.notify_language or current_app.config["BABEL_DEFAULT_LOCALE"]


def _send(statement: Contribution, template: str, subject, **context: Any) -> bool:
    """Render in the submitter's language and send; a failure is logged, not shown."""
    to = _recipient(statement)
    if not to:
        return False
    language = _mail_language(statement)
    with force_locale(interface_language_for(language)):
        subject_text = str(subject) % {"receipt": statement.receipt_number}
        body = render_template(f"email/{template}.txt", statement=statement, **context)
    try:
        send_mail(to, subject_text, body, language)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception(
            "Could not send the %s e-mail for statement %s", template, statement.id
        )
        return False
    return True


def _process_title(statement: Contribution) -> str:
    process = db.session.get(Process, statement.process_id)
    return process.title(_mail_language(statement)) if process is not None else ""


def send_confirmation_request(statement: Contribution, tracking_token: str) -> bool:
    language = _mail_language(statement)
    return _send(
        statement, "statement_confirm", _l("Please confirm your written statement %(receipt)s"),
        link=external_url(
            "statements.confirm", token=make_confirmation_token(statement, tracking_token),
            lang=language,
        ),
        hours=unconfirmed_hours(),
        process_title=_process_title(statement),
    )


def send_receipt(statement: Contribution, tracking_token: str) -> bool:
    language = _mail_language(statement)
    return _send(
        statement, "statement_received", _l("Your written statement %(receipt)s was received"),
        tracking_link=external_url("statements.track", token=tracking_token, lang=language),
        process_title=_process_title(statement),
    )


# --- throttled e-mail to addresses without an account --------------------------------


def _mail_limit():
    from limits import parse

    return parse(current_app.config.get("MAIL_RATE_LIMIT", "5 per hour"))


def _mail_keys(email: str) -> list[tuple[str, str]]:
    address = (email or "").strip().lower()
    return [("statement-mail-address", address), ("statement-mail-client", request.remote_addr or "")]


def mail_allowed(email: str) -> bool:
    """Whether another confirmation e-mail may go to this address and from this client."""
    try:
        item = _mail_limit()
        return all(limiter.limiter.test(item, *key) for key in _mail_keys(email))
    except Exception:  # noqa: BLE001 - a storage outage must not stop people from writing
        current_app.logger.exception("Mail throttle unavailable")
        return True


def count_mail(email: str) -> None:
    try:
        item = _mail_limit()
        for key in _mail_keys(email):
            limiter.limiter.hit(item, *key)
    except Exception:  # noqa: BLE001
        current_app.logger.exception("Mail throttle unavailable")

"""Outgoing e-mail over SMTP. Without MAIL_SERVER, messages are written to the log."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app


def build_message(to: str, subject: str, body: str, language: str | None = None) -> EmailMessage:
    # Header injection is refused by EmailMessage; strip line breaks from the subject anyway.
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = " ".join(subject.split())
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="consult.local")
    message.set_content(body)
    if language:
        message["Content-Language"] = language
    return message


def send_mail(to: str, subject: str, body: str, language: str | None = None) -> None:
    """Send one plain-text message. Call after the database commit."""
    message = build_message(to, subject, body, language)
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("E-mail (no MAIL_SERVER set):\n%s", message.as_string())
        return
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)

"""The text of a final notice: plain text in the recipient's language, with links.

User-supplied text (passages, reasons, titles) goes in as text; e-mails are plain text, so
nothing is HTML-escaped, but control characters and bidirectional overrides are removed. The
subject comes from a translated string with the process title; `consult.mail` keeps line
breaks out of headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from consult.accountability.models import FinalNotice, final_notice_suggestions
from consult.extensions import db
from consult.i18n import interface_language_for
from consult.plans.models import Process, Version
from consult.triage.models import Suggestion

PASSAGE_MAX = 1000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text: str | None, limit: int | None = None) -> str:
    """User-supplied text for a plain-text e-mail: line breaks kept, control characters out."""
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    if limit is not None and len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return text


@dataclass
class MailItem:
    label: str
    sections: list[str]
    passage: str
    outcome: str
    reason: str
    reason_machine: bool
    grouped_under: str | None
    changes: list[tuple[str, str]]
    link: str


def compose(notice: FinalNotice) -> tuple[str, str] | None:
    """Subject and body of a notice in its language; None when none of its suggestions is
    still publicly answered."""
    from consult.accountability import tracking
    from consult.accountability.opt_out import opt_out_token
    from consult.statements.mail import external_url

    process = db.session.get(Process, notice.process_id)
    version = db.session.get(Version, notice.version_id)
    listed = set(
        db.session.scalars(
            select(final_notice_suggestions.c.suggestion_id).where(
                final_notice_suggestions.c.notice_id == notice.id
            )
        )
    )
    contribution_ids = db.session.scalars(
        select(Suggestion.contribution_id).where(Suggestion.id.in_(listed)).distinct()
    ).all()
    language = notice.language
    tracked = tracking.track(contribution_ids, language)
    found = sorted(
        (item for t in tracked.values() for item in t.items
         if item.suggestion.id in listed and item.published),
        key=lambda item: item.number,
    )
    if not found:
        return None
    with force_locale(interface_language_for(language)):
        items = [
            MailItem(
                label=item.label,
                sections=[plain(f"{s.number} {s.title}") for s in item.sections],
                passage=plain(item.passage, PASSAGE_MAX),
                outcome=item.outcome.title,
                reason=plain(item.reason.text) if item.reason else "",
                reason_machine=bool(item.reason and item.reason.machine),
                grouped_under=item.grouped_under,
                changes=[
                    (
                        _("Section %(number)s in version %(version)s",
                          number=plain(c.section_number), version=c.version_number),
                        external_url("plans.show_section", slug=process.slug,
                                     number=c.version_number, key=c.section_key, lang=language),
                    )
                    for c in item.changes
                ],
                link=external_url("outcomes.show_suggestion", slug=process.slug,
                                  suggestion_number=item.number, lang=language),
            )
            for item in found
        ]
        title = plain(process.title(language))
        subject = _("How your suggestions on “%(process)s” were answered", process=title)
        body = render_template(
            "email/final_notice.txt",
            items=items,
            process_title=title,
            version_title=plain(version.title(language)),
            version_number=version.number,
            mine_link=(
                external_url("statements.my_statements", lang=language)
                if notice.user_id is not None else None
            ),
            table_link=external_url("plans.show_process", slug=process.slug, lang=language),
            opt_out_link=external_url(
                "notices.opt_out", token=opt_out_token(notice.recipient_key), lang=language
            ),
        )
    return subject, body

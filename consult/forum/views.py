"""Feedback from attendees' phones: the short link /f/<code> of an event or a table opens a
small form that needs no account. The feedback is anonymous and published."""

from __future__ import annotations

import re
from types import SimpleNamespace

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from consult.errors import DomainError
from consult.extensions import db
from consult.forum import forms, queries, services
from consult.i18n import content_language, html_lang
from consult.participation.common import (
    find_by_idempotency_key,
    honeypot_tripped,
    new_idempotency_key,
    post_limit,
)
from consult.participation.models import Event, EventTable
from consult.plans.models import Process
from consult.plans.queries import may_preview, shown_text
from consult.security import keeps_input

bp = Blueprint("forum", __name__)

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _found_or_404(code: str) -> tuple[Process, Event, EventTable | None]:
    found = queries.find_by_code(code)
    if found is None:
        abort(404)
    event, table = found
    process = db.session.scalar(
        select(Process)
        .where(Process.id == event.process_id)
        .options(
            selectinload(Process.texts), selectinload(Process.phases), selectinload(Process.versions)
        )
    )
    if process is None or (not process.is_public and not may_preview()):
        abort(404)
    return process, event, table


def _section_choices(process: Process, event: Event, table: EventTable | None, nodes):
    """The sections the table (or, for the event's link, any table) is about, in document
    order, titled in the reader's language where a translation exists."""
    tables = [table] if table is not None else event.tables
    wanted = {section.id for t in tables for section in t.sections}
    language = content_language()
    choices = []
    for node in nodes:
        if node.section_id not in wanted:
            continue
        shown = shown_text(node, language, process.original_language)
        attrs = {"lang": html_lang(shown.language)} if shown.language else {}
        choices.append(
            SelectChoice(str(node.section_id), f"{node.number} {shown.title}", render_kw=attrs)
        )
    return choices


def _today():
    from consult.plans.views import _today as today

    return today()


@bp.route("/f/<code>", methods=["GET", "POST"])
@keeps_input
@post_limit
def feedback_form(code: str):
    process, event, table = _found_or_404(code)
    if not queries.open_for_phones(event, process, _today()):
        return render_template(
            "forum/feedback_closed.html",
            process=process,
            event=event,
            table=table,
            text=request.form.get("text", "") if request.method == "POST" else "",
        )
    version = queries.latest_public_version(process)
    nodes = queries.nodes_of(version)
    form = forms.PhoneCardForm(
        data={"idempotency_key": new_idempotency_key()} if request.method == "GET" else None
    )
    form.set_choices(
        tables=event.tables if table is None else [],
        sections=_section_choices(process, event, table, nodes),
        languages=queries.card_languages(process),
    )
    # Plain copies for the page, so that it can be shown even while the database is away.
    page = {
        "event": SimpleNamespace(name=event.name, language=event.language),
        "table": SimpleNamespace(number=table.number, name=table.name) if table else None,
        "show_tables": table is None and bool(event.tables),
    }
    status = 200
    if form.validate_on_submit():
        thanks = redirect(url_for(".feedback_thanks", code=code.upper()))
        if honeypot_tripped(form):
            return thanks
        key = form.idempotency_key.data
        key = key if isinstance(key, str) and KEY_PATTERN.match(key) else None
        if find_by_idempotency_key(process.id, key) is not None:
            return thanks
        chosen_table = table or next(
            (t for t in event.tables if str(t.id) == form.table.data), None
        )
        card = services.CardInput(
            text=form.text.data.strip(),
            table=chosen_table,
            section_id=int(form.section.data) if form.section.data else None,
            language=form.language.data or None,
        )
        if not card.text:
            form.text.errors.append(_("Please write your feedback."))
        else:
            try:
                services.submit_phone_card(
                    event, card, version=version, idempotency_key=key
                )
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                form.text.errors.append(str(error))
            except IntegrityError:
                db.session.rollback()
                if find_by_idempotency_key(process.id, key) is None:
                    raise
                return thanks
            except OperationalError:
                db.session.rollback()
                current_app.logger.exception("Database unavailable while saving a forum card")
                flash(
                    _(
                        "The service is briefly unavailable. Nothing was sent, and your text "
                        "is still here: please send it again in a minute."
                    ),
                    "error",
                )
                status = 503
            else:
                return thanks
    if form.errors:
        status = 422
    return render_template("forum/feedback_form.html", form=form, **page), status


@bp.get("/f/<code>/thanks")
def feedback_thanks(code: str):
    process, event, table = _found_or_404(code)
    return render_template(
        "forum/feedback_thanks.html", process=process, event=event, table=table, code=code.upper()
    )

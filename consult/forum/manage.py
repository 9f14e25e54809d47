"""Staff area for forum feedback: events, their tables, QR codes and the print sheet.

Capturing cards (one by one, in a batch, from a CSV file) and the list of cards live in
consult.forum.manage_cards, which registers its routes on `bp` below.
"""

from __future__ import annotations

from datetime import UTC
from functools import partial

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone, to_utc
from sqlalchemy import select

from consult.errors import DomainError
from consult.extensions import db
from consult.forum import forms, qr, queries, services
from consult.participation.models import Event, EventTable
from consult.plans.manage_common import (
    INVALID,
    commit_or_error,
    current_actor,
    domain_error,
    process_or_404,
)
from consult.plans.models import Process, Section
from consult.security import keeps_input, require

bp = Blueprint("manage_forum", __name__, url_prefix="/manage")

EVENTS = "/processes/<slug>/events"
EVENT = EVENTS + "/<int:event_id>"


def event_or_404(slug: str, event_id: int) -> tuple[Process, Event]:
    process = process_or_404(slug)
    return process, queries.event_or_404(process, event_id)


def _utc(value):
    """A local date and time from a form → an aware UTC datetime."""
    return to_utc(value).replace(tzinfo=UTC) if value is not None else None


def _local(value):
    """An aware UTC datetime → the local date and time a form shows."""
    return to_user_timezone(value).replace(tzinfo=None) if value is not None else None


# --- events ---------------------------------------------------------------------------------


def _save_event(process: Process, event: Event | None, form, save, saved_message: str):
    """The event form (a new event when `event` is None): on a valid POST, pass the form's
    fields to `save` (a service returning the event), commit and go to the event; otherwise
    show the form again."""
    if form.validate_on_submit():
        fields = {
            "name": form.name.data,
            "starts_at": _utc(form.starts_at.data),
            "ends_at": _utc(form.ends_at.data),
            "place": form.place.data or "",
            "description": form.description.data or "",
            "language": form.language.data,
            "accepts_phone_feedback": form.accepts_phone_feedback.data,
            "actor": current_actor(),
        }
        try:
            saved = save(**fields)
        except DomainError as error:
            domain_error(error, form, "ends_at")
        else:
            db.session.commit()
            flash(saved_message, "success")
            return redirect(url_for(".show_event", slug=process.slug, event_id=saved.id))
    status = INVALID if form.errors else 200
    return render_template(
        "manage/events_form.html", process=process, event=event, form=form
    ), status


@bp.get(EVENTS)
@require("forum.manage")
def list_events(slug: str):
    process = process_or_404(slug)
    return render_template(
        "manage/events_list.html",
        process=process,
        events=queries.events_of(process),
        counts=queries.card_counts_by_event(process),
    )


@bp.route(EVENTS + "/new", methods=["GET", "POST"])
@require("forum.manage")
@keeps_input
def create_event(slug: str):
    process = process_or_404(slug)
    form = forms.EventForm(
        languages=queries.card_languages(process),
        data={"language": process.original_language, "accepts_phone_feedback": True}
        if request.method == "GET" else None,
    )
    return _save_event(
        process, None, form,
        partial(services.create_event, process),
        _("The event has been created. Now add its tables."),
    )


@bp.get(EVENT)
@require("forum.manage")
def show_event(slug: str, event_id: int):
    process, event = event_or_404(slug, event_id)
    counts = queries.card_counts_by_table(event)
    return render_template(
        "manage/events_show.html",
        process=process,
        event=event,
        counts=counts,
        total=sum(counts.values()),
        short_link=qr.short_link,
        open_now=queries.open_for_phones(event, process, _today()),
    )


@bp.route(EVENT + "/edit", methods=["GET", "POST"])
@require("forum.manage")
@keeps_input
def edit_event(slug: str, event_id: int):
    process, event = event_or_404(slug, event_id)
    data = None
    if request.method == "GET":
        data = {
            "name": event.name,
            "starts_at": _local(event.starts_at),
            "ends_at": _local(event.ends_at),
            "place": event.place,
            "description": event.description,
            "language": event.language,
            "accepts_phone_feedback": event.accepts_phone_feedback,
        }
    form = forms.EventForm(languages=queries.card_languages(process), data=data)
    return _save_event(
        process, event, form,
        partial(services.update_event, event),
        _("The event has been saved."),
    )


@bp.route(EVENT + "/delete", methods=["GET", "POST"])
@require("forum.manage")
def delete_event(slug: str, event_id: int):
    process, event = event_or_404(slug, event_id)
    form = forms.ConfirmForm()
    count = queries.card_count(event)
    if form.validate_on_submit():
        try:
            services.delete_event(event, process, current_actor())
        except DomainError as error:
            domain_error(error)
        else:
            db.session.commit()
            flash(_("The event has been removed."), "success")
            return redirect(url_for(".list_events", slug=slug))
    return render_template(
        "manage/events_delete.html", process=process, event=event, form=form, count=count
    )


# --- tables -----------------------------------------------------------------------------------


def _section_options(process: Process, table: EventTable | None):
    """(id, number, title) of the sections of the latest published version, plus any
    section the table has that this version no longer holds."""
    version = queries.latest_public_version(process)
    nodes = queries.nodes_of(version)
    original = process.original_language
    options = []
    for node in nodes:
        text = node.text(original) or (node.texts[0] if node.texts else None)
        options.append((node.section_id, node.number, text.title if text else node.section.key, node.depth))
    placed = {node.section_id for node in nodes}
    for section in table.sections if table is not None else []:
        if section.id not in placed:
            options.append((section.id, "", section.key, 0))
    return version, options


def _save_table(process: Process, event: Event, table: EventTable | None):
    version, options = _section_options(process, table)
    data = None
    if request.method == "GET":
        if table is not None:
            data = {
                "number": table.number,
                "name": table.name,
                "sections": [str(s.id) for s in table.sections],
            }
        else:
            data = {"number": max((t.number for t in event.tables), default=0) + 1}
    form = forms.TableForm(data=data)
    form.sections.choices = forms.choices((section_id, title) for section_id, _n, title, _d in options)
    if form.validate_on_submit():
        wanted = {int(value) for value in form.sections.data}
        sections = (
            db.session.scalars(
                select(Section).where(Section.id.in_(wanted), Section.process_id == process.id)
            ).all()
            if wanted else []
        )
        try:
            services.save_table(
                event, table=table, number=form.number.data, name=form.name.data,
                sections=sections, actor=current_actor(),
            )
        except DomainError as error:
            domain_error(error, form, "number")
        else:
            # Two people adding the same number at once: the unique constraint decides.
            if commit_or_error(form, "number"):
                flash(_("The table has been saved."), "success")
                return redirect(
                    url_for(".show_event", slug=process.slug, event_id=event.id) + "#tables"
                )
    status = INVALID if form.errors else 200
    return render_template(
        "manage/events_table_form.html",
        process=process,
        event=event,
        table=table,
        form=form,
        version=version,
        options=options,
        chosen=set(form.sections.data or []),
    ), status


@bp.route(EVENT + "/tables/new", methods=["GET", "POST"])
@require("forum.manage")
@keeps_input
def create_table(slug: str, event_id: int):
    process, event = event_or_404(slug, event_id)
    return _save_table(process, event, None)


@bp.route(EVENT + "/tables/<int:table_id>", methods=["GET", "POST"])
@require("forum.manage")
@keeps_input
def edit_table(slug: str, event_id: int, table_id: int):
    process, event = event_or_404(slug, event_id)
    return _save_table(process, event, queries.table_or_404(event, table_id))


@bp.route(EVENT + "/tables/<int:table_id>/delete", methods=["GET", "POST"])
@require("forum.manage")
def delete_table(slug: str, event_id: int, table_id: int):
    process, event = event_or_404(slug, event_id)
    table = queries.table_or_404(event, table_id)
    form = forms.ConfirmForm()
    count = queries.card_counts_by_table(event).get(table.id, 0)
    if form.validate_on_submit():
        try:
            services.delete_table(table, current_actor())
        except DomainError as error:
            domain_error(error)
        else:
            db.session.commit()
            flash(_("The table has been removed."), "success")
            return redirect(url_for(".show_event", slug=slug, event_id=event.id) + "#tables")
    return render_template(
        "manage/events_table_delete.html",
        process=process, event=event, table=table, form=form, count=count,
    )


# --- QR codes and the print sheet ---------------------------------------------------------------


def _svg(data: bytes) -> Response:
    return Response(data, mimetype="image/svg+xml")


@bp.get(EVENT + "/qr.svg")
@require("forum.manage")
def event_qr(slug: str, event_id: int):
    _process, event = event_or_404(slug, event_id)
    link = qr.short_link(event.code)
    return _svg(qr.qr_svg(link, title=link))


@bp.get(EVENT + "/tables/<int:table_id>/qr.svg")
@require("forum.manage")
def table_qr(slug: str, event_id: int, table_id: int):
    _process, event = event_or_404(slug, event_id)
    table = queries.table_or_404(event, table_id)
    link = qr.short_link(table.code)
    return _svg(qr.qr_svg(link, title=link))


@bp.get(EVENT + "/print")
@require("forum.manage")
def print_sheet(slug: str, event_id: int):
    process, event = event_or_404(slug, event_id)
    return render_template(
        "manage/events_print.html", process=process, event=event, short_link=qr.short_link
    )


def _today():
    from consult.plans.views import _today as today

    return today()


# The routes for capturing and listing cards register on `bp` when imported.
from consult.forum import manage_cards  # noqa: E402,F401 - registers routes

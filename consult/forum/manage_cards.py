"""Staff routes for forum cards (on manage_forum.bp): capture one by one, in a batch of lines
or from a CSV file with a preview; list, correct the language of, and delete cards.

Each page loads the event's tables and the version's sections once; checking and saving
many cards does not query per card.
"""

from __future__ import annotations

import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, OperationalError
from wtforms.fields.choices import SelectChoice

from consult.errors import DomainError
from consult.extensions import db
from consult.forum import cards, forms, queries, services
from consult.forum.manage import EVENT, bp, event_or_404
from consult.i18n import html_lang
from consult.participation.common import find_by_idempotency_key, new_idempotency_key
from consult.participation.models import Event, EventTable
from consult.plans.manage_common import INVALID, current_actor, domain_error
from consult.plans.models import Process, Version
from consult.security import keeps_input, require

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,48}$")
UNAVAILABLE = 503


class Setup:
    """What the capture pages need, loaded once: version, sections, lookups, languages."""

    def __init__(self, process: Process, event: Event, version_value) -> None:
        self.process = process
        self.event = event
        self.versions = queries.public_versions(process)
        self.version: Version | None = queries.chosen_version(process, version_value)
        self.nodes = queries.nodes_of(self.version)
        self.languages = queries.card_languages(process)
        self.lookups = cards.build_lookups(
            event, self.nodes, self.languages, process.original_language
        )
        self.tables = {str(t.id): t for t in event.tables}

    def section_choices(self) -> list[SelectChoice]:
        choices = []
        for node in self.nodes:
            text = node.text(self.process.original_language) or (
                node.texts[0] if node.texts else None
            )
            title = text.title if text else node.section.key
            attrs = {"lang": html_lang(text.language)} if text else {}
            choices.append(SelectChoice(str(node.section_id), f"{node.number} {title}", render_kw=attrs))
        return choices

    def set_choices(self, form) -> None:
        form.set_choices(
            tables=self.event.tables, sections=self.section_choices(), languages=self.languages
        )

    def table(self, value) -> EventTable | None:
        return self.tables.get(value or "")

    def section(self, value) -> int | None:
        """An explicitly chosen section of the version, or None (the table's first)."""
        try:
            section_id = int(value) if value else None
        except (TypeError, ValueError):
            return None
        return section_id if section_id in self.lookups.by_section else None


def _key(value) -> str | None:
    return value if isinstance(value, str) and KEY_PATTERN.match(value) else None


def _kept(setup: Setup, form) -> dict:
    """Table, section, language and version, kept for the next card."""
    return {
        "table": form.table.data or None,
        "section": form.section.data or None,
        "language": form.language.data or None,
        "version": setup.version.number if setup.version else None,
    }


def _initial(setup: Setup) -> dict:
    return {
        "table": request.args.get("table", ""),
        "section": request.args.get("section", ""),
        "language": request.args.get("language", ""),
        "version": str(setup.version.number) if setup.version else "",
        "idempotency_key": new_idempotency_key(),
    }


def _capture_form(slug: str, event_id: int, form_class):
    """What a capture page needs (process, event, sections, lookups) and its form,
    prefilled from the link on GET."""
    process, event = event_or_404(slug, event_id)
    setup = Setup(process, event, request.values.get("version"))
    form = form_class(data=_initial(setup) if request.method == "GET" else None)
    setup.set_choices(form)
    return setup, form


def _capture_page(template: str, setup: Setup, form, status: int, **context):
    """A capture page with its form; 422 when the form has errors."""
    return render_template(
        template,
        process=setup.process,
        event=setup.event,
        form=form,
        setup=setup,
        count=queries.card_count(setup.event),
        **context,
    ), INVALID if form.errors else status


def _already_saved(process_id: int, key: str | None) -> bool:
    return key is not None and find_by_idempotency_key(process_id, f"{key}:1") is not None


def _commit_cards(event: Event, setup: Setup, inputs, key: str | None) -> str:
    """Store and commit; returns "saved", "duplicate" or "unavailable".

    A conflict that is not a repeated key is not expected; it is raised (and logged)."""
    process_id = event.process_id
    try:
        services.capture_cards(
            event, inputs, version=setup.version, actor=current_actor(), idempotency_key=key
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if _already_saved(process_id, key):
            return "duplicate"
        raise
    except OperationalError:
        db.session.rollback()
        current_app.logger.exception("Database unavailable while saving forum cards")
        return "unavailable"
    return "saved"


def _unavailable_message() -> str:
    return _(
        "The database is briefly unavailable. Nothing was saved, and your text is still "
        "here: please send it again in a minute."
    )


def _save_captured(
    endpoint: str, setup: Setup, form, inputs, key: str | None, *,
    saved_message: str, again_message: str,
):
    """Save typed cards unless their key was saved already, and go back to the empty form
    (keeping table, section, language and version). None when the database is unavailable:
    the caller shows the form again with the text."""
    event = setup.event
    if _already_saved(event.process_id, key):
        outcome = "duplicate"
    else:
        outcome = _commit_cards(event, setup, inputs, key)
    if outcome == "unavailable":
        flash(_unavailable_message(), "error")
        return None
    if outcome == "saved":
        flash(saved_message, "success")
    else:
        flash(again_message, "info")
    return redirect(
        url_for(endpoint, slug=setup.process.slug, event_id=event.id, **_kept(setup, form))
    )


# --- one card at a time -----------------------------------------------------------------------


@bp.route(EVENT + "/capture", methods=["GET", "POST"])
@require("forum.manage")
@keeps_input
def capture_card(slug: str, event_id: int):
    setup, form = _capture_form(slug, event_id, forms.CardForm)
    status = 200
    if form.validate_on_submit():
        key = _key(form.idempotency_key.data)
        table = setup.table(form.table.data)
        section_id = setup.section(form.section.data) or setup.lookups.first_section(table)
        card = services.CardInput(
            text=form.text.data.strip(), table=table, section_id=section_id,
            language=form.language.data or None,
        )
        if not card.text:
            form.text.errors.append(_("Please enter the text of the card."))
        else:
            saved = _save_captured(
                ".capture_card", setup, form, [card], key,
                saved_message=_("The card has been saved."),
                again_message=_("This card was saved already."),
            )
            if saved is not None:
                return saved
            status = UNAVAILABLE
    return _capture_page("manage/forum_capture.html", setup, form, status)


# --- many cards, one per line ---------------------------------------------------------------------


@bp.route(EVENT + "/batch", methods=["GET", "POST"])
@require("forum.manage")
@keeps_input
def capture_batch(slug: str, event_id: int):
    setup, form = _capture_form(slug, event_id, forms.BatchForm)
    rows: list[cards.ParsedRow] = []
    status = 200
    if form.validate_on_submit():
        key = _key(form.idempotency_key.data)
        rows = cards.parse_lines(
            form.lines.data,
            setup.lookups,
            table=setup.table(form.table.data),
            section=setup.section(form.section.data),
            language=form.language.data or None,
        )
        failed = [row for row in rows if not row.ok]
        if not rows:
            form.lines.errors.append(_("There are no cards in the text."))
        elif len(rows) > cards.MAX_LINES:
            form.lines.errors.append(
                _("At most %(max)s cards at once, please. Split the text.", max=cards.MAX_LINES)
            )
        elif failed:
            form.lines.errors.append(
                ngettext(
                    "%(num)d line has an error. Nothing was saved; please correct it.",
                    "%(num)d lines have errors. Nothing was saved; please correct them.",
                    len(failed),
                )
            )
        else:
            saved = _save_captured(
                ".capture_batch", setup, form, [row.card() for row in rows], key,
                saved_message=ngettext(
                    "%(num)d card has been saved.", "%(num)d cards have been saved.", len(rows)
                ),
                again_message=_("These cards were saved already."),
            )
            if saved is not None:
                return saved
            status = UNAVAILABLE
    return _capture_page(
        "manage/forum_batch.html", setup, form, status, failed=[row for row in rows if not row.ok]
    )


# --- a CSV file, with a preview -------------------------------------------------------------------


def _upload_folder() -> str:
    return current_app.config["UPLOAD_FOLDER"]


@bp.route(EVENT + "/csv", methods=["GET", "POST"])
@require("forum.manage")
@keeps_input
def upload_csv(slug: str, event_id: int):
    process, event = event_or_404(slug, event_id)
    setup = Setup(process, event, request.values.get("version"))
    form = forms.CsvUploadForm(
        data={"version": str(setup.version.number) if setup.version else ""}
        if request.method == "GET" else None
    )
    if form.validate_on_submit():
        data = form.file.data.stream.read(cards.MAX_CSV_BYTES + 1)
        try:
            text = cards.check_csv(data)
        except cards.CsvError as error:
            form.file.errors.append(str(error))
        else:
            meta = {
                "event_id": event.id,
                "user_id": current_user.id,
                "version": setup.version.number if setup.version else None,
                "filename": _safe_filename(form.file.data.filename),
            }
            try:
                token = cards.store_csv(_upload_folder(), text, meta)
            except OSError:
                current_app.logger.exception("Could not store a CSV upload")
                form.file.errors.append(
                    _("The file could not be stored on the server. Please try again later.")
                )
            else:
                return redirect(
                    url_for(".csv_preview", slug=slug, event_id=event.id, token=token)
                )
    status = INVALID if form.errors else 200
    return render_template(
        "manage/forum_csv_upload.html", process=process, event=event, form=form, setup=setup,
        count=queries.card_count(event),
    ), status


def _safe_filename(name: str | None) -> str:
    from consult.plans.importers import safe_filename

    return safe_filename(name or "")


@bp.route(EVENT + "/csv/<token>", methods=["GET", "POST"])
@require("forum.manage")
@keeps_input
def csv_preview(slug: str, event_id: int, token: str):
    process, event = event_or_404(slug, event_id)
    payload = cards.load_csv(_upload_folder(), token)
    if payload is None:
        flash(
            _("This upload is no longer available: it was saved already or has expired. "
              "Please upload the file again if needed."),
            "error",
        )
        return redirect(url_for(".upload_csv", slug=slug, event_id=event.id))
    if payload.get("event_id") != event.id or payload.get("user_id") != current_user.id:
        abort(404)
    setup = Setup(process, event, payload.get("version"))
    try:
        rows = cards.parse_csv(payload["text"], setup.lookups)
    except cards.CsvError as error:
        cards.discard_csv(_upload_folder(), token)
        flash(str(error), "error")
        return redirect(url_for(".upload_csv", slug=slug, event_id=event.id))
    valid = [row for row in rows if row.ok]
    form = forms.ConfirmForm()
    status = 200
    if form.validate_on_submit():
        if not valid:
            flash(_("No row can be saved. Please correct the file and upload it again."), "error")
            status = INVALID
        else:
            outcome = _commit_cards(event, setup, [row.card() for row in valid], token)
            if outcome == "unavailable":
                flash(_unavailable_message(), "error")
                status = UNAVAILABLE
            else:
                cards.discard_csv(_upload_folder(), token)
                if outcome == "saved":
                    flash(
                        ngettext(
                            "%(num)d card has been saved.", "%(num)d cards have been saved.",
                            len(valid),
                        ),
                        "success",
                    )
                    skipped = len(rows) - len(valid)
                    if skipped:
                        flash(
                            ngettext(
                                "%(num)d row with errors was not saved.",
                                "%(num)d rows with errors were not saved.",
                                skipped,
                            ),
                            "warning",
                        )
                else:
                    flash(_("These cards were saved already."), "info")
                return redirect(url_for(".list_cards", slug=slug, event_id=event.id))
    return render_template(
        "manage/forum_csv_preview.html",
        process=process,
        event=event,
        form=form,
        setup=setup,
        rows=rows,
        valid=len(valid),
        filename=payload.get("filename", ""),
    ), status


# --- the list of cards ------------------------------------------------------------------------------


def _filters() -> tuple[int | None, bool, int]:
    table = request.args.get("table", "")
    without = table == "none"
    try:
        table_id = int(table) if table and not without else None
    except ValueError:
        table_id = None
    page = request.args.get("page", 1, type=int) or 1
    return table_id, without, max(1, min(page, 100_000))


@bp.get(EVENT + "/cards")
@require("forum.manage")
def list_cards(slug: str, event_id: int):
    process, event = event_or_404(slug, event_id)
    table_id, without, page = _filters()
    if table_id is not None and table_id not in {t.id for t in event.tables}:
        table_id = None
    pagination = queries.cards_page(event, table_id=table_id, without_table=without, page=page)
    counts = queries.card_counts_by_table(event)
    filters = {"table": "none" if without else table_id}
    return render_template(
        "manage/forum_cards.html",
        process=process,
        event=event,
        pagination=pagination,
        context=queries.card_context(pagination.items),
        counts=counts,
        total=sum(counts.values()),
        tables={t.id: t for t in event.tables},
        filters=filters,
        languages=queries.card_languages(process),
        page=page,
    )


def _back_to_list(slug: str, event_id: int):
    table = request.form.get("table", "")
    page = request.form.get("page", 1, type=int) or 1
    values = {"page": page if page > 1 else None}
    if table == "none" or table.isdigit():
        values["table"] = table
    return redirect(url_for(".list_cards", slug=slug, event_id=event_id, **values))


@bp.post(EVENT + "/cards/<int:card_id>/language")
@require("forum.manage")
def set_card_language(slug: str, event_id: int, card_id: int):
    process, event = event_or_404(slug, event_id)
    card = queries.card_or_404(event, card_id)
    form = forms.LanguageForm(languages=queries.card_languages(process))
    if form.validate_on_submit():
        services.set_card_language(card, event, form.language.data, current_actor())
        db.session.commit()
        flash(_("The language of the card has been corrected."), "success")
    else:
        flash(_("Please choose a language from the list."), "error")
    return _back_to_list(slug, event.id)


@bp.route(EVENT + "/cards/<int:card_id>/delete", methods=["GET", "POST"])
@require("forum.manage")
def delete_card(slug: str, event_id: int, card_id: int):
    process, event = event_or_404(slug, event_id)
    card = queries.card_or_404(event, card_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            services.delete_card(card, event, current_actor())
        except DomainError as error:
            domain_error(error)
        else:
            db.session.commit()
            flash(_("The card has been deleted."), "success")
            return redirect(url_for(".list_cards", slug=slug, event_id=event.id))
    context = queries.card_context([card])
    return render_template(
        "manage/forum_card_delete.html",
        process=process,
        event=event,
        card=card,
        node=context.node(card),
        table=next((t for t in event.tables if t.id == card.event_table_id), None),
        form=form,
    )

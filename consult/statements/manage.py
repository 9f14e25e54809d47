"""Staff pages for written statements: the list, a statement with its attachments, entering
statements that arrived by e-mail, letter or in person, and correcting the language."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, OperationalError

from consult.errors import DomainError
from consult.extensions import db
from consult.plans import queries as plan_queries
from consult.plans.views import _today
from consult.security import can, keeps_input, require
from consult.statements import queries, services, uploads
from consult.statements.forms import LanguageForm, RecordStatementForm, StatementFilterForm

bp = Blueprint("manage_statements", __name__, url_prefix="/manage")

INVALID = 422
PER_PAGE = 25
CLEAR_DRAFT = "statement_clear_draft"


def record_draft_key(slug: str) -> str:
    """Where the browser keeps what staff type into the record form."""
    return f"record:{slug}"


def _me():
    return current_user._get_current_object()


def _page() -> int:
    page = request.args.get("page", 1, type=int)
    return page if page and 0 < page < 100_000 else 1


def _staff_version(process):
    """The version staff attach statements to: the newest published one, else the newest."""
    versions = list(process.versions)
    public = [v for v in versions if v.is_public]
    return (public or versions or [None])[-1]


@bp.get("/processes/<slug>/statements")
@require("contributions.read")
def list_statements(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    form = StatementFilterForm(request.args, languages=queries.statement_languages(process))
    if not form.validate():
        abort(400)
    pagination = db.paginate(
        queries.staff_list(
            process,
            channel=form.channel.data or None,
            status=form.status.data or None,
            language=form.language.data or None,
            late=form.late.data or None,
        ),
        page=_page(), per_page=PER_PAGE, error_out=False,
    )
    filters = {
        name: value for name, value in (
            ("channel", form.channel.data), ("status", form.status.data),
            ("language", form.language.data), ("late", form.late.data),
        ) if value
    }
    return render_template(
        "manage/statements_list.html",
        process=process, form=form, pagination=pagination, filters=filters,
    )


@bp.get("/processes/<slug>/statements/<int:statement_id>")
@require("contributions.read")
def show_statement(slug: str, statement_id: int):
    process = plan_queries.manage_process_or_404(slug)
    statement = queries.by_id_or_404(process, statement_id)
    return _render_statement(process, statement, LanguageForm(
        process=process, data={"language": statement.language}
    ))


def _render_statement(process, statement, language_form, status: int = 200):
    from consult.accounts.models import User

    entered_by = db.session.get(User, statement.entered_by_id) if statement.entered_by_id else None
    return render_template(
        "manage/statements_show.html",
        process=process,
        statement=statement,
        sections=queries.statement_sections(
            statement, process.original_language, process.original_language
        ),
        language_form=language_form,
        entered_by=entered_by,
        entries=queries.audit_entries(statement),
        may_record=can(current_user, "statements.record"),
        clear_draft=session.pop(CLEAR_DRAFT, None),
    ), status


@bp.post("/processes/<slug>/statements/<int:statement_id>/language")
@require("statements.record")
def correct_language(slug: str, statement_id: int):
    process = plan_queries.manage_process_or_404(slug)
    statement = queries.by_id_or_404(process, statement_id)
    form = LanguageForm(process=process)
    if not form.validate_on_submit():
        db.session.rollback()
        return _render_statement(process, statement, form, INVALID)
    try:
        services.correct_language(statement, form.language.data, _me())
    except DomainError as error:
        db.session.rollback()
        form.language.errors = [str(error)]
        return _render_statement(process, statement, form, INVALID)
    db.session.commit()
    flash(_("The language was changed."), "success")
    return redirect(url_for(".show_statement", slug=slug, statement_id=statement_id), code=303)


@bp.get("/processes/<slug>/statements/<int:statement_id>/attachments/<int:attachment_id>")
@require("contributions.read")
def download_attachment(slug: str, statement_id: int, attachment_id: int):
    from consult.statements.views import _download

    process = plan_queries.manage_process_or_404(slug)
    statement = queries.by_id_or_404(process, statement_id)
    return _download(queries.attachment_of_or_404(statement, attachment_id))


@bp.route("/processes/<slug>/statements/new", methods=["GET", "POST"])
@require("statements.record")
@keeps_input
def record_statement(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    version = _staff_version(process)
    options = queries.section_options(version, process.original_language, process.original_language)
    organisations = queries.all_organisations()
    form = RecordStatementForm(
        process=process, organisations=organisations,
        section_keys=[o.key for o in queries.flatten(options)],
    )

    def render(status: int = 200, message: str | None = None):
        files_dropped = request.method == "POST" and bool(
            uploads.chosen_files(request.files.getlist("scans"))
        )
        return render_template(
            "manage/statements_record.html",
            process=process, version=version, options=options, form=form, message=message,
            files_dropped=files_dropped,
            max_attachments=current_app.config["MAX_ATTACHMENTS"],
            max_size=uploads.size_text(int(current_app.config["MAX_ATTACHMENT_BYTES"])),
            deadline=_deadline(process),
            draft_key=record_draft_key(process.slug),
            clear_draft=session.pop(CLEAR_DRAFT, None) if request.method == "GET" else None,
        ), status

    if request.method == "GET":
        _prefill(form)
        return render()
    if not form.validate_on_submit():
        return render(INVALID)

    accepted, errors = uploads.check_files(form.scans.data)
    if errors:
        form.scans.errors = errors
        return render(INVALID)
    try:
        stored = uploads.store_all(accepted)
    except uploads.StorageUnavailable as error:
        return render(503, str(error))
    names = [s.storage_name for s in stored]
    entry = services.PaperStatement(
        channel=form.channel.data,
        received_on=form.received_on.data,
        body=form.body.data,
        submitter_type=form.submitter_type.data,
        organisation=form.chosen_organisation(),
        name=form.submitter_name.data,
        email=form.submitter_email.data,
        address=form.submitter_address.data,
        title=form.title.data,
        language=form.language.data or None,
        sections=queries.sections_by_keys(process, form.sections.data or []),
        version=version,
        publish_text=form.publish_text.data,
        publish_name=form.publish_name.data,
        mark_late=form.mark_late.data,
    )
    try:
        statement = services.record_statement(process, _me(), entry, stored, today=_today())
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        uploads.delete(names)
        return render(INVALID, str(error))
    except (IntegrityError, OperationalError):
        current_app.logger.exception("Could not store a recorded statement")
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection may be gone
            current_app.logger.exception("Rollback failed")
        uploads.delete(names)
        return render(503, _("The statement could not be stored just now. What you typed is still here: please save again in a minute."))

    session[CLEAR_DRAFT] = record_draft_key(slug)
    if statement.is_late:
        flash(_("Statement %(receipt)s was recorded and marked as late.", receipt=statement.receipt_number), "success")
    else:
        flash(_("Statement %(receipt)s was recorded.", receipt=statement.receipt_number), "success")
    if request.form.get("next") == "another":
        # The next one most likely came the same way on the same day.
        return redirect(url_for(
            ".record_statement", slug=slug, channel=statement.channel,
            received_on=statement.received_on.isoformat(),
        ), code=303)
    return redirect(url_for(".show_statement", slug=slug, statement_id=statement.id), code=303)


@bp.errorhandler(413)
def too_large(_error):
    slug = (request.view_args or {}).get("slug")
    back = None
    if request.endpoint == "manage_statements.record_statement" and slug:
        back = url_for(".record_statement", slug=slug)
    return render_template(
        "statements/statement_too_large.html", back=back,
        max_size=uploads.size_text(int(current_app.config["MAX_ATTACHMENT_BYTES"])),
        max_attachments=current_app.config["MAX_ATTACHMENTS"],
    ), 413


def _prefill(form: RecordStatementForm) -> None:
    """Channel and date of the previous entry, when recording several in a row."""
    from datetime import date

    form.received_on.data = _today()
    channel = request.args.get("channel")
    if channel in {value for value, _label in form.channel.choices}:
        form.channel.data = channel
    try:
        received_on = date.fromisoformat(request.args.get("received_on", ""))
    except ValueError:
        return
    if received_on <= _today():
        form.received_on.data = received_on


def _deadline(process):
    phases = services.statement_phases(process)
    return max((p.ends_on for p in phases), default=None)

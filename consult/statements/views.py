"""Written statements, public side: the form, the private tracking page, e-mail confirmation
and attachment downloads for the submitter.

Nothing typed is lost: every failure (form errors, an expired form, a refused file, the rate
limit, a full disk, a database outage, a closed phase) shows the form again with the text.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError, OperationalError

from consult.accountability import notices, opt_out, tracking
from consult.accounts.organisations import organisations_for
from consult.accounts.services import person_name
from consult.errors import DomainError
from consult.extensions import db
from consult.i18n import choosable_languages, content_language, select_language
from consult.pagecache import PLAN, remembered
from consult.participation.common import (
    find_by_idempotency_key,
    find_by_tracking_token,
    hash_token,
    honeypot_tripped,
    new_idempotency_key,
    post_limit,
)
from consult.participation.models import Contribution, ContributionStatus
from consult.plans import queries as plan_queries
from consult.plans.models import Process
from consult.plans.views import _today
from consult.security import can, keeps_input
from consult.statements import mail as statement_mail
from consult.statements import queries, services, uploads
from consult.statements.forms import StatementForm

bp = Blueprint("statements", __name__)

INVALID = 422
ISSUED_KEYS = "statement_keys"
CLEAR_DRAFT = "statement_clear_draft"
MAX_ISSUED_KEYS = 20


def draft_key(process: Process, section: str | None) -> str:
    """Where the browser keeps the unsent text: one draft per process and section."""
    return f"statement:{process.slug}" + (f":{section}" if section else "")


def _me():
    return current_user._get_current_object() if current_user.is_authenticated else None


def _link_language() -> str | None:
    language = request.args.get("lang")
    return language if language in choosable_languages() else None


# --- idempotency keys handed out with the form ------------------------------------------


def _issued_keys() -> list[str]:
    keys = session.get(ISSUED_KEYS)
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []


def _issue_key() -> str:
    key = new_idempotency_key()
    session[ISSUED_KEYS] = [*_issued_keys()[-(MAX_ISSUED_KEYS - 1):], key]
    return key


def _keep_or_issue_key(form: StatementForm) -> None:
    """The form carries a key this session handed out; a stranger's key is replaced."""
    if form.idempotency_key.data not in _issued_keys():
        form.idempotency_key.data = _issue_key()


# --- the form page ---------------------------------------------------------------------------


class FormPage:
    """What the statement form shows for a process (and optionally a version and a section)."""

    def __init__(self, process: Process):
        self.process = process
        self.version = queries.form_version(process, request.args.get("version", type=int))
        language = content_language()
        self.options = (
            remembered(
                "statements.section_options",
                (self.version.id, language, process.original_language),
                lambda: queries.section_options(self.version, language, process.original_language),
                scope=PLAN,
            )
            if self.version is not None else []
        )
        self.keys = [o.key for o in queries.flatten(self.options)]
        section = request.args.get("section")
        self.section = section if section in self.keys else None
        self.draft_key = draft_key(process, self.section)
        self.me = _me()
        self.organisations = organisations_for(self.me) if self.me is not None else []
        self.open = services.is_open(process, _today())

    def form(self) -> StatementForm:
        return StatementForm(
            process=self.process,
            organisations=self.organisations,
            logged_in=self.me is not None,
            self_label=_("Myself (%(name)s)", name=person_name(self.me)) if self.me else None,
            section_keys=self.keys,
        )

    def render(self, form: StatementForm, status: int = 200, message: str | None = None):
        files_dropped = request.method == "POST" and bool(
            uploads.chosen_files(request.files.getlist("attachments"))
        )
        if request.method == "POST":
            _keep_or_issue_key(form)
        return render_template(
            "statements/statement_new.html",
            page=self,
            process=self.process,
            version=self.version,
            form=form,
            message=message,
            files_dropped=files_dropped,
            closed_message=None if self.open else services.closed_message(self.process, _today()),
            max_attachments=current_app.config["MAX_ATTACHMENTS"],
            max_size=uploads.size_text(int(current_app.config["MAX_ATTACHMENT_BYTES"])),
            body_max=services.BODY_MAX_LENGTH,
            body_max_text=format_number(services.BODY_MAX_LENGTH),
            unconfirmed_hours=services.unconfirmed_hours(),
        ), status


@bp.route("/p/<slug>/statements/new", methods=["GET", "POST"])
@keeps_input
@post_limit
def new_statement(slug: str):
    process = plan_queries.get_process_or_404(slug)
    page = FormPage(process)
    form = page.form()
    if request.method == "GET":
        form.idempotency_key.data = _issue_key()
        if page.section:
            form.sections.data = [page.section]
        return page.render(form)

    if not form.validate_on_submit():
        return page.render(form, INVALID)
    if honeypot_tripped(form):
        form.website.errors = [_("Please leave this field empty.")]
        return page.render(
            form, INVALID, _("Your statement could not be sent. Please check the form and send it again.")
        )
    key = form.idempotency_key.data or None
    existing = find_by_idempotency_key(process.id, key)
    if existing is not None:
        return _already_received(process, existing, key)
    if not page.open:
        return page.render(form, 409, services.closed_message(process, _today()))
    if page.me is None and not statement_mail.mail_allowed(form.email.data):
        return page.render(form, 429, _rate_limit_message())

    accepted, errors = uploads.check_files(form.attachments.data)
    if errors:
        form.attachments.errors = errors
        return page.render(form, INVALID)
    try:
        stored = uploads.store_all(accepted)
    except uploads.StorageUnavailable as error:
        return page.render(form, 503, str(error))

    submission = services.Submission(
        body=form.body.data,
        title=form.title.data,
        language=form.language.data or None,
        sections=queries.sections_by_keys(process, form.sections.data or []),
        version=page.version,
        organisation=form.chosen_organisation(),
        name=form.name.data if page.me is None else None,
        email=form.email.data if page.me is None else None,
        publish_text=form.publish_text.data,
        publish_name=form.publish_name.data,
        idempotency_key=key,
        notify_language=select_language(),
    )
    stored_names = [s.storage_name for s in stored]
    try:
        statement, token = services.submit_statement(
            process, page.me, submission, stored, today=_today()
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        uploads.delete(stored_names)
        existing = find_by_idempotency_key(process.id, key)
        if existing is not None:
            return _already_received(process, existing, key)
        current_app.logger.exception("Could not store a statement")
        return page.render(form, 409, _("Your statement could not be stored just now. Your text is still here: please send it again."))
    except OperationalError:
        current_app.logger.exception("Database unavailable while storing a statement")
        _rollback_quietly()
        uploads.delete(stored_names)
        return _unavailable(page, form)
    except DomainError as error:
        db.session.rollback()
        uploads.delete(stored_names)
        return page.render(form, 409 if isinstance(error, services.NotAllowed) else INVALID, str(error))

    session[CLEAR_DRAFT] = page.draft_key
    if statement.status == ContributionStatus.PENDING.value:
        statement_mail.count_mail(statement.submitter_email)
        statement_mail.send_confirmation_request(statement, token)
    else:
        statement_mail.send_receipt(statement, token)
    return redirect(url_for(".track", token=token, lang=_link_language()), code=303)


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone
        current_app.logger.exception("Rollback failed")


def _unavailable(page: FormPage, form: StatementForm):
    message = _("The service is briefly unavailable, so your statement could not be stored. Your text is still here: please send it again in a minute.")
    try:
        return page.render(form, 503, message)
    except OperationalError:
        _rollback_quietly()
        return _fallback_form(message)


def _fallback_form(message: str):
    """A page that needs no database: the typed text in a form that sends it again."""
    form = request.form
    return render_template(
        "statements/statement_unavailable.html",
        message=message,
        title=form.get("title", ""),
        body=form.get("body", ""),
        hidden={
            name: form.getlist(name)
            for name in (
                "idempotency_key", "on_behalf", "name", "email", "language", "sections",
                "publish_text", "publish_name",
            )
            if name in form
        },
    ), 503


def _rate_limit_message() -> str:
    return _("You have sent several statements in a short time. Please wait a while and send it again: your text is still here.")


def _already_received(process: Process, existing: Contribution, key: str | None):
    """A second request with the same form: show the statement it created, to its sender only."""
    me = _me()
    mine = key is not None and (
        key in _issued_keys() or (me is not None and existing.author_id == me.id)
    )
    if mine:
        token = services.tracking_token_for(process.id, key)
        if existing.tracking_token_hash == hash_token(token):
            section = request.args.get("section")
            session[CLEAR_DRAFT] = draft_key(process, section if _valid_key(section) else None)
            return redirect(url_for(".track", token=token, lang=_link_language()), code=303)
    return render_template("statements/statement_duplicate.html", statement=existing, process=process)


# --- errors on this blueprint: the form comes back with the text ------------------------


def _form_again(status: int, message: str):
    slug = (request.view_args or {}).get("slug")
    process = plan_queries.get_process_or_404(slug)
    page = FormPage(process)
    form = page.form()
    return page.render(form, status, message)


@bp.errorhandler(429)
def too_many_requests(_error):
    if request.endpoint == "statements.new_statement" and request.method == "POST":
        return _form_again(429, _rate_limit_message())
    return render_template(
        "errors/error.html", status=429, title=_("Too many requests"),
        message=_("You sent too many requests in a short time. Please wait a moment and try again."),
    ), 429


@bp.errorhandler(413)
def too_large(_error):
    slug = (request.view_args or {}).get("slug")
    back = None
    if request.endpoint == "statements.new_statement" and slug:
        back = url_for(
            ".new_statement", slug=slug,
            version=request.args.get("version", type=int),
            section=request.args.get("section") if _valid_key(request.args.get("section")) else None,
            lang=_link_language(),
        )
    return render_template("statements/statement_too_large.html", back=back,
                           max_size=uploads.size_text(int(current_app.config["MAX_ATTACHMENT_BYTES"])),
                           max_attachments=current_app.config["MAX_ATTACHMENTS"]), 413


@bp.errorhandler(OperationalError)
def database_unavailable(_error):
    current_app.logger.exception("Database unavailable on %s", request.path)
    _rollback_quietly()
    message = _("The service is briefly unavailable. Please try again in a minute.")
    if request.endpoint == "statements.new_statement" and request.method == "POST":
        return _fallback_form(_("The service is briefly unavailable, so your statement could not be stored. Your text is still here: please send it again in a minute."))
    return render_template(
        "statements/statement_unavailable.html", message=message, title=None, body=None, hidden={}
    ), 503


def _valid_key(value) -> bool:
    return isinstance(value, str) and bool(queries.KEY_PATTERN.match(value))


# --- the private tracking page ----------------------------------------------------------


def _statement_by_token_or_404(token: str) -> Contribution:
    statement = find_by_tracking_token(token)
    if statement is None or statement.kind != services.STATEMENT:
        abort(404)
    return statement


def _private(response):
    """Personal data behind a secret link: not stored, not indexed, the link not passed on."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/track/<token>")
def track(token: str):
    statement = _statement_by_token_or_404(token)
    process = db.session.get(Process, statement.process_id)
    language = content_language()
    sections = queries.statement_sections(statement, language, process.original_language)
    clear_draft = session.pop(CLEAR_DRAFT, None)
    recipient = notices.recipient_of(statement)
    response = make_response(render_template(
        "statements/statement_track.html",
        statement=statement,
        process=process,
        sections=sections,
        token=token,
        clear_draft=clear_draft,
        unconfirmed_hours=services.unconfirmed_hours(),
        tracking=tracking.track([statement.id], language)[statement.id],
        **_notice_choice(recipient.key if recipient else None),
    ))
    return _private(response)


def _notice_choice(key: str | None) -> dict:
    """The link to stop (or restart) final notices, and whether they are stopped."""
    if key is None:
        return {"opt_out_link": None, "opted_out": False}
    return {
        "opt_out_link": url_for("notices.opt_out", token=opt_out.opt_out_token(key)),
        "opted_out": opt_out.is_opted_out(key),
    }


@bp.post("/track/<token>/resend")
@post_limit
def resend_confirmation(token: str):
    statement = _statement_by_token_or_404(token)
    if statement.status != ContributionStatus.PENDING.value:
        return redirect(url_for(".track", token=token))
    from consult.accounts.forms import ActionForm

    if not ActionForm().validate_on_submit():
        abort(400)
    if not statement_mail.mail_allowed(statement.submitter_email):
        flash(_("We have sent several e-mails to this address recently. Please wait a while before asking again."), "error")
        return redirect(url_for(".track", token=token))
    statement_mail.count_mail(statement.submitter_email)
    statement_mail.send_confirmation_request(statement, token)
    flash(_("We sent the confirmation link again."), "success")
    return redirect(url_for(".track", token=token), code=303)


@bp.get("/track/<token>/attachments/<int:attachment_id>")
def track_attachment(token: str, attachment_id: int):
    statement = _statement_by_token_or_404(token)
    return _download(queries.attachment_of_or_404(statement, attachment_id))


@bp.get("/statements/confirm/<token>")
def confirm(token: str):
    try:
        statement, tracking, newly = services.confirm_statement(token)
    except services.TokenInvalid as error:
        db.session.rollback()
        return render_template("statements/statement_token_invalid.html", message=str(error)), 400
    db.session.commit()
    if newly:
        statement_mail.send_receipt(statement, tracking)
        flash(_("Thank you: your e-mail address is confirmed and your statement has been received."), "success")
    return redirect(url_for(".track", token=tracking, lang=_link_language()), code=303)


# --- for the author: their statements and attachments --------------------------------------


@bp.get("/statements/mine")
@login_required
def my_statements():
    me = _me()
    statements = queries.statements_of(me)
    comments = tracking.comments_with_suggestions(me)
    contributions = [*statements, *comments]
    processes = queries.processes_by_id(c.process_id for c in contributions)
    response = make_response(render_template(
        "statements/statement_mine.html",
        statements=statements,
        comments=comments,
        processes=processes,
        tracked=tracking.track([c.id for c in contributions], content_language()),
        **_notice_choice(notices.user_key(me.id)),
    ))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/statements/<int:statement_id>/attachments/<int:attachment_id>")
@login_required
def download_attachment(statement_id: int, attachment_id: int):
    statement = db.session.get(Contribution, statement_id)
    me = _me()
    if (
        statement is None
        or statement.kind != services.STATEMENT
        or not (statement.author_id == me.id or can(me, "contributions.read"))
    ):
        abort(404)
    return _download(queries.attachment_of_or_404(statement, attachment_id))


def _download(attachment):
    path = uploads.path_for(attachment.storage_name)
    if path is None or not path.is_file():
        current_app.logger.error("Attachment file %s is missing", attachment.storage_name)
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.original_name,
        max_age=0,
        conditional=False,
        etag=False,
        last_modified=None,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

"""Staff area for the plan: dashboard, processes, phases and the audit log.

The routes for versions and the section tree live in consult.plans.manage_versions, those for
importing a file in consult.plans.manage_import; both register on `bp` below.
"""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from consult.errors import DomainError
from consult.extensions import db
from consult.plans import forms, queries, services
from consult.plans.manage_common import (
    INVALID,
    commit_or_error,
    current_actor,
    domain_error,
    language_or_404,
    process_or_404,
)
from consult.plans.models import PHASE_OPENS_TITLES, Phase, Process
from consult.security import keeps_input, require

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.app_template_filter("audit_value")
def audit_value(value: Any, limit: int = 400) -> str:
    """A before/after value as plain text (escaped where shown), shortened."""
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    elif value is None:
        text = "—"
    else:
        text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}…"


# --- dashboard and processes ---------------------------------------------------------


@bp.get("/")
@require("manage.access")
def index():
    return render_template("manage/dashboard.html", processes=queries.manage_processes())


@bp.route("/processes/new", methods=["GET", "POST"])
@require("processes.edit")
@keeps_input
def create_process():
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    form = forms.ProcessCreateForm(
        data={"original_language": default, "languages": [default]}
        if request.method == "GET" else None
    )
    if form.validate_on_submit():
        try:
            process = services.create_process(
                slug=form.slug.data,
                original_language=form.original_language.data,
                languages=form.languages.data or [],
                title=form.title.data,
                summary=form.summary.data or "",
                body=form.body.data or "",
                is_public=form.is_public.data,
                actor=current_actor(),
            )
        except DomainError as error:
            domain_error(error, form, "slug")
        else:
            if commit_or_error(form, "slug"):
                flash(_("The process has been created."), "success")
                return redirect(url_for("manage.show_process", slug=process.slug))
    status = INVALID if form.errors else 200
    return render_template("manage/process_create.html", form=form), status


@bp.get("/processes/<slug>")
@require("manage.access")
def show_process(slug: str):
    process = process_or_404(slug)
    return render_template(
        "manage/process_show.html",
        process=process,
        text_languages={t.language for t in process.texts},
        opens_titles=PHASE_OPENS_TITLES,
    )


@bp.route("/processes/<slug>/settings", methods=["GET", "POST"])
@require("processes.edit")
@keeps_input
def edit_process(slug: str):
    process = process_or_404(slug)
    form = forms.ProcessSettingsForm(
        data={"languages": process.languages, "is_public": process.is_public}
        if request.method == "GET" else None
    )
    if form.validate_on_submit():
        services.update_process(
            process, languages=form.languages.data or [], is_public=form.is_public.data,
            actor=current_actor(),
        )
        db.session.commit()
        flash(_("The settings have been saved."), "success")
        return redirect(url_for("manage.show_process", slug=process.slug))
    status = INVALID if form.errors else 200
    return render_template("manage/process_settings.html", process=process, form=form), status


@bp.route("/processes/<slug>/texts/<language>", methods=["GET", "POST"])
@require("processes.edit")
@keeps_input
def edit_process_text(slug: str, language: str):
    process = process_or_404(slug)
    language_or_404(process, language)
    text = next((t for t in process.texts if t.language == language), None)
    form = forms.ProcessTextForm(obj=text if request.method == "GET" else None)
    if form.validate_on_submit():
        services.set_process_text(
            process, language, title=form.title.data, summary=form.summary.data or "",
            body=form.body.data or "", actor=current_actor(),
        )
        db.session.commit()
        flash(_("The text has been saved."), "success")
        return redirect(url_for("manage.show_process", slug=process.slug))
    status = INVALID if form.errors else 200
    return render_template(
        "manage/process_text.html", process=process, language=language, text=text, form=form,
        text_languages={t.language for t in process.texts},
    ), status


# --- phases ------------------------------------------------------------------------------


def _phase(process: Process, phase_id: int) -> Phase:
    phase = next((p for p in process.phases if p.id == phase_id), None)
    if phase is None:
        abort(404)
    return phase


def _phase_form(process: Process, phase: Phase | None):
    form_class = forms.phase_form_class(process.languages, process.original_language)
    data = None
    if request.method == "GET" and phase is not None:
        data = {
            **forms.initial("name", phase.name),
            **forms.initial("description", phase.description),
            "starts_on": phase.starts_on,
            "ends_on": phase.ends_on,
            "opens": phase.opens_list,
        }
    return form_class(data=data)


@bp.route("/processes/<slug>/phases/new", methods=["GET", "POST"])
@require("processes.edit")
@keeps_input
def create_phase(slug: str):
    return _save_phase(process_or_404(slug), None)


@bp.route("/processes/<slug>/phases/<int:phase_id>", methods=["GET", "POST"])
@require("processes.edit")
@keeps_input
def edit_phase(slug: str, phase_id: int):
    process = process_or_404(slug)
    return _save_phase(process, _phase(process, phase_id))


def _save_phase(process: Process, phase: Phase | None):
    form = _phase_form(process, phase)
    if form.validate_on_submit():
        try:
            services.save_phase(
                process, phase=phase, name=form.values("name"),
                description=form.values("description"), starts_on=form.starts_on.data,
                ends_on=form.ends_on.data, opens=form.opens.data or [], actor=current_actor(),
            )
        except DomainError as error:
            domain_error(error, form, "ends_on")
        else:
            db.session.commit()
            flash(_("The phase has been saved."), "success")
            return redirect(url_for("manage.show_process", slug=process.slug) + "#phases")
    status = INVALID if form.errors else 200
    return render_template(
        "manage/phase_form.html", process=process, phase=phase, form=form
    ), status


@bp.route("/processes/<slug>/phases/<int:phase_id>/delete", methods=["GET", "POST"])
@require("processes.edit")
def delete_phase(slug: str, phase_id: int):
    process = process_or_404(slug)
    phase = _phase(process, phase_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        services.delete_phase(phase, current_actor())
        db.session.commit()
        flash(_("The phase has been removed."), "success")
        return redirect(url_for("manage.show_process", slug=process.slug) + "#phases")
    return render_template("manage/phase_delete.html", process=process, phase=phase, form=form)


# --- audit log ----------------------------------------------------------------------------


@bp.get("/audit")
@require("audit.read")
def audit_log():
    from consult.audit.models import MESSAGES

    form = forms.AuditFilterForm(formdata=request.args)
    prefixes = sorted({action.split(".", 1)[0] for action in MESSAGES})
    form.action.choices = forms.choices([("", _("All actions"))] + [(p, p) for p in prefixes])
    actors = queries.audit_actors()
    form.actor.choices = forms.choices(
        [("", _("Everyone"))] + [(u.id, u.display_name) for u in actors]
    )
    action = actor_id = None
    if form.validate():
        action = form.action.data or None
        actor_id = int(form.actor.data) if form.actor.data else None
    page = request.args.get("page", 1, type=int) or 1
    page = max(1, min(page, 100_000))
    pagination = queries.audit_page(page=page, action_prefix=action, actor_id=actor_id)
    filters = {"action": action or None, "actor": actor_id}
    return render_template(
        "manage/audit_list.html", form=form, pagination=pagination, filters=filters
    )


# The other staff routes of the plan register on `bp` when imported.
from consult.plans import manage_import, manage_versions  # noqa: E402,F401 - registers routes

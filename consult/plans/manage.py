"""Staff area for the plan: processes, phases, versions, the section tree, import, audit log."""

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
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from consult.errors import DomainError
from consult.extensions import db
from consult.plans import forms, importers, queries, services
from consult.plans.models import (
    PHASE_OPENS_TITLES,
    Phase,
    Process,
    SectionKind,
    SectionVersion,
    TextOrigin,
    Version,
    VersionStatus,
)
from consult.security import keeps_input, require

bp = Blueprint("manage", __name__, url_prefix="/manage")

INVALID = 422  # a form with errors comes back with this status


def _actor():
    return current_user._get_current_object()


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


def _process(slug: str) -> Process:
    return queries.manage_process_or_404(slug)


def _version(slug: str, number: int) -> tuple[Process, Version]:
    process = _process(slug)
    return process, queries.manage_version_or_404(process, number)


def _node(slug: str, number: int, key: str) -> tuple[Process, Version, SectionVersion]:
    process, version = _version(slug, number)
    return process, version, queries.manage_node_or_404(version, key)


def _language_or_404(process: Process, code: str) -> str:
    if code not in process.languages:
        abort(404)
    return code


def _commit_or_error(form=None, field=None) -> bool:
    """Commit; on a constraint conflict roll back and report it on the form."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        message = _("This conflicts with existing data. Please check and try again.")
        if form is not None and field is not None:
            form[field].errors.append(message)
        else:
            flash(message, "error")
        return False
    return True


def _domain_error(error: DomainError, form=None, field: str | None = None) -> None:
    db.session.rollback()
    if form is not None and field is not None:
        form[field].errors.append(str(error))
    else:
        flash(str(error), "error")


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
                actor=_actor(),
            )
        except DomainError as error:
            _domain_error(error, form, "slug")
        else:
            if _commit_or_error(form, "slug"):
                flash(_("The process has been created."), "success")
                return redirect(url_for("manage.show_process", slug=process.slug))
    status = INVALID if form.errors else 200
    return render_template("manage/process_create.html", form=form), status


@bp.get("/processes/<slug>")
@require("manage.access")
def show_process(slug: str):
    process = _process(slug)
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
    process = _process(slug)
    form = forms.ProcessSettingsForm(
        data={"languages": process.languages, "is_public": process.is_public}
        if request.method == "GET" else None
    )
    if form.validate_on_submit():
        services.update_process(
            process, languages=form.languages.data or [], is_public=form.is_public.data,
            actor=_actor(),
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
    process = _process(slug)
    _language_or_404(process, language)
    text = next((t for t in process.texts if t.language == language), None)
    form = forms.ProcessTextForm(obj=text if request.method == "GET" else None)
    if form.validate_on_submit():
        services.set_process_text(
            process, language, title=form.title.data, summary=form.summary.data or "",
            body=form.body.data or "", actor=_actor(),
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
    return _save_phase(_process(slug), None)


@bp.route("/processes/<slug>/phases/<int:phase_id>", methods=["GET", "POST"])
@require("processes.edit")
@keeps_input
def edit_phase(slug: str, phase_id: int):
    process = _process(slug)
    return _save_phase(process, _phase(process, phase_id))


def _save_phase(process: Process, phase: Phase | None):
    form = _phase_form(process, phase)
    if form.validate_on_submit():
        try:
            services.save_phase(
                process, phase=phase, name=form.values("name"),
                description=form.values("description"), starts_on=form.starts_on.data,
                ends_on=form.ends_on.data, opens=form.opens.data or [], actor=_actor(),
            )
        except DomainError as error:
            _domain_error(error, form, "ends_on")
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
    process = _process(slug)
    phase = _phase(process, phase_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        services.delete_phase(phase, _actor())
        db.session.commit()
        flash(_("The phase has been removed."), "success")
        return redirect(url_for("manage.show_process", slug=process.slug) + "#phases")
    return render_template("manage/phase_delete.html", process=process, phase=phase, form=form)


# --- versions ---------------------------------------------------------------------------


@bp.route("/processes/<slug>/versions/new", methods=["GET", "POST"])
@require("versions.edit")
@keeps_input
def create_version(slug: str):
    process = _process(slug)
    form_class = forms.version_create_form_class(process.languages, process.original_language)
    latest = process.versions[-1] if process.versions else None
    form = form_class(
        data={"copy_from": str(latest.id) if latest else ""} if request.method == "GET" else None
    )
    language = process.original_language
    form.copy_from.choices = forms.choices(
        [("", _("Empty: no sections"))]
        + [
            (
                v.id,
                _("Copy of version %(number)s: %(label)s (%(status)s)",
                  number=v.number, label=v.title(language), status=v.status_title),
            )
            for v in reversed(process.versions)
        ]
    )
    if form.validate_on_submit():
        source = None
        if form.copy_from.data:
            source = next((v for v in process.versions if str(v.id) == form.copy_from.data), None)
        try:
            version = services.create_version(
                process, label=form.values("label"), copy_from=source,
                changelog=form.values("changelog"), actor=_actor(),
            )
        except DomainError as error:
            _domain_error(error, form, "copy_from")
        else:
            if _commit_or_error(form, "copy_from"):
                flash(_("Version %(number)s has been created as a draft.", number=version.number),
                      "success")
                return redirect(
                    url_for("manage.show_version", slug=process.slug, number=version.number)
                )
    status = INVALID if form.errors else 200
    return render_template("manage/version_create.html", process=process, form=form), status


@bp.get("/processes/<slug>/v/<int:number>")
@require("versions.preview")
def show_version(slug: str, number: int):
    process, version = _version(slug, number)
    count = db.session.scalar(
        select(func.count()).select_from(SectionVersion).where(
            SectionVersion.version_id == version.id
        )
    )
    current = VersionStatus(version.status)
    return render_template(
        "manage/version_show.html",
        process=process,
        version=version,
        section_count=count,
        editable=services.is_editable(version),
        transitions=sorted(services.ALLOWED_STATUS_CHANGES[current], key=list(VersionStatus).index),
        entries=queries.version_audit_entries(version),
    )


@bp.route("/processes/<slug>/v/<int:number>/edit", methods=["GET", "POST"])
@require("versions.edit")
@keeps_input
def edit_version(slug: str, number: int):
    process, version = _version(slug, number)
    form_class = forms.version_edit_form_class(process.languages, process.original_language)
    form = form_class(
        data={**forms.initial("label", version.label), **forms.initial("changelog", version.changelog)}
        if request.method == "GET" else None
    )
    if form.validate_on_submit():
        services.update_version(
            version, label=form.values("label"), changelog=form.values("changelog"),
            actor=_actor(),
        )
        db.session.commit()
        flash(_("The version has been saved."), "success")
        return redirect(url_for("manage.show_version", slug=slug, number=number))
    status = INVALID if form.errors else 200
    return render_template(
        "manage/version_edit.html", process=process, version=version, form=form
    ), status


@bp.post("/processes/<slug>/v/<int:number>/status")
@require("versions.publish")
def set_status(slug: str, number: int):
    process, version = _version(slug, number)
    form = forms.StatusForm()
    back = url_for("manage.show_version", slug=slug, number=number)
    if not form.validate_on_submit():
        flash(_("Please choose a valid status."), "error")
        return redirect(back)
    new = VersionStatus(form.status.data)
    if new == VersionStatus.PUBLISHED and version.status in services.EDITABLE_STATUSES:
        return redirect(url_for("manage.publish_version", slug=slug, number=number))
    try:
        services.set_version_status(version, new, _actor())
    except DomainError as error:
        _domain_error(error)
        return redirect(back)
    db.session.commit()
    flash(_("Version %(number)s is now “%(status)s”.", number=number, status=new.title), "success")
    return redirect(back)


@bp.route("/processes/<slug>/v/<int:number>/publish", methods=["GET", "POST"])
@require("versions.publish")
def publish_version(slug: str, number: int):
    process, version = _version(slug, number)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            services.publish_version(version, _actor())
        except DomainError as error:
            _domain_error(error)
            return redirect(url_for("manage.show_version", slug=slug, number=number))
        db.session.commit()
        flash(_("Version %(number)s has been published.", number=number), "success")
        return redirect(url_for("manage.show_version", slug=slug, number=number))
    nodes = queries.version_nodes(version)
    return render_template(
        "manage/version_publish.html",
        process=process,
        version=version,
        form=form,
        section_count=len(nodes),
        coverage=queries.coverage(nodes, process.languages),
        can_publish=version.status in services.EDITABLE_STATUSES,
    )


@bp.get("/processes/<slug>/v/<int:number>/coverage")
@require("versions.preview")
def coverage(slug: str, number: int):
    process, version = _version(slug, number)
    nodes = queries.version_nodes(version)
    original = process.original_language
    return render_template(
        "manage/version_coverage.html",
        process=process,
        version=version,
        coverage=queries.coverage(nodes, process.languages),
        shown={n.id: queries.shown_text(n, original, original) for n in nodes},
    )


# --- the section tree --------------------------------------------------------------------


def _descendant_ids(nodes: list[SectionVersion], node: SectionVersion) -> set[int]:
    prefix = f"{node.order_key}."
    return {n.id for n in nodes if n.order_key.startswith(prefix)}


def _parent_choices(nodes, shown, exclude: set[int] = frozenset()) -> list:
    pairs = [("", _("Top level"))]
    for node in nodes:
        if node.id not in exclude:
            pairs.append((node.id, f"{node.number} {shown[node.id].title}"))
    return forms.choices(pairs)


def _add_form(nodes, shown, parent_id: str = ""):
    form = forms.SectionAddForm(
        data={"parent": parent_id, "kind": SectionKind.CHAPTER.value}
        if request.method == "GET" else None
    )
    form.parent.choices = _parent_choices(nodes, shown)
    return form


@bp.get("/processes/<slug>/v/<int:number>/sections")
@require("versions.edit")
def edit_tree(slug: str, number: int):
    process, version = _version(slug, number)
    nodes = queries.version_nodes(version)
    original = process.original_language
    shown = {n.id: queries.shown_text(n, original, original) for n in nodes}
    editable = services.is_editable(version)
    return render_template(
        "manage/version_tree.html",
        process=process,
        version=version,
        tree=services.build_tree(nodes),
        shown=shown,
        editable=editable,
        form=_add_form(nodes, shown) if editable else None,
    )


@bp.route("/processes/<slug>/v/<int:number>/sections/new", methods=["GET", "POST"])
@require("versions.edit")
@keeps_input
def add_section(slug: str, number: int):
    process, version = _version(slug, number)
    tree_url = url_for("manage.edit_tree", slug=slug, number=number)
    if not services.is_editable(version):
        flash(_("This version can no longer be changed. Create a new version to change the text."),
              "error")
        return redirect(tree_url)
    nodes = queries.version_nodes(version)
    original = process.original_language
    shown = {n.id: queries.shown_text(n, original, original) for n in nodes}
    parent_key = request.args.get("parent", "")
    preselect = next((str(n.id) for n in nodes if n.section.key == parent_key), "")
    form = _add_form(nodes, shown, preselect)
    if form.validate_on_submit():
        parent = next((n for n in nodes if str(n.id) == form.parent.data), None)
        position = form.position.data - 1 if form.position.data else None
        try:
            node = services.add_section(
                version, title=form.title.data, body=form.body.data or "",
                language=original, parent=parent, kind=form.kind.data, position=position,
                actor=_actor(),
            )
        except DomainError as error:
            _domain_error(error, form, "parent")
        else:
            db.session.commit()
            flash(_("Section %(number)s has been added.", number=node.number), "success")
            return redirect(f"{tree_url}#node-{node.section.key}")
    status = INVALID if form.errors else 200
    return render_template(
        "manage/section_add.html", process=process, version=version, form=form
    ), status


def _read_only_redirect(version: Version, node: SectionVersion | None = None):
    flash(
        _("Version %(number)s is “%(status)s” and can no longer be changed. "
          "Create a new version to change the text.",
          number=version.number, status=version.status_title),
        "error",
    )
    target = url_for("manage.edit_tree", slug=version.process.slug, number=version.number)
    if node is not None:
        target = url_for("manage.edit_section", slug=version.process.slug,
                         number=version.number, key=node.section.key)
    return redirect(target)


@bp.post("/processes/<slug>/v/<int:number>/s/<key>/shift")
@require("versions.edit")
def shift_section(slug: str, number: int, key: str):
    process, version, node = _node(slug, number, key)
    form = forms.ShiftForm()
    tree_url = url_for("manage.edit_tree", slug=slug, number=number)
    if not form.validate_on_submit():
        flash(_("Please choose up or down."), "error")
        return redirect(tree_url)
    if not services.is_editable(version):
        return _read_only_redirect(version)
    try:
        services.shift_section(node, -1 if form.direction.data == "up" else 1, actor=_actor())
    except DomainError as error:
        _domain_error(error)
        return redirect(tree_url)
    db.session.commit()
    flash(_("The section is now number %(number)s.", number=node.number), "success")
    return redirect(f"{tree_url}#node-{key}")


@bp.route("/processes/<slug>/v/<int:number>/s/<key>/move", methods=["GET", "POST"])
@require("versions.edit")
@keeps_input
def move_section(slug: str, number: int, key: str):
    process, version, node = _node(slug, number, key)
    if not services.is_editable(version):
        return _read_only_redirect(version, node)
    nodes = queries.version_nodes(version)
    original = process.original_language
    shown = {n.id: queries.shown_text(n, original, original) for n in nodes}
    form = forms.SectionMoveForm(
        data={"parent": str(node.parent_id or ""), "position": node.position + 1}
        if request.method == "GET" else None
    )
    form.parent.choices = _parent_choices(nodes, shown, {node.id} | _descendant_ids(nodes, node))
    if form.validate_on_submit():
        parent = next((n for n in nodes if str(n.id) == form.parent.data), None)
        position = form.position.data - 1 if form.position.data else 10_000
        try:
            services.move_section(node, parent=parent, position=position, actor=_actor())
        except DomainError as error:
            _domain_error(error, form, "parent")
        else:
            db.session.commit()
            flash(_("The section is now number %(number)s.", number=node.number), "success")
            return redirect(url_for("manage.edit_tree", slug=slug, number=number) + f"#node-{key}")
    status = INVALID if form.errors else 200
    return render_template(
        "manage/section_move.html", process=process, version=version, node=node,
        shown=shown[node.id], form=form,
    ), status


@bp.route("/processes/<slug>/v/<int:number>/s/<key>/remove", methods=["GET", "POST"])
@require("versions.edit")
def remove_section(slug: str, number: int, key: str):
    process, version, node = _node(slug, number, key)
    if not services.is_editable(version):
        return _read_only_redirect(version, node)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            services.remove_section(node, actor=_actor())
        except DomainError as error:
            _domain_error(error)
        else:
            db.session.commit()
            flash(_("The section has been removed from this version."), "success")
        return redirect(url_for("manage.edit_tree", slug=slug, number=number))
    original = process.original_language
    nodes = queries.version_nodes(version)
    descendants = [n for n in nodes if n.id in _descendant_ids(nodes, node)]
    return render_template(
        "manage/section_remove.html", process=process, version=version, node=node,
        shown=queries.shown_text(node, original, original),
        descendants=[queries.shown_text(n, original, original) for n in descendants],
        form=form,
    )


def _text_forms(process: Process, node: SectionVersion, posted: str | None = None, form=None):
    """One form per offered language; `posted` is the language whose form was sent."""
    result = {}
    original = process.original_language
    for code in process.languages:
        if code == posted and form is not None:
            result[code] = form
            continue
        text = node.text(code)
        if text is not None:
            data = {
                "title": text.title, "body": text.body, "origin": text.origin,
                "reviewed": text.reviewed, "source_language": text.source_language or "",
            }
        else:
            translation = code != original
            data = {
                "origin": TextOrigin.HUMAN.value if translation else TextOrigin.ORIGINAL.value,
                "reviewed": not translation,
                "source_language": original if translation else "",
            }
        result[code] = forms.SectionTextForm(
            formdata=None, data=data, prefix=f"t-{code}", language=code,
            languages=process.languages,
        )
    return result


def _render_section(process, version, node, text_forms, status: int = 200):
    original = process.original_language
    kind_form = forms.SectionKindForm(formdata=None, data={"kind": node.kind})
    return render_template(
        "manage/section_edit.html",
        process=process,
        version=version,
        node=node,
        shown=queries.shown_text(node, original, original),
        states={code: queries.text_state(node, code) for code in process.languages},
        text_forms=text_forms,
        kind_form=kind_form,
        editable=services.is_editable(version),
    ), status


@bp.get("/processes/<slug>/v/<int:number>/s/<key>")
@require("versions.edit")
def edit_section(slug: str, number: int, key: str):
    process, version, node = _node(slug, number, key)
    return _render_section(process, version, node, _text_forms(process, node))


@bp.post("/processes/<slug>/v/<int:number>/s/<key>/texts/<language>")
@require("versions.edit")
@keeps_input
def save_section_text(slug: str, number: int, key: str, language: str):
    process, version, node = _node(slug, number, key)
    _language_or_404(process, language)
    if not services.is_editable(version):
        return _read_only_redirect(version, node)
    form = forms.SectionTextForm(prefix=f"t-{language}", language=language,
                                 languages=process.languages)
    if form.validate_on_submit():
        origin = form.origin.data
        try:
            services.set_section_text(
                node, language, title=form.title.data, body=form.body.data or "",
                origin=origin, reviewed=form.reviewed.data,
                source_language=form.source_language.data or None
                if origin != TextOrigin.ORIGINAL.value else None,
                actor=_actor(),
            )
        except DomainError as error:
            _domain_error(error, form, "source_language")
            process, version, node = _node(slug, number, key)
        else:
            db.session.commit()
            flash(_("The text has been saved."), "success")
            return redirect(
                url_for("manage.edit_section", slug=slug, number=number, key=key)
                + f"#text-{language}"
            )
    return _render_section(
        process, version, node, _text_forms(process, node, language, form), INVALID
    )


@bp.post("/processes/<slug>/v/<int:number>/s/<key>/kind")
@require("versions.edit")
def set_section_kind(slug: str, number: int, key: str):
    process, version, node = _node(slug, number, key)
    if not services.is_editable(version):
        return _read_only_redirect(version, node)
    form = forms.SectionKindForm()
    target = url_for("manage.edit_section", slug=slug, number=number, key=key)
    if not form.validate_on_submit():
        flash(_("Please choose a valid kind."), "error")
        return redirect(target)
    services.set_section_kind(node, form.kind.data, actor=_actor())
    db.session.commit()
    flash(_("The kind has been saved."), "success")
    return redirect(target)


# --- import ---------------------------------------------------------------------------------


def _upload_folder() -> str:
    return current_app.config["UPLOAD_FOLDER"]


@bp.route("/processes/<slug>/import", methods=["GET", "POST"])
@require("versions.edit")
@keeps_input
def import_version(slug: str):
    process = _process(slug)
    form = forms.ImportForm(
        languages=process.languages,
        data={"language": process.original_language, "match": True}
        if request.method == "GET" else None,
    )
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.stream.read(importers.MAX_UPLOAD_BYTES + 1)
        filename = importers.safe_filename(upload.filename or "")
        try:
            importers.detect_format(data, filename)
        except importers.ImportFailed as error:
            form.file.errors.append(str(error))
        else:
            meta = {
                "process_id": process.id,
                "user_id": current_user.id,
                "filename": filename,
                "language": form.language.data,
                "label": form.label.data or filename.rsplit(".", 1)[0][:200],
                "match": bool(form.match.data),
            }
            try:
                token = importers.store_upload(_upload_folder(), data, meta)
            except OSError:
                current_app.logger.exception("Could not store an import upload")
                form.file.errors.append(
                    _("The file could not be stored on the server. Please try again later.")
                )
            else:
                return redirect(url_for("manage.import_preview", slug=slug, token=token))
    status = INVALID if form.errors else 200
    return render_template("manage/import_upload.html", process=process, form=form), status


@bp.route("/processes/<slug>/import/<token>", methods=["GET", "POST"])
@require("versions.edit")
@keeps_input
def import_preview(slug: str, token: str):
    process = _process(slug)
    stored = importers.load_upload(_upload_folder(), token)
    if stored is None:
        flash(_("The uploaded file is no longer available. Please upload it again."), "error")
        return redirect(url_for("manage.import_version", slug=slug))
    data, meta = stored
    if meta.get("process_id") != process.id or meta.get("user_id") != current_user.id:
        abort(404)
    language = meta.get("language") if meta.get("language") in process.languages else (
        process.original_language
    )
    try:
        result = importers.parse_upload(data, meta.get("filename", ""))
    except importers.ImportFailed as error:
        importers.discard_upload(_upload_folder(), token)
        flash(str(error), "error")
        return redirect(url_for("manage.import_version", slug=slug))
    match = bool(meta.get("match"))
    form = forms.ImportSaveForm(
        data={"label": meta.get("label", "")} if request.method == "GET" else None
    )
    kind_values = {k.value for k in SectionKind}
    kinds = [
        request.form.get(f"kind-{s.index}") if request.method == "POST" else None
        for s in result.sections
    ]
    kinds = [k if k in kind_values else s.kind for k, s in zip(kinds, result.sections, strict=True)]
    if form.validate_on_submit() and result.ok:
        try:
            version = services.import_version(
                process, result.sections, language=language, label=form.label.data,
                kinds=kinds, match_existing=match, source_name=meta.get("filename", ""),
                actor=_actor(),
            )
        except DomainError as error:
            _domain_error(error, form, "label")
        else:
            if _commit_or_error(form, "label"):
                importers.discard_upload(_upload_folder(), token)
                flash(
                    ngettext(
                        "Version %(number)s has been created from the file with %(num)s section.",
                        "Version %(number)s has been created from the file with %(num)s sections.",
                        len(result.sections),
                        number=version.number,
                    ),
                    "success",
                )
                return redirect(url_for("manage.edit_tree", slug=slug, number=version.number))
    matches = queries.import_matches(process, result.sections, language) if match else [
        None
    ] * len(result.sections)
    status = INVALID if (form.errors or (request.method == "POST" and not result.ok)) else 200
    return render_template(
        "manage/import_preview.html",
        process=process,
        form=form,
        token=token,
        result=result,
        rows=list(zip(result.sections, matches, kinds, strict=True)),
        matched=sum(1 for m in matches if m is not None),
        latest=queries.latest_version(process) if match else None,
        language=language,
        filename=meta.get("filename", ""),
        kind_choices=[(k.value, k.title) for k in SectionKind],
    ), status


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

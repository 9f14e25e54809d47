"""Staff routes for importing a Markdown or Word file as a new version (on manage.bp)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consult.errors import DomainError
from consult.plans import forms, importers, queries, services
from consult.plans.manage import bp
from consult.plans.manage_common import (
    INVALID,
    commit_or_error,
    current_actor,
    domain_error,
    process_or_404,
)
from consult.plans.models import SectionKind
from consult.security import keeps_input, require

# --- import ---------------------------------------------------------------------------------


def _upload_folder() -> str:
    return current_app.config["UPLOAD_FOLDER"]


@bp.route("/processes/<slug>/import", methods=["GET", "POST"])
@require("versions.edit")
@keeps_input
def import_version(slug: str):
    process = process_or_404(slug)
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
    process = process_or_404(slug)
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
                actor=current_actor(),
            )
        except DomainError as error:
            domain_error(error, form, "label")
        else:
            if commit_or_error(form, "label"):
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

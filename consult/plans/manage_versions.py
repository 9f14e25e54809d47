"""Staff routes for versions and their section tree (registered on manage.bp)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from consult.errors import DomainError
from consult.extensions import db
from consult.plans import forms, queries, services
from consult.plans.manage import bp
from consult.plans.manage_common import (
    INVALID,
    commit_or_error,
    current_actor,
    domain_error,
    language_or_404,
    node_or_404,
    process_or_404,
    version_or_404,
)
from consult.plans.models import (
    Process,
    SectionKind,
    SectionVersion,
    TextOrigin,
    Version,
    VersionStatus,
)
from consult.security import keeps_input, require

# --- versions ---------------------------------------------------------------------------


@bp.route("/processes/<slug>/versions/new", methods=["GET", "POST"])
@require("versions.edit")
@keeps_input
def create_version(slug: str):
    process = process_or_404(slug)
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
                changelog=form.values("changelog"), actor=current_actor(),
            )
        except DomainError as error:
            domain_error(error, form, "copy_from")
        else:
            if commit_or_error(form, "copy_from"):
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
    process, version = version_or_404(slug, number)
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
    process, version = version_or_404(slug, number)
    form_class = forms.version_edit_form_class(process.languages, process.original_language)
    form = form_class(
        data={**forms.initial("label", version.label), **forms.initial("changelog", version.changelog)}
        if request.method == "GET" else None
    )
    if form.validate_on_submit():
        services.update_version(
            version, label=form.values("label"), changelog=form.values("changelog"),
            actor=current_actor(),
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
    process, version = version_or_404(slug, number)
    form = forms.StatusForm()
    back = url_for("manage.show_version", slug=slug, number=number)
    if not form.validate_on_submit():
        flash(_("Please choose a valid status."), "error")
        return redirect(back)
    new = VersionStatus(form.status.data)
    if new == VersionStatus.PUBLISHED and version.status in services.EDITABLE_STATUSES:
        return redirect(url_for("manage.publish_version", slug=slug, number=number))
    try:
        services.set_version_status(version, new, current_actor())
    except DomainError as error:
        domain_error(error)
        return redirect(back)
    db.session.commit()
    flash(_("Version %(number)s is now “%(status)s”.", number=number, status=new.title), "success")
    return redirect(back)


@bp.route("/processes/<slug>/v/<int:number>/publish", methods=["GET", "POST"])
@require("versions.publish")
def publish_version(slug: str, number: int):
    process, version = version_or_404(slug, number)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            services.publish_version(version, current_actor())
        except DomainError as error:
            domain_error(error)
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
    process, version = version_or_404(slug, number)
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
    process, version = version_or_404(slug, number)
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
    process, version = version_or_404(slug, number)
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
                actor=current_actor(),
            )
        except DomainError as error:
            domain_error(error, form, "parent")
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
    process, version, node = node_or_404(slug, number, key)
    form = forms.ShiftForm()
    tree_url = url_for("manage.edit_tree", slug=slug, number=number)
    if not form.validate_on_submit():
        flash(_("Please choose up or down."), "error")
        return redirect(tree_url)
    if not services.is_editable(version):
        return _read_only_redirect(version)
    try:
        services.shift_section(
            node, -1 if form.direction.data == "up" else 1, actor=current_actor()
        )
    except DomainError as error:
        domain_error(error)
        return redirect(tree_url)
    db.session.commit()
    flash(_("The section is now number %(number)s.", number=node.number), "success")
    return redirect(f"{tree_url}#node-{key}")


@bp.route("/processes/<slug>/v/<int:number>/s/<key>/move", methods=["GET", "POST"])
@require("versions.edit")
@keeps_input
def move_section(slug: str, number: int, key: str):
    process, version, node = node_or_404(slug, number, key)
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
            services.move_section(node, parent=parent, position=position, actor=current_actor())
        except DomainError as error:
            domain_error(error, form, "parent")
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
    process, version, node = node_or_404(slug, number, key)
    if not services.is_editable(version):
        return _read_only_redirect(version, node)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            services.remove_section(node, actor=current_actor())
        except DomainError as error:
            domain_error(error)
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
    process, version, node = node_or_404(slug, number, key)
    return _render_section(process, version, node, _text_forms(process, node))


@bp.post("/processes/<slug>/v/<int:number>/s/<key>/texts/<language>")
@require("versions.edit")
@keeps_input
def save_section_text(slug: str, number: int, key: str, language: str):
    process, version, node = node_or_404(slug, number, key)
    language_or_404(process, language)
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
                actor=current_actor(),
            )
        except DomainError as error:
            domain_error(error, form, "source_language")
            process, version, node = node_or_404(slug, number, key)
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
    process, version, node = node_or_404(slug, number, key)
    if not services.is_editable(version):
        return _read_only_redirect(version, node)
    form = forms.SectionKindForm()
    target = url_for("manage.edit_section", slug=slug, number=number, key=key)
    if not form.validate_on_submit():
        flash(_("Please choose a valid kind."), "error")
        return redirect(target)
    services.set_section_kind(node, form.kind.data, actor=current_actor())
    db.session.commit()
    flash(_("The kind has been saved."), "success")
    return redirect(target)

"""Staff pages for comments: reports, moderation, and the list of a process's comments."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts.forms import ActionForm
from consult.accounts.models import User
from consult.comments import queries, services
from consult.comments.forms import HideForm, ProcessCommentFilterForm
from consult.errors import DomainError
from consult.extensions import db
from consult.participation.common import public_name
from consult.participation.models import Contribution, ContributionKind
from consult.plans import queries as plan_queries
from consult.security import keeps_input, require

bp = Blueprint("manage_comments", __name__, url_prefix="/manage")

INVALID = 422
PER_PAGE = 50
REPORTS_PER_PAGE = 25


def _me():
    return current_user._get_current_object()


def _page() -> int:
    page = request.args.get("page", 1, type=int)
    return page if page and 0 < page <= queries.MAX_PAGE else 1


def _comment_or_404(comment_id: int) -> Contribution:
    comment = db.session.get(Contribution, comment_id)
    if comment is None or comment.kind != ContributionKind.COMMENT:
        abort(404)
    return comment


def _check_action_form() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


# --- open reports --------------------------------------------------------------------


@bp.get("/comments/reports")
@require("comments.moderate")
def list_reports():
    pagination = queries.reported_comments(_page(), REPORTS_PER_PAGE)
    ids = [c.id for c in pagination.items]
    return render_template(
        "manage/comments_reports.html",
        pagination=pagination,
        reports=queries.reports_with_people(ids, open_only=True),
        locations=queries.locations(ids),
        public_name=public_name,
    )


# --- one comment ---------------------------------------------------------------------


def _render_comment(comment: Contribution, hide_form: HideForm | None = None, status: int = 200):
    hidden_by = db.session.get(User, comment.hidden_by_id) if comment.hidden_by_id else None
    reports = queries.reports_with_people([comment.id], open_only=False).get(comment.id, [])
    return render_template(
        "manage/comments_show.html",
        comment=comment,
        location=queries.locations([comment.id]).get(comment.id),
        reports=reports,
        open_reports=sum(1 for report, _reporter, _resolver in reports if report.resolved_at is None),
        hidden_by=hidden_by,
        hide_form=hide_form or HideForm(formdata=None),
        action_form=ActionForm(formdata=None),
        public_name=public_name,
    ), status


@bp.get("/comments/<int:comment_id>")
@require("comments.moderate")
def show_comment(comment_id: int):
    return _render_comment(_comment_or_404(comment_id))


@bp.post("/comments/<int:comment_id>/hide")
@require("comments.moderate")
@keeps_input
def hide_comment(comment_id: int):
    comment = _comment_or_404(comment_id)
    form = HideForm()
    if not form.validate_on_submit():
        return _render_comment(comment, form, INVALID)
    try:
        services.hide_comment(comment, _me(), form.reason.data)
    except DomainError as error:
        db.session.rollback()
        form.reason.errors = [*form.reason.errors, str(error)]
        return _render_comment(_comment_or_404(comment_id), form, INVALID)
    db.session.commit()
    flash(_("The comment is hidden. The reason is shown in its place."), "success")
    return redirect(url_for(".show_comment", comment_id=comment.id))


@bp.post("/comments/<int:comment_id>/unhide")
@require("comments.moderate")
def unhide_comment(comment_id: int):
    comment = _comment_or_404(comment_id)
    _check_action_form()
    try:
        services.unhide_comment(comment, _me())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The comment is visible again."), "success")
    return redirect(url_for(".show_comment", comment_id=comment.id))


@bp.post("/comments/<int:comment_id>/keep")
@require("comments.moderate")
def keep_comment(comment_id: int):
    comment = _comment_or_404(comment_id)
    _check_action_form()
    try:
        services.keep_comment(comment, _me())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The comment stays visible; its reports are closed."), "success")
    if request.form.get("back") == "reports":
        return redirect(url_for(".list_reports"))
    return redirect(url_for(".show_comment", comment_id=comment.id))


# --- a process's comments ------------------------------------------------------------


@bp.get("/processes/<slug>/comments")
@require("contributions.read")
def list_process_comments(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    form = ProcessCommentFilterForm(
        request.args, sections=queries.section_choices(process, process.original_language)
    )
    if not form.validate():
        abort(400)
    pagination = queries.process_comments(
        process,
        section_key=form.section.data or None,
        hidden=form.hidden.data or None,
        reported=form.reported.data or None,
        page=_page(),
        per_page=PER_PAGE,
    )
    ids = [c.id for c in pagination.items]
    filters = {
        name: value
        for name, value in (
            ("section", form.section.data),
            ("hidden", form.hidden.data),
            ("reported", form.reported.data),
        )
        if value
    }
    return render_template(
        "manage/comments_list.html",
        process=process,
        form=form,
        pagination=pagination,
        filters=filters,
        report_counts=queries.report_counts(ids),
        versions=queries.versions_by_id(process),
        public_name=public_name,
    )

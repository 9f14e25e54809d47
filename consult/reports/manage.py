"""Staff pages: reports and timeline milestones.

Views are thin: load (404), the permission (403), validate the form, one service call, one
commit, a flash and a 303 to the list. consult.reports.services writes the audit records.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from consult.errors import DomainError
from consult.extensions import db
from consult.participation.models import Event
from consult.plans.queries import manage_process_or_404
from consult.reports import forms, queries, services
from consult.reports.models import Milestone, Report
from consult.security import keeps_input, require
from consult.triage.models import Group

bp = Blueprint("manage_reports", __name__, url_prefix="/manage/processes")

INVALID = 422
PER_PAGE = 50


def _me():
    return current_user._get_current_object()


def _see_other(endpoint: str, anchor: str = "", **values):
    return redirect(url_for(endpoint, **values) + anchor, code=303)


def _groups(process) -> list[Group]:
    return list(
        db.session.scalars(
            select(Group).where(Group.process_id == process.id).order_by(Group.name, Group.id)
        ).all()
    )


def _milestone_label(process, milestone: Milestone) -> str:
    from flask_babel import format_date

    original = process.original_language
    return f"{format_date(milestone.starts_on)} – {milestone.title(original, original)}"


def _pick(options, value: str | None):
    """The chosen object among the options offered (the form checked it is one of them)."""
    if not value:
        return None
    return next((o for o in options if str(o.id) == value), None)


# --- reports -------------------------------------------------------------------------


def _report_or_404(process, report_id: int) -> Report:
    report = db.session.scalar(
        select(Report)
        .where(Report.process_id == process.id, Report.id == report_id)
        .options(selectinload(Report.texts), joinedload(Report.group), joinedload(Report.milestone))
    )
    if report is None:
        abort(404)
    return report


def report_status(report: Report, today) -> str:
    if report.published_at is None:
        return "draft"
    return "scheduled" if report.published_on > today else "published"


@bp.get("/<slug>/reports")
@require("reports.manage")
def list_reports(slug: str):
    process = manage_process_or_404(slug)
    page = queries.clamp_page(request.args.get("page", 1, type=int))
    pagination = db.paginate(
        select(Report)
        .where(Report.process_id == process.id)
        .options(selectinload(Report.texts), joinedload(Report.group), joinedload(Report.milestone))
        .order_by(Report.published_on.is_(None).desc(), Report.published_on.desc(), Report.id.desc()),
        page=page, per_page=PER_PAGE, error_out=False,
    )
    today = queries.today()
    return render_template(
        "manage/reports_list.html", process=process, pagination=pagination,
        statuses={r.id: report_status(r, today) for r in pagination.items},
        publish_form=forms.PublishForm(formdata=None),
    )


def _report_form(process, report: Report | None, milestones: list[Milestone], groups):
    form_class = forms.report_form_class(process.languages, process.original_language)
    data = None
    if report is not None and request.method == "GET":
        data = {
            "published_on": report.published_on,
            "group": str(report.group_id or ""),
            "milestone": str(report.milestone_id or ""),
        }
        for text in report.texts:
            data[forms.field_name("title", text.language)] = text.title
            data[forms.field_name("body", text.language)] = text.body
    elif report is None and request.method == "GET":
        data = {"published_on": queries.today()}
    form = form_class(data=data)
    form.date_required = report is not None and report.published_at is not None
    form.set_choices(groups, [(m.id, _milestone_label(process, m)) for m in milestones])
    return form


def _report_page(process, form, report, status: int = 200):
    return render_template(
        "manage/reports_form.html", process=process, form=form, report=report,
        status=report_status(report, queries.today()) if report else None,
        publish_form=forms.PublishForm(formdata=None),
    ), status


def _save_report(slug: str, report_id: int | None):
    process = manage_process_or_404(slug)
    report = _report_or_404(process, report_id) if report_id is not None else None
    milestones = queries.milestones(process)
    groups = _groups(process)
    form = _report_form(process, report, milestones, groups)
    if request.method == "GET":
        return _report_page(process, form, report)
    if not form.validate_on_submit():
        return _report_page(process, form, report, INVALID)
    try:
        saved = services.save_report(
            process, actor=_me(), texts=form.texts(), published_on=form.published_on.data,
            group=_pick(groups, form.group.data), milestone=_pick(milestones, form.milestone.data),
            publish=bool(form.publish.data), report=report,
        )
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _report_page(process, form, report, INVALID)
    title = saved.text(process.original_language).title
    flash(_("The report “%(title)s” was saved.", title=title), "success")
    return _see_other(".list_reports", slug=slug)


@bp.route("/<slug>/reports/new", methods=["GET", "POST"])
@require("reports.manage")
@keeps_input
def new_report(slug: str):
    return _save_report(slug, None)


@bp.route("/<slug>/reports/<int:report_id>", methods=["GET", "POST"])
@require("reports.manage")
@keeps_input
def edit_report(slug: str, report_id: int):
    return _save_report(slug, report_id)


@bp.post("/<slug>/reports/<int:report_id>/publish")
@require("reports.manage")
def publish_report(slug: str, report_id: int):
    process = manage_process_or_404(slug)
    report = _report_or_404(process, report_id)
    form = forms.PublishForm()
    if not form.validate_on_submit():
        abort(400)
    title = report.text(process.original_language).title
    try:
        if form.action.data == "publish":
            services.publish_report(
                report, actor=_me(), published_on=report.published_on or queries.today()
            )
            message = _("The report “%(title)s” was published.", title=title)
        else:
            services.unpublish_report(report, actor=_me())
            message = _("The report “%(title)s” is a draft again.", title=title)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(message, "success")
    if form.back.data == "edit":
        return _see_other(".edit_report", slug=slug, report_id=report_id)
    return _see_other(".list_reports", slug=slug)


@bp.route("/<slug>/reports/<int:report_id>/delete", methods=["GET", "POST"])
@require("reports.manage")
def delete_report(slug: str, report_id: int):
    process = manage_process_or_404(slug)
    report = _report_or_404(process, report_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        title = report.text(process.original_language).title
        services.delete_report(report, actor=_me())
        db.session.commit()
        flash(_("The report “%(title)s” was deleted.", title=title), "success")
        return _see_other(".list_reports", slug=slug)
    return render_template(
        "manage/reports_delete.html", process=process, report=report, form=form
    )


# --- milestones ----------------------------------------------------------------------


def _milestone_or_404(process, milestone_id: int) -> Milestone:
    milestone = db.session.scalar(
        select(Milestone).where(Milestone.process_id == process.id, Milestone.id == milestone_id)
    )
    if milestone is None:
        abort(404)
    return milestone


@bp.get("/<slug>/milestones")
@require("reports.manage")
def list_milestones(slug: str):
    process = manage_process_or_404(slug)
    rows = queries.milestones(process)
    current = queries.current_milestone(rows, queries.today())
    return render_template(
        "manage/milestones_list.html", process=process, milestones=rows, current=current
    )


def _events(process) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event).where(Event.process_id == process.id).order_by(Event.starts_at, Event.id)
        ).all()
    )


def _milestone_form(process, milestone: Milestone | None, events, groups):
    from flask_babel import format_date

    form_class = forms.milestone_form_class(process.languages, process.original_language)
    data = None
    if milestone is not None and request.method == "GET":
        data = {
            "kind": milestone.kind, "starts_on": milestone.starts_on,
            "ends_on": milestone.ends_on, "reference": milestone.reference,
            "version": str(milestone.version_id or ""), "event": str(milestone.event_id or ""),
            "group": str(milestone.group_id or ""), "position": milestone.position,
            **{forms.field_name("name", c): v for c, v in (milestone.name or {}).items()},
            **{forms.field_name("description", c): v
               for c, v in (milestone.description or {}).items()},
        }
    form = form_class(data=data)
    original = process.original_language
    form.set_choices(
        [(v.id, f"{v.number}: {v.title(original)} ({v.status_title})") for v in process.versions],
        [(e.id, f"{e.name} ({format_date(e.starts_at)})") for e in events],
        groups,
    )
    return form


def _milestone_page(process, form, milestone, status: int = 200):
    return render_template(
        "manage/milestones_form.html", process=process, form=form, milestone=milestone
    ), status


def _save_milestone(slug: str, milestone_id: int | None):
    process = manage_process_or_404(slug)
    milestone = _milestone_or_404(process, milestone_id) if milestone_id is not None else None
    events, groups = _events(process), _groups(process)
    form = _milestone_form(process, milestone, events, groups)
    if request.method == "GET":
        return _milestone_page(process, form, milestone)
    if not form.validate_on_submit():
        return _milestone_page(process, form, milestone, INVALID)
    try:
        services.save_milestone(
            process, actor=_me(), kind=form.kind.data, starts_on=form.starts_on.data,
            ends_on=form.ends_on.data, name=form.values("name"),
            description=form.values("description"), reference=form.reference.data or "",
            version=_pick(process.versions, form.version.data),
            event=_pick(events, form.event.data), group=_pick(groups, form.group.data),
            position=form.position.data or 0, milestone=milestone,
        )
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _milestone_page(process, form, milestone, INVALID)
    flash(_("The milestone was saved."), "success")
    return _see_other(".list_milestones", slug=slug)


@bp.route("/<slug>/milestones/new", methods=["GET", "POST"])
@require("reports.manage")
@keeps_input
def new_milestone(slug: str):
    return _save_milestone(slug, None)


@bp.route("/<slug>/milestones/<int:milestone_id>", methods=["GET", "POST"])
@require("reports.manage")
@keeps_input
def edit_milestone(slug: str, milestone_id: int):
    return _save_milestone(slug, milestone_id)


@bp.route("/<slug>/milestones/<int:milestone_id>/delete", methods=["GET", "POST"])
@require("reports.manage")
def delete_milestone(slug: str, milestone_id: int):
    process = manage_process_or_404(slug)
    milestone = _milestone_or_404(process, milestone_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        services.delete_milestone(milestone, actor=_me())
        db.session.commit()
        flash(_("The milestone was removed."), "success")
        return _see_other(".list_milestones", slug=slug)
    return render_template(
        "manage/milestones_delete.html", process=process, milestone=milestone, form=form
    )

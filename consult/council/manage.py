"""Staff pages: amendments, their points and the votes per committee.

Views are thin: load (404), the permission (403, by the decorator), validate the form, one
service call, one commit, flash and 303. The services in consult.council.services write the
audit records. Junk ids give 404, junk input a translated form error.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from consult.council import services
from consult.council.forms import (
    AmendmentForm,
    ConfirmForm,
    PointForm,
    VoteForm,
    parse_count,
    votes_form_class,
)
from consult.council.models import Amendment, AmendmentPoint, AmendmentVote, PointKind, PointStatus
from consult.errors import DomainError, InvalidTransition, StaleEdit
from consult.extensions import db
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Version
from consult.security import keeps_input, require
from consult.triage.models import Group, GroupKind

bp = Blueprint("manage_amendments", __name__, url_prefix="/manage/processes")

INVALID = 422
CONFLICT = 409
MAX_ID = 2**31 - 1
STATUS_BADGES = {"open": "", "adopted": "badge-ok", "rejected": "badge-danger",
                 "withdrawn": "badge-warn", "referred": "badge-warn"}
PERMISSION = "amendments.manage"


def _me():
    return current_user._get_current_object()


def _render(page: str, status: int = 200, **context):
    return render_template(
        f"manage/amendments_{page}.html", status_badges=STATUS_BADGES, **context
    ), status


# ---------------------------------------------------------------- loading

def _process(slug: str) -> Process:
    return plan_queries.manage_process_or_404(slug)


def _check_id(value: int) -> int:
    if value < 1 or value > MAX_ID:
        abort(404)
    return value


def _amendment_or_404(process: Process, amendment_id: int) -> Amendment:
    """The amendment with its filer, points, their sections and votes (four queries)."""
    amendment = db.session.scalar(
        select(Amendment)
        .where(Amendment.process_id == process.id, Amendment.id == _check_id(amendment_id))
        .options(
            joinedload(Amendment.filed_by_group),
            selectinload(Amendment.points).options(
                joinedload(AmendmentPoint.section),
                selectinload(AmendmentPoint.votes).joinedload(AmendmentVote.group),
            ),
        )
    )
    if amendment is None:
        abort(404)
    return amendment


def _point_or_404(amendment: Amendment, point_id: int) -> AmendmentPoint:
    point = next((p for p in amendment.points if p.id == point_id), None)
    if point is None:
        abort(404)
    return point


def _vote_or_404(amendment: Amendment, vote_id: int) -> AmendmentVote:
    vote = next((v for p in amendment.points for v in p.votes if v.id == vote_id), None)
    if vote is None:
        abort(404)
    return vote


def _version(process: Process, number) -> Version | None:
    return next((v for v in process.versions if str(v.number) == str(number)), None)


def _bodies(process: Process) -> list[Group]:
    """The process's bodies: committees and the council first, then the others, by name."""
    bodies = db.session.scalars(select(Group).where(Group.process_id == process.id)).all()
    return sorted(
        bodies,
        key=lambda b: (not GroupKind(b.kind).votes, b.kind == GroupKind.COUNCIL, b.name.casefold()),
    )


def _body(bodies: list[Group], value) -> Group | None:
    return next((b for b in bodies if str(b.id) == value), None)


@dataclass
class Failure:
    status: int
    message: str
    stale: bool = False


def _attempt(action, *, taken: str = ""):
    """One service call and one commit: (its result, None), or (None, Failure) after a
    rollback. A stale edit or an invalid transition is a conflict (409), bad input 422."""
    try:
        result = action()
        db.session.commit()
        return result, None
    except (StaleEdit, StaleDataError):
        db.session.rollback()
        return None, Failure(CONFLICT, _(
            "Someone else changed this in the meantime. Your input is kept below; check the "
            "amendment, then save again to replace the other change."), stale=True)
    except IntegrityError:  # the same thing saved at the same moment elsewhere
        db.session.rollback()
        return None, Failure(CONFLICT, taken or _("Someone else saved the same at the same "
                                                  "moment. Check the amendment first."))
    except InvalidTransition as error:
        db.session.rollback()
        return None, Failure(CONFLICT, str(error))
    except DomainError as error:
        db.session.rollback()
        return None, Failure(INVALID, str(error))


def _failed(page, form, failure: Failure, row):
    """The form again with the failure; after a stale edit it carries the current version."""
    if failure.stale:
        fresh = db.session.get(type(row), row.id)
        if fresh is None:
            abort(404)
        form.lock_version.data = str(fresh.lock_version)
    return page(failure.status, failure.message)


def _confirm_or_delete(page, action, success: str, target: str):
    """GET: the confirmation page; POST: delete, commit, flash and back to `target`."""
    if request.method == "GET":
        return page()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    _result, failure = _attempt(action)
    if failure is not None:
        return page(failure.status, failure.message)
    flash(success, "success")
    return redirect(target, code=303)


def _confirm_page(process, amendment, *, heading, question, button, cancel, facts):
    def page(status=200, message=None):
        return _render("delete", status, process=process, amendment=amendment,
                       form=ConfirmForm(), heading=heading, question=question, button=button,
                       cancel=cancel, facts=facts, message=message)

    return page


def _show_url(process, amendment, point_id=None) -> str:
    anchor = f"#point-{point_id}" if point_id else ""
    return url_for(".show_amendment", slug=process.slug, amendment_id=amendment.id) + anchor


# ---------------------------------------------------------------- amendments

def _point_counts(process: Process, version: Version | None) -> dict[int, dict[str, int]]:
    """amendment id → {status: number of points}; one grouped query."""
    query = (
        select(AmendmentPoint.amendment_id, AmendmentPoint.status, func.count(AmendmentPoint.id))
        .join(Amendment, Amendment.id == AmendmentPoint.amendment_id)
        .where(Amendment.process_id == process.id)
        .group_by(AmendmentPoint.amendment_id, AmendmentPoint.status)
    )
    if version is not None:
        query = query.where(Amendment.version_id == version.id)
    counts: dict[int, dict[str, int]] = {}
    for amendment_id, status, count in db.session.execute(query):
        counts.setdefault(amendment_id, {})[status] = count
    return counts


@bp.get("/<slug>/amendments")
@require(PERMISSION)
def list_amendments(slug: str):
    process = _process(slug)
    chosen = _version(process, request.args.get("version", ""))
    query = (
        select(Amendment)
        .where(Amendment.process_id == process.id)
        .options(joinedload(Amendment.filed_by_group))
        .order_by(Amendment.filed_on, Amendment.number, Amendment.id)
    )
    if chosen is not None:
        query = query.where(Amendment.version_id == chosen.id)
    amendments = db.session.scalars(query).all()
    versions = sorted(process.versions, key=lambda v: v.number)
    groups = [(v, [a for a in amendments if a.version_id == v.id]) for v in versions]
    return _render(
        "list", process=process, versions=versions, chosen=chosen,
        groups=[(v, items) for v, items in groups if items],
        counts=_point_counts(process, chosen), statuses=list(PointStatus),
    )


def _save_amendment(process: Process, amendment: Amendment | None):
    bodies = _bodies(process)
    data = None
    if request.method == "GET" and amendment is not None:
        data = {
            "version": str(amendment.version.number), "number": amendment.number,
            "title": amendment.title, "filed_by": amendment.filed_by,
            "filed_by_group": str(amendment.filed_by_group_id or ""),
            "filed_on": amendment.filed_on, "published": amendment.published_at is not None,
            "lock_version": str(amendment.lock_version),
        }
    elif request.method == "GET":
        preselected = _version(process, request.args.get("version", ""))
        data = {"version": str(preselected.number) if preselected else "", "published": True}
    form = AmendmentForm(data=data)
    form.editing = amendment is not None
    form.set_choices(sorted(process.versions, key=lambda v: v.number), bodies)

    def page(status=200, message=None):
        return _render("form", status, process=process, amendment=amendment, form=form,
                       message=message)

    if request.method == "GET":
        return page()
    if not form.validate_on_submit():
        return page(INVALID)
    saved, failure = _attempt(lambda: services.save_amendment(
        process, _version(process, form.version.data), actor=_me(),
        number=form.number.data, filed_on=form.filed_on.data, title=form.title.data or "",
        filed_by=form.filed_by.data or "", filed_by_group=_body(bodies, form.filed_by_group.data),
        published=form.published.data, amendment=amendment, expected=form.expected,
    ), taken=_("There is already an amendment with this number."))
    if failure is not None:
        return _failed(page, form, failure, amendment)
    flash(_("The amendment %(number)s was saved.", number=saved.number), "success")
    return redirect(_show_url(process, saved), code=303)


@bp.route("/<slug>/amendments/new", methods=["GET", "POST"])
@require(PERMISSION)
@keeps_input
def new_amendment(slug: str):
    return _save_amendment(_process(slug), None)


@bp.route("/<slug>/amendments/<int:amendment_id>/edit", methods=["GET", "POST"])
@require(PERMISSION)
@keeps_input
def edit_amendment(slug: str, amendment_id: int):
    process = _process(slug)
    return _save_amendment(process, _amendment_or_404(process, amendment_id))


@bp.get("/<slug>/amendments/<int:amendment_id>")
@require(PERMISSION)
def show_amendment(slug: str, amendment_id: int):
    process = _process(slug)
    amendment = _amendment_or_404(process, amendment_id)
    return _render("show", process=process, amendment=amendment,
                   points=services.point_views(amendment))


@bp.route("/<slug>/amendments/<int:amendment_id>/delete", methods=["GET", "POST"])
@require(PERMISSION)
def delete_amendment(slug: str, amendment_id: int):
    process = _process(slug)
    amendment = _amendment_or_404(process, amendment_id)
    page = _confirm_page(
        process, amendment,
        heading=_("Delete amendment %(number)s", number=amendment.number),
        question=_("Do you really want to delete this amendment with its points and votes?"),
        button=_("Delete amendment"), cancel=_show_url(process, amendment),
        facts=[(_("Number"), amendment.number), (_("Filed by"), amendment.filer),
               (_("Points"), str(len(amendment.points)))],
    )
    return _confirm_or_delete(
        page, lambda: services.delete_amendment(amendment, actor=_me()),
        _("The amendment %(number)s was deleted.", number=amendment.number),
        url_for(".list_amendments", slug=slug),
    )


# ---------------------------------------------------------------- points

def _section_options(amendment: Amendment) -> tuple[list[tuple[str, str]], dict]:
    """The sections of the amendment's version in document order: options and nodes by key."""
    options, by_key = [], {}
    for node in plan_queries.version_nodes(amendment.version):
        title, _body = services.original_text(node, amendment.language)
        options.append((node.section.key, f"{node.number} {title or node.section.key}".strip()))
        by_key[node.section.key] = node
    return options, by_key


@bp.route("/<slug>/amendments/<int:amendment_id>/points/new", methods=["GET", "POST"])
@require(PERMISSION)
@keeps_input
def new_point(slug: str, amendment_id: int):
    process = _process(slug)
    return _save_point(process, _amendment_or_404(process, amendment_id), None)


@bp.route("/<slug>/amendments/<int:amendment_id>/points/<int:point_id>/edit",
          methods=["GET", "POST"])
@require(PERMISSION)
@keeps_input
def edit_point(slug: str, amendment_id: int, point_id: int):
    process = _process(slug)
    amendment = _amendment_or_404(process, amendment_id)
    return _save_point(process, amendment, _point_or_404(amendment, point_id))


def _save_point(process: Process, amendment: Amendment, point: AmendmentPoint | None):
    options, nodes = _section_options(amendment)
    data = None
    if request.method == "GET" and point is not None:
        data = {"section": point.section.key, "kind": point.kind, "new_title": point.new_title,
                "new_body": point.new_body, "justification": point.justification,
                "lock_version": str(point.lock_version)}
    elif request.method == "GET":
        key = request.args.get("section", "")
        data = {"section": key if key in nodes else "", "kind": PointKind.REPLACE.value}
        if key in nodes:  # start from the section's current text
            data["new_body"] = services.original_text(nodes[key], amendment.language)[1]
    form = PointForm(data=data)
    form.editing = point is not None
    form.set_sections(options)

    def page(status=200, message=None):
        return _render("point_form", status, process=process, amendment=amendment, form=form,
                       point=point, message=message, options=options,
                       final=bool(point is not None and point.votes))

    if request.method == "GET":
        return page()
    if not form.validate_on_submit():
        return page(INVALID)
    saved, failure = _attempt(lambda: services.save_point(
        amendment, actor=_me(), section=nodes[form.section.data].section, kind=form.kind.data,
        new_title=form.new_title.data, new_body=form.new_body.data,
        justification=form.justification.data or "", point=point, expected=form.expected,
    ), taken=_("Someone else added a point at the same moment. Please save again."))
    if failure is not None:
        return _failed(page, form, failure, point)
    flash(_("Point %(label)s was saved.", label=saved.label), "success")
    return redirect(_show_url(process, amendment, saved.id), code=303)


@bp.route("/<slug>/amendments/<int:amendment_id>/points/<int:point_id>/delete",
          methods=["GET", "POST"])
@require(PERMISSION)
def delete_point(slug: str, amendment_id: int, point_id: int):
    process = _process(slug)
    amendment = _amendment_or_404(process, amendment_id)
    point = _point_or_404(amendment, point_id)
    page = _confirm_page(
        process, amendment,
        heading=_("Delete point %(label)s", label=point.label),
        question=_("Do you really want to delete this point? The later points move up "
                   "one number."),
        button=_("Delete point"), cancel=_show_url(process, amendment, point.id),
        facts=[(_("Point"), point.label), (_("Proposes"), point.kind_title)],
    )
    return _confirm_or_delete(
        page, lambda: services.delete_point(point, actor=_me()),
        _("Point %(label)s was deleted.", label=point.label), _show_url(process, amendment),
    )


# ---------------------------------------------------------------- votes

@bp.route("/<slug>/amendments/<int:amendment_id>/votes", methods=["GET", "POST"])
@require(PERMISSION)
@keeps_input
def record_votes(slug: str, amendment_id: int):
    process = _process(slug)
    amendment = _amendment_or_404(process, amendment_id)
    views = [view for view in services.point_views(amendment) if not view.applied]
    bodies = _bodies(process)
    form = votes_form_class([view.point for view in views])()
    form.set_bodies(bodies)

    def page(status=200, message=None):
        return _render("votes", status, process=process, amendment=amendment, form=form,
                       rows=[(view, *row[1:]) for view, row in zip(views, form.rows(), strict=True)],
                       message=message)

    if request.method == "GET":
        return page()
    if not views:
        return page(CONFLICT, _("This amendment has no points to vote on."))
    if not form.validate_on_submit():
        return page(INVALID)
    recorded, failure = _attempt(lambda: services.record_votes(
        amendment, actor=_me(), group=_body(bodies, form.group.data), held_on=form.held_on.data,
        votes={pid: services.VoteInput(**values) for pid, values in form.chosen().items()},
    ))
    if failure is not None:
        return page(failure.status, failure.message)
    flash(ngettext("%(num)d vote was recorded.", "%(num)d votes were recorded.", len(recorded)),
          "success")
    return redirect(_show_url(process, amendment), code=303)


@bp.route("/<slug>/amendments/<int:amendment_id>/votes/<int:vote_id>/edit",
          methods=["GET", "POST"])
@require(PERMISSION)
@keeps_input
def edit_vote(slug: str, amendment_id: int, vote_id: int):
    process = _process(slug)
    amendment = _amendment_or_404(process, amendment_id)
    vote = _vote_or_404(amendment, vote_id)
    bodies = _bodies(process)
    data = None
    if request.method == "GET":
        data = {"group": str(vote.group_id), "held_on": vote.held_on, "yes": str(vote.yes),
                "no": str(vote.no), "abstain": str(vote.abstain), "result": vote.result,
                "note": vote.note}
    form = VoteForm(data=data)
    form.set_bodies(bodies)
    point = vote.point

    def page(status=200, message=None):
        return _render("vote_form", status, process=process, amendment=amendment, vote=vote,
                       form=form, message=message, final=services.is_applied(point))

    if request.method == "GET":
        return page()
    if not form.validate_on_submit():
        return page(INVALID)
    _saved, failure = _attempt(lambda: services.record_vote(
        point, actor=_me(), group=_body(bodies, form.group.data), held_on=form.held_on.data,
        existing=vote, vote=services.VoteInput(
            yes=parse_count(form.yes.data), no=parse_count(form.no.data),
            abstain=parse_count(form.abstain.data), result=form.result.data,
            note=form.note.data or "",
        ),
    ))
    if failure is not None:
        return page(failure.status, failure.message)
    flash(_("The vote on point %(label)s was saved.", label=point.label), "success")
    return redirect(_show_url(process, amendment, point.id), code=303)


@bp.route("/<slug>/amendments/<int:amendment_id>/votes/<int:vote_id>/delete",
          methods=["GET", "POST"])
@require(PERMISSION)
def delete_vote(slug: str, amendment_id: int, vote_id: int):
    process = _process(slug)
    amendment = _amendment_or_404(process, amendment_id)
    vote = _vote_or_404(amendment, vote_id)
    point = vote.point
    page = _confirm_page(
        process, amendment,
        heading=_("Delete a vote on point %(label)s", label=point.label),
        question=_("Do you really want to delete this vote? The point's status then follows "
                   "from its other votes."),
        button=_("Delete vote"), cancel=_show_url(process, amendment, point.id),
        facts=[(_("Point"), point.label), (_("Committee or body"), vote.group.name),
               (_("Date of the meeting"), format_date(vote.held_on)),
               (_("Result"), vote.result_title)],
    )
    return _confirm_or_delete(
        page, lambda: services.delete_vote(vote, actor=_me()),
        _("The vote on point %(label)s was deleted.", label=point.label),
        _show_url(process, amendment, point.id),
    )

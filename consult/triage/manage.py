"""Staff set-up of a process's triage: groups with their members and sections, the library of
standard replies, publishing a version's decisions in one go, and a small overview.

Views are thin: load (404), validate the form, one service call, one commit, 303 and a flash.
The services in consult.triage.services write the audit records.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import and_, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from consult.accountability import notices
from consult.accounts.services import find_user_by_email, person_name
from consult.errors import DomainError
from consult.extensions import db
from consult.participation.models import Contribution, ContributionStatus
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.security import keeps_input, require
from consult.triage import queries, services
from consult.triage.manage_forms import (
    KIND_TITLES,
    ROLE_TITLES,
    ConfirmForm,
    GroupForm,
    MemberForm,
    ReplyForm,
)
from consult.triage.models import (
    OUTCOME_TITLES,
    Group,
    GroupMember,
    Outcome,
    Recommendation,
    ReplyTemplate,
    Suggestion,
)

bp = Blueprint("manage_triage", __name__, url_prefix="/manage")

INVALID = 422
CONFLICT = 409
TEMPLATE_GLOBALS = {"kind_titles": KIND_TITLES, "role_titles": ROLE_TITLES,
                    "outcome_titles": OUTCOME_TITLES}


def _me():
    return current_user._get_current_object()


def _render(page_template: str, status: int = 200, **context):
    return render_template(f"manage/{page_template}", **TEMPLATE_GLOBALS, **context), status


def _see_other(endpoint: str, anchor: str = "", **values):
    return redirect(url_for(endpoint, **values) + anchor, code=303)


# ---------------------------------------------------------------- page queries

def _sections_shown(process: Process, section_ids) -> dict[int, SectionVersion]:
    """section id -> its node in the newest version that holds it (numbers and titles); 2 queries."""
    section_ids = list(set(section_ids))
    if not section_ids:
        return {}
    nodes = db.session.scalars(
        select(SectionVersion)
        .join(Version, Version.id == SectionVersion.version_id)
        .where(Version.process_id == process.id, SectionVersion.section_id.in_(section_ids))
        .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
        .order_by(Version.number.desc())
    ).all()
    shown: dict[int, SectionVersion] = {}
    for node in nodes:
        shown.setdefault(node.section_id, node)
    return shown


def _section_title(process: Process, node: SectionVersion) -> str:
    original = process.original_language
    return plan_queries.shown_text(node, original, original).title


def _suggestion_counts_by_group(process: Process) -> dict[int, tuple[int, int]]:
    """group id -> (suggestions, of them not decided); one grouped query."""
    rows = db.session.execute(
        select(
            Suggestion.group_id,
            func.count(Suggestion.id),
            func.sum(case((Suggestion.outcome.is_(None), 1), else_=0)),
        )
        .where(Suggestion.process_id == process.id, Suggestion.group_id.is_not(None))
        .group_by(Suggestion.group_id)
    ).all()
    return {group_id: (total, int(open_ or 0)) for group_id, total, open_ in rows}


def _assigned_count(group: Group) -> int:
    return db.session.scalar(
        select(func.count(Suggestion.id)).where(Suggestion.group_id == group.id)
    ) or 0


def _group_or_404(process: Process, group_id: int) -> Group:
    group = db.session.scalar(
        select(Group)
        .where(Group.process_id == process.id, Group.id == group_id)
        .options(
            selectinload(Group.members).joinedload(GroupMember.user),
            selectinload(Group.sections),
        )
    )
    if group is None:
        abort(404)
    return group


def _reply_or_404(process: Process, template_id: int) -> ReplyTemplate:
    template = db.session.scalar(
        select(ReplyTemplate).where(
            ReplyTemplate.process_id == process.id, ReplyTemplate.id == template_id
        )
    )
    if template is None:
        abort(404)
    return template


def _section_options(process: Process, chosen: list[Section]) -> list[tuple[str, str, str, int]]:
    """Checkbox options: the newest version's tree, and chosen sections no longer in it."""
    options = [
        (str(node.section_id), node.number, _section_title(process, node), node.depth)
        for node in plan_queries.latest_version_nodes(process)
    ]
    present = {value for value, *_rest in options}
    options += [(str(s.id), "", s.key, 0) for s in chosen if str(s.id) not in present]
    return options


# ---------------------------------------------------------------- groups

@bp.get("/processes/<slug>/groups")
@require("triage.manage")
def list_groups(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    groups = queries.groups(process)
    nodes = _sections_shown(process, [s.id for g in groups for s in g.sections])
    # group id -> [(number, title, key)], in document order; sections in no version last.
    sections = {
        group.id: [
            (node.number, _section_title(process, node), s.key) if node else ("", None, s.key)
            for node, s in sorted(
                ((nodes.get(s.id), s) for s in group.sections),
                key=lambda pair: (pair[0] is None, pair[0].order_key if pair[0] else pair[1].key),
            )
        ]
        for group in groups
    }
    return _render(
        "triage_groups.html", process=process, groups=groups, sections=sections,
        counts=_suggestion_counts_by_group(process),
    )


def _group_form(process: Process, group: Group | None = None, *, stored: bool = False):
    """The group form: as stored on GET (or when `stored`), else with what was sent."""
    data = None
    if group is not None and (stored or request.method == "GET"):
        data = {"name": group.name, "kind": group.kind, "description": group.description,
                "decides": group.decides, "sections": [str(s.id) for s in group.sections]}
    form = GroupForm(formdata=None, data=data) if stored else GroupForm(data=data)
    form.set_section_options(_section_options(process, list(group.sections) if group else []))
    return form


def _group_page(process, form, group=None, *, member_form=None, status=200, message=None):
    members = sorted(
        group.members, key=lambda m: (person_name(m.user).casefold(), m.id)
    ) if group else []
    return _render(
        "triage_group_form.html", status, process=process, group=group, form=form,
        member_form=member_form or MemberForm(formdata=None),
        members=members, assigned=_assigned_count(group) if group else 0, message=message,
    )


def _save_group(process: Process, form: GroupForm, group: Group | None):
    """Validate and save: (the saved group, None), or (None, the response showing the errors)."""
    if not form.validate_on_submit():
        return None, _group_page(process, form, group, status=INVALID)
    chosen = db.session.scalars(
        select(Section).where(Section.process_id == process.id, Section.id.in_(form.section_ids))
    ).all()
    try:
        saved = services.save_group(
            process, actor=_me(), name=form.name.data, kind=form.kind.data,
            description=form.description.data or "", decides=form.decides.data,
            sections=chosen, group=group,
        )
        db.session.commit()
    except (DomainError, IntegrityError) as error:
        db.session.rollback()
        message = str(error) if isinstance(error, DomainError) else _(
            "There is already a group with this name."  # saved at the same moment elsewhere
        )
        form.name.errors = [*form.name.errors, message]
        return None, _group_page(process, form, group, status=INVALID)
    return saved, None


@bp.route("/processes/<slug>/groups/new", methods=["GET", "POST"])
@require("triage.manage")
@keeps_input
def new_group(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    form = _group_form(process)
    if request.method == "GET":
        return _group_page(process, form)
    saved, error = _save_group(process, form, None)
    if error is not None:
        return error
    flash(_("The group %(name)s was created.", name=saved.name), "success")
    return _see_other(".list_groups", slug=slug)


@bp.route("/processes/<slug>/groups/<int:group_id>", methods=["GET", "POST"])
@require("triage.manage")
@keeps_input
def edit_group(slug: str, group_id: int):
    process = plan_queries.manage_process_or_404(slug)
    group = _group_or_404(process, group_id)
    form = _group_form(process, group)
    if request.method == "GET":
        return _group_page(process, form, group)
    _saved, error = _save_group(process, form, group)
    if error is not None:
        return error
    flash(_("The group %(name)s was saved.", name=group.name), "success")
    return _see_other(".edit_group", slug=slug, group_id=group.id)


@bp.post("/processes/<slug>/groups/<int:group_id>/delete")
@require("triage.manage")
def delete_group(slug: str, group_id: int):
    process = plan_queries.manage_process_or_404(slug)
    group = _group_or_404(process, group_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    assigned = _assigned_count(group)
    if assigned:
        return _group_page(
            process, _group_form(process, group, stored=True), group, status=CONFLICT,
            message=ngettext(
                "The group cannot be deleted: %(num)d suggestion is assigned to it. "
                "Assign it to another group first.",
                "The group cannot be deleted: %(num)d suggestions are assigned to it. "
                "Assign them to another group first.",
                assigned,
            ),
        )
    name = group.name
    services.delete_group(group, actor=_me())
    db.session.commit()
    flash(_("The group %(name)s was deleted.", name=name), "success")
    return _see_other(".list_groups", slug=slug)


@bp.post("/processes/<slug>/groups/<int:group_id>/members")
@require("triage.manage")
@keeps_input
def add_group_member(slug: str, group_id: int):
    process = plan_queries.manage_process_or_404(slug)
    group = _group_or_404(process, group_id)
    member_form = MemberForm()

    def again():
        return _group_page(
            process, _group_form(process, group, stored=True), group,
            member_form=member_form, status=INVALID,
        )

    if not member_form.validate_on_submit():
        return again()
    user = find_user_by_email(member_form.email.data)
    if user is None:
        member_form.email.errors = [
            _("No account has this e-mail address. The person must register first.")
        ]
        return again()
    try:
        services.add_member(group, user, role=member_form.role.data, actor=_me())
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        member_form.role.errors = [str(error)]
        return again()
    except IntegrityError:  # added twice at the same moment
        db.session.rollback()
        flash(_("This person was just added by someone else."), "warning")
        return _see_other(".edit_group", "#members", slug=slug, group_id=group_id)
    flash(
        _("%(person)s is a member of %(group)s as %(role)s.", person=person_name(user),
          group=group.name, role=ROLE_TITLES[member_form.role.data]),
        "success",
    )
    return _see_other(".edit_group", "#members", slug=slug, group_id=group.id)


@bp.post("/processes/<slug>/groups/<int:group_id>/members/<int:member_id>/delete")
@require("triage.manage")
def remove_group_member(slug: str, group_id: int, member_id: int):
    process = plan_queries.manage_process_or_404(slug)
    group = _group_or_404(process, group_id)
    member = next((m for m in group.members if m.id == member_id), None)
    if member is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = person_name(member.user)
    services.remove_member(member, actor=_me())
    db.session.commit()
    flash(_("%(person)s was removed from %(group)s.", person=name, group=group.name), "success")
    return _see_other(".edit_group", "#members", slug=slug, group_id=group.id)


# ---------------------------------------------------------------- standard replies

@bp.get("/processes/<slug>/replies")
@require("triage.manage")
def list_replies(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    return _render(
        "triage_replies.html", process=process, replies=queries.reply_templates(process)
    )


def _reply_languages(process: Process, template: ReplyTemplate | None) -> list[str]:
    languages = list(process.languages or [process.original_language])
    if template is not None and template.language not in languages:
        languages.append(template.language)
    return languages


def _reply_form_page(process, form, template=None, status=200):
    return _render(
        "triage_reply_form.html", status, process=process, form=form, template=template
    )


def _save_reply(process: Process, form: ReplyForm, template: ReplyTemplate | None):
    if not form.validate_on_submit():
        return _reply_form_page(process, form, template, INVALID)
    try:
        saved = services.save_reply_template(
            process, actor=_me(), title=form.title.data, text=form.text.data,
            outcome=form.outcome.data or None, language=form.language.data, template=template,
        )
        db.session.commit()
    except (DomainError, IntegrityError) as error:
        db.session.rollback()
        message = str(error) if isinstance(error, DomainError) else _(
            "There is already a standard reply with this title."  # saved at the same moment
        )
        form.title.errors = [*form.title.errors, message]
        return _reply_form_page(process, form, template, INVALID)
    flash(_("The standard reply %(title)s was saved.", title=saved.title), "success")
    return _see_other(".list_replies", slug=process.slug)


@bp.route("/processes/<slug>/replies/new", methods=["GET", "POST"])
@require("triage.manage")
@keeps_input
def new_reply(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    form = ReplyForm(
        languages=_reply_languages(process, None),
        data={"language": process.original_language} if request.method == "GET" else None,
    )
    if request.method == "GET":
        return _reply_form_page(process, form)
    return _save_reply(process, form, None)


@bp.route("/processes/<slug>/replies/<int:template_id>", methods=["GET", "POST"])
@require("triage.manage")
@keeps_input
def edit_reply(slug: str, template_id: int):
    process = plan_queries.manage_process_or_404(slug)
    template = _reply_or_404(process, template_id)
    form = ReplyForm(
        languages=_reply_languages(process, template),
        data={"title": template.title, "outcome": template.outcome or "",
              "language": template.language, "text": template.text}
        if request.method == "GET" else None,
    )
    if request.method == "GET":
        return _reply_form_page(process, form, template)
    return _save_reply(process, form, template)


@bp.post("/processes/<slug>/replies/<int:template_id>/delete")
@require("triage.manage")
def delete_reply(slug: str, template_id: int):
    process = plan_queries.manage_process_or_404(slug)
    template = _reply_or_404(process, template_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    title = template.title
    services.delete_reply_template(template, actor=_me())
    db.session.commit()
    flash(_("The standard reply %(title)s was deleted.", title=title), "success")
    return _see_other(".list_replies", slug=slug)


# ---------------------------------------------------------------- publishing decisions

def _version_counts(version: Version) -> dict:
    """Decided but unpublished suggestions by outcome, open ones, grouped ones; one query."""
    published = Suggestion.published_at.is_not(None)
    grouped = Suggestion.representative_id.is_not(None)
    rows = db.session.execute(
        select(Suggestion.outcome, published, grouped, func.count(Suggestion.id))
        .where(Suggestion.version_id == version.id)
        .group_by(Suggestion.outcome, published, grouped)
    ).all()
    by_outcome: dict[str, int] = {}
    counts = {"open": 0, "grouped": 0, "published": 0}
    for outcome, is_published, is_grouped, count in rows:
        if is_grouped:
            counts["grouped"] += count
        elif outcome is None:
            counts["open"] += count
        elif is_published:
            counts["published"] += count
        else:
            by_outcome[outcome] = by_outcome.get(outcome, 0) + count
    counts["by_outcome"] = [(o, by_outcome[o.value]) for o in Outcome if o.value in by_outcome]
    counts["to_publish"] = sum(by_outcome.values())
    return counts


@bp.route("/processes/<slug>/versions/<int:number>/decisions", methods=["GET", "POST"])
@require("triage.publish")
def publish_decisions(slug: str, number: int):
    process = plan_queries.manage_process_or_404(slug)
    version = plan_queries.manage_version_or_404(process, number)
    form = ConfirmForm()

    def page(status=200, message=None):
        return _render(
            "triage_publish.html", status, process=process, version=version, form=form,
            counts=_version_counts(version), message=message,
            notice_preview=notices.preview(version),
        )

    if request.method == "GET":
        return page()
    if not form.validate_on_submit():
        abort(400)
    if _version_counts(version)["to_publish"] == 0:
        flash(_("There are no decisions to publish on this version."), "warning")
        return _see_other(".publish_decisions", slug=slug, number=number)
    try:
        published = services.publish_version(version, actor=_me())
        planned = notices.plan_final_notices(version, actor=_me())
        db.session.commit()
    except (DomainError, StaleDataError, IntegrityError):
        db.session.rollback()
        return page(
            CONFLICT,
            _("Someone else changed suggestions of this version at the same moment. Nothing "
              "was published; check the numbers below and publish again."),
        )
    flash(
        ngettext("%(num)d decision published", "%(num)d decisions published", published),
        "success",
    )
    if planned:
        # After the commit: the decisions stay published whatever happens to the mail.
        sent = notices.send_pending(version=version, actor=_me(), limit=notices.send_limit())
        flash(
            ngettext("%(num)d final notice sent.", "%(num)d final notices sent.", sent.sent),
            "success" if not (sent.failed or sent.waiting) else "warning",
        )
        if sent.failed or sent.waiting:
            flash(_("Some final notices are not sent yet: send them again from the final notices page."), "warning")
    elif not (process.is_public and version.is_public):
        flash(_("No final notices were sent: this version or its process is not public yet."), "warning")
    return _see_other(".publish_decisions", slug=slug, number=number)


# ---------------------------------------------------------------- overview

def _overview_counts(process: Process) -> dict:
    """Contributions not yet split, suggestions by state, publishable per version: 3 queries."""
    to_split = db.session.scalar(
        select(func.count(Contribution.id)).where(
            Contribution.process_id == process.id,
            Contribution.kind.in_([k.value for k in services.SPLITTABLE]),
            Contribution.status == ContributionStatus.RECEIVED.value,
            Contribution.split_done_at.is_(None),
        )
    ) or 0
    alone = Suggestion.representative_id.is_(None)
    undecided = and_(alone, Suggestion.outcome.is_(None))

    def total(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(
        select(
            total(and_(undecided, Recommendation.id.is_(None))),
            total(and_(undecided, Recommendation.id.is_not(None))),
            total(and_(Suggestion.outcome.is_not(None), Suggestion.published_at.is_(None))),
            total(Suggestion.published_at.is_not(None)),
            total(~alone),
        )
        .select_from(Suggestion)
        .outerjoin(Recommendation, Recommendation.suggestion_id == Suggestion.id)
        .where(Suggestion.process_id == process.id)
    ).one()
    per_version = dict(
        db.session.execute(
            select(Suggestion.version_id, func.count(Suggestion.id))
            .where(
                Suggestion.process_id == process.id,
                Suggestion.outcome.is_not(None),
                Suggestion.published_at.is_(None),
            )
            .group_by(Suggestion.version_id)
        ).all()
    )
    return {
        "to_split": to_split,
        "open": int(row[0]), "recommended": int(row[1]), "decided": int(row[2]),
        "published": int(row[3]), "grouped": int(row[4]),
        "per_version": per_version,
    }


@bp.get("/processes/<slug>/triage")
@require("triage.read")
def overview(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    links = {
        "queue": url_for("triage.queue", slug=slug),
        "contributions": url_for("triage.contributions", slug=slug),
        "log": url_for("triage.log", slug=slug),
    }
    return _render(
        "triage_overview.html", process=process, links=links, counts=_overview_counts(process),
        versions=sorted(process.versions, key=lambda v: v.number, reverse=True),
    )

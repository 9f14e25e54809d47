"""The triage queue: the start page of the triage area, the filtered list of a process's
suggestions, and bulk actions on the suggestions chosen there.

Staff see every suggestion; members of an expert group see their group's, members of a
deciding body see all. Each bulk action is checked as a whole (may this person assign,
decide, publish at all?) and per suggestion (may they recommend on this one?); refusals are
listed, the rest is changed by `services.bulk` and committed once.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict
from wtforms import (
    HiddenField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from consult.accounts.services import person_name
from consult.errors import StaleEdit
from consult.extensions import db
from consult.i18n import language_name_in
from consult.pagecache import PLAN, remembered
from consult.participation.models import Channel, ContributionKind, SubmitterType
from consult.plans.forms import BaseForm, choices
from consult.security import can, is_safe_redirect, keeps_input, safe_next
from consult.triage import queries, services
from consult.triage import queue_queries as qq
from consult.triage.access import triage_view
from consult.triage.blueprint import bp
from consult.triage.models import Outcome

INVALID = 422
PER_PAGE = ("25", "50", "100")
MAX_SELECTED = 500
REFUSALS = "triage_bulk_refusals"
REFUSALS_KEPT = 25  # the session cookie is small: the rest is counted
KEEP = "keep"
NUMBER = re.compile(r"^\s*(?:A\s*-?\s*)?(\d{1,9})\s*$", re.IGNORECASE)
LANGUAGE_CODE = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$"
FILTERS = ("q", "status", "outcome", "version", "section", "group", "assignee", "tag", "kind",
           "channel", "submitter_type", "language", "late", "sort", "per_page")

ACTIONS = {
    "assign": _l("Assign to a group or person"),
    "tag": _l("Add a tag"),
    "group": _l("Group under another suggestion"),
    "recommend": _l("Recommend"),
    "decide": _l("Decide"),
    "publish": _l("Publish the decision"),
    "unpublish": _l("Withdraw the publication"),
}


def suggestion_url(slug: str, number: int) -> str:
    """The suggestion's triage page."""
    return url_for("triage.show_suggestion", slug=slug, suggestion_number=number)


def allowed_actions(access) -> list[str]:
    """The bulk actions this person may take at all (each suggestion is checked again)."""
    actions = []
    if access.may_edit:
        actions += ["assign", "tag", "group"]
    if access.staff_recommends or access.group_ids:
        actions.append("recommend")
    if access.may_decide_any:
        actions.append("decide")
    if access.may_publish:
        actions += ["publish", "unpublish"]
    return actions


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _select(label, name: str, default: str = "", **kwargs) -> SelectField:
    # Ids differ from the bulk form's fields of the same name on the same page.
    return SelectField(label, default=default, id=f"filter-{name}", **kwargs)


class QueueFilterForm(FlaskForm):
    """The queue's filters (GET; built with meta={"csrf": False})."""

    q = SearchField(
        _l("Search text or number"), id="filter-q", filters=[_strip],
        validators=[Optional(), Length(max=200)],
    )
    status = _select(_l("Status"), "status")
    outcome = _select(_l("Decision"), "outcome")
    version = _select(_l("Version"), "version")
    section = _select(_l("Section (with its subsections)"), "section")
    group = _select(_l("Group"), "group")
    assignee = _select(_l("Assigned to"), "assignee")
    tag = _select(_l("Tag"), "tag")
    kind = _select(_l("Kind of contribution"), "kind")
    channel = _select(_l("Channel"), "channel")
    submitter_type = _select(_l("Submitted by"), "submitter_type")
    language = _select(
        _l("Language"), "language", validate_choice=False,
        validators=[Optional(), Regexp(LANGUAGE_CODE)],
    )
    late = _select(_l("Late"), "late")
    sort = _select(_l("Sort by"), "sort", default="number")
    per_page = _select(_l("Per page"), "per_page", default=PER_PAGE[0])


class BulkForm(BaseForm):
    """One action on the suggestions ticked in the queue."""

    numbers = SelectMultipleField(_l("Suggestions"), coerce=int, validate_choice=False)
    action = RadioField(
        _l("Action"), choices=choices(ACTIONS.items()),
        validators=[InputRequired(message=_l("Choose an action."))],
    )
    group = SelectField(_l("Group"), default=KEEP)
    assignee = SelectField(_l("Person"), default=KEEP)
    tag = StringField(_l("Tag"), validators=[Optional(), Length(max=services.TAG_MAX)])
    representative = StringField(
        _l("Representative suggestion"), validators=[Optional(), Length(max=20)]
    )
    outcome = SelectField(_l("Outcome"), default="")
    template = SelectField(_l("Standard reply"), default="")
    reason = TextAreaField(
        _l("Reasoning or public reason"), validators=[Optional(), Length(max=services.REASON_MAX)]
    )
    internal_note = TextAreaField(
        _l("Internal note (never published)"),
        validators=[Optional(), Length(max=services.NOTE_MAX)],
    )
    next = HiddenField(validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, queue: _Queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {str(t.id): t for t in queue.templates}
        self.representative_number: int | None = None
        self.group.choices = choices([
            (KEEP, _("Keep as it is")), (qq.NONE, _("No group")),
            *((group.id, group.name) for group in queue.groups),
        ])
        self.assignee.choices = choices([
            (KEEP, _("Keep as it is")), (qq.NONE, _("Nobody")),
            *((user.id, person_name(user)) for user in queue.people),
        ])
        self.outcome.choices = choices([("", _("Choose an outcome")),
                                        *((o.value, o.title) for o in Outcome)])
        self.template.choices = choices([("", _("No standard reply")), *(
            (key, template.title) for key, template in self.templates.items()
        )])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        action = self.action.data
        if not self.numbers.errors and not self.numbers.data:
            self.numbers.errors.append(_("Select at least one suggestion."))
        elif len(self.numbers.data or []) > MAX_SELECTED:
            self.numbers.errors.append(
                _("Select at most %(max)s suggestions at once.", max=MAX_SELECTED)
            )
        if action == "assign" and self.group.data == KEEP and self.assignee.data == KEEP:
            self.group.errors.append(_("Choose a group or a person."))
        elif action == "tag" and not self.tag.data and not self.tag.errors:
            self.tag.errors.append(_("Enter a tag."))
        elif action == "group" and not self.representative.errors:
            found = NUMBER.match(self.representative.data or "")
            if found:
                self.representative_number = int(found[1])
            else:
                self.representative.errors.append(
                    _("Enter the number of a suggestion, for example A-12.")
                )
        elif action in ("recommend", "decide"):
            self._use_template()
            if not self.outcome.data:
                self.outcome.errors.append(_("Choose an outcome."))
            elif (action == "decide" and self.outcome.data != Outcome.ACCEPTED.value
                  and not (self.reason.data or "").strip()):
                self.reason.errors.append(
                    _("Give a public reason: it is required unless the suggestion is accepted.")
                )
        return valid and not self.errors

    def _use_template(self) -> None:
        """Without JavaScript: the chosen standard reply fills an empty text and outcome."""
        template = self.templates.get(self.template.data or "")
        if template is None:
            return
        if not (self.reason.data or "").strip():
            self.reason.data = template.text
        if not self.outcome.data and template.outcome:
            self.outcome.data = template.outcome


class _Queue:
    """What the queue page and the bulk form need besides the suggestions (fixed queries)."""

    def __init__(self, process, access):
        self.process = process
        self.access = access
        self.groups = qq.process_groups(process)
        self.people = qq.people(process)
        self.tags = qq.tags(process)
        self.templates = queries.reply_templates(process)
        self.actions = allowed_actions(access)

    @property
    def visible_groups(self):
        visible = self.access.visible_group_ids()
        return [grp for grp in self.groups if visible is None or grp.id in visible]


# ---------------------------------------------------------------- the start page

@bp.get("/")
@login_required
def index():
    rows = qq.triage_processes(current_user)
    return render_template(
        "triage/index.html", rows=rows, statuses=("open", "recommended", "decided", "published"),
        status_titles=qq.STATUS_TITLES, staff=can(current_user, "triage.read"),
    )


# ---------------------------------------------------------------- the queue

@bp.get("/<slug>/")
@triage_view
def queue(slug: str):
    context = _Queue(g.process, g.triage)
    form = BulkForm(queue=context, formdata=None)
    form.next.data = request.full_path
    return _render_queue(context, request.args, form)


@bp.post("/<slug>/bulk")
@keeps_input
@triage_view
def bulk(slug: str):
    context = _Queue(g.process, g.triage)
    form = BulkForm(queue=context)
    back = _back(form.next.data, slug)
    if not form.validate_on_submit():
        return _render_queue(context, _args_of(back), form, INVALID)
    if form.action.data not in context.actions:
        abort(403)
    representative = None
    if form.action.data == "group":
        representative = qq.by_number(g.process, g.triage, form.representative_number)
        if representative is None:
            form.representative.errors.append(_("There is no suggestion with this number."))
            return _render_queue(context, _args_of(back), form, INVALID)
    try:
        changed, refusals = _apply(context, form, representative)
        db.session.commit()
    except (StaleDataError, StaleEdit):
        db.session.rollback()
        message = _(
            "Someone else changed some of these suggestions at the same moment. Nothing was "
            "changed: please look at the list again and repeat the action."
        )
        return _render_queue(context, _args_of(back), form, 409, message=message)
    if changed:
        flash(ngettext("%(num)s suggestion was changed.", "%(num)s suggestions were changed.",
                       changed), "success")
    if refusals:
        flash(ngettext("%(num)s suggestion was not changed: see the list below.",
                       "%(num)s suggestions were not changed: see the list below.",
                       len(refusals)), "warning")
        session[REFUSALS] = {"items": refusals[:REFUSALS_KEPT],
                             "more": max(0, len(refusals) - REFUSALS_KEPT)}
    return redirect(back, code=303)


def _back(target: str | None, slug: str) -> str:
    return safe_next(target, url_for("triage.queue", slug=slug))


def _args_of(path: str) -> MultiDict:
    """The filters of the queue address the person came from."""
    if not is_safe_redirect(path):
        return MultiDict()
    return MultiDict(parse_qsl(urlsplit(path).query, keep_blank_values=False))


def _by_number(message: str) -> int:
    found = re.match(r"A-(\d+)", message)
    return int(found[1]) if found else 0


def _apply(context: _Queue, form: BulkForm, representative) -> tuple[int, list[str]]:
    """Run the bulk action on the chosen suggestions the person may act on."""
    access, action = context.access, form.action.data
    actor = current_user._get_current_object()
    wanted = set(form.numbers.data)
    found = qq.selected(context.process, access, wanted)
    refusals = [
        _("%(label)s: there is no such suggestion in your queue.", label=f"A-{number}")
        for number in sorted(wanted - {s.number for s in found})
    ]
    if action == "recommend":
        refusals += [
            _("%(label)s: only its expert group may recommend on it.", label=services.label(s))
            for s in found if not access.may_recommend(s)
        ]
        found = [s for s in found if access.may_recommend(s)]
    reason = (form.reason.data or "").strip()
    changed = 0
    if action == "assign":
        for (group, assignee), items in _assign_buckets(context, form, found):
            count, errors = services.bulk(items, "assign", actor=actor, group=group, assignee=assignee)
            changed += count
            refusals += errors
    else:
        kwargs = {
            "tag": {"tags": [form.tag.data]},
            "group": {"representative": representative},
            "recommend": {"outcome": form.outcome.data, "reasoning": reason},
            "decide": {"outcome": form.outcome.data, "public_reason": reason,
                       "internal_note": form.internal_note.data or ""},
        }.get(action, {})
        changed, errors = services.bulk(found, action, actor=actor, **kwargs)
        refusals += errors
    return changed, sorted(refusals, key=_by_number)


def _assign_buckets(context: _Queue, form: BulkForm, suggestions):
    """Suggestions by (group, person) to give them: "keep as it is" keeps each one's own."""
    groups = {str(grp.id): grp for grp in context.groups}
    people = {str(user.id): user for user in context.people}
    kept_people = qq.users_by_id(s.assignee_id for s in suggestions) if form.assignee.data == KEEP else {}
    buckets: dict[tuple, list] = {}
    for suggestion in suggestions:
        group = suggestion.group if form.group.data == KEEP else groups.get(form.group.data)
        if form.assignee.data == KEEP:
            assignee = kept_people.get(suggestion.assignee_id)
        else:
            assignee = people.get(form.assignee.data)
        key = (group.id if group else None, assignee.id if assignee else None)
        buckets.setdefault(key, ((group, assignee), []))[1].append(suggestion)
    return list(buckets.values())


def _page(args) -> int:
    page = args.get("page", 1, type=int)
    return page if page and 0 < page < 100_000 else 1


def _reference_version(versions, value):
    """The version whose tree the section filter and the section numbers use."""
    for version in versions:
        if str(version.number) == value:
            return version
    return versions[-1] if versions else None


def _counted(label, count) -> str:
    return _("%(label)s (%(count)s)", label=label, count=count)


def _configure_filters(form: QueueFilterForm, context: _Queue, versions, nodes) -> None:
    everything = _("All")
    language = str(get_locale() or "de")
    groups = [(grp.id, grp.name) for grp in context.visible_groups]
    if context.access.visible_group_ids() is None:
        groups.insert(0, (qq.NONE, _("No group")))
    options = {
        "status": list(qq.STATUS_TITLES.items()),
        "outcome": [(qq.NONE, _("Undecided")), *((o.value, o.title) for o in Outcome)],
        "version": [(v.number, f"{v.number}: {v.title(language)}") for v in versions],
        "section": [],
        "group": groups,
        "assignee": [("me", _("Me")), (qq.NONE, _("Nobody")),
                     *((user.id, person_name(user)) for user in context.people)],
        "tag": [(t.id, t.name) for t in context.tags],
        "kind": [(k.value, k.title) for k in ContributionKind],
        "channel": [(c.value, c.title) for c in Channel],
        "submitter_type": [(t.value, t.title) for t in SubmitterType],
        "language": [],
        "late": [("yes", _("Late only")), ("no", _("In time only"))],
    }
    for name, pairs in options.items():
        form[name].choices = choices([("", everything), *pairs])
    for node in nodes:
        form.section.choices.append(SelectChoice(
            node.key, f"{'– ' * node.depth}{node.number} {node.title}",
            render_kw={"lang": node.fallback_language} if node.fallback_language else {},
        ))
    form.sort.choices = choices(qq.SORTS.items())
    form.per_page.choices = choices((n, n) for n in PER_PAGE)


def _count_choices(form: QueueFilterForm, facets: dict, versions) -> None:
    """Put the facet counts into the option labels; languages come from the facet."""
    language = str(get_locale() or "de")
    by_version_id = {str(v.id): str(v.number) for v in versions}
    for name in ("status", "outcome", "group", "kind", "channel", "submitter_type", "late",
                 "version", "language"):
        counts = qq.group_counts_by_value(facets[name])
        if name == "version":
            counts = {by_version_id.get(k, k): c for k, c in counts.items()}
        field = form[name]
        pairs = [(choice.value, choice.label) for choice in field.choices]
        if name == "language":
            codes = sorted(set(counts) | ({field.data} if field.data else set()))
            pairs += [(code, language_name_in(code, language)) for code in codes]
        field.choices = choices(
            (value, _counted(label, sum(counts.values()) if value == "" else counts.get(value, 0)))
            for value, label in pairs
        )


def _filters(form: QueueFilterForm, versions, nodes) -> qq.Filters:
    def number_or(value, special: dict):
        if value in special:
            return special[value]
        return int(value) if value else None

    version = next((v for v in versions if str(v.number) == form.version.data), None)
    number = NUMBER.match(form.q.data or "")
    return qq.Filters(
        version=version,
        section_ids=qq.subsection_ids(nodes, form.section.data) if form.section.data else None,
        status=form.status.data or None,
        outcome=form.outcome.data or None,
        kind=form.kind.data or None,
        channel=form.channel.data or None,
        submitter_type=form.submitter_type.data or None,
        language=form.language.data or None,
        group=number_or(form.group.data, {qq.NONE: qq.NONE}),
        assignee=number_or(form.assignee.data, {qq.NONE: qq.NONE, "me": current_user.id}),
        tag_id=number_or(form.tag.data, {}),
        late={"yes": True, "no": False}.get(form.late.data),
        number=int(number[1]) if number else None,
        q=form.q.data or "",
    )


def _render_queue(context: _Queue, args, bulk_form: BulkForm, status: int = 200,
                  message: str | None = None):
    process, access = context.process, context.access
    form = QueueFilterForm(formdata=args, meta={"csrf": False})
    versions = list(process.versions)
    reference = _reference_version(versions, args.get("version"))
    language, original = str(get_locale() or "de"), process.original_language
    # The sections of the reference version change only with the plan: remembered until then.
    nodes = remembered(
        "triage.outline", (reference.id, language, original),
        lambda: qq.outline(reference, language, original), scope=PLAN,
    ) if reference is not None else []
    _configure_filters(form, context, versions, nodes)
    filter_errors = []
    if not form.validate():
        for name, errors in form.errors.items():
            filter_errors.append((form[name], errors))
            form[name].data = form[name].default
        status = 400 if status == 200 else status
    filters = _filters(form, versions, nodes)
    always, named = qq.conditions(process, access, filters)
    visible = access.visible_group_ids()
    # Counted once per change of the data: paging, sorting and coming back cost one query.
    facets = remembered(
        "triage.facets",
        (process.id, tuple(sorted(visible)) if visible is not None else None, filters.key()),
        lambda: qq.facets(always, named),
    )
    pagination = db.paginate(
        qq.page_query(always, named, form.sort.data, reference.id if reference else None),
        page=_page(args), per_page=int(form.per_page.data), error_out=False, count=False,
    )
    pagination.total = facets.total  # counted with the facets, not by a query of its own
    _count_choices(form, facets, versions)
    active = {
        name: form[name].data for name in FILTERS
        if form[name].data and form[name].data != form[name].default
    }
    refusals = session.pop(REFUSALS, None) if request.method == "GET" else None
    status_counts = qq.group_counts_by_value(facets["status"])
    others = {name: value for name, value in active.items() if name != "status"}
    status_links = [
        (value, title, sum(status_counts.values()) if not value else status_counts.get(value, 0),
         url_for("triage.queue", slug=process.slug, **others, **({"status": value} if value else {})))
        for value, title in [("", _("All")), *qq.STATUS_TITLES.items()]
    ]
    return render_template(
        "triage/queue.html",
        process=process, access=access, form=form, bulk_form=bulk_form, pagination=pagination,
        active=active, filter_errors=filter_errors, message=message, refusals=refusals,
        status_links=status_links, actions=context.actions, templates=context.templates, assignees=qq.users_by_id(s.assignee_id for s in pagination.items),
        section_numbers=qq.section_numbers(nodes), outcome_titles={o.value: o.title for o in Outcome},
        suggestion_url=suggestion_url,
        selected={n for n in (bulk_form.numbers.data or []) if isinstance(n, int)},
    ), status

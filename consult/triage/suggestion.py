"""The suggestion page: where a suggestion is edited, routed, recommended, decided, grouped,
published and linked to the text change it caused; and the process's triage log.

Every POST: load (404 for what the person may not see) → the right (403) → validate the form →
one service call → one commit → 303 back to the page's section. Invalid input comes back with
422, a stale edit with 409 and the other person's change, the person's own input always kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from consult.accounts.models import Role, User
from consult.accounts.services import person_name
from consult.audit.models import MESSAGES, AuditEntry
from consult.errors import DomainError, StaleEdit
from consult.extensions import db
from consult.i18n import language_name_in
from consult.participation.models import Contribution
from consult.plans import queries as plan_queries
from consult.plans.models import Version
from consult.security import keeps_input, require
from consult.statements import queries as statement_queries
from consult.statements.forms import statement_language_codes
from consult.triage import queries, search, services
from consult.triage import suggestion_forms as forms
from consult.triage.access import triage_view
from consult.triage.blueprint import bp
from consult.triage.models import Group, Outcome, ReplyTemplate, ResultingChange, Suggestion

INVALID = 422
CONFLICT = 409
SIMILAR_LIMIT = 8
LOG_PER_PAGE = 50
STAFF_ROLES = (Role.STAFF.value, Role.ADMIN.value)


# ---------------------------------------------------------------- helpers

def _me():
    return current_user._get_current_object()


def _load(number: int) -> Suggestion:
    return queries.suggestion_or_404(g.process, number, g.triage)


def _visible(number: int | None) -> Suggestion | None:
    """A suggestion of this process the person may see, or None."""
    if number is None or not 0 < number < 2**31:
        return None
    found = db.session.scalar(
        select(Suggestion)
        .where(Suggestion.process_id == g.process.id, Suggestion.number == number)
        .options(*queries.suggestion_options())
    )
    return found if found is not None and g.triage.sees(found) else None


def _allow(allowed: bool) -> None:
    if not allowed:
        abort(403)


def _back(suggestion: Suggestion, anchor: str):
    return redirect(
        url_for(".show_suggestion", slug=g.process.slug, suggestion_number=suggestion.number,
                _anchor=anchor),
        code=303,
    )


def state_of(suggestion: Suggestion) -> tuple[str, str]:
    """(code, text) of where a suggestion stands; from its columns only (no queries)."""
    if suggestion.representative_id is not None:
        return "grouped", _("answered with its group")
    if suggestion.published_at is not None:
        return "published", _("published: %(outcome)s", outcome=Outcome(suggestion.outcome).title)
    if suggestion.outcome is not None:
        return "decided", _("decided, not published: %(outcome)s",
                            outcome=Outcome(suggestion.outcome).title)
    return "open", _("open")


def _section_version(suggestion: Suggestion) -> Version | None:
    versions = list(g.process.versions)
    chosen = next((v for v in versions if v.id == suggestion.version_id), None)
    return chosen or (max(versions, key=lambda v: v.number) if versions else None)


def _section_options(suggestion: Suggestion) -> list:
    original = g.process.original_language
    return statement_queries.flatten(
        statement_queries.section_options(_section_version(suggestion), original, original)
    )


def _language_choices(suggestion: Suggestion) -> list:
    from consult.plans.forms import language_choices

    codes = statement_language_codes(g.process)
    if suggestion.language not in codes:
        codes.append(suggestion.language)
    return language_choices(codes)


def _translation_languages(suggestion: Suggestion) -> list[str]:
    """The submitter's language and the process's languages, without the reason's own."""
    wanted = [suggestion.contribution.language, suggestion.language, *(g.process.languages or [])]
    original = g.process.original_language
    return [code for code in dict.fromkeys(wanted) if code and code != original]


def _staff_users() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_(STAFF_ROLES), User.deleted_at.is_(None),
                   User.is_active_account.is_(True))
            .order_by(User.display_name, User.id)
        )
    )


def _later_nodes(suggestion: Suggestion) -> list:
    return queries.later_version_nodes(suggestion)


def _version_title(version: Version) -> str:
    return _("Version %(number)s: %(title)s", number=version.number,
             title=version.title(g.process.original_language))


def _node_title(node) -> str:
    original = g.process.original_language
    shown = plan_queries.shown_text(node, original, original)
    return f"{node.number} {shown.title}".strip()


# ---------------------------------------------------------------- history: readable audit entries

LOG_PREFIXES = ("suggestion.", "contribution.split_", "group.", "reply_template.", "decisions.")

# Short names of the triage actions, for the log's filter.
ACTION_TITLES = {
    "suggestion.split": _l("Suggestion taken from a contribution"),
    "suggestion.edit": _l("Details edited"),
    "suggestion.assign": _l("Routed"),
    "suggestion.tags": _l("Tagged"),
    "suggestion.recommend": _l("Recommendation"),
    "suggestion.decide": _l("Decision"),
    "suggestion.reopen": _l("Decision withdrawn"),
    "suggestion.group": _l("Grouped"),
    "suggestion.ungroup": _l("Taken out of a group"),
    "suggestion.publish": _l("Published"),
    "suggestion.unpublish": _l("Publication withdrawn"),
    "suggestion.link_change": _l("Resulting change linked"),
    "suggestion.unlink_change": _l("Resulting change unlinked"),
    "suggestion.translate_reason": _l("Reason translated"),
    "suggestion.delete": _l("Suggestion deleted"),
    "contribution.split_done": _l("Contribution fully split"),
    "contribution.split_reopen": _l("Contribution reopened for splitting"),
    "group.save": _l("Group saved"),
    "group.delete": _l("Group deleted"),
    "group.add_member": _l("Group member added"),
    "group.remove_member": _l("Group member removed"),
    "reply_template.save": _l("Standard reply saved"),
    "reply_template.delete": _l("Standard reply deleted"),
    "decisions.publish_version": _l("Decisions of a version published"),
}

# The fields of a before/after record, in the order they are shown.
FIELD_TITLES = {
    "summary": _l("Summary"),
    "sections": _l("Sections"),
    "language": _l("Language"),
    "tags": _l("Tags"),
    "group_id": _l("Group"),
    "assignee_id": _l("Assigned to"),
    "representative_id": _l("Answered together with"),
    "recommendation": _l("Recommendation"),
    "reasoning": _l("Reasoning"),
    "outcome": _l("Decision"),
    "public_reason": _l("Public reason"),
    "internal_note": _l("Internal note"),
    "published": _l("Published"),
    "text": _l("Text"),
    "origin": _l("Origin"),
    "name": _l("Name"),
    "kind": _l("Kind"),
    "decides": _l("Decides"),
    "title": _l("Title"),
}
INTERNAL_FIELDS = {"internal_note"}
VALUE_LIMIT = 400


@dataclass
class Lookup:
    """Names for the ids stored in audit records, loaded in a fixed number of queries."""

    groups: dict[int, str]
    users: dict[int, User]
    numbers: dict[int, int]
    sections: dict[str, object]

    def person(self, user_id) -> str:
        user = self.users.get(user_id) if user_id is not None else None
        return person_name(user) if user is not None else (f"#{user_id}" if user_id else "—")

    def label(self, suggestion_id) -> str:
        number = self.numbers.get(suggestion_id)
        return f"A-{number}" if number is not None else "—"

    def section(self, key: str) -> str:
        option = self.sections.get(key)
        return f"{option.number} {option.title}".strip() if option is not None else key

    def value(self, key: str, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if key == "group_id":
            return self.groups.get(value, f"#{value}")
        if key == "assignee_id":
            return self.person(value)
        if key == "representative_id":
            return self.label(value)
        if key in ("outcome", "recommendation"):
            try:
                return Outcome(value).title
            except ValueError:
                return str(value)
        if key == "language":
            return language_name_in(str(value), str(get_locale() or "de"))
        if key == "origin":
            return {"human_translation": _("Translated by a person"),
                    "machine_translation": _("Machine translation")}.get(value, str(value))
        if key == "sections" and isinstance(value, list):
            return ", ".join(self.section(str(k)) for k in value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        text = str(value)
        return text if len(text) <= VALUE_LIMIT else f"{text[:VALUE_LIMIT]}…"


@dataclass
class Change:
    title: str
    before: str
    after: str


@dataclass
class Row:
    entry: AuditEntry
    who: str
    changes: list[Change] = field(default_factory=list)


def _stored_ids(entries, key: str) -> set:
    found = set()
    for entry in entries:
        for values in (entry.before or {}, entry.after or {}):
            if isinstance(values, dict) and isinstance(values.get(key), int):
                found.add(values[key])
    return found


def lookup_for(entries, *, groups, sections, user_ids, suggestion_ids, staff_roles=()) -> Lookup:
    """Two queries: the people and the suggestion numbers the records (and the page) name."""
    ids = {i for i in (user_ids | _stored_ids(entries, "assignee_id")) if i}
    condition = User.id.in_(sorted(ids))
    if staff_roles:
        condition = or_(condition, User.role.in_(staff_roles))
    users = {u.id: u for u in db.session.scalars(select(User).where(condition))}
    wanted = {i for i in (suggestion_ids | _stored_ids(entries, "representative_id")) if i}
    numbers = {
        row.id: row.number
        for row in db.session.execute(
            select(Suggestion.id, Suggestion.number).where(Suggestion.id.in_(sorted(wanted)))
        )
    }
    return Lookup({x.id: x.name for x in groups}, users, numbers, sections)


def _changes(entry: AuditEntry, lookup: Lookup, internal: bool) -> list[Change]:
    before = entry.before if isinstance(entry.before, dict) else None
    after = entry.after if isinstance(entry.after, dict) else {}
    keys = list(FIELD_TITLES) + sorted((set(before or {}) | set(after)) - set(FIELD_TITLES))
    found = []
    for key in keys:
        if key in INTERNAL_FIELDS and not internal:
            continue
        if before is None:
            if key not in after or after[key] in (None, "", [], False):
                continue
            old = None
        else:
            if key not in before and key not in after:
                continue
            old = before.get(key)
            if key in after and old == after.get(key):
                continue
            if key not in after:
                continue
        found.append(Change(str(FIELD_TITLES.get(key, key)), lookup.value(key, old),
                            lookup.value(key, after.get(key))))
    return found


def history_rows(entries, lookup: Lookup, *, internal: bool) -> list[Row]:
    return [
        Row(entry, person_name(entry.actor) if entry.actor else _("System"),
            _changes(entry, lookup, internal))
        for entry in entries
    ]


# ---------------------------------------------------------------- forms with their choices

def _details_form(suggestion, options, formdata=None) -> forms.DetailsForm:
    return forms.DetailsForm(
        formdata=formdata,
        section_keys=[o.key for o in options],
        languages=_language_choices(suggestion),
        data=None if formdata is not None else {
            "lock_version": str(suggestion.lock_version),
            "summary": suggestion.summary,
            "sections": [s.key for s in suggestion.sections],
            "language": suggestion.language,
            "tags": ", ".join(t.name for t in suggestion.tags),
        },
    )


def _assign_form(suggestion, groups, staff, formdata=None) -> forms.AssignForm:
    return forms.AssignForm(
        formdata=formdata, groups=groups, staff=staff,
        data=None if formdata is not None else {
            "lock_version": str(suggestion.lock_version),
            "group": str(suggestion.group_id or ""),
            "assignee": str(suggestion.assignee_id or ""),
        },
    )


def _recommend_form(suggestion, templates, formdata=None) -> forms.RecommendForm:
    rec = suggestion.recommendation
    return forms.RecommendForm(
        formdata=formdata, templates=templates,
        data=None if formdata is not None else {
            "lock_version": str(suggestion.lock_version),
            "outcome": rec.outcome if rec else None,
            "reasoning": rec.reasoning if rec else "",
        },
    )


def _decide_form(suggestion, templates, formdata=None) -> forms.DecideForm:
    rec = suggestion.recommendation
    return forms.DecideForm(
        formdata=formdata, templates=templates,
        data=None if formdata is not None else {
            "lock_version": str(suggestion.lock_version),
            "outcome": suggestion.outcome or (rec.outcome if rec else None),
            "public_reason": suggestion.public_reason or "",
            "internal_note": suggestion.internal_note or "",
        },
    )


def _lock_form(suggestion, formdata=None, cls=forms.LockForm):
    return cls(formdata=formdata, data=None if formdata is not None else {
        "lock_version": str(suggestion.lock_version)
    })


def _link_form(suggestion, later, formdata=None) -> forms.LinkChangeForm:
    return forms.LinkChangeForm(
        formdata=formdata, versions=later, version_title=_version_title, node_title=_node_title,
        data=None if formdata is not None else {"lock_version": str(suggestion.lock_version)},
    )


def _translation_form(suggestion, language, translation, formdata=None) -> forms.TranslationForm:
    return forms.TranslationForm(
        formdata=formdata, languages=_translation_languages(suggestion),
        data=None if formdata is not None else {
            "lock_version": str(suggestion.lock_version),
            "language": language,
            "text": translation.text if translation else "",
            "origin": translation.origin if translation else "human_translation",
        },
    )


# ---------------------------------------------------------------- the page

def _render(suggestion: Suggestion, status: int = 200, override: dict | None = None, *,
            error_in: str | None = None, message: str | None = None, conflict=None):
    """The whole page; `override` holds the submitted form (with the person's input)."""
    override = override or {}
    process, access = g.process, g.triage
    original = process.original_language
    answer = services.answered_by(suggestion)
    rec = suggestion.recommendation
    is_member = suggestion.representative_id is not None
    internal = access.staff or access.may_decide_any

    options = _section_options(suggestion)
    sections_by_key = {o.key: o for o in options}
    groups = queries.groups(process)
    entries = queries.audit_entries(suggestion)
    similar = [s for s in search.similar(suggestion, SIMILAR_LIMIT) if access.sees(s)]
    members = [] if is_member else [m for m in queries.members_of(suggestion) if access.sees(m)]
    changes = queries.resulting_changes([suggestion], original, original).get(suggestion.id, [])
    own_reason = not is_member and bool(suggestion.public_reason)
    translations = (
        queries.reason_translations([suggestion]).get(suggestion.id, {}) if own_reason else {}
    )
    may_recommend = access.may_recommend(suggestion) and not is_member
    may_decide = access.may_decide(suggestion) and not is_member
    templates = queries.reply_templates(process) if (may_recommend or may_decide) else []
    changes_text = answer.outcome is not None and Outcome(answer.outcome).changes_text
    later = _later_nodes(suggestion) if access.may_edit and changes_text else []

    lookup = lookup_for(
        entries, groups=groups, sections=sections_by_key,
        user_ids={suggestion.assignee_id, answer.decided_by_id, rec.author_id if rec else None},
        suggestion_ids={s.representative_id for s in similar} | {suggestion.representative_id},
        staff_roles=STAFF_ROLES if access.may_edit else (),
    )
    staff = [u for u in lookup.users.values()
             if u.role in STAFF_ROLES and u.deleted_at is None and u.is_active_account]
    staff.sort(key=lambda u: (person_name(u).lower(), u.id))

    built = {
        "details": override.get("details") or _details_form(suggestion, options),
        "assign": override.get("assign") or _assign_form(suggestion, groups, staff),
        "recommend": override.get("recommend") or _recommend_form(suggestion, templates),
        "decide": override.get("decide") or _decide_form(suggestion, templates),
        "group": override.get("group") or _lock_form(suggestion, cls=forms.GroupForm),
        "link": override.get("link") or _link_form(suggestion, later),
    }
    translation_forms = {}
    submitted = override.get("translation")
    for code in _translation_languages(suggestion) if own_reason else []:
        if submitted is not None and submitted.language.data == code:
            translation_forms[code] = submitted
        else:
            translation_forms[code] = _translation_form(suggestion, code, translations.get(code))

    contribution = suggestion.contribution
    return render_template(
        "triage/suggestion_show.html",
        process=process,
        access=access,
        s=suggestion,
        label=services.label(suggestion),
        state=state_of(suggestion),
        state_of=state_of,
        answer=answer,
        rec=rec,
        rec_differs=bool(rec and answer is suggestion and suggestion.outcome
                         and rec.outcome != suggestion.outcome),
        is_member=is_member,
        sees_representative=is_member and access.sees(suggestion.representative),
        internal=internal,
        contribution=contribution,
        source_url=url_for(
            "triage.split_contribution", slug=process.slug, contribution_id=contribution.id
        ),
        queue_url=url_for("triage.queue", slug=process.slug),
        version=next((v for v in process.versions if v.id == suggestion.version_id), None),
        sections=[(sections_by_key.get(s.key), s.key) for s in suggestion.sections],
        section_options=options,
        lookup=lookup,
        outcome_title=lambda value: Outcome(value).title if value else "",
        similar=similar,
        members=members,
        changes=changes,
        changes_text=changes_text,
        translations=translations,
        translation_forms=translation_forms,
        outdated={code: services.translation_is_outdated(t, suggestion)
                  for code, t in translations.items()},
        history=history_rows(entries, lookup, internal=internal),
        forms=built,
        lock=_lock_form(suggestion),
        may_edit=access.may_edit,
        may_recommend=may_recommend,
        may_decide=may_decide,
        may_publish=access.may_publish and not is_member,
        error_in=error_in,
        message=message,
        conflict=conflict,
        status=status,
    ), status


def _conflict(subject: Suggestion) -> dict:
    """Who changed the suggestion last, when, and what: for the 409 page."""
    latest = queries.audit_entries(subject, limit=1)
    if not latest:
        return {"label": services.label(subject), "row": None}
    entry = latest[0]
    lookup = lookup_for(latest, groups=queries.groups(g.process),
                        sections={o.key: o for o in _section_options(subject)},
                        user_ids=set(), suggestion_ids=set())
    rows = history_rows(latest, lookup, internal=g.triage.staff or g.triage.may_decide_any)
    return {
        "label": services.label(subject),
        "row": rows[0],
        "who": person_name(entry.actor) if entry.actor else _("System"),
        "when": format_datetime(entry.created_at, "medium"),
    }


def _submit(suggestion: Suggestion, name: str, form, action: Callable[[], object], success: str,
            anchor: str, *, subject: Suggestion | None = None):
    """Validate → one service call → one commit → 303; 422 when invalid; 409 when stale."""
    if not form.validate_on_submit():
        db.session.rollback()
        # Forms without fields of their own (publish, reopen, …) say what was wrong here.
        message = None
        if name == "lock":
            message = " ".join(
                str(e) for key, errors in form.errors.items() if key != "csrf_token" for e in errors
            ) or None
        return _render(suggestion, INVALID, {name: form}, error_in=anchor, message=message)
    try:
        action()
        db.session.commit()
    except (StaleEdit, StaleDataError):
        db.session.rollback()
        fresh = _load(suggestion.number)
        changed = fresh if subject is None else (_visible(subject.number) or fresh)
        form.lock_version.data = str(changed.lock_version)
        return _render(fresh, CONFLICT, {name: form}, error_in=anchor,
                       conflict=_conflict(changed))
    except DomainError as error:
        db.session.rollback()
        return _render(_load(suggestion.number), INVALID, {name: form}, error_in=anchor,
                       message=str(error))
    flash(success, "success")
    return _back(suggestion, anchor)


@bp.get("/<slug>/A-<int:suggestion_number>")
@triage_view
def show_suggestion(slug: str, suggestion_number: int):
    return _render(_load(suggestion_number))


# ---------------------------------------------------------------- details and routing

@bp.post("/<slug>/A-<int:suggestion_number>/edit")
@keeps_input
@triage_view
def edit_suggestion(slug: str, suggestion_number: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_edit)
    form = _details_form(suggestion, _section_options(suggestion), formdata=request.form)

    def act():
        services.update_details(
            suggestion, actor=_me(), expected=form.expected, summary=form.summary.data or "",
            sections=statement_queries.sections_by_keys(g.process, form.sections.data or []),
            language=form.language.data, tags=form.tag_names(),
        )

    return _submit(suggestion, "details", form, act, _("The details were saved."), "details")


@bp.post("/<slug>/A-<int:suggestion_number>/assign")
@triage_view
def assign_suggestion(slug: str, suggestion_number: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_edit)
    groups = queries.groups(g.process)
    form = _assign_form(suggestion, groups, _staff_users(), formdata=request.form)

    def act():
        group = next((x for x in groups if str(x.id) == form.group.data), None)
        assignee = db.session.get(User, int(form.assignee.data)) if form.assignee.data else None
        services.assign(suggestion, actor=_me(), group=group, assignee=assignee,
                        expected=form.expected)

    return _submit(suggestion, "assign", form, act, _("The routing was saved."), "routing")


# ---------------------------------------------------------------- recommendation and decision

def _templates() -> tuple[list[ReplyTemplate], dict[str, ReplyTemplate]]:
    templates = queries.reply_templates(g.process)
    return templates, {str(t.id): t for t in templates}


@bp.post("/<slug>/A-<int:suggestion_number>/recommend")
@keeps_input
@triage_view
def recommend_suggestion(slug: str, suggestion_number: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_recommend(suggestion))
    templates, by_id = _templates()
    form = _recommend_form(suggestion, templates, formdata=request.form)
    form.use_template(by_id)

    def act():
        services.recommend(suggestion, actor=_me(), outcome=form.outcome.data,
                           reasoning=form.reasoning.data or "", expected=form.expected)

    return _submit(suggestion, "recommend", form, act, _("The recommendation was saved."),
                   "recommendation")


@bp.post("/<slug>/A-<int:suggestion_number>/decide")
@keeps_input
@triage_view
def decide_suggestion(slug: str, suggestion_number: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_decide(suggestion))
    templates, by_id = _templates()
    form = _decide_form(suggestion, templates, formdata=request.form)
    form.use_template(by_id)

    def act():
        services.decide(suggestion, actor=_me(), outcome=form.outcome.data,
                        public_reason=form.public_reason.data or "",
                        internal_note=form.internal_note.data or "", expected=form.expected)

    return _submit(suggestion, "decide", form, act,
                   _("The decision was saved. It is not public until it is published."),
                   "decision")


@bp.post("/<slug>/A-<int:suggestion_number>/reopen")
@triage_view
def reopen_suggestion(slug: str, suggestion_number: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_decide(suggestion))
    form = _lock_form(suggestion, formdata=request.form)
    return _submit(
        suggestion, "lock", form,
        lambda: services.reopen(suggestion, actor=_me(), expected=form.expected),
        _("The decision was withdrawn; the suggestion is open again."), "decision",
    )


@bp.post("/<slug>/A-<int:suggestion_number>/publish")
@triage_view
def publish_suggestion(slug: str, suggestion_number: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_publish)
    form = _lock_form(suggestion, formdata=request.form)
    return _submit(
        suggestion, "lock", form,
        lambda: services.publish(suggestion, actor=_me(), expected=form.expected),
        _("The decision was published."), "decision",
    )


@bp.post("/<slug>/A-<int:suggestion_number>/unpublish")
@triage_view
def unpublish_suggestion(slug: str, suggestion_number: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_publish)
    form = _lock_form(suggestion, formdata=request.form)
    return _submit(
        suggestion, "lock", form,
        lambda: services.unpublish(suggestion, actor=_me(), expected=form.expected),
        _("The publication was withdrawn."), "decision",
    )


# ---------------------------------------------------------------- grouping

@bp.post("/<slug>/A-<int:suggestion_number>/group")
@keeps_input
@triage_view
def group_suggestion(slug: str, suggestion_number: int):
    """`representative` alone: this suggestion joins its group; with `member`: that one
    joins the representative's group (the "Group it under this one" buttons)."""
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_edit)
    form = forms.GroupForm(formdata=request.form)
    if not form.validate_on_submit():
        return _render(suggestion, INVALID, {"group": form}, error_in="grouping")
    representative = _visible(form.representative_number)
    if representative is None:
        form.representative.errors.append(
            _("There is no suggestion %(label)s you may see.", label=form.representative.data)
        )
    subject = suggestion
    if form.member_number is not None:
        subject = _visible(form.member_number)
        if subject is None:
            form.representative.errors.append(
                _("There is no suggestion %(label)s you may see.", label=form.member.data)
            )
    if form.representative.errors:
        return _render(suggestion, INVALID, {"group": form}, error_in="grouping")
    return _submit(
        suggestion, "group", form,
        lambda: services.group_under(subject, representative, actor=_me(),
                                     expected=form.expected),
        _("Suggestion %(member)s is now answered together with %(representative)s.",
          member=services.label(subject), representative=services.label(representative)),
        "grouping", subject=subject,
    )


@bp.post("/<slug>/A-<int:suggestion_number>/ungroup")
@triage_view
def ungroup_suggestion(slug: str, suggestion_number: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_edit)
    form = forms.UngroupForm(formdata=request.form)
    subject = suggestion
    if form.member.data:
        subject = _visible(form.member_number)
        if subject is None:
            abort(404)
    return _submit(
        suggestion, "lock", form,
        lambda: services.ungroup(subject, actor=_me(), expected=form.expected),
        _("Suggestion %(label)s was taken out of its group.", label=services.label(subject)),
        "grouping", subject=subject,
    )


# ---------------------------------------------------------------- resulting changes

@bp.post("/<slug>/A-<int:suggestion_number>/changes")
@triage_view
def link_change(slug: str, suggestion_number: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_edit)
    later = _later_nodes(suggestion)
    form = _link_form(suggestion, later, formdata=request.form)
    nodes = {str(n.id): n for _version, found in later for n in found}
    return _submit(
        suggestion, "link", form,
        lambda: services.link_change(suggestion, nodes[form.node.data], actor=_me()),
        _("The resulting change was linked."), "changes",
    )


@bp.post("/<slug>/A-<int:suggestion_number>/changes/<int:change_id>/delete")
@triage_view
def unlink_change(slug: str, suggestion_number: int, change_id: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_edit)
    change = db.session.scalar(
        select(ResultingChange).where(
            ResultingChange.id == change_id, ResultingChange.suggestion_id == suggestion.id
        )
    )
    if change is None:
        abort(404)
    form = _lock_form(suggestion, formdata=request.form)
    return _submit(
        suggestion, "lock", form, lambda: services.unlink_change(change, actor=_me()),
        _("The link to the change was removed."), "changes",
    )


# ---------------------------------------------------------------- translated reasons

@bp.post("/<slug>/A-<int:suggestion_number>/translations")
@keeps_input
@triage_view
def translate_reason(slug: str, suggestion_number: int):
    suggestion = _load(suggestion_number)
    _allow(g.triage.may_edit)
    form = forms.TranslationForm(
        formdata=request.form, languages=_translation_languages(suggestion)
    )

    def act():
        # The translation belongs to the reason the person read: a changed one is a conflict.
        services.check_expected(suggestion, form.expected)
        services.set_reason_translation(
            suggestion, language=form.language.data, text=form.text.data or "",
            origin=form.origin.data, actor=_me(),
        )

    return _submit(suggestion, "translation", form, act, _("The translation was saved."),
                   "translations")


# ---------------------------------------------------------------- the triage log

def _log_scope(process):
    """Triage audit entries of this process, by the object they are about."""
    def of(model, type_name, prefix):
        ids = select(model.id).where(model.process_id == process.id)
        return and_(
            AuditEntry.object_type == type_name,
            AuditEntry.object_id.in_(ids),
            AuditEntry.action.startswith(prefix, autoescape=True),
        )

    return or_(
        of(Suggestion, "Suggestion", "suggestion."),
        of(Contribution, "Contribution", "contribution.split_"),
        of(Group, "Group", "group."),
        of(ReplyTemplate, "ReplyTemplate", "reply_template."),
        of(Version, "Version", "decisions."),
        # Deleted objects can no longer be joined: their records carry the process.
        and_(
            AuditEntry.action.in_(DELETE_ACTIONS),
            AuditEntry.params["process_id"].as_integer() == process.id,
        ),
    )


DELETE_ACTIONS = ("suggestion.delete", "group.delete", "reply_template.delete")


@bp.get("/<slug>/log")
@require("triage.read")
@triage_view
def log(slug: str):
    process = g.process
    scope = _log_scope(process)
    actions = [a for a in MESSAGES if a.startswith(LOG_PREFIXES)]
    form = forms.LogFilterForm(formdata=request.args)
    form.action.choices = [SelectChoice("", _("All actions"))] + [
        SelectChoice(a, str(ACTION_TITLES.get(a, a))) for a in actions
    ]
    actors = list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(select(AuditEntry.actor_id).where(scope)))
            .order_by(User.display_name, User.id)
        )
    )
    form.actor.choices = [SelectChoice("", _("Everyone"))] + [
        SelectChoice(str(u.id), person_name(u)) for u in actors
    ]
    action = actor_id = None
    if form.validate():
        action = form.action.data or None
        actor_id = int(form.actor.data) if form.actor.data else None
    query = select(AuditEntry).where(scope).options(selectinload(AuditEntry.actor))
    if action:
        query = query.where(AuditEntry.action == action)
    if actor_id is not None:
        query = query.where(AuditEntry.actor_id == actor_id)
    page = request.args.get("page", 1, type=int) or 1
    pagination = db.paginate(
        query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()),
        page=max(1, min(page, 100_000)), per_page=LOG_PER_PAGE, error_out=False,
    )
    entries = list(pagination.items)
    lookup: Lookup = lookup_for(
        entries, groups=queries.groups(process), sections={}, user_ids=set(),
        suggestion_ids={e.object_id for e in entries if e.object_type == "Suggestion"},
    )
    return render_template(
        "triage/log.html",
        process=process,
        form=form,
        pagination=pagination,
        rows=history_rows(entries, lookup, internal=True),
        lookup=lookup,
        filters={"action": action, "actor": actor_id},
        queue_url=url_for("triage.queue", slug=process.slug),
    )

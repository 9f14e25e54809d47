"""Splitting contributions into suggestions: the inbox of contributions, the split page of one
contribution, and the actions on it (take a passage, a paragraph or the whole text, mark it
done, delete a suggestion taken by mistake). Staff only (`triage.edit`); the inbox needs
`triage.read`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from consult.accounts.forms import ActionForm, max_length, no_control_characters
from consult.errors import DomainError, StaleEdit
from consult.extensions import db
from consult.i18n import content_language
from consult.participation.models import Channel, ContributionKind, ContributionStatus
from consult.plans.forms import BaseForm, MultiCheckboxField, language_choices
from consult.security import keeps_input, require
from consult.statements import queries as statement_queries
from consult.triage import queries, services
from consult.triage import split_queries as sq
from consult.triage.access import triage_view
from consult.triage.blueprint import bp
from consult.triage.models import Outcome

INVALID = 422
CONFLICT = 409
PER_PAGE = 25
MAX_PAGE = 100_000
PASSAGE_MAX = 100_000
TAGS_MAX = 1_000


def _me():
    return current_user._get_current_object()


def _page() -> int:
    page = request.args.get("page", 1, type=int)
    return page if page and 0 < page < MAX_PAGE else 1


def suggestion_url(slug: str, number: int) -> str:
    """The suggestion's triage page."""
    return url_for("triage.show_suggestion", slug=slug, suggestion_number=number)


def _triage_home(slug: str) -> str:
    return url_for("manage_triage.overview", slug=slug)


def _int(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < 2**31 else None


# ---------------------------------------------------------------- forms

class InboxFilterForm(FlaskForm):
    """The GET filters above the inbox."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), default="", validators=[Optional()])
    channel = SelectField(_l("Channel"), default="", validators=[Optional()])
    language = SelectField(_l("Language"), default="", validators=[Optional()])
    version = SelectField(_l("Version"), default="", validators=[Optional()])
    state = SelectField(_l("State"), default=sq.TODO, validators=[Optional()])

    def __init__(self, *args, languages=(), versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = str(_l("All"))
        self.kind.choices = [("", everything)] + [(k.value, k.title) for k in sq.KINDS]
        self.channel.choices = [("", everything)] + [(c.value, c.title) for c in Channel]
        self.language.choices = [("", everything), *language_choices(languages)]
        language = content_language()
        self.version.choices = [("", everything)] + [
            (str(v.number), _("Version %(number)s: %(title)s", number=v.number,
                              title=v.title(language)))
            for v in versions
        ]
        self.state.choices = [
            (sq.TODO, str(_l("To do"))), (sq.DONE, str(_l("Done"))), (sq.ALL, everything),
        ]


class TakeForm(BaseForm):
    """Take one suggestion out of a contribution: a marked passage, or one typed in."""

    # Offsets in the original text, filled by the script when staff select text.
    start = HiddenField()
    end = HiddenField()
    passage = TextAreaField(
        _l("Passage (if you did not select it in the text)"),
        validators=[Optional(), max_length(PASSAGE_MAX)],
    )
    summary = TextAreaField(
        _l("Summary (optional)"),
        validators=[Optional(), max_length(services.SUMMARY_MAX)],
    )
    sections = MultiCheckboxField(_l("Sections"))
    tags = StringField(
        _l("Tags (optional, separated by commas)"),
        validators=[Optional(), max_length(TAGS_MAX), no_control_characters],
    )
    language = SelectField(_l("Language of the suggestion"), validators=[InputRequired()])
    group = SelectField(_l("Group"), default="")

    def __init__(self, *args, context: SplitContext, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections.choices = [(o.key, o.key) for o in _flatten(context.options)]
        self.language.choices = language_choices(context.languages)
        self.group.choices = [("", str(_l("No group")))] + [
            (str(group.id), group.name) for group in context.groups
        ]

    def offsets(self) -> tuple[int | None, int | None]:
        return _int(self.start.data), _int(self.end.data)

    def tag_names(self) -> list[str]:
        return [name.strip() for name in (self.tags.data or "").split(",") if name.strip()]


class QuickTakeForm(FlaskForm):
    """One click: take a paragraph (its offsets) with the proposed sections and group."""

    start = HiddenField(validators=[InputRequired()])
    end = HiddenField(validators=[InputRequired()])


class DoneForm(FlaskForm):
    done = HiddenField(validators=[InputRequired()])
    then = HiddenField()


class DeleteForm(FlaskForm):
    lock_version = HiddenField(validators=[InputRequired()])


def _flatten(options):
    return statement_queries.flatten(options)


# ---------------------------------------------------------------- the inbox

@bp.get("/<slug>/contributions")
@require("triage.read")
@triage_view
def contributions(slug: str):
    process = g.process
    versions = sorted(process.versions, key=lambda v: v.number)
    form = InboxFilterForm(request.args, languages=sq.inbox_languages(process), versions=versions)
    if not form.validate():
        abort(400)
    version = next((v for v in versions if str(v.number) == form.version.data), None)
    state = form.state.data or sq.TODO
    pagination = db.paginate(
        sq.inbox(
            process,
            kind=form.kind.data or None,
            channel=form.channel.data or None,
            language=form.language.data or None,
            version=version,
            state=state,
        ),
        page=_page(), per_page=PER_PAGE, error_out=False,
    )
    filters = {
        name: value for name, value in (
            ("kind", form.kind.data), ("channel", form.channel.data),
            ("language", form.language.data), ("version", form.version.data),
            ("state", form.state.data if form.state.data != sq.TODO else None),
        ) if value
    }
    return render_template(
        "triage/contributions.html",
        process=process, form=form, pagination=pagination, filters=filters, state=state,
        counts=sq.inbox_counts(process),
        suggestion_counts=sq.suggestion_counts([c.id for c in pagination.items]),
        kinds=sq.KINDS, states=sq.STATES, excerpt=sq.excerpt,
        contribution_label=services.contribution_label,
        triage_home=_triage_home(process.slug),
    )


# ---------------------------------------------------------------- the split page

@dataclass
class SplitContext:
    """What the split page and its form need besides the contribution (fixed queries)."""

    version: object
    options: list
    groups: list
    languages: list[str]


def _context(contribution) -> SplitContext:
    process = g.process
    version = sq.form_version(process, contribution)
    options = statement_queries.section_options(
        version, content_language(), process.original_language
    )
    known = {o.key for o in _flatten(options)}
    for section in services.contribution_sections(contribution):
        if section.key not in known:  # not in that version: still offered, by its key
            options.append(statement_queries.SectionOption(
                key=section.key, number="", title=section.key,
                language=process.original_language, depth=0, children=[],
            ))
    languages = [*(process.languages or []), process.original_language, contribution.language]
    return SplitContext(
        version=version,
        options=options,
        groups=sq.process_groups(process),
        languages=[code for code in dict.fromkeys(languages) if code],
    )


def _fresh_form(contribution, context: SplitContext) -> TakeForm:
    sections = services.contribution_sections(contribution)
    proposed = services.proposed_group(contribution.process_id, sections)
    return TakeForm(
        formdata=None, context=context,
        data={
            "sections": [s.key for s in sections],
            "language": contribution.language,
            "group": str(proposed.id) if proposed is not None else "",
        },
    )


def _render(contribution, context: SplitContext, form: TakeForm, status: int = 200,
            message: str | None = None, conflict=None):
    process = g.process
    suggestions = queries.suggestions_of(contribution)
    body = contribution.body or ""
    previous_id, next_id = sq.neighbours(process, contribution)
    start, end = form.offsets()
    marked = body[slice(*sq.trimmed(body, start, end))] if sq.valid_range(body, start, end) else None
    by_key = {o.key: o for o in _flatten(context.options)}
    return render_template(
        "triage/split_contribution.html",
        process=process,
        contribution=contribution,
        splittable=contribution.status == ContributionStatus.RECEIVED.value,
        kind_title=ContributionKind(contribution.kind).title,
        label=services.contribution_label(contribution),
        sections=[by_key.get(s.key) or s.key for s in services.contribution_sections(contribution)],
        suggestions=suggestions,
        paragraphs=sq.paragraphs(body, suggestions, services.label),
        context=context,
        form=form,
        action_form=ActionForm(formdata=None),
        done_form=DoneForm(formdata=None),
        delete_form=DeleteForm(formdata=None),
        marked=marked,
        previous_id=previous_id,
        next_id=next_id,
        message=message,
        conflict=conflict,
        suggestion_url=suggestion_url,
        suggestion_label=services.label,
        outcome_title=lambda outcome: Outcome(outcome).title,
        excerpt=sq.excerpt,
        triage_home=_triage_home(process.slug),
    ), status


@bp.get("/<slug>/contributions/<int:contribution_id>")
@require("triage.edit")
@triage_view
def split_contribution(slug: str, contribution_id: int):
    contribution = sq.contribution_or_404(g.process, contribution_id)
    context = _context(contribution)
    return _render(contribution, context, _fresh_form(contribution, context))


def _back(contribution):
    return redirect(
        url_for(".split_contribution", slug=g.process.slug, contribution_id=contribution.id),
        code=303,
    )


def _already_taken(contribution, start: int, end: int):
    """Redirect when this person just took exactly this passage (a double submit)."""
    start, end = sq.trimmed(contribution.body or "", start, end)
    duplicate = sq.recent_duplicate(contribution, start, end, getattr(_me(), "id", None))
    if duplicate is None:
        return None
    db.session.rollback()
    flash(
        _("This passage was just taken as suggestion %(label)s; no second suggestion was made.",
          label=services.label(duplicate)),
        "warning",
    )
    return _back(contribution)


def _take(contribution, context, form, *, start, end, sections=None, tags=(), language=None,
          group=None, no_group=False, summary=""):
    """Call the service, commit once, redirect; on errors re-render with the input kept."""
    duplicate = _already_taken(contribution, start, end)
    if duplicate is not None:
        return duplicate
    try:
        suggestion = services.split(
            contribution, actor=_me(), start=start, end=end, summary=summary,
            sections=sections, tags=tags, language=language,
            group=None if no_group else (group or services.PROPOSED),
        )
        label = services.label(suggestion)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        return _render(contribution, context, form, INVALID, message=str(error))
    except IntegrityError:
        # Someone took a suggestion of this process at the same moment (same number).
        db.session.rollback()
        duplicate = _already_taken(contribution, start, end)
        if duplicate is not None:
            return duplicate
        return _render(
            contribution, context, form, CONFLICT,
            message=_("Someone else took a suggestion at the same moment. Your input is still "
                      "here: please send it again."),
        )
    flash(_("Suggestion %(label)s was taken from the contribution.", label=label), "success")
    return _back(contribution)


@bp.post("/<slug>/contributions/<int:contribution_id>/suggestions")
@require("triage.edit")
@triage_view
@keeps_input
def take_suggestion(slug: str, contribution_id: int):
    contribution = sq.contribution_or_404(g.process, contribution_id)
    context = _context(contribution)
    body = contribution.body or ""
    if request.form.get("quick") == "paragraph":
        quick = QuickTakeForm()
        start, end = _int(quick.start.data), _int(quick.end.data)
        form = _fresh_form(contribution, context)
        form.start.data, form.end.data = quick.start.data, quick.end.data
        if not quick.validate_on_submit():
            return _render(contribution, context, form, INVALID, message=_(
                "Your form had expired. Please press the button again."
            ) if "csrf_token" in quick.errors else _("Mark a passage first."))
        if not sq.valid_range(body, start, end):
            form.passage.errors = [_("This paragraph is not part of the text.")]
            return _render(contribution, context, form, INVALID)
        return _take(contribution, context, form, start=start, end=end)

    form = TakeForm(context=context)
    if not form.validate_on_submit():
        return _render(contribution, context, form, INVALID)
    start, end = form.offsets()
    passage = (form.passage.data or "").strip()
    if passage and not (
        sq.valid_range(body, start, end)
        and " ".join(body[start:end].split()) == " ".join(passage.split())
    ):
        found = sq.find_passage(body, passage, sq.taken_before(contribution, _me().id))
        if found is None:
            form.passage.errors = [_(
                "This passage was not found in the text of the contribution. Copy it exactly "
                "from the text, or select it there."
            )]
            return _render(contribution, context, form, INVALID)
        start, end = found
    elif not sq.valid_range(body, start, end):
        form.passage.errors = [_(
            "Mark a passage first: select it in the text, paste it here, or take a whole "
            "paragraph."
        )]
        return _render(contribution, context, form, INVALID)
    keys = form.sections.data or []
    chosen = {s.key: s for s in statement_queries.sections_by_keys(g.process, keys)}
    groups = {str(group.id): group for group in context.groups}
    return _take(
        contribution, context, form, start=start, end=end,
        summary=form.summary.data or "",
        sections=[chosen[key] for key in keys if key in chosen],
        tags=form.tag_names(),
        language=form.language.data,
        group=groups.get(form.group.data or ""),
        no_group=not form.group.data,
    )


@bp.post("/<slug>/contributions/<int:contribution_id>/whole")
@require("triage.edit")
@triage_view
def take_whole(slug: str, contribution_id: int):
    contribution = sq.contribution_or_404(g.process, contribution_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    body = contribution.body or ""
    duplicate = _already_taken(contribution, 0, len(body))
    if duplicate is not None:
        return duplicate
    try:
        suggestion = services.split_whole(contribution, actor=_me())
        label = services.label(suggestion)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        context = _context(contribution)
        return _render(contribution, context, _fresh_form(contribution, context), INVALID,
                       message=str(error))
    except IntegrityError:
        db.session.rollback()
        duplicate = _already_taken(contribution, 0, len(body))
        if duplicate is not None:
            return duplicate
        context = _context(contribution)
        return _render(
            contribution, context, _fresh_form(contribution, context), CONFLICT,
            message=_("Someone else took a suggestion at the same moment. Please try again."),
        )
    flash(
        _("The whole contribution was taken as suggestion %(label)s and marked as done.",
          label=label),
        "success",
    )
    return _back(contribution)


@bp.post("/<slug>/contributions/<int:contribution_id>/done")
@require("triage.edit")
@triage_view
def mark_split_done(slug: str, contribution_id: int):
    contribution = sq.contribution_or_404(g.process, contribution_id)
    form = DoneForm()
    if not form.validate_on_submit() or form.done.data not in ("0", "1"):
        abort(400)
    done = form.done.data == "1"
    services.set_split_done(contribution, done, actor=_me())
    following = sq.next_to_do(g.process, contribution) if done and form.then.data == "next" else None
    db.session.commit()
    label = services.contribution_label(contribution)
    if done:
        flash(_("Contribution %(label)s is marked as fully split.", label=label), "success")
    else:
        flash(_("Contribution %(label)s is open for splitting again.", label=label), "success")
    if following is not None:
        return redirect(
            url_for(".split_contribution", slug=g.process.slug, contribution_id=following),
            code=303,
        )
    if done and form.then.data == "next":
        flash(_("No contribution is left to do."), "success")
        return redirect(url_for(".contributions", slug=g.process.slug), code=303)
    return _back(contribution)


@bp.post("/<slug>/A-<int:suggestion_number>/delete")
@require("triage.edit")
@triage_view
def delete_suggestion(slug: str, suggestion_number: int):
    suggestion = queries.suggestion_or_404(g.process, suggestion_number, g.triage)
    contribution = sq.contribution_or_404(g.process, suggestion.contribution_id)
    form = DeleteForm()
    if not form.validate_on_submit() or _int(form.lock_version.data) is None:
        abort(400)
    label = services.label(suggestion)
    try:
        services.delete_suggestion(
            suggestion, actor=_me(), expected=_int(form.lock_version.data)
        )
        db.session.commit()
    except (StaleEdit, StaleDataError):
        db.session.rollback()
        return _conflict(contribution, suggestion_number, label)
    except DomainError as error:
        db.session.rollback()
        context = _context(contribution)
        return _render(contribution, context, _fresh_form(contribution, context), INVALID,
                       message=str(error))
    flash(_("Suggestion %(label)s was deleted.", label=label), "success")
    return _back(contribution)


def _conflict(contribution, suggestion_number: int, label: str):
    """Someone changed the suggestion since the page was loaded: show what they changed."""
    context = _context(contribution)
    current = queries.suggestion_or_404(g.process, suggestion_number, g.triage)
    return _render(
        contribution, context, _fresh_form(contribution, context), CONFLICT,
        message=_(
            "Someone else changed suggestion %(label)s while you were looking at it. It was "
            "not deleted. Check the changes below and delete it again if it is still wrong.",
            label=label,
        ),
        conflict={"label": label, "entries": queries.audit_entries(current, limit=5)},
    )

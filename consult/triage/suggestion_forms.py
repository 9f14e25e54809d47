"""Forms of the suggestion page: details, routing, recommendation, decision, grouping, the
resulting change, translated reasons and the triage log's filter.

Every form that changes a suggestion carries the `lock_version` the person saw. Field ids are
unique across the page (several forms share field names such as `outcome`).
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from consult.accounts.forms import max_length, no_control_characters
from consult.plans.forms import BaseForm, MultiCheckboxField
from consult.triage import services
from consult.triage.models import Outcome

LABEL_PATTERN = re.compile(r"^\s*(?:A\s*-?\s*)?(\d{1,9})\s*$", re.IGNORECASE)
TAGS_MAX = 1000
ORIGINS = ("human_translation", "machine_translation")


def parse_label(value) -> int | None:
    """ "A-12", "a12" or "12" -> 12; anything else -> None."""
    match = LABEL_PATTERN.match(value or "") if isinstance(value, str) else None
    return int(match.group(1)) if match else None


def _lock_version(_form, field) -> None:
    if not (field.data or "").isdigit() or len(field.data) > 9:
        raise ValidationError(_l("The form is incomplete. Please reload the page."))


def outcome_choices() -> list[SelectChoice]:
    return [SelectChoice(o.value, o.title) for o in Outcome]


def template_choices(templates) -> list[SelectChoice]:
    """The reply library as options; each carries its text for the script that fills the field."""
    return [SelectChoice("", str(_l("— no standard reply —")))] + [
        SelectChoice(
            str(t.id), t.title,
            render_kw={"data-text": t.text, "data-outcome": t.outcome or "",
                       "lang": t.language.replace("_", "-")},
        )
        for t in templates
    ]


class LockedForm(BaseForm):
    lock_version = HiddenField(_l("Version seen"), validators=[_lock_version])

    @property
    def expected(self) -> int:
        return int(self.lock_version.data)


class LockForm(LockedForm):
    """Reopen, publish, unpublish, unlink: nothing but the version seen."""


class DetailsForm(LockedForm):
    summary = TextAreaField(
        _l("Summary"), id="details-summary",
        validators=[Optional(), max_length(services.SUMMARY_MAX)],
    )
    sections = MultiCheckboxField(_l("Sections"), id="details-sections")
    language = SelectField(_l("Language of the passage"), id="details-language",
                           validators=[InputRequired()])
    tags = StringField(
        _l("Tags"), id="details-tags",
        validators=[Optional(), max_length(TAGS_MAX), no_control_characters],
    )

    def __init__(self, *args, section_keys=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections.choices = [SelectChoice(key, key) for key in section_keys]
        self.language.choices = list(languages)

    def validate_tags(self, field) -> None:
        for name in self.tag_names():
            if len(name) > services.TAG_MAX:
                raise ValidationError(
                    _l("A tag may be at most %(max)s characters long.", max=services.TAG_MAX)
                )

    def tag_names(self) -> list[str]:
        return [name.strip() for name in (self.tags.data or "").split(",") if name.strip()]


class AssignForm(LockedForm):
    group = SelectField(_l("Group"), id="assign-group", default="")
    assignee = SelectField(_l("Assigned to"), id="assign-assignee", default="")

    def __init__(self, *args, groups=(), staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        from consult.accounts.services import person_name

        self.group.choices = [SelectChoice("", str(_l("— no group —")))] + [
            SelectChoice(str(g.id), g.name) for g in groups
        ]
        staff_label = str(_l("Staff"))
        options = [SelectChoice("", str(_l("— nobody —")))] + [
            SelectChoice(str(u.id), person_name(u), optgroup=staff_label) for u in staff
        ]
        self.members: dict[str, set[str]] = {}
        for group in groups:
            members = [m for m in group.members if m.user is not None]
            self.members[str(group.id)] = {str(m.user_id) for m in members}
            options += [
                SelectChoice(str(m.user_id), person_name(m.user), optgroup=group.name)
                for m in members
            ]
        self.assignee.choices = options
        self.staff_ids = {str(u.id) for u in staff}

    def validate_assignee(self, field) -> None:
        if not field.data:
            return
        if field.data not in self.staff_ids and field.data not in self.members.get(
            self.group.data or "", set()
        ):
            raise ValidationError(_l("Choose a member of the chosen group or a staff member."))


class _TemplateMixin:
    """Fills the text field from the chosen standard reply when it was left empty (no script)."""

    text_field_name = ""

    def use_template(self, templates) -> None:
        chosen = self.template.data  # type: ignore[attr-defined]
        text = self[self.text_field_name]  # type: ignore[index]
        if chosen and not (text.data or "").strip():
            template = templates.get(chosen)
            if template is not None:
                text.data = template.text


class RecommendForm(_TemplateMixin, LockedForm):
    text_field_name = "reasoning"
    outcome = RadioField(
        _l("Recommended outcome"), id="recommend-outcome",
        validators=[InputRequired(message=_l("Choose an outcome."))],
    )
    reasoning = TextAreaField(
        _l("Reasoning"), id="recommend-reasoning",
        validators=[Optional(), max_length(services.REASON_MAX)],
    )
    template = SelectField(_l("Standard reply"), id="recommend-template", default="")

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = outcome_choices()
        self.template.choices = template_choices(templates)


class DecideForm(_TemplateMixin, LockedForm):
    text_field_name = "public_reason"
    outcome = RadioField(
        _l("Decision"), id="decide-outcome",
        validators=[InputRequired(message=_l("Choose an outcome."))],
    )
    public_reason = TextAreaField(
        _l("Public reason"), id="decide-reason",
        validators=[Optional(), max_length(services.REASON_MAX)],
    )
    internal_note = TextAreaField(
        _l("Internal note (internal, never published)"), id="decide-note",
        validators=[Optional(), max_length(services.NOTE_MAX)],
    )
    template = SelectField(_l("Standard reply"), id="decide-template", default="")

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = outcome_choices()
        self.template.choices = template_choices(templates)

    def validate_public_reason(self, field) -> None:
        if self.outcome.data and self.outcome.data != Outcome.ACCEPTED.value and not (
            field.data or ""
        ).strip():
            raise ValidationError(
                _l("Give a public reason: it is required unless the suggestion is accepted.")
            )


class GroupForm(LockedForm):
    representative = StringField(
        _l("Answer together with suggestion"), id="group-representative",
        validators=[InputRequired(message=_l("Give the number of a suggestion, e.g. A-12."))],
    )
    member = HiddenField(validators=[Optional()])

    def validate_representative(self, field) -> None:
        if parse_label(field.data) is None:
            raise ValidationError(_l("Give the number of a suggestion, e.g. A-12."))

    def validate_member(self, field) -> None:
        if field.data and parse_label(field.data) is None:
            raise ValidationError(_l("Give the number of a suggestion, e.g. A-12."))

    @property
    def representative_number(self) -> int:
        return parse_label(self.representative.data)  # type: ignore[return-value]

    @property
    def member_number(self) -> int | None:
        return parse_label(self.member.data) if self.member.data else None


class UngroupForm(LockedForm):
    member = HiddenField(validators=[Optional()])

    def validate_member(self, field) -> None:
        if field.data and parse_label(field.data) is None:
            raise ValidationError(_l("Give the number of a suggestion, e.g. A-12."))

    @property
    def member_number(self) -> int | None:
        return parse_label(self.member.data) if self.member.data else None


class LinkChangeForm(LockedForm):
    node = SelectField(
        _l("Section in a later version"), id="change-node",
        validators=[InputRequired(message=_l("Choose a section."))], validate_choice=True,
    )

    def __init__(self, *args, versions=(), version_title=None, node_title=None, **kwargs):
        super().__init__(*args, **kwargs)
        options = [SelectChoice("", str(_l("— choose a section —")))]
        for version, nodes in versions:
            title = version_title(version)
            options += [SelectChoice(str(n.id), node_title(n), optgroup=title) for n in nodes]
        self.node.choices = options


class TranslationForm(LockedForm):
    language = HiddenField(validators=[InputRequired()])
    text = TextAreaField(
        _l("Translated reason"), validators=[Optional(), max_length(services.REASON_MAX)]
    )
    origin = RadioField(
        _l("Where the translation comes from"),
        choices=[SelectChoice("human_translation", _l("Translated by a person")),
                 SelectChoice("machine_translation", _l("Machine translation"))],
        default="human_translation", validators=[InputRequired()],
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_languages = list(languages)

    def validate_language(self, field) -> None:
        if field.data not in self.allowed_languages:
            raise ValidationError(_l("Choose a language of the process."))


class LogFilterForm(BaseForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Kind of action"), id="log-action", validators=[Optional()])
    actor = SelectField(_l("Done by"), id="log-actor", validators=[Optional()])

"""Staff forms for setting up triage: groups and their members, the library of standard replies.

Choices that depend on the process (the sections of its newest version, its languages) are set
per request by the view.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from consult.plans.forms import BaseForm, ConfirmForm, MultiCheckboxField, language_choices
from consult.triage.models import (
    GROUP_KIND_TITLES,
    GROUP_ROLE_TITLES,
    OUTCOME_TITLES,
    GroupKind,
    GroupRole,
)
from consult.triage.services import REASON_MAX

__all__ = [
    "ConfirmForm",
    "GroupForm",
    "KIND_TITLES",
    "MemberForm",
    "ROLE_TITLES",
    "ReplyForm",
]

NAME_MAX = 200
DESCRIPTION_MAX = 5_000
EMAIL_MAX = 254

KIND_TITLES = {kind.value: title for kind, title in GROUP_KIND_TITLES.items()}
ROLE_TITLES = {role.value: title for role, title in GROUP_ROLE_TITLES.items()}


class GroupForm(BaseForm):
    name = StringField(
        _l("Name"), validators=[InputRequired(), Length(max=NAME_MAX)], render_kw={"dir": "auto"}
    )
    kind = RadioField(
        _l("Kind of group"),
        choices=[SelectChoice(value, title) for value, title in KIND_TITLES.items()],
        default=GroupKind.EXPERT_GROUP.value,
        validators=[InputRequired()],
    )
    description = TextAreaField(
        _l("Description (optional)"),
        validators=[Optional(), Length(max=DESCRIPTION_MAX)],
        render_kw={"dir": "auto", "rows": 4},
    )
    decides = BooleanField(_l("This body decides on suggestions"))
    sections = MultiCheckboxField(_l("Sections this group answers for"), validate_choice=False)

    def set_section_options(self, options: list[tuple[str, str, str, int]]) -> None:
        """(section id, number, title, depth) of the newest version, in document order."""
        self.section_options = options
        self.sections.choices = [SelectChoice(value, title) for value, _n, title, _d in options]

    def validate_sections(self, field) -> None:
        allowed = {choice.value for choice in field.choices or []}
        field.data = [value for value in (field.data or []) if value]
        if any(value not in allowed for value in field.data):
            raise ValidationError(_("Choose sections from the list."))

    @property
    def section_ids(self) -> list[int]:
        return [int(value) for value in self.sections.data or []]


class MemberForm(BaseForm):
    email = EmailField(
        _l("E-mail address of the account"),
        validators=[InputRequired(), Length(max=EMAIL_MAX)],
        render_kw={"autocomplete": "off", "dir": "ltr"},
    )
    role = SelectField(
        _l("Role in the group"),
        choices=[SelectChoice(value, title) for value, title in ROLE_TITLES.items()],
        default=GroupRole.EXTERNAL_EXPERT.value,
        validators=[InputRequired()],
    )


class ReplyForm(BaseForm):
    title = StringField(
        _l("Title"), validators=[InputRequired(), Length(max=NAME_MAX)], render_kw={"dir": "auto"}
    )
    outcome = SelectField(_l("Outcome it fits (optional)"), validators=[Optional()])
    language = SelectField(_l("Language of the text"), validators=[InputRequired()])
    text = TextAreaField(
        _l("Text"),
        validators=[InputRequired(), Length(max=REASON_MAX)],
        render_kw={"dir": "auto", "rows": 8},
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [SelectChoice("", _("Any outcome"))] + [
            SelectChoice(str(value), title) for value, title in OUTCOME_TITLES.items()
        ]
        self.language.choices = language_choices(languages)

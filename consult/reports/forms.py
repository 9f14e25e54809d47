"""Staff forms for reports and milestones. Fields per language are built per request, one
fieldset per language (`title_<code>`, `body_<code>`; `name_<code>`, `description_<code>`)."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from consult.i18n import language_name_in
from consult.plans.forms import BaseForm, LanguageFieldsMixin, field_name
from consult.reports import services
from consult.reports.models import MilestoneKind


def _in_language(text: str, code: str) -> str:
    return _(
        "%(field)s (%(language)s)",
        field=text,
        language=language_name_in(code, str(get_locale() or "de")),
    )


def _none_choice() -> SelectChoice:
    return SelectChoice("", _("— none —"))


class ReportFormBase(LanguageFieldsMixin, BaseForm):
    original_language: str = ""
    # A published report keeps a date: set for the edit form of a published report.
    date_required: bool = False

    published_on = DateField(_l("Publication date"), validators=[Optional()])
    group = SelectField(_l("Body"), validators=[Optional()])
    milestone = SelectField(_l("Milestone of the timeline"), validators=[Optional()])
    publish = BooleanField(_l("Publish: show it on the public pages from its date on"))

    def set_choices(self, groups, milestone_choices: list[tuple[int, str]]) -> None:
        self.group.choices = [_none_choice()] + [SelectChoice(str(g.id), g.name) for g in groups]
        self.milestone.choices = [_none_choice()] + [
            SelectChoice(str(value), label) for value, label in milestone_choices
        ]

    def texts(self) -> dict[str, tuple[str, str]]:
        return {
            code: (
                self.language_field("title", code).data or "",
                self.language_field("body", code).data or "",
            )
            for code in self.language_codes
        }

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for code in self.language_codes:
            title, body = self.language_field("title", code), self.language_field("body", code)
            if body.data and not title.data and not title.errors:
                title.errors = [*title.errors, _("A text in this language needs a title.")]
                valid = False
        needs_date = self.publish.data or self.date_required
        if needs_date and not self.published_on.data and not self.published_on.errors:
            self.published_on.errors = [
                *self.published_on.errors, _("A published report needs a publication date.")
            ]
            valid = False
        return valid


def report_form_class(languages: list[str], original: str) -> type[ReportFormBase]:
    codes = [original, *(code for code in languages if code != original)]
    attrs: dict[str, Any] = {"language_codes": codes, "original_language": original}
    for code in codes:
        required = InputRequired() if code == original else Optional()
        attrs[field_name("title", code)] = StringField(
            _in_language(_("Title"), code),
            validators=[required, Length(max=services.MAX_TITLE)],
        )
        attrs[field_name("body", code)] = TextAreaField(
            _in_language(_("Text (Markdown)"), code),
            validators=[Optional(), Length(max=services.MAX_BODY)],
        )
    return type("ReportForm", (ReportFormBase,), attrs)


class PublishForm(BaseForm):
    action = StringField(validators=[InputRequired(), AnyOf(["publish", "unpublish"])])
    back = StringField(validators=[Optional(), AnyOf(["list", "edit"])])


class ConfirmForm(BaseForm):
    """A confirmation button: the CSRF token is all it carries."""


class MilestoneFormBase(LanguageFieldsMixin, BaseForm):
    kind = SelectField(_l("Kind of step"), validators=[InputRequired()])
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    reference = StringField(
        _l("Reference"), validators=[Optional(), Length(max=services.MAX_REFERENCE)]
    )
    version = SelectField(_l("Version of the plan"), validators=[Optional()])
    event = SelectField(_l("Event"), validators=[Optional()])
    group = SelectField(_l("Body"), validators=[Optional()])
    position = IntegerField(
        _l("Order among steps on the same day"),
        validators=[Optional(), NumberRange(min=0, max=1000)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(kind.value, kind.title) for kind in MilestoneKind]

    def set_choices(self, versions, events, groups) -> None:
        self.version.choices = [_none_choice()] + [SelectChoice(str(v), t) for v, t in versions]
        self.event.choices = [_none_choice()] + [SelectChoice(str(e), t) for e, t in events]
        self.group.choices = [_none_choice()] + [SelectChoice(str(g.id), g.name) for g in groups]

    def validate_ends_on(self, field) -> None:
        from wtforms.validators import ValidationError

        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_("The last day cannot be before the first day."))


def milestone_form_class(languages: list[str], original: str) -> type[MilestoneFormBase]:
    codes = [original, *(code for code in languages if code != original)]
    attrs: dict[str, Any] = {"language_codes": codes}
    for code in codes:
        attrs[field_name("name", code)] = StringField(
            _in_language(_("Name"), code),
            validators=[Optional(), Length(max=services.MAX_NAME)],
        )
        attrs[field_name("description", code)] = TextAreaField(
            _in_language(_("Description"), code),
            validators=[Optional(), Length(max=services.MAX_DESCRIPTION)],
        )
    return type("MilestoneForm", (MilestoneFormBase,), attrs)

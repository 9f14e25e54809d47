"""Forms for events, tables and forum cards (staff), and the phone form for attendees.

Choices that depend on the event (tables, sections of the version discussed, languages) are
set per request by the view with the `set_*` helpers below.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from consult.forum.services import MAX_CARD_TEXT, MAX_PHONE_TEXT
from consult.plans.forms import (
    BaseForm,
    ConfirmForm,
    MultiCheckboxField,
    choices,
    language_choices,
)

__all__ = [
    "BatchForm",
    "CardForm",
    "ConfirmForm",
    "CsvUploadForm",
    "EventForm",
    "LanguageForm",
    "PhoneCardForm",
    "TableForm",
    "choices",
]

MAX_BATCH_TEXT = 1_000_000
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class EventForm(BaseForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(
        _l("Starts"), format=DATETIME_FORMAT, validators=[InputRequired()]
    )
    ends_at = DateTimeLocalField(_l("Ends (optional)"), format=DATETIME_FORMAT, validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    language = SelectField(_l("Main language of the event"), validators=[InputRequired()])
    accepts_phone_feedback = BooleanField(
        _l("Attendees may send feedback from their phones (short link and QR code)"), default=True
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices(languages)

    def validate_ends_at(self, field):
        if self.starts_at.data and field.data and field.data < self.starts_at.data:
            raise ValidationError(_("The end cannot be before the start."))


class TableForm(BaseForm):
    number = IntegerField(
        _l("Number"), validators=[InputRequired(), NumberRange(min=1, max=9999)]
    )
    name = StringField(_l("Name or topic"), validators=[InputRequired(), Length(max=200)])
    sections = MultiCheckboxField(_l("Sections discussed"), validate_choice=False)

    def validate_sections(self, field):
        allowed = {choice.value for choice in field.choices or []}
        field.data = [value for value in (field.data or []) if value]
        if any(value not in allowed for value in field.data):
            raise ValidationError(_("Not a valid choice."))
        if allowed and not field.data:
            raise ValidationError(_("Choose at least one section."))


def _blank(label) -> SelectChoice:
    return SelectChoice("", label)


class CardChoicesMixin:
    """Table, section and language of a card, with choices from the event."""

    table = SelectField(_l("Table"), validators=[Optional()])
    section = SelectField(_l("Section"), validators=[Optional()])
    language = SelectField(_l("Language"), validators=[Optional()])

    def set_choices(self, *, tables, sections, languages) -> None:
        self.table.choices = [_blank(_("No particular table"))] + [
            SelectChoice(str(t.id), _("Table %(number)s: %(name)s", number=t.number, name=t.name))
            for t in tables
        ]
        self.section.choices = [_blank(_("The table’s first section")), *sections]
        self.language.choices = [_blank(_("Detect automatically"))] + language_choices(languages)


class CardForm(CardChoicesMixin, BaseForm):
    """One card, typed in by staff."""

    text = TextAreaField(
        _l("Text of the card"),
        validators=[InputRequired(), Length(max=MAX_CARD_TEXT)],
        render_kw={"autofocus": True, "dir": "auto"},
    )
    version = HiddenField()
    idempotency_key = HiddenField()


class BatchForm(CardChoicesMixin, BaseForm):
    """Many cards, one per line."""

    lines = TextAreaField(
        _l("Cards, one per line"),
        validators=[InputRequired(), Length(max=MAX_BATCH_TEXT)],
        render_kw={"dir": "auto"},
    )
    version = HiddenField()
    idempotency_key = HiddenField()


class CsvUploadForm(BaseForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])
    version = HiddenField()


class LanguageForm(BaseForm):
    language = SelectField(_l("Language"), validators=[InputRequired()])

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices(languages)


class PhoneCardForm(BaseForm):
    """The small form attendees open from the QR code, without an account."""

    table = SelectField(_l("Your table"), validators=[Optional()])
    section = SelectField(_l("Which part of the plan is it about? (optional)"), validators=[Optional()])
    language = SelectField(_l("Language of your text (optional)"), validators=[Optional()])
    text = TextAreaField(
        _l("Your feedback"),
        validators=[InputRequired(), Length(max=MAX_PHONE_TEXT)],
        render_kw={"dir": "auto", "maxlength": MAX_PHONE_TEXT},
    )
    website = StringField(
        _l("Leave this field empty"),
        render_kw={"autocomplete": "off", "tabindex": "-1"},
    )
    idempotency_key = HiddenField()

    def set_choices(self, *, tables, sections, languages) -> None:
        self.table.choices = [_blank(_("No particular table"))] + [
            SelectChoice(str(t.id), _("Table %(number)s: %(name)s", number=t.number, name=t.name))
            for t in tables
        ]
        self.section.choices = [_blank(_("Not about a particular part")), *sections]
        self.language.choices = [_blank(_("Recognise it automatically"))] + language_choices(
            languages
        )

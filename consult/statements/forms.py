"""Forms for written statements: the public form and the staff forms."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp

from consult.accounts.forms import email_field, max_length, no_control_characters, required
from consult.participation.models import Channel, ContributionStatus
from consult.plans.forms import BaseForm, MultiCheckboxField, language_choices
from consult.statements import services

KEY_PATTERN = r"^[A-Za-z0-9_-]*$"
SELF = "self"


def statement_language_codes(process) -> list[str]:
    """Languages a statement may be marked as: interface, process and detector languages."""
    config = current_app.config
    codes = [
        *config["LANGUAGES"],
        *(process.languages or []),
        *(config.get("CONTRIBUTION_LANGUAGES") or []),
    ]
    return list(dict.fromkeys(code for code in codes if code))


def _language_field_choices(process, empty_label) -> list:
    from wtforms.fields.choices import SelectChoice

    return [SelectChoice("", str(empty_label)), *language_choices(statement_language_codes(process))]


class StatementForm(BaseForm):
    """The public form. Fields for people without an account are removed for those with one."""

    idempotency_key = HiddenField(validators=[Optional(), Length(max=64), Regexp(KEY_PATTERN)])
    draft_key = HiddenField(validators=[Optional(), Length(max=200)])
    on_behalf = RadioField(_l("Who is writing?"), default=SELF)
    name = StringField(
        _l("Your name (optional)"),
        validators=[Optional(), max_length(services.NAME_MAX_LENGTH), no_control_characters],
    )
    email = email_field(_l("Your e-mail address"))
    title = StringField(
        _l("Title (optional)"),
        validators=[Optional(), max_length(services.TITLE_MAX_LENGTH), no_control_characters],
    )
    body = TextAreaField(
        _l("Your statement"),
        validators=[
            required(_l("Please write your statement.")),
            max_length(services.BODY_MAX_LENGTH),
        ],
    )
    language = SelectField(_l("Language of your statement"), default="")
    sections = MultiCheckboxField(_l("Sections your statement is about (optional)"))
    attachments = MultipleFileField(_l("Attachments (optional)"))
    publish_text = BooleanField(_l("The city may publish the text of my statement."))
    publish_name = BooleanField(_l("The city may publish my name with my statement."))
    # Left empty by people; filled in by some robots.
    website = StringField(_l("Leave this field empty"), validators=[Optional(), Length(max=200)])

    def __init__(
        self, *args, process, organisations=(), logged_in=False, self_label=None,
        section_keys=(), **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.logged_in = logged_in
        self.language.choices = _language_field_choices(process, _l("Detect automatically"))
        self.sections.choices = [(key, key) for key in section_keys]
        if logged_in:
            del self.name
            del self.email
            self.on_behalf.choices = [(SELF, self_label or str(_l("Myself")))] + [
                (f"org-{org.id}", org.name) for org in organisations
            ]
            self.organisations = {f"org-{org.id}": org for org in organisations}
        else:
            del self.on_behalf
            self.organisations = {}

    def chosen_organisation(self):
        if not self.logged_in:
            return None
        return self.organisations.get(self.on_behalf.data or SELF)


class RecordStatementForm(BaseForm):
    """Staff enter a statement that arrived on paper, by e-mail or in person."""

    channel = SelectField(_l("Arrived by"), validators=[InputRequired()])
    received_on = DateField(
        _l("Date received"),
        validators=[InputRequired(message=_l("Please enter the date it arrived."))],
    )
    submitter_type = SelectField(_l("Sent by"), validators=[InputRequired()])
    organisation = SelectField(_l("Registered organisation (optional)"), default="")
    submitter_name = StringField(
        _l("Name"),
        validators=[Optional(), max_length(services.NAME_MAX_LENGTH), no_control_characters],
    )
    submitter_email = EmailField(
        _l("E-mail address"),
        validators=[
            Optional(),
            max_length(services.EMAIL_MAX_LENGTH),
            Email(message=_l("Please enter a valid e-mail address."), check_deliverability=False),
        ],
    )
    submitter_address = TextAreaField(
        _l("Postal address"), validators=[Optional(), max_length(services.ADDRESS_MAX_LENGTH)]
    )
    title = StringField(
        _l("Title (optional)"),
        validators=[Optional(), max_length(services.TITLE_MAX_LENGTH), no_control_characters],
    )
    body = TextAreaField(
        _l("Text of the statement"),
        validators=[required(), max_length(services.BODY_MAX_LENGTH)],
    )
    language = SelectField(_l("Language"), default="")
    sections = MultiCheckboxField(_l("Sections it is about (optional)"))
    scans = MultipleFileField(_l("Scan of the original (optional)"))
    publish_text = BooleanField(_l("The sender agreed that the text may be published."))
    publish_name = BooleanField(_l("The sender agreed that the name may be published."))
    mark_late = BooleanField(_l("Mark as late"))

    def __init__(self, *args, process, organisations=(), section_keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.channel.choices = [(c.value, c.title) for c in services.STAFF_CHANNELS]
        self.submitter_type.choices = [(t.value, t.title) for t in services.STAFF_SUBMITTER_TYPES]
        self.organisation.choices = [("", str(_l("None")))] + [
            (str(org.id), org.name) for org in organisations
        ]
        self.organisations = {str(org.id): org for org in organisations}
        self.language.choices = _language_field_choices(process, _l("Detect automatically"))
        self.sections.choices = [(key, key) for key in section_keys]

    def chosen_organisation(self):
        return self.organisations.get(self.organisation.data or "")


class StatementFilterForm(FlaskForm):
    """The GET filters above the staff list."""

    class Meta:
        csrf = False

    channel = SelectField(_l("Channel"), default="", validators=[Optional()])
    status = SelectField(_l("Status"), default="", validators=[Optional()])
    language = SelectField(_l("Language"), default="", validators=[Optional()])
    late = SelectField(_l("Late"), default="", validators=[Optional()])

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = str(_l("All"))
        self.channel.choices = [("", everything)] + [(c.value, c.title) for c in Channel]
        self.status.choices = [("", everything)] + [(s.value, s.title) for s in ContributionStatus]
        self.language.choices = [("", everything), *language_choices(languages)]
        self.late.choices = [
            ("", everything), ("yes", str(_l("Late only"))), ("no", str(_l("In time only"))),
        ]


class LanguageForm(FlaskForm):
    """Staff correct the language of a statement."""

    language = SelectField(_l("Language of the statement"), validators=[InputRequired()])

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices(statement_language_codes(process))

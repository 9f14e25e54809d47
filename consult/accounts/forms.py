"""Forms for accounts, organisations and the staff pages about them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from consult.accounts import services
from consult.accounts.models import MembershipRole, OrganisationKind, Role
from consult.errors import ValidationFailed
from consult.i18n import choosable_languages, html_lang, language_name

MEMBERSHIP_ROLE_TITLES = {
    MembershipRole.MEMBER: _l("Member"),
    MembershipRole.MANAGER: _l("Manager"),
}


def max_length(limit: int) -> Length:
    return Length(max=limit, message=_l("Please use at most %(max)d characters."))


def required(message=None) -> DataRequired:
    return DataRequired(message=message or _l("Please fill in this field."))


def no_control_characters(_form, field) -> None:
    if field.data and any(ord(ch) < 32 or ord(ch) == 127 for ch in field.data):
        raise ValidationError(_l("Please use a single line without special control characters."))


def email_field(label=None, **kwargs) -> EmailField:
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            required(),
            max_length(services.EMAIL_MAX_LENGTH),
            Email(
                message=_l("Please enter a valid e-mail address."),
                check_deliverability=False,
            ),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        **kwargs,
    )


def new_password_fields(label=None):
    password = PasswordField(
        label or _l("Password"),
        validators=[
            required(),
            Length(
                min=services.PASSWORD_MIN_LENGTH,
                max=services.PASSWORD_MAX_LENGTH,
                message=_l("A password needs %(min)d to %(max)d characters."),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            required(),
            max_length(services.PASSWORD_MAX_LENGTH),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
    return password, confirm


def display_name_field() -> StringField:
    return StringField(
        _l("Display name"),
        validators=[required(), max_length(services.NAME_MAX_LENGTH), no_control_characters],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


def language_choices() -> list[tuple[str, str, dict]]:
    return [(code, language_name(code), {"lang": html_lang(code)}) for code in choosable_languages()]


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"), validators=[required(), max_length(services.EMAIL_MAX_LENGTH)]
    )
    password = PasswordField(
        _l("Password"), validators=[required(), max_length(services.PASSWORD_MAX_LENGTH)]
    )
    next = HiddenField(validators=[Optional(), Length(max=2000)])


class RegistrationForm(FlaskForm):
    display_name = display_name_field()
    email = email_field()
    password, password_confirm = new_password_fields()
    preferred_language = SelectField(_l("Preferred language"))
    consent = BooleanField(
        _l("I have read the privacy notice and agree that my data is processed as described."),
        validators=[DataRequired(message=_l("Please agree to the privacy notice to register."))],
    )
    # Left empty by people; filled in by some robots.
    homepage = StringField(_l("Leave this field empty"), validators=[Optional(), Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = language_choices()


class EmailForm(FlaskForm):
    """Resend the confirmation link / ask for a password reset."""

    email = email_field()


class PasswordResetForm(FlaskForm):
    password, password_confirm = new_password_fields(_l("New password"))


class ProfileForm(FlaskForm):
    display_name = display_name_field()
    preferred_language = SelectField(_l("Preferred language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = language_choices()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[required(), max_length(services.PASSWORD_MAX_LENGTH)]
    )
    password, password_confirm = new_password_fields(_l("New password"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"), validators=[required(), max_length(services.PASSWORD_MAX_LENGTH)]
    )


class ActionForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


def website_check(_form, field) -> None:
    try:
        field.data = services.clean_website(field.data)
    except ValidationFailed as error:
        raise ValidationError(str(error)) from error


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name of the organisation"),
        validators=[
            required(), max_length(services.ORGANISATION_NAME_MAX_LENGTH), no_control_characters
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    kind = SelectField(
        _l("Kind of organisation"),
        validators=[InputRequired(message=_l("Please choose a kind."))],
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), max_length(services.DESCRIPTION_MAX_LENGTH)]
    )
    website = URLField(
        _l("Website"),
        validators=[Optional(), max_length(services.WEBSITE_MAX_LENGTH), website_check],
    )
    contact_email = EmailField(
        _l("Public contact e-mail address"),
        validators=[
            Optional(),
            max_length(services.EMAIL_MAX_LENGTH),
            Email(message=_l("Please enter a valid e-mail address."), check_deliverability=False),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Titles are lazy strings: build the choices in the request's language.
        self.kind.choices = [(kind.value, kind.title) for kind in OrganisationKind]

    def values(self) -> dict:
        return {
            "name": self.name.data,
            "kind": self.kind.data,
            "description": self.description.data or "",
            "website": self.website.data,
            "contact_email": self.contact_email.data,
        }


class AddMemberForm(FlaskForm):
    email = email_field(_l("E-mail address of the person's account"))
    role = SelectField(_l("Role in the organisation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(r.value, str(MEMBERSHIP_ROLE_TITLES[r])) for r in MembershipRole]


class MemberRoleForm(FlaskForm):
    role = SelectField(_l("Role in the organisation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(r.value, str(MEMBERSHIP_ROLE_TITLES[r])) for r in MembershipRole]


class UserFilterForm(FlaskForm):
    """The GET search form above the staff list of accounts."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name or e-mail address"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), default="", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [("", str(_l("All roles")))] + [(r.value, r.title) for r in Role]


class OrganisationFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Name"), validators=[Optional(), Length(max=200)])
    status = SelectField(_l("Verification"), default="", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [
            ("", str(_l("All"))),
            ("verified", str(_l("Verified"))),
            ("unverified", str(_l("Not verified"))),
        ]


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(r.value, r.title) for r in Role]

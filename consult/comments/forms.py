"""Forms for comments: writing, replying, editing, reporting, and the staff's moderation."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from consult.i18n import language_name

BODY_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 1000
IDEMPOTENCY_KEY_MAX_LENGTH = 64


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def comment_languages() -> list[str]:
    """The languages a comment may be marked as (the detector's candidates)."""
    return list(
        current_app.config.get("CONTRIBUTION_LANGUAGES") or current_app.config["LANGUAGES"]
    )


def _body_field(label) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            DataRequired(message=_l("Please write your comment.")),
            Length(
                max=BODY_MAX_LENGTH,
                message=_l("Please use at most %(max)d characters."),
            ),
        ],
        filters=[_strip],
    )


def _language_field() -> SelectField:
    return SelectField(_l("Language of your comment"), default="", validators=[Optional()])


def _language_choices() -> list[tuple[str, str]]:
    return [("", str(_l("Detect automatically")))] + [
        (code, language_name(code)) for code in comment_languages()
    ]


class CommentForm(FlaskForm):
    """A new comment or a reply. `on_behalf` is "" (myself) or an organisation's id; in the
    bodies' non-public thread, `as_body` is the id of the body the author writes for."""

    body = _body_field(_l("Your comment"))
    on_behalf = RadioField(_l("Comment as"), default="")
    # Checked against the author's bodies by the view (`chosen_body`).
    as_body = SelectField(
        _l("Comment as member of"), default="", validators=[Optional()], validate_choice=False
    )
    language = _language_field()
    idempotency_key = HiddenField(
        validators=[
            Optional(),
            Length(max=IDEMPOTENCY_KEY_MAX_LENGTH),
            Regexp(r"^[A-Za-z0-9_-]*$"),
        ]
    )
    # A field people never see; bots fill it in.
    website = StringField(_l("Leave this field empty"), validators=[Optional()])

    def __init__(self, *args, me: str = "", organisations=(), bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.on_behalf.choices = [("", me)] + [(str(org.id), org.name) for org in organisations]
        self.language.choices = _language_choices()
        self.bodies = list(bodies)
        self.as_body.choices = [(str(body.id), body.name) for body in self.bodies]
        if len(self.bodies) > 1:
            self.as_body.choices.insert(0, ("", str(_l("Please choose"))))

    def chosen_body(self):
        """The body chosen (the only one when there is one), else None."""
        if len(self.bodies) == 1:
            return self.bodies[0]
        return next((b for b in self.bodies if str(b.id) == self.as_body.data), None)

    def body_chosen(self) -> bool:
        """In the bodies' thread: False, with an error on the field, when a member of several
        bodies did not choose one (without bodies, the service refuses the comment)."""
        if not self.bodies or self.chosen_body() is not None:
            return True
        self.as_body.errors = [
            *self.as_body.errors, str(_l("Please choose the body in whose name you comment."))
        ]
        return False


class EditCommentForm(FlaskForm):
    body = _body_field(_l("Your comment"))
    language = _language_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = _language_choices()


def _reason_field(label, message) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            DataRequired(message=message),
            Length(max=REASON_MAX_LENGTH, message=_l("Please use at most %(max)d characters.")),
        ],
        filters=[_strip],
    )


class ReportForm(FlaskForm):
    reason = _reason_field(
        _l("Why should the moderators look at this comment?"),
        _l("Please tell us briefly what is wrong with this comment."),
    )


class HideForm(FlaskForm):
    reason = _reason_field(
        _l("Reason shown in place of the comment"),
        _l("Please give a reason: it is shown publicly in place of the comment."),
    )


class ProcessCommentFilterForm(FlaskForm):
    """The GET filter above the staff list of a process's comments."""

    class Meta:
        csrf = False

    section = SelectField(_l("Section"), default="", validators=[Optional()])
    hidden = SelectField(_l("Visibility"), default="", validators=[Optional()])
    reported = SelectField(_l("Reports"), default="", validators=[Optional()])

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.section.choices = [("", str(_l("All sections")))] + list(sections)
        self.hidden.choices = [
            ("", str(_l("Visible and hidden"))),
            ("no", str(_l("Visible only"))),
            ("yes", str(_l("Hidden only"))),
        ]
        self.reported.choices = [
            ("", str(_l("With or without reports"))),
            ("open", str(_l("With open reports"))),
            ("any", str(_l("Reported at any time"))),
        ]

"""Staff forms for amendments, their points and the votes of committees.

Choices that depend on the process (its versions, bodies, the sections of a version and the
points of an amendment) are set per request by the view. Counts of votes are text fields
checked here, so junk comes back as a translated form error.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from consult.council.models import POINT_KIND_TITLES, POINT_STATUS_TITLES, PointKind, VoteResult
from consult.council.services import MAX_VOTES
from consult.plans.forms import MAX_BODY, BaseForm, ConfirmForm

__all__ = [
    "AmendmentForm",
    "ConfirmForm",
    "PointForm",
    "VoteForm",
    "parse_count",
    "votes_form_class",
]

NUMBER_MAX = 40
TITLE_MAX = 300
FILER_MAX = 200
NOTE_MAX = 2_000
JUSTIFICATION_MAX = 20_000


def _lock_version(_form, field) -> None:
    if not (field.data or "").isdigit() or len(field.data) > 9:
        raise ValidationError(_("The form is incomplete. Please reload the page."))


def parse_count(value) -> int | None:
    """A count of votes typed into a form: "" → 0, "12" → 12, anything else → None."""
    value = (value or "").strip() if isinstance(value, str) else value
    if value in ("", None):
        return 0
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    number = int(value)
    return number if number <= MAX_VOTES else None


def _count(_form, field) -> None:
    if parse_count(field.data) is None:
        raise ValidationError(_("Give a whole number from 0 to %(num)d.", num=MAX_VOTES))


class EditForm(BaseForm):
    """A form that edits a row with a lock version: the version seen travels along when
    `editing` (set by the view) and is checked before anything is saved."""

    editing = False
    lock_version = HiddenField(_l("Version seen"))

    def validate_lock_version(self, field) -> None:
        if self.editing:
            _lock_version(self, field)

    @property
    def expected(self) -> int | None:
        return int(self.lock_version.data) if self.editing else None


class AmendmentForm(EditForm):
    version = SelectField(_l("Version it amends"), validate_choice=False)
    number = StringField(
        _l("Number"), validators=[InputRequired(), Length(max=NUMBER_MAX)],
        render_kw={"dir": "auto", "autocomplete": "off"},
    )
    title = StringField(
        _l("Title (optional)"), validators=[Optional(), Length(max=TITLE_MAX)],
        render_kw={"dir": "auto"},
    )
    filed_by = StringField(
        _l("Filed by a party or group (as text)"), validators=[Length(max=FILER_MAX)],
        render_kw={"dir": "auto"},
    )
    filed_by_group = SelectField(_l("… or filed by a body of the process"), validate_choice=False)
    filed_on = DateField(_l("Filed on"), validators=[InputRequired()])
    published = BooleanField(_l("Show on the public pages"), default=True)

    def set_choices(self, versions, bodies) -> None:
        self.version.choices = [
            SelectChoice(str(v.number), _("Version %(number)s: %(label)s (%(status)s)",
                                          number=v.number, label=v.title(v.process.original_language),
                                          status=v.status_title))
            for v in versions
        ]
        self.filed_by_group.choices = [SelectChoice("", _("— no body —"))] + [
            SelectChoice(str(b.id), b.name) for b in bodies
        ]

    def validate_filed_by(self, field) -> None:
        if not field.data and not self.filed_by_group.data:
            raise ValidationError(_("Say who filed the amendment: a party or a body."))

    def validate_filed_by_group(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices or []}:
            raise ValidationError(_("Choose a body from the list."))
        if field.data and self.filed_by.data:
            raise ValidationError(_("Give either a party or a body, not both."))

    def validate_version(self, field) -> None:
        if field.data not in {c.value for c in field.choices or []}:
            raise ValidationError(_("Choose a version from the list."))


def _kind_choices() -> list[SelectChoice]:
    return [SelectChoice(kind.value, POINT_KIND_TITLES[kind]) for kind in PointKind]


class PointForm(EditForm):
    section = SelectField(_l("Section"), validate_choice=False)
    kind = RadioField(
        _l("The point proposes"), choices=_kind_choices(), default=PointKind.REPLACE.value,
        validators=[InputRequired()],
    )
    new_title = StringField(
        _l("New title"), validators=[Optional(), Length(max=TITLE_MAX)], render_kw={"dir": "auto"}
    )
    new_body = TextAreaField(
        _l("New text (Markdown)"), validators=[Optional(), Length(max=MAX_BODY)],
        render_kw={"dir": "auto", "rows": 10},
    )
    justification = TextAreaField(
        _l("Justification"), validators=[Optional(), Length(max=JUSTIFICATION_MAX)],
        render_kw={"dir": "auto", "rows": 5},
    )

    def set_sections(self, options: list[tuple[str, str]]) -> None:
        """(section key, "number title") in document order."""
        self.section.choices = [SelectChoice("", _("— choose a section —"))] + [
            SelectChoice(key, label) for key, label in options
        ]

    def validate_section(self, field) -> None:
        if not field.data or field.data not in {c.value for c in field.choices or []}:
            raise ValidationError(_("Choose a section from the list."))

    def validate_kind(self, field) -> None:
        if field.data == PointKind.ADD_AFTER and not self.new_title.data:
            raise ValidationError(_("An addition needs the new section's title."))
        if field.data == PointKind.REPLACE and not (self.new_title.data or self.new_body.data):
            raise ValidationError(_("Give the new wording."))


def _result_choices(skip: bool) -> list[SelectChoice]:
    choices = [SelectChoice("", _("No vote on this point"))] if skip else []
    return choices + [
        SelectChoice(result.value, POINT_STATUS_TITLES[result.value]) for result in VoteResult
    ]


class BodyDateForm(BaseForm):
    group = SelectField(_l("Committee or body"), validate_choice=False)
    held_on = DateField(_l("Date of the meeting"), validators=[InputRequired()])

    def set_bodies(self, bodies) -> None:
        self.group.choices = [SelectChoice("", _("— choose a body —"))] + [
            SelectChoice(str(b.id), b.name) for b in bodies
        ]

    def validate_group(self, field) -> None:
        if not field.data or field.data not in {c.value for c in field.choices or []}:
            raise ValidationError(_("Choose a body from the list."))


class VoteForm(BodyDateForm):
    """One vote: correct its body, date, counts, result or note."""

    yes = StringField(_l("Yes"), validators=[_count], render_kw={"inputmode": "numeric"})
    no = StringField(_l("No"), validators=[_count], render_kw={"inputmode": "numeric"})
    abstain = StringField(_l("Abstentions"), validators=[_count],
                          render_kw={"inputmode": "numeric"})
    result = SelectField(_l("Result"), validators=[InputRequired()])
    note = TextAreaField(
        _l("Note (optional)"), validators=[Optional(), Length(max=NOTE_MAX)],
        render_kw={"dir": "auto", "rows": 3},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.result.choices = _result_choices(skip=False)


def votes_form_class(points):
    """A form for one meeting: per point `yes_<id>`, `no_<id>`, `abstain_<id>`, `result_<id>`.
    A point whose result is left empty gets no vote."""

    class VotesForm(BodyDateForm):
        point_ids = [point.id for point in points]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for point_id in self.point_ids:
                self[f"result_{point_id}"].choices = _result_choices(skip=True)

        def rows(self):
            """(point id, yes, no, abstain, result) fields."""
            return [
                (pid, self[f"yes_{pid}"], self[f"no_{pid}"], self[f"abstain_{pid}"],
                 self[f"result_{pid}"])
                for pid in self.point_ids
            ]

        def chosen(self) -> dict[int, dict]:
            """point id → {"yes", "no", "abstain", "result"} for the points given a result."""
            return {
                pid: {"yes": parse_count(yes.data), "no": parse_count(no.data),
                      "abstain": parse_count(abstain.data), "result": result.data}
                for pid, yes, no, abstain, result in self.rows()
                if result.data
            }

        def validate(self, extra_validators=None) -> bool:
            valid = super().validate(extra_validators)
            for _pid, yes, no, abstain, result in self.rows():
                typed = any((f.data or "").strip() for f in (yes, no, abstain))
                if typed and not result.data and not result.errors:
                    result.errors = [
                        *result.errors,
                        _("Choose the result, or clear the numbers to skip this point."),
                    ]
                    valid = False
            if valid and not self.chosen():
                self.group.errors = [
                    *self.group.errors, _("Give the result for at least one point."),
                ]
                valid = False
            return valid

    for point in points:
        label = point.position
        for name, title in (("yes", _l("Yes")), ("no", _l("No")), ("abstain", _l("Abstentions"))):
            setattr(VotesForm, f"{name}_{point.id}", StringField(
                _l("Point %(num)s: %(what)s", num=label, what=title),
                validators=[_count], render_kw={"inputmode": "numeric", "size": 5},
            ))
        setattr(VotesForm, f"result_{point.id}", SelectField(
            _l("Point %(num)s: result", num=label), validators=[Optional()],
        ))
    return VotesForm

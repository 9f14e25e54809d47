"""Staff forms for processes, phases, versions, sections and import.

Forms whose fields depend on a process's languages (a phase's name, a version's label)
are built per request by the `*_form_class` functions: one field per language, named
`<prefix>_<code>` with hyphens as underscores (`label_de_x_ls`).
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from consult.i18n import choosable_languages, language_name, language_name_in
from consult.plans.models import (
    PHASE_OPENS,
    PHASE_OPENS_TITLES,
    SectionKind,
    TextOrigin,
    VersionStatus,
)

MAX_TITLE = 300
MAX_LABEL = 200
MAX_BODY = 100_000
MAX_SUMMARY = 5_000
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
# Addresses under /manage/processes/ that are not processes.
RESERVED_SLUGS = frozenset({"new"})


def _clean_text(value: Any) -> Any:
    """Drop NUL characters (the database refuses them) and normalise line ends."""
    if isinstance(value, str):
        return value.replace("\x00", "").replace("\r\n", "\n")
    return value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField):
                filters = [*unbound_field.kwargs.get("filters", ()), _clean_text]
                if not issubclass(field_class, TextAreaField):
                    filters.append(_strip)
                options = {**options, "filters": filters}
            return unbound_field.bind(form=form, **options)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def field_name(prefix: str, code: str) -> str:
    return f"{prefix}_{code.replace('-', '_')}"


def choices(pairs) -> list[SelectChoice]:
    """Options for a select field from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def language_choices(codes) -> list[SelectChoice]:
    """Languages named in themselves, each option marked with its language."""
    return [
        SelectChoice(code, language_name(code), render_kw={"lang": code.replace("_", "-")})
        for code in codes
    ]


def _language_choices() -> list[SelectChoice]:
    return language_choices(choosable_languages())


def _in_language(text: str, code: str) -> str:
    from flask_babel import get_locale

    return _(
        "%(field)s (%(language)s)",
        field=text,
        language=language_name_in(code, str(get_locale() or "de")),
    )


class LanguageFieldsMixin:
    """Access to per-language fields: `values("label")` → {"de": "...", "en": "..."}."""

    language_codes: list[str] = []

    def values(self, prefix: str) -> dict[str, str]:
        result = {}
        for code in self.language_codes:
            name = field_name(prefix, code)
            if name in self:  # type: ignore[operator]
                value = self[name].data  # type: ignore[index]
                if value:
                    result[code] = value
        return result

    def language_field(self, prefix: str, code: str):
        return self[field_name(prefix, code)]  # type: ignore[index]


def initial(prefix: str, values: dict[str, str] | None) -> dict[str, str]:
    """Form data for per-language fields from a stored dict."""
    return {field_name(prefix, code): value for code, value in (values or {}).items()}


# --- processes -------------------------------------------------------------------


class ProcessSettingsForm(BaseForm):
    languages = MultiCheckboxField(_l("Content languages offered"))
    is_public = BooleanField(_l("Public: everyone can see the process and its published versions"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = _language_choices()


class ProcessCreateForm(ProcessSettingsForm):
    slug = StringField(
        _l("Short name for the address"),
        validators=[
            InputRequired(),
            Length(min=2, max=80),
            Regexp(
                SLUG_PATTERN,
                message=_l(
                    "Use lower-case letters a–z, digits and hyphens; "
                    "start and end with a letter or digit."
                ),
            ),
        ],
    )
    original_language = SelectField(_l("Original language"), validators=[InputRequired()])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=MAX_TITLE)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=MAX_SUMMARY)])
    body = TextAreaField(
        _l("Description (Markdown)"), validators=[Optional(), Length(max=MAX_BODY)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.original_language.choices = _language_choices()

    def validate_slug(self, field):
        if field.data in RESERVED_SLUGS:
            raise ValidationError(_("This short name is reserved. Please choose another."))


class ProcessTextForm(BaseForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=MAX_TITLE)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=MAX_SUMMARY)])
    body = TextAreaField(
        _l("Description (Markdown)"), validators=[Optional(), Length(max=MAX_BODY)]
    )


# --- phases ------------------------------------------------------------------------


class PhaseFormBase(LanguageFieldsMixin, BaseForm):
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[InputRequired()])
    opens = MultiCheckboxField(_l("During this phase, people may send"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.opens.choices = choices((what, PHASE_OPENS_TITLES[what]) for what in PHASE_OPENS)

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_("The last day cannot be before the first day."))


def phase_form_class(languages: list[str], original: str) -> type[PhaseFormBase]:
    attrs: dict[str, Any] = {"language_codes": list(languages)}
    for code in languages:
        required = InputRequired() if code == original else Optional()
        attrs[field_name("name", code)] = StringField(
            _in_language(_("Name"), code), validators=[required, Length(max=MAX_LABEL)]
        )
        attrs[field_name("description", code)] = TextAreaField(
            _in_language(_("Description"), code),
            validators=[Optional(), Length(max=MAX_SUMMARY)],
        )
    return type("PhaseForm", (PhaseFormBase,), attrs)


# --- versions ----------------------------------------------------------------------


class VersionCreateBase(LanguageFieldsMixin, BaseForm):
    copy_from = SelectField(_l("Content"), validators=[Optional()])


def version_create_form_class(languages: list[str], original: str) -> type[VersionCreateBase]:
    attrs: dict[str, Any] = {"language_codes": list(languages)}
    for code in languages:
        required = InputRequired() if code == original else Optional()
        attrs[field_name("label", code)] = StringField(
            _in_language(_("Label"), code), validators=[required, Length(max=MAX_LABEL)]
        )
    attrs[field_name("changelog", original)] = TextAreaField(
        _in_language(_("What is new (Markdown)"), original),
        validators=[Optional(), Length(max=MAX_BODY)],
    )
    return type("VersionCreateForm", (VersionCreateBase,), attrs)


class VersionEditBase(LanguageFieldsMixin, BaseForm):
    pass


def version_edit_form_class(languages: list[str], original: str) -> type[VersionEditBase]:
    attrs: dict[str, Any] = {"language_codes": list(languages)}
    for code in languages:
        required = InputRequired() if code == original else Optional()
        attrs[field_name("label", code)] = StringField(
            _in_language(_("Label"), code), validators=[required, Length(max=MAX_LABEL)]
        )
        attrs[field_name("changelog", code)] = TextAreaField(
            _in_language(_("What is new (Markdown)"), code),
            validators=[Optional(), Length(max=MAX_BODY)],
        )
    return type("VersionEditForm", (VersionEditBase,), attrs)


class StatusForm(BaseForm):
    status = SelectField(
        _l("New status"),
        choices=[SelectChoice(s.value, s.title) for s in VersionStatus],
        validators=[InputRequired()],
    )


class ConfirmForm(BaseForm):
    """A confirmation button: the CSRF token is all it carries."""


class ShiftForm(BaseForm):
    direction = SelectField(
        _l("Direction"), choices=[SelectChoice("up", _l("Up")), SelectChoice("down", _l("Down"))],
        validators=[InputRequired()],
    )


# --- sections ----------------------------------------------------------------------


def _kind_choices() -> list[SelectChoice]:
    return [SelectChoice(kind.value, kind.title) for kind in SectionKind]


class SectionPlaceMixin:
    parent = SelectField(_l("Place under"), validators=[Optional()])
    position = IntegerField(
        _l("Position among its siblings"),
        validators=[Optional(), NumberRange(min=1, max=10_000)],
    )


class SectionAddForm(SectionPlaceMixin, BaseForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=MAX_TITLE)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), Length(max=MAX_BODY)])
    kind = SelectField(_l("Kind"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = _kind_choices()


class SectionMoveForm(SectionPlaceMixin, BaseForm):
    pass


class SectionKindForm(BaseForm):
    kind = SelectField(_l("Kind"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = _kind_choices()


class SectionTextForm(BaseForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=MAX_TITLE)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), Length(max=MAX_BODY)])
    origin = SelectField(_l("Where the text comes from"), validators=[InputRequired()])
    reviewed = BooleanField(_l("Reviewed"))
    source_language = SelectField(_l("Translated from"), validate_choice=False)

    def __init__(self, *args, language: str, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.origin.choices = [SelectChoice(o.value, o.title) for o in TextOrigin]
        self.source_language.choices = [SelectChoice("", _("—"))] + language_choices(
            code for code in languages if code != language
        )

    def validate_source_language(self, field):
        field.data = field.data or ""
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError(_("Not a valid choice."))
        if self.origin.data and self.origin.data != TextOrigin.ORIGINAL.value:
            if not field.data:
                raise ValidationError(_("Choose the language this text was translated from."))


# --- import ----------------------------------------------------------------------


class ImportForm(BaseForm):
    file = FileField(_l("File (.md or .docx, at most 5 MB)"), validators=[FileRequired()])
    language = SelectField(_l("Language of the text"), validators=[InputRequired()])
    label = StringField(_l("Label of the new version"), validators=[Optional(), Length(max=MAX_LABEL)])
    match = BooleanField(_l("Match existing sections of the latest version"), default=True)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices(languages)


class ImportSaveForm(BaseForm):
    label = StringField(
        _l("Label of the new version"), validators=[InputRequired(), Length(max=MAX_LABEL)]
    )


# --- audit log -------------------------------------------------------------------


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Kind of action"), validators=[Optional()])
    actor = SelectField(_l("Done by"), validators=[Optional()])

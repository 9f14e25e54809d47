"""The query and path parameters of the API, defined once: the views read and validate them
with these definitions, and the OpenAPI document describes them from the same ones, so the
two cannot drift apart.

A query parameter that is malformed, out of range, not one of its allowed values or given
more than once is refused with a 400; a missing one takes its default. Unknown parameters are
ignored. Path parameters that cannot name anything (a malformed slug or key) are a 404.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from consult.accountability import disposition
from consult.participation.models import Channel, SubmitterType
from consult.triage.models import Outcome

SLUG_PATTERN = r"^[A-Za-z0-9_-]{1,80}$"
KEY_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}$"
MAX_NUMBER = 2**31 - 1
MAX_PAGE = disposition.MAX_PAGE
PER_PAGE = 50
MAX_PER_PAGE = 100


class InvalidParameter(Exception):
    """A query parameter with a value the API does not accept."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True)
class Param:
    name: str
    schema: dict[str, Any]
    description: str
    location: str = "query"
    extra: dict[str, Any] = field(default_factory=dict)

    def read(self, args: Mapping) -> Any:
        """The value from the request's arguments, its default when absent."""
        values = args.getlist(self.name) if hasattr(args, "getlist") else (
            [args[self.name]] if self.name in args else []
        )
        if not values:
            return self.schema.get("default")
        if len(values) > 1:
            raise InvalidParameter(self.name)
        value = convert(self.schema, values[0])
        if value is None:
            raise InvalidParameter(self.name)
        return value

    def openapi(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": self.location,
            "required": self.location == "path",
            "description": self.description,
            "schema": self.schema,
            **self.extra,
        }


def convert(schema: Mapping[str, Any], raw: str) -> Any:
    """`raw` as the schema's type if it satisfies the schema, else None."""
    if schema.get("type") == "integer":
        if not re.fullmatch(r"[0-9]{1,10}", raw):
            return None
        value = int(raw)
        if value < schema.get("minimum", 0) or value > schema.get("maximum", MAX_NUMBER):
            return None
        return value
    if "enum" in schema and raw not in schema["enum"]:
        return None
    if len(raw) > schema.get("maxLength", 1000):
        return None
    if "pattern" in schema and not re.fullmatch(schema["pattern"], raw):
        return None
    return raw


def matches(pattern: str, value: str) -> bool:
    return isinstance(value, str) and re.fullmatch(pattern, value) is not None


# --------------------------------------------------------------------- definitions

PAGE = Param(
    "page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    "Page number, from 1. A page past the last one is empty.",
)
PER_PAGE_PARAM = Param(
    "per_page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": PER_PAGE},
    "Items per page.",
)
LANG = Param(
    "lang",
    {"type": "string", "pattern": LANGUAGE_PATTERN, "maxLength": 16},
    "Reader's language (e.g. `de`, `en`, `tr`, `ar`, `de-x-ls`). Chooses the language of "
    "public reasons and section titles where a text in it exists (else the process's original "
    "language), and of labels and error messages where the site offers it (else the site's "
    "default language).",
)
VERSION = Param(
    "version",
    {"type": "integer", "minimum": 1, "maximum": 99_999},
    "Only suggestions on this version (a version the public cannot see matches nothing).",
)
SECTION = Param(
    "section",
    {"type": "string", "pattern": KEY_PATTERN, "maxLength": 40},
    "Only suggestions on this section or a section below it (by section key).",
)
OUTCOME = Param(
    "outcome", {"type": "string", "enum": [o.value for o in Outcome]}, "Only this outcome."
)
CHANNEL = Param(
    "channel", {"type": "string", "enum": [c.value for c in Channel]},
    "Only suggestions that came in this way.",
)
LANGUAGE = Param(
    "language",
    {"type": "string", "pattern": LANGUAGE_PATTERN, "maxLength": 16},
    "Only suggestions written in this language.",
)
SUBMITTER_TYPE = Param(
    "submitter_type", {"type": "string", "enum": [s.value for s in SubmitterType]},
    "Only suggestions from this kind of submitter.",
)
Q = Param(
    "q",
    {"type": "string", "maxLength": disposition.MAX_QUERY},
    "Search words (all must occur) in the shown passage, the summary and the reason. Words "
    "of one letter or digits only are ignored.",
)
SORT = Param(
    "sort", {"type": "string", "enum": list(disposition.SORTS), "default": "number"},
    "Order of the list; ties are ordered by number.",
)
DIR = Param(
    "dir", {"type": "string", "enum": ["asc", "desc"], "default": "asc"}, "Sort direction."
)

PAGINATION = (PAGE, PER_PAGE_PARAM)
SUGGESTION_FILTERS = (VERSION, SECTION, OUTCOME, CHANNEL, LANGUAGE, SUBMITTER_TYPE, Q, SORT, DIR)

# Path parameters (documented; the views check them themselves).
SLUG = Param(
    "slug", {"type": "string", "pattern": SLUG_PATTERN}, "The process's short name.", "path",
    {"example": "lip"},
)
VERSION_NUMBER = Param(
    "number", {"type": "integer", "minimum": 1, "maximum": MAX_NUMBER},
    "The version's number.", "path", {"example": 1},
)
SECTION_KEY = Param(
    "key", {"type": "string", "pattern": KEY_PATTERN},
    "The section's key: its identity, the same in every version.", "path", {"example": "f1"},
)
SUGGESTION_NUMBER = Param(
    "suggestion_number", {"type": "integer", "minimum": 1, "maximum": MAX_NUMBER},
    "The suggestion's number (the 12 of A-12).", "path", {"example": 1},
)


def read_all(params, args: Mapping) -> dict[str, Any]:
    """Every parameter's value by name; raises `InvalidParameter` for the first bad one."""
    return {param.name: param.read(args) for param in params}


def filter_args(values: Mapping[str, Any]) -> dict[str, Any]:
    """Validated filter values other than the defaults, as `disposition.Filters.from_args`
    reads them and as links repeat them."""
    result: dict[str, Any] = {}
    for param in SUGGESTION_FILTERS:
        value = values.get(param.name)
        if value is not None and value != "" and value != param.schema.get("default"):
            result[param.name] = str(value)
    return result

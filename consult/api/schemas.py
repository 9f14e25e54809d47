"""The component schemas of the OpenAPI document: every object the API returns, closed
(`additionalProperties: false`) with its required fields, so that the document describes the
responses exactly (see `consult.api.serializers` for the objects themselves).
"""

from __future__ import annotations

from typing import Any

from consult.participation.models import Channel, ContributionKind, SubmitterType
from consult.plans.models import PHASE_OPENS, SectionKind, TextOrigin
from consult.triage.models import Outcome

from . import params

REF = "#/components/schemas/"
LANGUAGE = {"type": "string", "pattern": params.LANGUAGE_PATTERN}
URL = {"type": "string", "format": "uri"}
TIMESTAMP = {"type": "string", "format": "date-time"}
COUNT = {"type": "integer", "minimum": 0}


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    result = dict(schema)
    result["type"] = [schema["type"], "null"]
    if "enum" in result:
        result["enum"] = [*schema["enum"], None]
    return result


def obj(properties: dict[str, Any], *, optional: tuple[str, ...] = (), description: str = ""):
    """A closed object: exactly these properties, all required but `optional`."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def counts(description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": COUNT,
        "description": description + " Keys without any entries are left out.",
    }


def language_map(description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": description + " A map of language code to text.",
    }


def listing(item: str) -> dict[str, Any]:
    return obj(
        {
            "items": {"type": "array", "items": ref(item)},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": params.MAX_PER_PAGE},
            "total": COUNT,
            "pages": {"type": "integer", "minimum": 1},
            "links": ref("PageLinks"),
        },
        description="One page of a list.",
    )


def schemas() -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "Error": obj(
            {
                "error": obj(
                    {
                        "code": {
                            "type": "string",
                            "enum": ["bad_request", "not_found", "method_not_allowed",
                                     "too_many_requests", "server_error", "unavailable",
                                     "error"],
                        },
                        "message": {
                            "type": "string",
                            "description": "For people, in the `lang` of the request where "
                                           "the site offers it, else the site's default "
                                           "language.",
                        },
                        "parameter": nullable(
                            {"type": "string",
                             "description": "The query parameter that was refused."}
                        ),
                    }
                )
            }
        ),
        "Index": obj(
            {
                "api_version": {"type": "string", "const": "1"},
                "links": obj({"self": URL, "processes": URL, "openapi": URL}),
            }
        ),
        "PageLinks": obj(
            {"self": URL, "next": nullable(URL), "prev": nullable(URL)},
            description="Absolute URLs of this, the next and the previous page (null where "
                        "there is none). The `Link` header also has `first` and `last`.",
        ),
        "ProcessText": obj(
            {
                "language": LANGUAGE,
                "title": text,
                "summary": {"type": "string", "description": "Plain text."},
                "body": {"type": "string", "description": "Markdown source."},
            }
        ),
        "Phase": obj(
            {
                "name": language_map("The phase's name."),
                "description": language_map("What happens in the phase."),
                "starts_on": {"type": "string", "format": "date"},
                "ends_on": {"type": "string", "format": "date"},
                "opens": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(PHASE_OPENS)},
                    "description": "What people may do while the phase runs.",
                },
            }
        ),
        "Process": obj(
            {
                "slug": {"type": "string", "pattern": params.SLUG_PATTERN},
                "original_language": LANGUAGE,
                "languages": {"type": "array", "items": LANGUAGE},
                "texts": {
                    "type": "array",
                    "items": ref("ProcessText"),
                    "description": "Title, summary and description per language, the "
                                   "original language first.",
                },
                "phases": {"type": "array", "items": ref("Phase")},
                "links": obj(
                    {"self": URL, "html": URL, "versions": URL, "suggestions": URL,
                     "statistics": URL}
                ),
            }
        ),
        "ProcessList": listing("Process"),
        "Version": obj(
            {
                "number": {"type": "integer", "minimum": 1},
                "label": language_map("The version's name."),
                "changelog": language_map("What changed from the version before (Markdown)."),
                "status": {"type": "string", "enum": ["published", "adopted"]},
                "published_at": TIMESTAMP,
                "links": obj({"self": URL, "html": URL, "sections": URL, "suggestions": URL}),
            }
        ),
        "VersionList": listing("Version"),
        "SectionText": obj(
            {
                "language": LANGUAGE,
                "title": text,
                "body": {"type": "string", "description": "Markdown source."},
                "body_html": {
                    "type": "string",
                    "description": "The body rendered to HTML and sanitised with an allow-list "
                                   "(no scripts, no attributes but link targets; links only "
                                   "http, https and mailto).",
                },
                "origin": {"type": "string", "enum": [o.value for o in TextOrigin]},
                "reviewed": {"type": "boolean"},
                "source_language": nullable(
                    {**LANGUAGE, "description": "For translations: the language translated from."}
                ),
                "outdated": {
                    "type": "boolean",
                    "description": "A translation whose source text changed since.",
                },
            }
        ),
        "Section": obj(
            {
                "key": {"type": "string", "pattern": params.KEY_PATTERN,
                        "description": "The section's identity, the same in every version."},
                "number": {"type": "string", "description": "Its number in this version."},
                "kind": {"type": "string", "enum": [k.value for k in SectionKind]},
                "depth": {"type": "integer", "minimum": 0},
                "position": {"type": "integer"},
                "parent": nullable({"type": "string", "pattern": params.KEY_PATTERN}),
                "texts": {
                    "type": "array",
                    "items": ref("SectionText"),
                    "description": "One per language, the original language first.",
                },
                "links": obj({"self": URL, "html": URL, "suggestions": URL}),
            }
        ),
        "SectionList": listing("Section"),
        "SectionRef": obj(
            {
                "key": text,
                "number": text,
                "title": {"type": "string", "description": "In `lang` if there is a text in "
                          "it, else in the original language."},
                "title_language": nullable(LANGUAGE),
                "version": nullable({"type": "integer", "minimum": 1}),
            }
        ),
        "Reason": obj(
            {
                "text": text,
                "language": LANGUAGE,
                "machine_translated": {"type": "boolean"},
            },
            description="The public reason, in `lang` where a current translation exists, "
                        "else in the original.",
        ),
        "Change": obj(
            {
                "version": {"type": "integer", "minimum": 1},
                "section": text,
                "section_number": text,
            },
            description="A text change the suggestion caused: the section in that version.",
        ),
        "Suggestion": obj(
            {
                "label": {"type": "string", "pattern": "^A-[0-9]+$"},
                "number": {"type": "integer", "minimum": 1},
                "version": nullable({"type": "integer", "minimum": 1}),
                "sections": {"type": "array", "items": ref("SectionRef")},
                "passage": nullable(
                    {"type": "string",
                     "description": "The quoted passage; null when it is withheld."}
                ),
                "passage_withheld": nullable(
                    {"type": "string", "enum": ["consent", "removed"],
                     "description": "Why the passage is not shown: the sender did not agree "
                                    "to publish it, or the contribution was withdrawn or "
                                    "removed."}
                ),
                "summary": text,
                "language": LANGUAGE,
                "submitter": {
                    "type": "string",
                    "description": "An organisation's name, a private person's name only with "
                                   "their consent, else the kind of submitter in the reader's "
                                   "language.",
                },
                "submitter_type": {"type": "string", "enum": [s.value for s in SubmitterType]},
                "channel": {"type": "string", "enum": [c.value for c in Channel]},
                "kind": {"type": "string", "enum": [k.value for k in ContributionKind]},
                "outcome": {"type": "string", "enum": [o.value for o in Outcome]},
                "reason": nullable(ref("Reason")),
                "grouped_under": nullable(
                    {"type": "string", "pattern": "^A-[0-9]+$",
                     "description": "The suggestion whose answer this one shares."}
                ),
                "decided_at": TIMESTAMP,
                "published_at": TIMESTAMP,
                "changes": {"type": "array", "items": ref("Change")},
                "url": {**URL, "description": "The suggestion's public page."},
            }
        ),
        "SuggestionList": listing("Suggestion"),
        "Statistics": _statistics(),
    }


def _statistics() -> dict[str, Any]:
    return obj(
        {
            "process": {"type": "string", "pattern": params.SLUG_PATTERN},
            "computed_at": TIMESTAMP,
            "contributions": obj(
                {
                    "total": COUNT,
                    "by_kind": counts("By kind of contribution."),
                    "by_channel": counts("By channel."),
                    "by_language": counts("By language."),
                    "by_submitter_type": counts("By kind of submitter."),
                },
                description="Received contributions, not hidden, not on a version the public "
                            "cannot see.",
            ),
            "suggestions": obj(
                {
                    "total": COUNT,
                    "answered": COUNT,
                    "answered_share": {"type": "number", "minimum": 0, "maximum": 1},
                    "changed_text": COUNT,
                    "by_outcome": counts("Answered suggestions by outcome."),
                    "by_channel": counts("By channel."),
                    "by_language": counts("By language."),
                    "by_submitter_type": counts("By kind of submitter."),
                    "by_section": {
                        "type": "array",
                        "items": obj(
                            {
                                "key": {"type": "string"},
                                "number": {"type": "string"},
                                "title": {"type": "string"},
                                "count": COUNT,
                                "answered": COUNT,
                            }
                        ),
                        "description": "Top-level sections of the newest public version.",
                    },
                }
            ),
        }
    )

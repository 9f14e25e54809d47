"""The OpenAPI 3.1 document of the API: its operations, built from the same parameter
definitions the views validate with, and the component schemas of `consult.api.schemas`. A
test validates real responses against it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from . import params
from .responses import CACHE_CONTROL
from .schemas import ref, schemas

HEADERS = {
    "ETag": {
        "description": "Strong validator of the body; send it back in `If-None-Match`.",
        "required": True,
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": f"`{CACHE_CONTROL}` (`no-store` when the request is signed in).",
        "required": True,
        "schema": {"type": "string"},
    },
    "Access-Control-Allow-Origin": {"required": True, "schema": {"type": "string", "const": "*"}},
}
LINK_HEADER = {
    "Link": {
        "description": "RFC 8288 links to the next, prev, first and last pages.",
        "required": True,
        "schema": {"type": "string"},
    }
}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "An ETag from an earlier response: unchanged, the answer is a 304.",
    "schema": {"type": "string"},
}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _operation(
    operation_id: str,
    summary: str,
    schema: str,
    parameters: list[params.Param],
    *,
    paged: bool = False,
    can_404: bool = True,
    tag: str = "data",
) -> dict[str, Any]:
    headers = {**HEADERS, **(LINK_HEADER if paged else {})}
    responses: dict[str, Any] = {
        "200": {"description": "OK", "headers": headers, "content": _json(ref(schema))},
        "304": {"$ref": "#/components/responses/NotModified"},
    }
    if parameters and any(p.location == "query" for p in parameters):
        responses["400"] = {"$ref": "#/components/responses/BadRequest"}
    if can_404:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": [tag],
            "parameters": [p.openapi() for p in parameters] + [IF_NONE_MATCH],
            "responses": responses,
        }
    }


def _paths() -> dict[str, Any]:
    slug = [params.SLUG]
    version = [*slug, params.VERSION_NUMBER]
    lang = [params.LANG]
    paging = list(params.PAGINATION)
    return {
        "/": _operation("index", "Links to the collections and this document.", "Index",
                        lang, can_404=False),
        "/processes": _operation(
            "listProcesses", "Public processes, by slug.", "ProcessList", [*paging, *lang],
            paged=True, can_404=False,
        ),
        "/processes/{slug}": _operation(
            "getProcess", "A public process.", "Process", [*slug, *lang]
        ),
        "/processes/{slug}/versions": _operation(
            "listVersions", "The process's public (published or adopted) versions.",
            "VersionList", [*slug, *paging, *lang], paged=True,
        ),
        "/processes/{slug}/versions/{number}": _operation(
            "getVersion", "A public version.", "Version", [*version, *lang]
        ),
        "/processes/{slug}/versions/{number}/sections": _operation(
            "listSections", "The version's sections in document order, with every text.",
            "SectionList", [*version, *paging, *lang], paged=True,
        ),
        "/processes/{slug}/versions/{number}/sections/{key}": _operation(
            "getSection", "One section of a public version.", "Section",
            [*version, params.SECTION_KEY, *lang],
        ),
        "/processes/{slug}/suggestions": _operation(
            "listSuggestions",
            "Published answers (the public disposition table), filtered and sorted.",
            "SuggestionList", [*slug, *paging, *params.SUGGESTION_FILTERS, *lang], paged=True,
        ),
        "/processes/{slug}/suggestions/{suggestion_number}": _operation(
            "getSuggestion", "One suggestion with a published answer.", "Suggestion",
            [*slug, params.SUGGESTION_NUMBER, *lang],
        ),
        "/processes/{slug}/statistics": _operation(
            "getStatistics", "Counts of contributions and suggestions.", "Statistics",
            [*slug, *lang],
        ),
        "/openapi.json": _operation(
            "getOpenAPI", "This document.", "OpenAPIDocument", [], can_404=False, tag="meta"
        ),
    }


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {
            "Access-Control-Allow-Origin": HEADERS["Access-Control-Allow-Origin"],
        },
        "content": _json(ref("Error")),
    }


@cache
def _document() -> dict[str, Any]:
    components = schemas()
    components["OpenAPIDocument"] = {
        "type": "object",
        "required": ["openapi", "info", "paths"],
        "description": "An OpenAPI 3.1 document.",
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "consult open data",
            "version": "1",
            "description": (
                "Read-only public data of the consultations: processes, their public "
                "versions and sections with every text, the published answers to suggestions "
                "(the disposition table) and statistics. Only what the public may see: no "
                "unpublished decisions, no drafts, no private names without consent, no "
                "contact details, no internal notes.\n\n"
                "All responses are `application/json; charset=utf-8`. No authentication; "
                "CORS is open (`Access-Control-Allow-Origin: *`); only GET (and HEAD, "
                "OPTIONS) is answered, other methods get a 405.\n\n"
                "Lists are paginated (`page`, `per_page`) with links in the body and in a "
                "`Link` header. A query parameter with a malformed or unknown value, or "
                "given twice, is a 400; unknown parameters are ignored. Responses carry a "
                "strong `ETag`; `If-None-Match` with it gives a 304 without a body."
            ),
            "license": {"name": "Data: see the publishing city's terms"},
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [
            {"name": "data", "description": "Public data."},
            {"name": "meta", "description": "About the API."},
        ],
        "paths": _paths(),
        "components": {
            "schemas": components,
            "responses": {
                "NotModified": {
                    "description": "The body has not changed since the ETag sent in "
                                   "`If-None-Match`; no body.",
                    "headers": {"ETag": HEADERS["ETag"]},
                },
                "BadRequest": _error(
                    "A query parameter is malformed, out of range, not one of its allowed "
                    "values, or given more than once (`error.parameter` names it)."
                ),
                "NotFound": _error(
                    "No such public process, version, section or published suggestion (also "
                    "what anything not public looks like)."
                ),
            },
        },
    }


def document() -> dict[str, Any]:
    return _document()

"""JSON responses of the API: the body, its strong ETag and conditional requests, pages with
their links (in the body and as an RFC 8288 `Link` header), and errors.

Every response is `application/json; charset=utf-8` (a 304 has no body). A 200 carries
`ETag` (a SHA-256 of the exact body bytes) and `Cache-Control: public, max-age=60`; a request
whose `If-None-Match` names the current ETag gets a 304.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from typing import Any

from flask import current_app, request, url_for

JSON_TYPE = "application/json; charset=utf-8"
CACHE_CONTROL = "public, max-age=60"


def body_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def etag_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def ok(data: Any, *, headers: dict[str, str] | None = None):
    """A 200 with the JSON body, or a 304 when the client already holds this body."""
    body = body_bytes(data)
    tag = etag_of(body)
    if request.if_none_match and request.if_none_match.contains_weak(tag):
        response = current_app.response_class(status=304)
        response.headers.pop("Content-Type", None)
    else:
        response = current_app.response_class(body, status=200, content_type=JSON_TYPE)
        for name, value in (headers or {}).items():
            response.headers[name] = value
    response.set_etag(tag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}


def error(status: int, message: str, *, parameter: str | None = None, headers=None):
    body = {
        "error": {
            "code": ERROR_CODES.get(status, "error"),
            "message": message,
            "parameter": parameter,
        }
    }
    response = current_app.response_class(body_bytes(body), status=status, content_type=JSON_TYPE)
    response.headers["Cache-Control"] = "no-cache"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


# --------------------------------------------------------------------- pages


def pages_of(total: int, per_page: int) -> int:
    return max(1, math.ceil(total / per_page))


def page(
    items: list,
    *,
    total: int,
    page: int,
    per_page: int,
    link: Callable[[int], str],
):
    """A page of a list: body `{items, page, per_page, total, pages, links}` and a `Link`
    header with next, prev, first and last. `link(n)` builds the absolute URL of page n."""
    pages = pages_of(total, per_page)
    links = {
        "self": link(page),
        "next": link(page + 1) if page < pages else None,
        "prev": link(min(page - 1, pages)) if page > 1 else None,
    }
    header = [f'<{links["next"]}>; rel="next"'] if links["next"] else []
    if links["prev"]:
        header.append(f'<{links["prev"]}>; rel="prev"')
    header += [f'<{link(1)}>; rel="first"', f'<{link(pages)}>; rel="last"']
    return ok(
        {
            "items": items,
            "page": page,
            "per_page": per_page,
            "total": total,
            "pages": pages,
            "links": links,
        },
        headers={"Link": ", ".join(header)},
    )


def linker(endpoint: str, *, per_page: int, **values: Any) -> Callable[[int], str]:
    """page number -> absolute URL of that page of `endpoint` with these arguments."""
    fixed = {k: v for k, v in values.items() if v is not None and v != ""}

    def link(number: int) -> str:
        return url_for(endpoint, **fixed, page=number, per_page=per_page, _external=True)

    return link

"""The read-only open-data API under /api/v1: processes, versions, sections with their texts,
published suggestions with their answers, and statistics, as JSON, described by the OpenAPI
document at /api/v1/openapi.json.

Open data: no sign-in, no cookies, `Access-Control-Allow-Origin: *`, GET only. What a request
returns depends on its URL alone: the signed-in person, the session and Accept-Language play
no part (labels and messages follow the `lang` parameter, else the site's default language).
Every error, an unknown path under /api/v1 included, is a JSON error object.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, request
from flask_babel import gettext as _
from flask_babel import refresh
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import PathConverter

from .params import InvalidParameter
from .responses import error

bp = Blueprint("api", __name__, url_prefix="/api/v1")

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# Methods answered with a 405 (QUERY: the proposed safe method with a request body).
OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE", "TRACE", "QUERY"]


@bp.before_request
def choose_language() -> None:
    """Labels and messages in the `lang` of the URL if the site offers it, else the default:
    never the session's or the account's choice, so that every reader gets the same bytes."""
    from consult.i18n import choosable_languages

    lang = request.args.get("lang")
    g.consult_language = (
        lang if lang in choosable_languages() else current_app.config["BABEL_DEFAULT_LOCALE"]
    )
    refresh()


@bp.after_request
def open_data_headers(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Link"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if request.method == "OPTIONS" or response.status_code == 405:
        response.headers["Allow"] = ALLOWED_METHODS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


# --------------------------------------------------------------------- errors


def _is_resource(path: str) -> bool:
    """Whether a GET of this path would reach an endpoint of the API (not the catch-all)."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _values = adapter.match(path, method="GET")
    except HTTPException:
        return False
    return endpoint.startswith("api.") and endpoint != "api.unknown"


def _not_found():
    return error(404, _("There is nothing at this address."))


def _not_allowed():
    return error(
        405, _("This address only answers GET requests."), headers={"Allow": ALLOWED_METHODS}
    )


class _AnyPath(PathConverter):
    """Like `path`, but also across line breaks (`path` stops at a newline), so that the
    catch-all below answers every path under /api/v1."""

    regex = r"[^/][\s\S]*?"


# Before the routes are added: the converter must be known when the catch-all is.
bp.record_once(lambda state: state.app.url_map.converters.setdefault("api_any", _AnyPath))


@bp.route("/<api_any:rest>", methods=["GET", *OTHER_METHODS, "OPTIONS"],
          provide_automatic_options=False)
def unknown(rest: str):
    """Any path under /api/v1 that names nothing, and any method other than GET."""
    if request.method not in ("GET", "HEAD", "OPTIONS") and _is_resource(request.path):
        return _not_allowed()
    return _not_found()


@bp.route("/", methods=OTHER_METHODS, endpoint="index_other_methods")
def index_other_methods():
    return _not_allowed()


@bp.errorhandler(CSRFError)
def csrf_refused(_error):
    # Only a method other than GET meets the CSRF check: the API answers none of them.
    if _is_resource(request.path) or request.path == bp.url_prefix + "/":
        return _not_allowed()
    return _not_found()


@bp.errorhandler(OperationalError)
def database_unavailable(_error):
    from consult.extensions import db

    current_app.logger.exception("Database unavailable on %s", request.path)
    db.session.rollback()
    return error(503, _("The service is briefly unavailable. Please try again in a minute."))


def http_error(exc: HTTPException):
    if isinstance(exc, NotFound):
        return _not_found()
    if isinstance(exc, MethodNotAllowed):
        return _not_allowed()
    status = exc.code or 500
    messages = {
        400: _("The request could not be understood."),
        429: _("Too many requests. Please wait a moment and try again."),
        500: _("An error occurred on our side. Please try again later."),
    }
    return error(status, messages.get(status, _("The request could not be answered.")))


# The application's HTML error pages are registered by status code, which Flask consults
# before handlers registered by class: the API registers its own for each code it can meet.
for _code in (400, 404, 405, 413, 429, 500):
    bp.register_error_handler(_code, http_error)
bp.register_error_handler(HTTPException, http_error)


def _invalid_parameter(exc):
    return error(
        400,
        _("The parameter %(name)s has a value that is not allowed here.", name=exc.name),
        parameter=exc.name,
    )


bp.register_error_handler(InvalidParameter, _invalid_parameter)

from . import views  # noqa: E402,F401 - registers the routes on bp

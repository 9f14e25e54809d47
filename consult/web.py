"""Blueprints, error pages and what every template can use."""

from __future__ import annotations

from datetime import date

from flask import Flask, make_response, render_template, request
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from consult import i18n
from consult.markup import render_markdown
from consult.security import can, init_security_headers


def register_web(app: Flask) -> None:
    from consult import api
    from consult.accountability import export_views, notice_views, statistics_views
    from consult.accountability import views as disposition_views
    from consult.accounts.manage import bp as manage_accounts_bp
    from consult.accounts.views import bp as accounts_bp
    from consult.accounts.views import orgs_bp as organisations_bp
    from consult.comments.manage import bp as manage_comments_bp
    from consult.comments.views import bp as comments_bp
    from consult.council import adoption_views, bodies_views
    from consult.council import manage as manage_amendments
    from consult.council import public as public_amendments
    from consult.forum.manage import bp as manage_forum_bp
    from consult.forum.views import bp as forum_bp
    from consult.pages import bp as pages_bp
    from consult.plans.manage import bp as manage_plans_bp
    from consult.plans.views import bp as plans_bp
    from consult.reports import manage as manage_reports
    from consult.reports import views as report_views
    from consult.statements.manage import bp as manage_statements_bp
    from consult.statements.views import bp as statements_bp
    from consult.triage import views as triage_views

    app.register_blueprint(pages_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(organisations_bp)
    app.register_blueprint(manage_plans_bp)
    app.register_blueprint(manage_accounts_bp)
    for blueprint in (
        comments_bp, statements_bp, forum_bp,
        manage_comments_bp, manage_statements_bp, manage_forum_bp,
        triage_views.bp, triage_views.manage_bp, triage_views.public_bp,
        disposition_views.bp, statistics_views.bp,
        export_views.bp, export_views.manage_bp,
        notice_views.bp, notice_views.manage_bp,
        bodies_views.bp, manage_amendments.bp, adoption_views.bp, public_amendments.bp,
        report_views.bp, manage_reports.bp,
        api.bp,
    ):
        app.register_blueprint(blueprint)

    init_security_headers(app)
    _register_errors(app)
    _register_template_helpers(app)


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = (
        lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.globals["language_name"] = i18n.language_name
    app.jinja_env.globals["language_name_in"] = i18n.language_name_in
    app.jinja_env.globals["text_direction"] = i18n.text_direction
    app.jinja_env.globals["html_lang"] = i18n.html_lang
    app.jinja_env.globals["can"] = lambda permission: can(current_user, permission)
    app.jinja_env.globals["in_triage_group"] = _in_triage_group

    @app.context_processor
    def inject_language():
        chosen = i18n.select_language()
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        return {
            "ui_language": locale,
            "content_language": chosen,
            "chosen_language": chosen,
            "page_lang": i18n.html_lang(locale),
            "page_dir": i18n.text_direction(locale),
            "choosable_languages": i18n.choosable_languages(),
            "today": date.today(),
        }


def _in_triage_group() -> bool:
    """Whether the signed-in person belongs to a group that works on suggestions (cached)."""
    from flask import g

    if "in_triage_group" not in g:
        from consult.triage.access import member_of_any_group

        g.in_triage_group = member_of_any_group(current_user)
    return g.in_triage_group


def _register_errors(app: Flask) -> None:
    def render_error(status: int, title: str, message: str, kept_texts=()):
        return render_template(
            "errors/error.html", status=status, title=title, message=message,
            kept_texts=kept_texts,
        ), status

    def without_database() -> None:
        """The page must render without the database: it is drawn as for a visitor who is not
        signed in (the header's links for signed-in people ask the database), without touching
        their session."""
        from flask import g

        from consult.extensions import db, login_manager

        g._login_user = login_manager.anonymous_user()
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection is gone; the teardown drops it
            app.logger.warning("Rollback failed during a database error", exc_info=True)

    def kept_texts() -> list[str]:
        """What the person typed into the form they sent, to show back to them."""
        if request.method != "POST":
            return []
        try:
            fields = request.form.items(multi=True)
            return [
                value for name, value in fields
                if name not in ("csrf_token", "idempotency_key", "next", "lock_version")
                and "password" not in name and isinstance(value, str) and len(value.strip()) >= 20
            ]
        except Exception:  # noqa: BLE001 - an unreadable body has nothing to keep
            return []

    @app.errorhandler(400)
    def bad_request(_error):
        return render_error(400, _("Bad request"), _("The request could not be understood."))

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        view = app.view_functions.get(request.endpoint or "")
        if view is not None and getattr(view, "keeps_input_on_csrf_error", False):
            # The form fails its own CSRF validation and comes back with what was typed.
            response = make_response(view(**(request.view_args or {})))
            if response.status_code < 400:
                response.status_code = 400
            return response
        return render_error(
            400,
            _("Your form has expired"),
            _("For your security, forms expire after a while. Please go back, reload the page and send the form again."),
        )

    @app.errorhandler(403)
    def forbidden(_error):
        return render_error(403, _("Access denied"), _("You may not see this page."))

    @app.errorhandler(404)
    def not_found(_error):
        return render_error(404, _("Page not found"), _("There is no page at this address."))

    @app.errorhandler(405)
    def method_not_allowed(_error):
        return render_error(405, _("Not allowed"), _("This address does not accept this request."))

    @app.errorhandler(413)
    def too_large(_error):
        return render_error(
            413,
            _("File too large"),
            _(
                "What you sent is larger than we accept. Please send smaller files. If you were "
                "writing a statement, your text is kept in this browser: go back to the form to "
                "find it."
            ),
        )

    @app.errorhandler(429)
    def too_many(_error):
        return render_error(
            429,
            _("Too many requests"),
            _("You sent too many requests in a short time. Please wait a moment and try again."),
        )

    @app.errorhandler(500)
    def server_error(error):
        original = getattr(error, "original_exception", None)
        if _lost_database(original):
            return database_unavailable(original)
        app.logger.exception("Unhandled error on %s", request.path)
        without_database()
        return render_error(
            500,
            _("Something went wrong"),
            _("An error occurred on our side. Please try again later."),
        )

    from sqlalchemy.exc import (
        DataError,
        DisconnectionError,
        InterfaceError,
        OperationalError,
        PendingRollbackError,
    )
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    @app.errorhandler(DataError)
    def data_refused(_error):
        # A value the database refuses (e.g. a NUL byte on PostgreSQL) is bad input, not a fault.
        from consult.extensions import db

        db.session.rollback()
        return render_error(400, _("Bad request"), _("The request could not be understood."))

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(DisconnectionError)
    @app.errorhandler(PendingRollbackError)
    @app.errorhandler(PoolTimeout)
    def database_unavailable(_error):
        app.logger.exception("Database unavailable on %s", request.path)
        without_database()
        return render_error(
            503,
            _("Temporarily unavailable"),
            _("The service is briefly unavailable. Please try again in a minute."),
            kept_texts(),
        )


def _lost_database(error) -> bool:
    """Whether `error` says the database connection went away (rather than a bug)."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(error, DBAPIError):
        return bool(error.connection_invalidated) or isinstance(
            error.orig, getattr(error.orig, "OperationalError", ()) or ()
        )
    try:
        import psycopg

        if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
            return True
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    import sqlite3

    return isinstance(error, sqlite3.OperationalError)

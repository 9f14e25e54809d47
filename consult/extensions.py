"""Flask extensions, created unbound and initialised in `create_app`."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from consult.models import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def register(app) -> None:
    """Bind every extension to the app and configure it."""
    from pathlib import Path

    from sqlalchemy import event

    from consult.i18n import select_locale

    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if uri.startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        options.setdefault("connect_args", {}).setdefault("timeout", 30)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

    db.init_app(app)

    if uri.startswith("sqlite"):
        with app.app_context():

            @event.listens_for(db.engine, "connect")
            def _sqlite_pragmas(dbapi_connection, _record):
                # Let SQLAlchemy, not pysqlite, begin transactions, so that SAVEPOINTs work.
                dbapi_connection.isolation_level = None
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA busy_timeout=30000")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.close()
                # SQLite's lower() folds ASCII only; searches lower every script through this.
                dbapi_connection.create_function(
                    "unicode_lower", 1, _unicode_lower, deterministic=True
                )

            @event.listens_for(db.engine, "begin")
            def _sqlite_begin(connection):
                # Requests that may write take the write lock at once (BEGIN IMMEDIATE): a second
                # writer then waits for the busy timeout instead of failing with "database is
                # locked" when it upgrades its lock. Reading requests do not block each other.
                from flask import has_request_context, request

                reading = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
                connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    @app.teardown_appcontext
    def _end_session(_exc):
        # Runs before Flask-SQLAlchemy's own teardown (teardowns run in reverse order). When the
        # database went away mid-request, ending the session fails too: drop the connection
        # instead of letting a bare 500 escape after the response was chosen.
        from sqlalchemy.exc import DBAPIError

        try:
            db.session.remove()
        except DBAPIError:
            app.logger.warning("Lost the database connection while ending a request", exc_info=True)
            try:
                db.session.registry().invalidate()
            finally:
                db.session.registry.clear()

    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        from consult.accounts.models import User

        try:
            raw_id, stamp = user_id.split(":", 1)
            user = db.session.get(User, int(raw_id))
        except (ValueError, TypeError):
            return None
        if user is None or not user.is_active or user.get_id() != f"{raw_id}:{stamp}":
            return None
        return user


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value

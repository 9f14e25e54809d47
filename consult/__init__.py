"""consult: a city writes its plan together with its people."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from config import DEV_SECRET_KEY, load_config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(load_config())
    if test_config:
        app.config.update(test_config)

    if app.config["ENV_NAME"] == "production" and (
        not app.config.get("SECRET_KEY") or app.config["SECRET_KEY"] == DEV_SECRET_KEY
    ):
        raise RuntimeError("SECRET_KEY must be set to a secret value in production.")

    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    logging.basicConfig(level=logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)

    from consult import all_models, extensions  # noqa: F401

    extensions.register(app)

    from consult.web import register_web

    register_web(app)

    from consult.diagnostics import init_query_count
    from consult.pagecache import init_page_cache

    init_page_cache(app)

    init_query_count(app)

    from consult.cli import register_cli

    register_cli(app)
    return app

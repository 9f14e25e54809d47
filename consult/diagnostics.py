"""Optional per-request diagnostics for the benchmark: the number of SQL statements a request
ran, sent back in an `X-Query-Count` header. Off unless `QUERY_COUNT_HEADER` is set."""

from __future__ import annotations

from flask import Flask, g, has_request_context
from sqlalchemy import event

HEADER = "X-Query-Count"
_TRANSACTION_CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")


def init_query_count(app: Flask) -> None:
    if not app.config.get("QUERY_COUNT_HEADER"):
        return
    from consult.extensions import db

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(conn, cursor, statement, parameters, context, executemany):
        if has_request_context() and not statement.startswith(_TRANSACTION_CONTROL):
            g.query_count = g.get("query_count", 0) + 1

    @app.after_request
    def _header(response):
        response.headers[HEADER] = str(g.get("query_count", 0))
        return response

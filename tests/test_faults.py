"""Faults (SECURITY.md): the database connection dies in the middle of a submission.

On PostgreSQL the server really ends the app's connection (pg_terminate_backend) just as the
statement is being inserted. On SQLite, which has no server, the driver fails the same INSERT
with a disk I/O error. Either way the person gets their text back, nothing half-written is
stored, no orphaned file stays behind, and the app recovers by itself on the next request.
"""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, func, select, text

from consult.extensions import db
from consult.participation.models import Attachment, Contribution

URL = "/p/lip/statements/new?lang=en"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
TEXT = (
    "Ich wohne seit zwanzig Jahren in Hannover und möchte zum Integrationsplan Stellung "
    "nehmen: Wir brauchen mehr Sprachkurse für Kinder und eine Beratung für die Eltern."
)


def _key(response) -> str:
    match = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"', response.get_data(as_text=True))
    assert match
    return match.group(1)


def _send(client, key: str):
    data = {
        "body": TEXT, "title": "Sprachkurse", "email": "ayse@example.org", "name": "Ayşe",
        "idempotency_key": key,
        "attachments": [(io.BytesIO(PDF), "stellungnahme.pdf")],
    }
    return client.post(URL, data=data, content_type="multipart/form-data")


@pytest.fixture
def kill_connection_on_insert(app, database_url):
    """Arm a one-shot fault: the next INSERT INTO contributions loses its connection."""
    with app.app_context():
        engine = db.engine
    state = {"armed": True, "fired": False}
    is_postgres = engine.dialect.name == "postgresql"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT") if is_postgres else None

    def before(conn, cursor, statement, parameters, context, executemany):
        if not state["armed"] or not statement.startswith("INSERT INTO contributions"):
            return
        state["armed"] = False
        state["fired"] = True
        if is_postgres:
            pid = conn.connection.dbapi_connection.info.backend_pid
            with admin.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        else:
            raise sqlite3.OperationalError("disk I/O error")

    event.listen(engine, "before_cursor_execute", before)
    yield state
    event.remove(engine, "before_cursor_execute", before)
    if admin is not None:
        admin.dispose()


def test_connection_killed_mid_submission_keeps_text_and_stores_nothing(
    app, client, make_process, kill_connection_on_insert
):
    make_process()
    folder = Path(app.config["UPLOAD_FOLDER"])
    files_before = {p.name for p in folder.rglob("*") if p.is_file()}

    response = _send(client, _key(client.get(URL)))

    assert kill_connection_on_insert["fired"], "the fault hit the submission"
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert TEXT in html and 'value="Sprachkurse"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Contribution)) == 0
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert {p.name for p in folder.rglob("*") if p.is_file()} == files_before

    # The app recovers by itself: the same form, sent again, is stored once with its file.
    again = _send(client, _key(response))
    assert again.status_code == 303
    with app.app_context():
        stored = db.session.scalars(select(Contribution)).all()
        assert len(stored) == 1 and stored[0].body == TEXT
        assert len(stored[0].attachments) == 1

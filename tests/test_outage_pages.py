"""The database unreachable in the middle of a request of a signed-in person: a translated 503
page (never a bare 500) that shows back what they wrote, and the next request works again."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from consult.extensions import db

TEXT = "Bitte mehr Sprachcafés in den Stadtteilbibliotheken, auch am Wochenende."


@pytest.fixture
def database_down(app):
    """While set, every statement the app sends fails as if the server were gone."""
    with app.app_context():
        engine = db.engine
    state = {"down": False}

    def fail(conn, cursor, statement, parameters, context, executemany):
        if state["down"]:
            raise engine.dialect.loaded_dbapi.OperationalError("server closed the connection")

    event.listen(engine, "before_cursor_execute", fail)
    yield state
    event.remove(engine, "before_cursor_execute", fail)


def test_signed_in_comment_during_an_outage_gets_a_503_with_the_text(
    app, client, make_process, make_user, sign_in, database_down
):
    make_process()
    resident = make_user(display_name="Amal Haddad")
    sign_in(client, resident)
    database_down["down"] = True
    response = client.post(
        "/p/lip/v/2/s/g1/comments/new?lang=en", data={"body": TEXT, "idempotency_key": "k" * 32}
    )
    database_down["down"] = False
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Temporarily unavailable" in page
    assert "What you wrote" in page
    assert TEXT in page
    assert "Traceback" not in page
    # The app recovers by itself: the same person reads and writes again.
    again = client.get("/p/lip/v/2/s/g1?lang=en")
    assert again.status_code == 200
    assert "My account" in again.get_data(as_text=True)  # still signed in


def test_a_read_during_an_outage_is_a_503_page_without_a_form(
    app, client, make_process, make_user, sign_in, database_down
):
    make_process()
    sign_in(client, make_user())
    database_down["down"] = True
    response = client.get("/p/lip/v/2?lang=ar")
    database_down["down"] = False
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert "<textarea" not in page


def test_kept_text_is_escaped(app, client, make_process, make_user, sign_in, database_down):
    make_process()
    sign_in(client, make_user())
    database_down["down"] = True
    script = "<script>alert('x')</script> und noch ein wenig Text dazu"
    response = client.post("/p/lip/v/2/s/g1/comments/new?lang=en", data={"body": script})
    database_down["down"] = False
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page

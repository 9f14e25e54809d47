"""Feedback from attendees' phones: /f/<code> of an event or a table, without an account."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from helpers_participation import create_event
from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from consult.extensions import db
from consult.participation.models import Contribution, Event
from consult.plans import services as plan_services
from consult.plans.models import Process, Section, Version

SCRIPT = "<script>alert(1)</script>"


def text(response) -> str:
    return response.get_data(as_text=True)


def section_id(key: str) -> int:
    return db.session.scalar(select(Section.id).where(Section.key == key))


def stored() -> list[Contribution]:
    return list(db.session.scalars(select(Contribution).order_by(Contribution.id)).all())


def form_key(page: str) -> str:
    return re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture
def make_event(app):
    def make(tables=((1, "Bildung", ("f1", "g1")), (2, "Arbeit", ("f2",))), **kwargs) -> dict:
        return create_event(app, tables=tables, **kwargs)

    return make


@pytest.fixture
def forum(make_process, make_event):
    make_process()
    return make_event()


# --- the form ---------------------------------------------------------------------------------


def test_feedback_through_the_event_link_without_an_account(app, client, forum):
    response = client.get(f"/f/{forum['code']}?lang=en")
    assert response.status_code == 200
    page = text(response)
    assert "Integrationsforum" in page and "No account needed" in page and "anonymous" in page
    assert "Table 1: Bildung" in page and "Table 2: Arbeit" in page
    assert 'class="honeypot"' in page and 'name="website"' in page and 'tabindex="-1"' in page
    # The sections of every table of the event, in document order.
    options = re.findall(r'<option[^>]*value="(\d+)"[^>]*>([^<]*)</option>', page)
    with app.app_context():
        ids = {section_id(k): k for k in ("f1", "g1", "f2", "g2")}
    section_options = [ids[int(v)] for v, _label in options if int(v) in ids and "Table" not in _label]
    assert section_options == ["f1", "g1", "f2"]
    table2 = forum["tables"][2]["id"]
    response = client.post(
        f"/f/{forum['code']}",
        data={"table": str(table2), "text": "Mehr Ausbildungsplätze für Geflüchtete, bitte!",
              "idempotency_key": form_key(page)},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/f/{forum['code']}/thanks"
    with app.app_context():
        [card] = stored()
        assert card.kind == "forum_card" and card.channel == "forum" and card.submitter_type == "forum"
        assert card.event_id == forum["id"] and card.event_table_id == table2
        assert card.section_id is None and card.author_id is None and card.entered_by_id is None
        assert card.publish_text is True and card.publish_name is False
        assert card.language == "de" and card.language_source == "detected"
        latest = db.session.scalar(select(Version.id).where(Version.number == 2))
        assert card.version_id == latest
    page = text(client.get(response.headers["Location"] + "?lang=en"))
    assert "Thank you!" in page
    assert f'href="/f/{forum["code"]}"' in page and "Send another" in page


def test_feedback_through_a_table_link(app, client, forum):
    code = forum["tables"][1]["code"]
    page = text(client.get(f"/f/{code.lower()}?lang=en"))  # codes are read case-insensitively
    assert 'Table 1: <span dir="auto">Bildung</span>' in page
    assert 'name="table"' not in page  # the table is set by the link
    with app.app_context():
        g1, f2 = section_id("g1"), section_id("f2")
    assert f'value="{g1}"' in page and f'value="{f2}"' not in page  # only the table's sections
    response = client.post(
        f"/f/{code}",
        data={"section": str(g1), "language": "ar", "text": "نريد دورات لغة للأهل", "idempotency_key": form_key(page)},
    )
    assert response.status_code == 302
    with app.app_context():
        [card] = stored()
        assert card.event_table_id == forum["tables"][1]["id"] and card.section_id == g1
        assert card.language == "ar" and card.language_source == "author"


def test_the_language_is_detected_when_not_chosen(app, client, forum):
    client.post(f"/f/{forum['code']}", data={"text": "Anneler için daha fazla Almanca kursu istiyoruz."})
    with app.app_context():
        [card] = stored()
        assert (card.language, card.language_source, card.detected_language) == ("tr", "detected", "tr")


def test_the_page_works_in_arabic(client, forum):
    page = text(client.get(f"/f/{forum['code']}?lang=ar"))
    assert '<html lang="ar" dir="rtl">' in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": ""}, "This field is required"),
        ({"text": "    "}, "Please write your feedback."),
        ({"text": "Ein langer Text. " * 200}, "2000"),
        ({"text": "ok", "section": "99999"}, "Not a valid choice"),
        ({"text": "ok", "table": "99999"}, "Not a valid choice"),
        ({"text": "ok", "language": "tlh"}, "Not a valid choice"),
    ],
)
def test_bad_input_comes_back_with_the_text(app, client, forum, data, message):
    response = client.post(f"/f/{forum['code']}?lang=en", data=data)
    assert response.status_code == 422
    assert message in text(response)
    if data["text"].strip():
        assert data["text"].strip()[:40] in text(response)
    with app.app_context():
        assert stored() == []


def test_a_section_of_another_table_is_refused(app, client, forum):
    with app.app_context():
        f2 = section_id("f2")
    response = client.post(f"/f/{forum['tables'][1]['code']}?lang=en", data={"text": "ok", "section": str(f2)})
    assert response.status_code == 422
    with app.app_context():
        assert stored() == []


def test_honeypot_stores_nothing(app, client, forum):
    response = client.post(
        f"/f/{forum['code']}", data={"text": "Buy cheap pills", "website": "http://spam.example"}
    )
    assert response.status_code == 302  # the bot is not told
    with app.app_context():
        assert stored() == []


def test_a_double_submit_stores_one_card(app, client, forum):
    page = text(client.get(f"/f/{forum['code']}"))
    data = {"text": "Mehr Sitzbänke im Park", "idempotency_key": form_key(page)}
    first = client.post(f"/f/{forum['code']}", data=data)
    second = client.post(f"/f/{forum['code']}", data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"].endswith("/thanks")
    with app.app_context():
        assert len(stored()) == 1
    # A new form has a new key: a second card is a second card.
    page = text(client.get(f"/f/{forum['code']}"))
    client.post(f"/f/{forum['code']}", data={"text": "Noch eine Karte", "idempotency_key": form_key(page)})
    with app.app_context():
        assert len(stored()) == 2


def test_the_form_expiring_keeps_the_text(app, csrf_client, forum):
    response = csrf_client.post(
        f"/f/{forum['code']}?lang=en", data={"text": "Mein langer Beitrag zum Forum", "csrf_token": "old"}
    )
    assert response.status_code in (400, 422)
    assert "Mein langer Beitrag zum Forum" in text(response)
    with app.app_context():
        assert stored() == []


def test_a_csrf_protected_post_works_with_its_token(app, csrf_client, forum):
    page = text(csrf_client.get(f"/f/{forum['code']}"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = csrf_client.post(
        f"/f/{forum['code']}", data={"text": "Mit Token", "csrf_token": token, "idempotency_key": form_key(page)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert len(stored()) == 1


# --- when the form is open ------------------------------------------------------------------------


def test_a_closed_event_shows_a_polite_page(app, client, make_process, make_event):
    make_process()
    later = make_event(starts_at=datetime.now(UTC) + timedelta(days=10))
    response = client.get(f"/f/{later['code']}?lang=en")
    assert response.status_code == 200
    assert "Feedback from phones is closed" in text(response)
    assert "<textarea" not in text(response)
    response = client.post(f"/f/{later['tables'][1]['code']}?lang=en", data={"text": "Zu früh geschrieben"})
    assert "Feedback from phones is closed" in text(response)
    assert "Zu früh geschrieben" in text(response)  # nothing lost: the text is shown to copy
    with app.app_context():
        assert stored() == []


def test_an_event_without_phone_feedback_is_closed(app, client, make_process, make_event):
    make_process()
    off = make_event(accepts_phone_feedback=False)
    page = text(client.get(f"/f/{off['code']}?lang=en"))
    assert "This event does not take feedback from phones." in page
    client.post(f"/f/{off['code']}", data={"text": "Hallo"})
    with app.app_context():
        assert stored() == []


def test_a_phase_that_opens_forum_feedback_opens_the_form(app, client, make_process, make_event):
    make_process()
    later = make_event(starts_at=datetime.now(UTC) + timedelta(days=10))
    with app.test_request_context():
        process = db.session.scalar(select(Process))
        plan_services.save_phase(
            process, name={"de": "Forum"}, starts_on=date.today() - timedelta(days=1),
            ends_on=date.today() + timedelta(days=30), opens=("forum",),
        )
        db.session.commit()
    page = text(client.get(f"/f/{later['code']}?lang=en"))
    assert "<textarea" in page
    client.post(f"/f/{later['code']}", data={"text": "Schon vorher eine Idee"})
    with app.app_context():
        assert len(stored()) == 1


def test_unknown_codes_and_hidden_processes_are_not_found(app, client, forum):
    for code in ("ZZZZZZZ", "x", "a" * 40, "../etc", "%3Cscript%3E"):
        assert client.get(f"/f/{code}").status_code == 404
    assert client.get("/f/ZZZZZZZ/thanks").status_code == 404
    with app.app_context():
        process = db.session.scalar(select(Process))
        process.is_public = False
        db.session.commit()
    assert client.get(f"/f/{forum['code']}").status_code == 404
    assert client.post(f"/f/{forum['code']}", data={"text": "x"}).status_code == 404
    with app.app_context():
        assert stored() == []


# --- abuse and faults -------------------------------------------------------------------------------


def test_script_is_escaped_on_the_public_pages(app, client, make_process, make_event, make_user, sign_in):
    make_process()
    forum = make_event(name=f"Forum {SCRIPT}", tables=((1, f"Tisch {SCRIPT}", ("g1",)),))
    code = forum["tables"][1]["code"]
    for path in (f"/f/{code}", f"/f/{code}/thanks", f"/f/{forum['code']}"):
        page = text(client.get(path))
        assert SCRIPT not in page and "&lt;script&gt;" in page, path
    client.post(f"/f/{code}", data={"text": f"Karte {SCRIPT}"})
    with app.app_context():
        [card] = stored()
        assert card.body == f"Karte {SCRIPT}"  # kept as written, shown escaped
    staff = sign_in(app.test_client(), make_user(role="staff"))
    page = text(staff.get(f"/manage/processes/lip/events/{forum['id']}/cards"))
    assert SCRIPT not in page and "Karte &lt;script&gt;" in page
    with app.app_context():
        event = db.session.get(Event, forum["id"])
        event.starts_at = datetime.now(UTC) + timedelta(days=5)
        db.session.commit()
    page = text(client.post(f"/f/{code}?lang=en", data={"text": SCRIPT}))
    assert "closed" in page and SCRIPT not in page


def test_posting_is_rate_limited(app, client, forum):
    app.config["CONTRIBUTION_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [
            client.post(f"/f/{forum['code']}", data={"text": f"Karte {i}"}).status_code for i in range(5)
        ]
    finally:
        app.config["CONTRIBUTION_RATE_LIMIT"] = "30 per hour"
    assert statuses[:3] == [302, 302, 302] and statuses[3:] == [429, 429]
    assert client.get(f"/f/{forum['code']}").status_code == 200  # reading is not limited
    with app.app_context():
        assert len(stored()) == 3


def test_a_database_outage_keeps_the_text(app, client, forum):
    """The database goes away at the insert and stays away while the page is shown."""
    page = text(client.get(f"/f/{forum['code']}"))
    with app.app_context():
        engine = db.engine
    down = {"now": False}

    def fail(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO CONTRIBUTIONS"):
            down["now"] = True
        if down["now"] and not statement.lstrip().upper().startswith("ROLLBACK"):
            raise OperationalError(statement, parameters, Exception("server closed the connection"))

    sa_event.listen(engine, "before_cursor_execute", fail)
    try:
        response = client.post(
            f"/f/{forum['code']}?lang=en",
            data={"text": "Dieser Text darf nicht verloren gehen", "idempotency_key": form_key(page)},
        )
    finally:
        sa_event.remove(engine, "before_cursor_execute", fail)
    assert response.status_code == 503
    assert "Dieser Text darf nicht verloren gehen" in text(response)
    assert "your text" in text(response) and "Integrationsforum" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Contribution)) == 0
    # Back again: the same form goes through.
    response = client.post(
        f"/f/{forum['code']}", data={"text": "Dieser Text darf nicht verloren gehen", "idempotency_key": form_key(page)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert len(stored()) == 1

"""Staff area for forum feedback: events, tables, capturing cards (one by one, in a batch,
from a CSV file), the list of cards, QR codes and the print sheet."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers_participation import create_event
from sqlalchemy import func, select

from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.forum import cards, services
from consult.participation.models import Contribution, Event, EventTable
from consult.plans.models import Process, Section, Version

ROLES = [None, "resident", "staff", "admin"]
SCRIPT = "<script>alert(1)</script>"


# --- helpers --------------------------------------------------------------------------------


def text(response) -> str:
    return response.get_data(as_text=True)


def section_id(key: str, slug: str = "lip") -> int:
    return db.session.scalar(
        select(Section.id).join(Process).where(Process.slug == slug, Section.key == key)
    )


def version_id(number: int, slug: str = "lip") -> int:
    return db.session.scalar(
        select(Version.id).join(Process).where(Process.slug == slug, Version.number == number)
    )


def cards_of(event_id: int) -> list[Contribution]:
    return list(
        db.session.scalars(
            select(Contribution).where(Contribution.event_id == event_id).order_by(Contribution.id)
        ).all()
    )


def card_total() -> int:
    return db.session.scalar(select(func.count()).select_from(Contribution))


@pytest.fixture(autouse=True)
def own_upload_folder(app, tmp_path, monkeypatch):
    """Each test keeps its uploaded CSV files to itself."""
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))


@pytest.fixture
def make_event(app):
    """An event of a process with tables, in the Rathaus; returns ids and codes.

    Default tables: 1 "Bildung" (f1, g1), 2 "Arbeit" (f2), 3 "Sprache" (g2).
    """

    def make(
        tables=((1, "Bildung", ("f1", "g1")), (2, "Arbeit", ("f2",)), (3, "Sprache", ("g2",))),
        **kwargs,
    ) -> dict:
        return create_event(app, tables=tables, place="Rathaus", **kwargs)

    return make


@pytest.fixture
def world(app, make_process, make_event):
    data = make_process()
    event = make_event()
    return {**data, "event": event}


@pytest.fixture
def staff(client, make_user, sign_in):
    user = make_user(role="staff", display_name="Sachbearbeiterin")
    return sign_in(client, user)


def base(world) -> str:
    return f"/manage/processes/{world['slug']}/events/{world['event']['id']}"


def add_card(app, world, body="Mehr Sprachkurse für Eltern", table=1, key=None) -> int:
    with app.test_request_context():
        event = db.session.get(Event, world["event"]["id"])
        table_obj = db.session.get(EventTable, world["event"]["tables"][table]["id"]) if table else None
        [card_id] = services.capture_cards(
            event, [services.CardInput(text=body, table=table_obj)], version=None, actor=None,
            idempotency_key=key,
        )
        db.session.commit()
        return card_id


# --- permissions ------------------------------------------------------------------------------


def _manage_paths(app, world, card_id) -> list[tuple[str, str]]:
    b = base(world)
    t = world["event"]["tables"][1]["id"]
    return [
        ("GET", f"/manage/processes/{world['slug']}/events"),
        ("GET", f"/manage/processes/{world['slug']}/events/new"),
        ("GET", b),
        ("GET", f"{b}/edit"),
        ("GET", f"{b}/delete"),
        ("GET", f"{b}/tables/new"),
        ("GET", f"{b}/tables/{t}"),
        ("GET", f"{b}/tables/{t}/delete"),
        ("GET", f"{b}/qr.svg"),
        ("GET", f"{b}/tables/{t}/qr.svg"),
        ("GET", f"{b}/print"),
        ("GET", f"{b}/capture"),
        ("GET", f"{b}/batch"),
        ("GET", f"{b}/csv"),
        ("GET", f"{b}/cards"),
        ("GET", f"{b}/cards/{card_id}/delete"),
        ("POST", f"{b}/cards/{card_id}/language"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_the_staff_routes(app, client, world, make_user, sign_in, role):
    card_id = add_card(app, world)
    if role is not None:
        sign_in(client, make_user(role=role))
    for method, path in _manage_paths(app, world, card_id):
        response = client.open(path, method=method, data={"language": "en"})
        if role is None:
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/account/login"), path
        elif role == "resident":
            assert response.status_code == 403, path
        else:
            assert response.status_code in (200, 302), (path, response.status_code)
    with app.app_context():
        card = db.session.get(Contribution, card_id)
        assert card.language == ("en" if role in ("staff", "admin") else "de")


def test_every_forum_route_carries_the_permission(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("manage_forum."):
            assert app.view_functions[rule.endpoint].permission == "forum.manage", rule.endpoint


def test_event_of_another_process_is_not_found(app, client, world, make_process, staff):
    """IDOR: an event, table or card addressed through another process's slug is a 404."""
    make_process(slug="other")
    card_id = add_card(app, world)
    wrong = {**world, "slug": "other"}
    for method, path in _manage_paths(app, wrong, card_id):
        if path.endswith("/events") or path.endswith("/events/new"):
            continue
        response = client.open(path, method=method, data={"language": "en"})
        assert response.status_code == 404, path
    # A table of one event through another event of the same process.
    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == "lip"))
        second = services.create_event(process, name="Zweites Forum", starts_at=datetime.now(UTC))
        db.session.commit()
        second_id = second.id
    table_id = world["event"]["tables"][1]["id"]
    path = f"/manage/processes/lip/events/{second_id}"
    assert client.get(f"{path}/tables/{table_id}").status_code == 404
    assert client.get(f"{path}/tables/{table_id}/qr.svg").status_code == 404
    assert client.get(f"{path}/cards/{card_id}/delete").status_code == 404
    assert client.post(f"{path}/cards/{card_id}/language", data={"language": "en"}).status_code == 404
    assert client.get("/manage/processes/no-such/events").status_code == 404


# --- events -----------------------------------------------------------------------------------


def test_staff_create_an_event(app, client, make_process, staff):
    make_process()
    response = client.post(
        "/manage/processes/lip/events/new?lang=en",
        data={
            "name": "Integrationsforum 2026",
            "starts_at": "2026-06-12T18:00",
            "ends_at": "2026-06-12T21:30",
            "place": "Neues Rathaus, Hodlersaal",
            "description": "Tischgespräche zum zweiten Entwurf.",
            "language": "de",
            "accepts_phone_feedback": "y",
        },
    )
    assert response.status_code == 302
    with app.test_request_context("/?lang=en"):
        event = db.session.scalar(select(Event))
        assert response.headers["Location"] == f"/manage/processes/lip/events/{event.id}"
        assert event.name == "Integrationsforum 2026"
        # 18:00 in Hannover in summer is 16:00 UTC.
        assert event.starts_at == datetime(2026, 6, 12, 16, 0, tzinfo=UTC)
        assert event.ends_at == datetime(2026, 6, 12, 19, 30, tzinfo=UTC)
        assert event.place == "Neues Rathaus, Hodlersaal"
        assert event.accepts_phone_feedback is True
        assert re.fullmatch(f"[{services.CODE_ALPHABET}]{{6,8}}", event.code)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "forum.event.create"))
        assert entry.object_id == event.id and "Integrationsforum 2026" in entry.message


def test_event_end_before_start_is_refused(app, client, make_process, staff):
    make_process()
    response = client.post(
        "/manage/processes/lip/events/new?lang=en",
        data={"name": "Forum", "starts_at": "2026-06-12T18:00", "ends_at": "2026-06-12T17:00", "language": "de"},
    )
    assert response.status_code == 422
    assert "The end cannot be before the start." in text(response)
    assert 'value="Forum"' in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "x" * 201, "starts_at": "2026-06-12T18:00", "language": "de"}, "200"),
        ({"name": "Forum", "starts_at": "kein Datum", "language": "de"}, "Not a valid datetime value"),
        ({"name": "Forum", "starts_at": "2026-06-12T18:00", "language": "xx"}, "Not a valid choice"),
        ({"name": "", "starts_at": "2026-06-12T18:00", "language": "de"}, "This field is required"),
    ],
)
def test_bad_event_input_is_a_form_error(app, client, make_process, staff, data, message):
    make_process()
    response = client.post("/manage/processes/lip/events/new?lang=en", data=data)
    assert response.status_code == 422
    assert message in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_staff_edit_an_event(app, client, world, staff):
    response = client.get(f"{base(world)}/edit")
    assert 'value="Integrationsforum"' in text(response)
    response = client.post(
        f"{base(world)}/edit",
        data={"name": "Integrationsforum (verlegt)", "starts_at": "2026-09-01T10:00", "place": "Pavillon",
              "language": "tr"},
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.get(Event, world["event"]["id"])
        assert event.name == "Integrationsforum (verlegt)"
        assert event.place == "Pavillon" and event.language == "tr"
        assert event.starts_at == datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
        assert event.accepts_phone_feedback is False  # unchecked box
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "forum.event.update"))
        assert entry.before["name"] == "Integrationsforum" and entry.after["place"] == "Pavillon"


def test_delete_an_event_without_cards_only(app, client, world, staff):
    add_card(app, world)
    response = client.post(f"{base(world)}/delete?lang=en")
    assert "An event with cards cannot be removed" in text(client.get(f"{base(world)}/delete?lang=en"))
    with app.app_context():
        assert db.session.get(Event, world["event"]["id"]) is not None
        for card in cards_of(world["event"]["id"]):
            db.session.delete(card)
        db.session.commit()
    response = client.post(f"{base(world)}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Event, world["event"]["id"]) is None
        assert db.session.scalar(select(func.count()).select_from(EventTable)) == 0
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "forum.event.delete"))


# --- tables -----------------------------------------------------------------------------------


def test_staff_add_edit_and_remove_a_table(app, client, world, staff):
    with app.app_context():
        g1, f2 = section_id("g1"), section_id("f2")
    page = text(client.get(f"{base(world)}/tables/new?lang=en"))
    assert 'value="4"' in page  # the next free number
    assert "Ziel 1.1" in page and "From version 2" in page
    response = client.post(
        f"{base(world)}/tables/new", data={"number": "4", "name": "Wohnen", "sections": [str(g1), str(f2)]}
    )
    assert response.status_code == 302
    with app.app_context():
        table = db.session.scalar(select(EventTable).where(EventTable.number == 4))
        assert table.name == "Wohnen"
        assert {s.id for s in table.sections} == {g1, f2}
        assert re.fullmatch(f"[{services.CODE_ALPHABET}]{{6,8}}", table.code)
        assert table.code != world["event"]["code"]
        table_id = table.id
    response = client.post(
        f"{base(world)}/tables/{table_id}", data={"number": "5", "name": "Wohnen und Nachbarschaft", "sections": [str(f2)]}
    )
    assert response.status_code == 302
    with app.app_context():
        table = db.session.get(EventTable, table_id)
        assert (table.number, table.name, [s.id for s in table.sections]) == (5, "Wohnen und Nachbarschaft", [f2])
    response = client.post(f"{base(world)}/tables/{table_id}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(EventTable, table_id) is None
        actions = set(db.session.scalars(select(AuditEntry.action)).all())
        assert {"forum.table.create", "forum.table.update", "forum.table.delete"} <= actions


def test_table_form_errors(app, client, world, staff):
    with app.app_context():
        g1 = section_id("g1")
    response = client.post(f"{base(world)}/tables/new?lang=en", data={"number": "1", "name": "Doppelt", "sections": [str(g1)]})
    assert response.status_code == 422
    assert "This event has a table with this number already." in text(response)
    response = client.post(f"{base(world)}/tables/new?lang=en", data={"number": "7", "name": "Ohne"})
    assert response.status_code == 422 and "Choose at least one section." in text(response)
    response = client.post(f"{base(world)}/tables/new?lang=en", data={"number": "7", "name": "X", "sections": ["999999"]})
    assert response.status_code == 422 and "Not a valid choice." in text(response)
    response = client.post(f"{base(world)}/tables/new?lang=en", data={"number": "zwei", "name": "X", "sections": [str(g1)]})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EventTable)) == 3


def test_a_table_with_cards_cannot_be_removed(app, client, world, staff):
    add_card(app, world, table=1)
    table_id = world["event"]["tables"][1]["id"]
    client.post(f"{base(world)}/tables/{table_id}/delete")
    with app.app_context():
        assert db.session.get(EventTable, table_id) is not None


# --- one card at a time -----------------------------------------------------------------------


def test_capture_a_card_keeps_table_section_and_language(app, client, world, staff):
    table = world["event"]["tables"][3]["id"]
    with app.app_context():
        g1 = section_id("g1")
    page = text(client.get(f"{base(world)}/capture?lang=en"))
    assert "0 cards captured for this event" in page
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        f"{base(world)}/capture",
        data={"table": str(table), "section": str(g1), "language": "tr", "text": "Daha fazla dil kursu",
              "version": "2", "idempotency_key": key},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert f"table={table}" in location and f"section={g1}" in location and "language=tr" in location
    with app.app_context():
        [card] = cards_of(world["event"]["id"])
        user_id = db.session.scalar(select(AuditEntry.actor_id).where(AuditEntry.action == "forum.cards.capture"))
        assert card.kind == "forum_card" and card.channel == "forum" and card.submitter_type == "forum"
        assert card.event_table_id == table and card.section_id == g1
        assert card.version_id == version_id(2)
        assert card.language == "tr" and card.language_source == "staff"
        assert card.publish_text is True and card.publish_name is False
        assert card.receipt_number is None and card.author_id is None
        assert card.entered_by_id == user_id == client.user.id
    page = text(client.get(location + "&lang=en"))
    assert "1 card captured for this event" in page
    assert f'<option selected value="{table}">' in page
    assert re.search(rf'<option[^>]* selected value="{g1}"', page)
    assert re.search(r'<option[^>]* selected value="tr"', page)
    textarea = re.search(r"<textarea[^>]*>([^<]*)</textarea>", page)
    assert "autofocus" in textarea.group(0) and textarea.group(1).strip() == ""
    # The same form sent again (a double click) stores one card.
    again = client.post(
        f"{base(world)}/capture",
        data={"table": str(table), "text": "Daha fazla dil kursu", "version": "2", "idempotency_key": key},
    )
    assert again.status_code == 302
    with app.app_context():
        assert len(cards_of(world["event"]["id"])) == 1


def test_a_card_gets_the_first_section_of_its_table_and_a_detected_language(app, client, world, staff):
    table = world["event"]["tables"][1]["id"]
    response = client.post(
        f"{base(world)}/capture",
        data={"table": str(table), "text": "Wir brauchen mehr Sprachkurse für Eltern am Abend."},
    )
    assert response.status_code == 302
    with app.app_context():
        [card] = cards_of(world["event"]["id"])
        assert card.section_id == section_id("f1")  # f1 comes before g1 in the plan
        assert card.language == "de" and card.language_source == "detected"
        assert card.version_id == version_id(2)  # the latest published version


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": ""}, "This field is required"),
        ({"text": "   "}, "Please enter the text of the card."),
        ({"text": "x" * 5001}, "5000"),
        ({"text": "ok", "table": "999999"}, "Not a valid choice"),
        ({"text": "ok", "section": "999999"}, "Not a valid choice"),
        ({"text": "ok", "language": "klingon"}, "Not a valid choice"),
    ],
)
def test_bad_card_input_is_a_form_error(app, client, world, staff, data, message):
    response = client.post(f"{base(world)}/capture?lang=en", data=data)
    assert response.status_code == 422
    assert message in text(response)
    with app.app_context():
        assert card_total() == 0


def test_capture_form_with_an_expired_token_keeps_the_text(app, csrf_client, world, make_user, sign_in):
    sign_in(csrf_client, make_user(role="staff"))
    response = csrf_client.post(
        f"{base(world)}/capture?lang=en", data={"text": "Karte mit viel Text", "csrf_token": "expired"}
    )
    assert response.status_code in (400, 422)
    assert "Karte mit viel Text" in text(response)
    with app.app_context():
        assert card_total() == 0


def test_a_database_outage_keeps_the_card_text(app, client, world, staff, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def fail():
        raise OperationalError("COMMIT", {}, Exception("connection lost"))

    monkeypatch.setattr(db.session, "commit", fail)
    response = client.post(f"{base(world)}/capture?lang=en", data={"text": "Diese Karte darf nicht verloren gehen"})
    monkeypatch.undo()
    assert response.status_code == 503
    assert "Diese Karte darf nicht verloren gehen" in text(response)
    assert "your text is still here" in text(response)
    with app.app_context():
        assert card_total() == 0


# --- many cards, one per line -----------------------------------------------------------------


def test_batch_lines_with_tables_and_sections(app, client, world, staff):
    table2 = world["event"]["tables"][2]["id"]
    lines = "\n".join(
        [
            "Mehr Kitaplätze in der Nordstadt",
            "",
            "3: Sprachcafés in jeder Bibliothek",
            "1.1 | Elternabende mehrsprachig",
            "1: 2.1 | Ausbildung in Teilzeit ermöglichen",
            "   ",
            "Mentoring für junge Menschen",
        ]
    )
    response = client.post(
        f"{base(world)}/batch?lang=en",
        data={"table": str(table2), "language": "de", "lines": lines, "version": "2"},
    )
    assert response.status_code == 302
    with app.app_context():
        stored = [(c.body, c.event_table_id, c.section_id, c.language) for c in cards_of(world["event"]["id"])]
        t = world["event"]["tables"]
        assert stored == [
            ("Mehr Kitaplätze in der Nordstadt", t[2]["id"], section_id("f2"), "de"),
            ("Sprachcafés in jeder Bibliothek", t[3]["id"], section_id("g2"), "de"),
            ("Elternabende mehrsprachig", t[2]["id"], section_id("g1"), "de"),
            ("Ausbildung in Teilzeit ermöglichen", t[1]["id"], section_id("g2"), "de"),
            ("Mentoring für junge Menschen", t[2]["id"], section_id("f2"), "de"),
        ]
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "forum.cards.capture")).all()
        assert len(entries) == 1 and entries[0].params["count"] == 5
    page = text(client.get(response.headers["Location"] + "&lang=en"))
    assert "5 cards captured for this event" in page
    assert f'<option selected value="{table2}">' in page


def test_batch_with_errors_saves_nothing_and_keeps_the_lines(app, client, world, staff):
    lines = "Gute Idee\n9: Tisch gibt es nicht\n7.7.7 | Abschnitt gibt es nicht\n" + "x" * 5001
    response = client.post(f"{base(world)}/batch?lang=en", data={"lines": lines})
    assert response.status_code == 422
    page = text(response)
    assert "3 lines have errors. Nothing was saved" in page
    assert "Line 2" in page and "Unknown table “9”." in page
    assert "Line 3" in page and "Unknown section “7.7.7”." in page
    assert "Line 4" in page and "The text is too long: 5001 characters, at most 5000." in page
    assert "Tisch gibt es nicht" in page  # the lines come back
    with app.app_context():
        assert card_total() == 0


def test_fifty_cards_in_a_batch_are_fifty_contributions(app, client, world, staff):
    lines = "\n".join(f"Karte Nummer {i}: mehr Beratung in vielen Sprachen" for i in range(1, 51))
    response = client.post(f"{base(world)}/batch", data={"lines": lines, "idempotency_key": "k" * 32})
    assert response.status_code == 302
    with app.app_context():
        stored = cards_of(world["event"]["id"])
        assert len(stored) == 50
        assert [c.body for c in stored][:2] == [
            "Karte Nummer 1: mehr Beratung in vielen Sprachen",
            "Karte Nummer 2: mehr Beratung in vielen Sprachen",
        ]
        assert all(c.kind == "forum_card" and c.channel == "forum" for c in stored)
    # Sent again (a retry): still fifty.
    response = client.post(f"{base(world)}/batch", data={"lines": lines, "idempotency_key": "k" * 32})
    assert response.status_code == 302
    with app.app_context():
        assert len(cards_of(world["event"]["id"])) == 50


def test_batch_save_does_not_query_per_card(app, client, world, staff, count_queries):
    def save(n: int, key: str) -> int:
        lines = "\n".join(f"{1 + i % 3}: {1 + i % 2}.1 | Karte {i} mit Text" for i in range(n))
        client.get(f"{base(world)}/batch")
        with count_queries() as counter:
            response = client.post(f"{base(world)}/batch", data={"lines": lines, "idempotency_key": key})
        assert response.status_code == 302
        return counter.count

    few = save(5, "a" * 32)
    many = save(50, "b" * 32)
    assert many == few, f"{few} queries for 5 cards, {many} for 50"
    with app.app_context():
        assert card_total() == 55


def test_parse_lines_format(app, world):
    with app.test_request_context("/?lang=en"):
        event = db.session.get(Event, world["event"]["id"])
        version = db.session.get(Version, version_id(2))
        from consult.forum import queries

        lookups = cards.build_lookups(event, queries.nodes_of(version), ["de", "en"], "de")
        rows = cards.parse_lines(
            "10:30 Uhr ist zu früh\n2: \n3:Ohne Leerzeichen\n2.1. | Mit Punkt",
            lookups, table=None, section=None, language=None,
        )
        assert [(r.text, r.table.number if r.table else None, r.errors) for r in rows] == [
            ("10:30 Uhr ist zu früh", None, []),
            ("", 2, ["The text is empty."]),
            ("3:Ohne Leerzeichen", None, []),
            ("Mit Punkt", None, []),
        ]
        assert rows[3].section_id == section_id("g2")


# --- a CSV file --------------------------------------------------------------------------------


CSV_SEMICOLON = (
    "\ufefftable;section;language;text\n"
    "1;1.1;de;Elternabende mehrsprachig\n"
    "3;;tr;Daha fazla dil kursu\n"
    "9;;;Tisch gibt es nicht\n"
    "2;4.4;;Abschnitt gibt es nicht\n"
    "2;;;\n"
    "2;;xx;Sprache gibt es nicht\n"
    ";;;\n"
    '1;;;"Mehrzeilig;\nmit Semikolon"\n'
    f"1;;;{'y' * 5001}\n"
)


def upload(client, world, content: str | bytes, name="karten.csv"):
    import io

    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(
        f"{base(world)}/csv?lang=en",
        data={"file": (io.BytesIO(data), name), "version": "2"},
        content_type="multipart/form-data",
    )


def test_csv_preview_then_save_only_the_valid_rows(app, client, world, staff):
    response = upload(client, world, CSV_SEMICOLON)
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    token = preview_url.rsplit("/", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token)
    page = text(client.get(preview_url + "?lang=en"))
    with app.app_context():
        assert card_total() == 0  # nothing saved by the preview
    assert '<dd id="valid-count">3</dd>' in page
    assert '<dd id="error-count">5</dd>' in page
    row = lambda n: re.search(rf'<tr id="row-{n}"[^>]*>(.*?)</tr>', page, re.S).group(0)  # noqa: E731
    assert "Elternabende mehrsprachig" in row(2) and "badge-ok" in row(2) and "Ziel 1.1" in row(2)
    assert "row-error" not in row(3) and "Türkçe" in row(3)
    assert "Unknown table “9”." in row(4)
    assert "Unknown section “4.4”." in row(5)
    assert "The text is empty." in row(6)
    assert "Unknown language “xx”." in row(7)
    assert 'id="row-8"' not in page  # an empty row is left out
    assert "Mehrzeilig;\nmit Semikolon" in row(9)
    assert "The text is too long" in row(10)
    assert "Save 3 cards" in page

    response = client.post(preview_url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/cards")
    with app.app_context():
        stored = cards_of(world["event"]["id"])
        t = world["event"]["tables"]
        assert [(c.body, c.event_table_id, c.section_id) for c in stored] == [
            ("Elternabende mehrsprachig", t[1]["id"], section_id("g1")),
            ("Daha fazla dil kursu", t[3]["id"], section_id("g2")),
            ("Mehrzeilig;\nmit Semikolon", t[1]["id"], section_id("f1")),
        ]
        assert [c.language for c in stored][:2] == ["de", "tr"]
        assert all(c.version_id == version_id(2) for c in stored)
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "forum.cards.capture")).all()
        assert len(entries) == 1 and entries[0].params["count"] == 3
        folder = Path(app.config["UPLOAD_FOLDER"]) / "forum-csv"
        assert not (folder / f"{token}.json").exists()
    # Sending the save again does not store the cards twice.
    response = client.post(preview_url)
    assert response.status_code == 302 and response.headers["Location"].endswith("/csv")
    with app.app_context():
        assert card_total() == 3


def test_csv_with_commas_and_no_bom(app, client, world, staff):
    content = 'Text,Table,Section\r\n"Mehr Sport, mehr Begegnung",2,\r\nLonger opening hours,1,2.1\r\n'
    response = upload(client, world, content)
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"] + "?lang=en"))
    assert '<dd id="valid-count">2</dd>' in page
    client.post(response.headers["Location"])
    with app.app_context():
        stored = cards_of(world["event"]["id"])
        assert [(c.body, c.section_id) for c in stored] == [
            ("Mehr Sport, mehr Begegnung", section_id("f2")),
            ("Longer opening hours", section_id("g2")),
        ]
        assert stored[1].language == "en" and stored[1].language_source == "detected"


@pytest.mark.parametrize(
    "content, message",
    [
        ("Tisch;Sprache\n1;de\n", "a column “text” is required"),
        ("", "The file is empty."),
        (b"text\n" + "Grüße".encode("latin-1"), "The file is not UTF-8 text."),
        (b"text\n\x00\x00", "The file is not a CSV text file."),
    ],
)
def test_unreadable_csv_files_are_refused(app, client, world, staff, content, message):
    response = upload(client, world, content)
    assert response.status_code == 422
    assert message in text(response)


def test_a_csv_with_only_errors_cannot_be_saved(app, client, world, staff):
    response = upload(client, world, "table;text\n9;Kein Tisch\n")
    preview = response.headers["Location"]
    page = text(client.get(preview + "?lang=en"))
    assert "Save" not in re.search(r'<form method="post" class="actions">(.*?)</form>', page, re.S).group(1)
    response = client.post(preview + "?lang=en")
    assert response.status_code == 422
    with app.app_context():
        assert card_total() == 0


def test_a_csv_token_belongs_to_its_event_and_uploader(app, client, world, staff, make_user, sign_in):
    response = upload(client, world, "text\nEine Karte\n")
    preview = response.headers["Location"]
    token = preview.rsplit("/", 1)[1]
    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == "lip"))
        other = services.create_event(process, name="Anderes Forum", starts_at=datetime.now(UTC))
        db.session.commit()
        other_id = other.id
    assert client.get(f"/manage/processes/lip/events/{other_id}/csv/{token}").status_code == 404
    other_staff = sign_in(client.application.test_client(), make_user(role="staff"))
    assert other_staff.get(preview).status_code == 404
    assert other_staff.post(preview).status_code == 404
    # Unknown or malformed tokens send the person back to the upload.
    for bad in ("x" * 32, "../../etc/passwd", "a"):
        response = client.get(f"{base(world)}/csv/{bad}")
        assert response.status_code in (302, 404)
    with app.app_context():
        assert card_total() == 0


def _csv_rows(n: int) -> str:
    return "table;section;text\n" + "".join(f"{1 + i % 3};{1 + i % 2}.1;Karte {i}\n" for i in range(n))


def test_csv_preview_and_save_do_not_query_per_row(app, client, world, staff, count_queries):
    def measure(n: int) -> tuple[int, int]:
        preview = upload(client, world, _csv_rows(n)).headers["Location"]
        client.get(preview)
        with count_queries() as counter:
            assert client.get(preview).status_code == 200
        shown = counter.count
        with count_queries() as counter:
            assert client.post(preview).status_code == 302
        return shown, counter.count

    few_preview, few_save = measure(5)
    many_preview, many_save = measure(50)
    assert many_preview == few_preview, (few_preview, many_preview)
    assert many_save == few_save, (few_save, many_save)
    with app.app_context():
        assert card_total() == 55


# --- the list of cards ---------------------------------------------------------------------------


def test_cards_list_filters_counts_and_corrects(app, client, world, staff):
    for i in range(3):
        add_card(app, world, body=f"Tisch eins {i}", table=1)
    add_card(app, world, body="Tisch zwei", table=2)
    last = add_card(app, world, body="Ohne Tisch", table=None)
    page = text(client.get(f"{base(world)}/cards?lang=en"))
    assert "5 cards captured for this event" in page
    assert all(f"Tisch eins {i}" in page for i in range(3)) and "Ohne Tisch" in page
    table1 = world["event"]["tables"][1]["id"]
    page = text(client.get(f"{base(world)}/cards?lang=en&table={table1}"))
    assert "Tisch eins 0" in page and "Tisch zwei" not in page and "Ohne Tisch" not in page
    page = text(client.get(f"{base(world)}/cards?lang=en&table=none"))
    assert "Ohne Tisch" in page and "Tisch zwei" not in page
    # Junk in the filters is ignored, never a 500.
    for junk in ("table=abc", "table=-1", "page=-5", "page=abc", f"table={SCRIPT}"):
        response = client.get(f"{base(world)}/cards?{junk}")
        assert response.status_code == 200 and SCRIPT not in text(response)

    response = client.post(
        f"{base(world)}/cards/{last}/language", data={"language": "ar", "table": "none", "page": "1"}
    )
    assert response.status_code == 302 and "table=none" in response.headers["Location"]
    with app.app_context():
        card = db.session.get(Contribution, last)
        assert card.language == "ar" and card.language_source == "staff"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "forum.card.language"))
        assert entry.before == {"language": "de"} and entry.after == {"language": "ar"}
    response = client.post(f"{base(world)}/cards/{last}/language", data={"language": "xx"})
    with app.app_context():
        assert db.session.get(Contribution, last).language == "ar"

    assert "Ohne Tisch" in text(client.get(f"{base(world)}/cards/{last}/delete"))
    response = client.post(f"{base(world)}/cards/{last}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Contribution, last) is None
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "forum.card.delete"))
        assert entry.before["text"] == "Ohne Tisch"


def test_cards_list_is_paginated_with_a_bounded_number_of_queries(app, client, world, staff, count_queries):
    def measure() -> int:
        client.get(f"{base(world)}/cards")
        with count_queries() as counter:
            assert client.get(f"{base(world)}/cards").status_code == 200
        return counter.count

    with app.test_request_context():
        event = db.session.get(Event, world["event"]["id"])
        tables = {t.number: t for t in event.tables}
        version = db.session.get(Version, version_id(2))
        few = [services.CardInput(text=f"Karte {i}", table=tables[1 + i % 3], section_id=section_id("g1")) for i in range(3)]
        services.capture_cards(event, few, version=version, actor=None)
        db.session.commit()
    small = measure()
    with app.test_request_context():
        event = db.session.get(Event, world["event"]["id"])
        tables = {t.number: t for t in event.tables}
        more = [services.CardInput(text=f"Karte {i}", table=tables[1 + i % 3], section_id=section_id("f2")) for i in range(27)]
        services.capture_cards(event, more, version=db.session.get(Version, version_id(1)), actor=None)
        db.session.commit()
    large = measure()
    assert large == small, f"{small} queries for 3 cards, {large} for 30"
    assert small <= 20
    page = text(client.get(f"{base(world)}/cards?lang=en&page=1"))
    assert page.count('<tr id="card-') == 30
    for i in range(25):
        add_card(app, world, body=f"Weitere {i}")
    page = text(client.get(f"{base(world)}/cards?lang=en"))
    assert page.count('<tr id="card-') == 50 and "Page 1 of 2" in page
    page = text(client.get(f"{base(world)}/cards?lang=en&page=2"))
    assert page.count('<tr id="card-') == 5


# --- QR codes, print sheet, escaping -------------------------------------------------------------


def test_qr_codes_are_svg_for_staff(app, client, world, staff):
    for path in (f"{base(world)}/qr.svg", f"{base(world)}/tables/{world['event']['tables'][2]['id']}/qr.svg"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        root = ET.fromstring(response.data)  # noqa: S314 - the app's own output
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) >= 1
    svg = client.get(f"{base(world)}/qr.svg").data
    title = ET.fromstring(svg).find("{http://www.w3.org/2000/svg}title")  # noqa: S314
    assert title.text == f"http://localhost/f/{world['event']['code']}"


def test_print_sheet_has_a_qr_code_and_short_link_per_table(app, client, world, staff):
    page = text(client.get(f"{base(world)}/print?lang=en"))
    assert page.count('class="qr-sheet"') == 4  # the event and three tables
    for number, table in world["event"]["tables"].items():
        assert f"/tables/{table['id']}/qr.svg" in page
        assert f"http://localhost/f/{table['code']}" in page
        assert f"Table {number}" in page
    assert f"http://localhost/f/{world['event']['code']}" in page


def test_script_in_names_and_cards_is_escaped_on_every_staff_page(app, client, make_process, make_event, staff):
    make_process()
    event = make_event(name=f"Forum {SCRIPT}", tables=((1, f"Tisch {SCRIPT}", ("g1",)),))
    world = {"slug": "lip", "event": event}
    card_id = add_card(app, world, body=f"Karte {SCRIPT}", table=1)
    b = base(world)
    table_id = event["tables"][1]["id"]
    for path in (
        "/manage/processes/lip/events", b, f"{b}/edit", f"{b}/delete", f"{b}/tables/{table_id}",
        f"{b}/tables/{table_id}/delete", f"{b}/print", f"{b}/capture", f"{b}/batch", f"{b}/csv",
        f"{b}/cards", f"{b}/cards/{card_id}/delete", "/manage/audit",
    ):
        page = text(client.get(path))
        assert SCRIPT not in page, path
    page = text(client.get(f"{b}/cards"))
    assert "Karte &lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = text(client.get(f"{b}/print"))
    assert "Forum &lt;script&gt;" in page and "Tisch &lt;script&gt;" in page
    # In a batch and a CSV preview too.
    response = client.post(f"{b}/batch", data={"lines": f"9: {SCRIPT}"})
    assert SCRIPT not in text(response)
    preview = upload(client, world, f"table;text\n{SCRIPT};{SCRIPT}\n", name=f"{SCRIPT}.csv").headers["Location"]
    page = text(client.get(preview))
    assert SCRIPT not in page and "&lt;script&gt;" in page

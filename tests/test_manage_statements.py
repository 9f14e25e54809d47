"""Staff pages for written statements: the list, a statement, recording statements that came
on paper, by e-mail or in person, late marking and language correction."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from consult.accounts.models import Role
from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Phase, Process
from consult.statements import services, uploads

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120
GERMAN = (
    "Sehr geehrte Damen und Herren, zum Entwurf des Integrationsplans möchten wir anregen, "
    "die Sprachkurse für Eltern auszubauen."
)
SCRIPT = "<script>alert(1)</script>"
PASSWORD = "correct horse battery staple"
ROLES = ["anonymous", "resident", "organisation_member", "staff", "admin"]


def page(response) -> str:
    return response.get_data(as_text=True)


def fetch(client, path: str, **kwargs):
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def all_statements(app) -> list[Contribution]:
    with app.app_context():
        rows = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
        for row in rows:
            _ = (row.attachments, row.sections)
        db.session.expunge_all()
        return list(rows)


def _set_phase(app, *, starts_on: date, ends_on: date) -> None:
    with app.app_context():
        phase = db.session.scalar(select(Phase))
        phase.starts_on, phase.ends_on = starts_on, ends_on
        db.session.commit()


def add_statement(app, *, body: str = GERMAN, with_file: bool = True, **fields) -> dict:
    """A statement recorded through the service, optionally with a stored scan."""
    with app.test_request_context("/?lang=en"):
        process = db.session.scalar(select(Process).where(Process.slug == "lip"))
        actor = fields.pop("actor", None)
        actor = db.session.merge(actor) if actor is not None else _staff_actor()
        stored = []
        if with_file:
            from werkzeug.datastructures import FileStorage

            [checked], _errors = uploads.check_files(
                [FileStorage(stream=io.BytesIO(PDF), filename=fields.pop("file_name", "brief.pdf"))]
            )
            stored = [uploads.store(checked)]
        entry = services.PaperStatement(
            channel=fields.pop("channel", "letter"),
            received_on=fields.pop("received_on", date.today()),
            body=body,
            **fields,
        )
        statement = services.record_statement(process, actor, entry, stored, today=date.today())
        db.session.commit()
        return {
            "id": statement.id,
            "attachment": statement.attachments[0].id if stored else None,
            "receipt": statement.receipt_number,
        }


@pytest.fixture(autouse=True)
def empty_upload_folder(app):
    for path in Path(app.config["UPLOAD_FOLDER"]).iterdir():
        if path.is_file():
            path.unlink()


@pytest.fixture
def lip(make_process):
    return make_process()


@pytest.fixture
def staff(make_user):
    return make_user(role=Role.STAFF, display_name="Sachbearbeiterin")


@pytest.fixture
def staff_client(app, staff):
    client = app.test_client()
    sign_in(client, staff)
    return client


@pytest.fixture
def world(app, lip, make_user, make_organisation, staff):
    users = {
        "resident": make_user(),
        "organisation_member": make_user(),
        "staff": staff,
        "admin": make_user(role=Role.ADMIN),
    }
    make_organisation(members=[users["organisation_member"]])
    statement = add_statement(app, actor=staff)
    return {"users": users, "statement": statement}


# --- role matrix --------------------------------------------------------------------------


def _routes(statement: dict) -> list[tuple[str, str, str]]:
    base = "/manage/processes/lip/statements"
    sid, aid = statement["id"], statement["attachment"]
    return [
        ("GET", base, "contributions.read"),
        ("GET", f"{base}/{sid}", "contributions.read"),
        ("GET", f"{base}/{sid}/attachments/{aid}", "contributions.read"),
        ("GET", f"{base}/new", "statements.record"),
        ("POST", f"{base}/new", "statements.record"),
        ("POST", f"{base}/{sid}/language", "statements.record"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_the_staff_pages(app, world, role):
    from consult.security import PERMISSIONS

    failures = []
    for method, path, permission in _routes(world["statement"]):
        client = app.test_client()
        if role != "anonymous":
            sign_in(client, world["users"][role])
        response = client.open(path, method=method, data={})
        response.get_data()
        response.close()
        status = response.status_code
        role_value = Role.RESIDENT if role == "organisation_member" else role
        allowed = role != "anonymous" and role_value in PERMISSIONS[permission]
        if status >= 500:
            failures.append(f"{method} {path}: {status}")
        elif role == "anonymous":
            if status != 302 or "/account/login" not in response.headers.get("Location", ""):
                failures.append(f"{method} {path}: {status}, expected the login page")
        elif not allowed and status != 403:
            failures.append(f"{method} {path}: {status}, expected 403 for {role}")
        elif allowed and method == "GET" and status != 200:
            failures.append(f"{method} {path}: {status}, expected 200 for {role}")
        elif allowed and method == "POST" and status in (401, 403):
            failures.append(f"{method} {path}: {status}, expected access for {role}")
    assert not failures, "\n".join(failures)


def test_statements_of_another_process_are_not_found(app, world, make_process, staff_client):
    make_process(slug="other")
    sid, aid = world["statement"]["id"], world["statement"]["attachment"]
    assert staff_client.get(f"/manage/processes/other/statements/{sid}").status_code == 404
    assert fetch(staff_client, f"/manage/processes/other/statements/{sid}/attachments/{aid}").status_code == 404
    assert staff_client.get("/manage/processes/lip/statements/99999").status_code == 404
    assert staff_client.get("/manage/processes/nope/statements").status_code == 404


# --- recording statements that came on paper ----------------------------------------------


def test_record_form_is_fast_with_the_keyboard(app, lip, staff_client):
    html = page(staff_client.get("/manage/processes/lip/statements/new?lang=en"))
    first_input = re.search(r"<(select|input|textarea)(?![^>]*type=\"hidden\")[^>]*>", html.split('enctype="multipart/form-data"')[1])
    assert 'id="channel"' in first_input.group(0) and "autofocus" in first_input.group(0)
    order = [html.index(f'id="{name}"') for name in (
        "channel", "received_on", "submitter_type", "organisation", "submitter_name",
        "submitter_email", "submitter_address", "title", "body", "language", "scans",
    )]
    assert order == sorted(order)
    assert 'value="another"' in html and "Save and record another" in html
    assert f'value="{date.today().isoformat()}"' in html


def test_staff_record_a_letter_with_its_scan(app, lip, staff, staff_client, make_organisation):
    org = make_organisation(name="Türkischer Elternverein")
    response = staff_client.post(
        "/manage/processes/lip/statements/new?lang=en",
        data={
            "channel": "letter",
            "received_on": date.today().isoformat(),
            "submitter_type": "organisation",
            "organisation": str(org.id),
            "submitter_name": "Frau Demir",
            "submitter_address": "Lange Straße 1\n30159 Hannover",
            "title": "Brief des Elternvereins",
            "body": GERMAN,
            "sections": ["g1", "f2"],
            "publish_text": "y",
            "scans": [(io.BytesIO(PDF), "Scan Brief.pdf")],
            "next": "show",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, page(response)[:3000]
    [statement] = all_statements(app)
    assert response.headers["Location"] == f"/manage/processes/lip/statements/{statement.id}"
    assert statement.channel == "letter"
    assert statement.status == "received"
    assert statement.received_on == date.today()
    assert statement.entered_by_id == staff.id
    assert statement.author_id is None
    assert statement.organisation_id == org.id and statement.submitter_type == "organisation"
    assert statement.submitter_address == "Lange Straße 1\n30159 Hannover"
    assert statement.language == "de" and statement.language_source == "detected"
    assert statement.publish_text is True and statement.publish_name is False
    assert statement.is_late is False
    assert sorted(s.key for s in statement.sections) == ["f2", "g1"]
    [scan] = statement.attachments
    assert scan.is_scan is True and scan.original_name == "Scan Brief.pdf"

    html = page(staff_client.get(response.headers["Location"] + "?lang=en"))
    assert statement.receipt_number in html
    assert "Türkischer Elternverein" in html and "scan of the original" in html
    assert "Sachbearbeiterin" in html  # entered by
    download = fetch(staff_client, f"/manage/processes/lip/statements/{statement.id}/attachments/{scan.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Cache-Control"] == "no-store"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "statement.record"))
        assert entry.actor_id == staff.id and entry.object_id == statement.id
        assert entry.params == {"receipt": statement.receipt_number, "channel": "letter"}


def test_save_and_record_another_keeps_channel_and_date(app, lip, staff_client):
    yesterday = date.today() - timedelta(days=1)
    response = staff_client.post(
        "/manage/processes/lip/statements/new",
        data={"channel": "email", "received_on": yesterday.isoformat(),
              "submitter_type": "resident", "body": GERMAN, "next": "another"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == (
        f"/manage/processes/lip/statements/new?channel=email&received_on={yesterday.isoformat()}"
    )
    html = page(staff_client.get(response.headers["Location"]))
    assert '<option selected value="email">' in html
    assert f'value="{yesterday.isoformat()}"' in html
    # What was typed for the saved statement is dropped from the browser's draft.
    assert 'data-clear-draft="record:lip"' in html and 'data-draft-key="record:lip"' in html
    assert 'data-clear-draft' not in page(staff_client.get(response.headers["Location"]))
    assert len(all_statements(app)) == 1


def test_too_large_scans_get_a_page_that_points_back(app, lip, staff_client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2000)
    response = staff_client.post(
        "/manage/processes/lip/statements/new?lang=en",
        data={"channel": "letter", "received_on": date.today().isoformat(),
              "submitter_type": "resident", "body": GERMAN,
              "scans": [(io.BytesIO(PDF + b"0" * 5000), "scan.pdf")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Your text is not lost" in page(response)
    assert 'href="/manage/processes/lip/statements/new"' in page(response)
    assert all_statements(app) == []


def test_late_statements_are_marked_automatically(app, lip, staff_client, client):
    today = date.today()
    _set_phase(app, starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=3))
    # The public form is closed ...
    assert "ended on" in page(client.get("/p/lip/statements/new?lang=en"))

    def record(received_on: date, **extra):
        data = {"channel": "letter", "received_on": received_on.isoformat(),
                "submitter_type": "resident", "body": GERMAN, **extra}
        response = staff_client.post("/manage/processes/lip/statements/new?lang=en", data=data)
        assert response.status_code == 303, page(response)[:2000]
        return all_statements(app)[-1]

    # ... but staff still record what arrives.
    assert record(today - timedelta(days=1)).is_late is True
    assert record(today - timedelta(days=3)).is_late is False  # on the last day
    assert record(today - timedelta(days=10)).is_late is False
    assert record(today - timedelta(days=10), mark_late="y").is_late is True
    listing = page(staff_client.get("/manage/processes/lip/statements?late=yes&lang=en"))
    assert listing.count("badge-warn\">late") == 2


def test_record_form_errors_keep_the_text(app, lip, staff_client):
    future = date.today() + timedelta(days=2)
    response = staff_client.post(
        "/manage/processes/lip/statements/new?lang=en",
        data={"channel": "letter", "received_on": future.isoformat(),
              "submitter_type": "resident", "body": GERMAN},
    )
    assert response.status_code == 422
    assert "cannot be in the future" in page(response) and GERMAN in page(response)
    response = staff_client.post(
        "/manage/processes/lip/statements/new?lang=en",
        data={"channel": "online", "received_on": date.today().isoformat(),
              "submitter_type": "resident", "body": "x" * 100_001},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Not a valid choice" in page(response) and "at most 100000 characters" in page(response)
    response = staff_client.post(
        "/manage/processes/lip/statements/new?lang=en",
        data={"channel": "letter", "received_on": date.today().isoformat(),
              "submitter_type": "resident", "body": GERMAN,
              "scans": [(io.BytesIO(EXE), "scan.pdf")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "“scan.pdf” is not a PDF" in page(response) and GERMAN in page(response)
    assert all_statements(app) == []
    assert not [p for p in Path(app.config["UPLOAD_FOLDER"]).iterdir() if p.is_file()]


# --- the list and a statement --------------------------------------------------------------


def test_list_filters_by_channel_status_language_and_late(app, lip, staff, staff_client):
    add_statement(app, channel="letter", with_file=False, title="Brief")
    add_statement(app, channel="email", with_file=False, title="Mail",
                  body="We would like more language courses for parents in every district.")
    add_statement(app, channel="in_person", with_file=False, title="Gespräch", mark_late=True)

    def titles(query: str) -> list[str]:
        html = page(staff_client.get(f"/manage/processes/lip/statements?lang=en&{query}"))
        return sorted(t for t in ("Brief", "Mail", "Gespräch") if f">{t}</td>" in html)

    assert titles("") == ["Brief", "Gespräch", "Mail"]
    assert titles("channel=email") == ["Mail"]
    assert titles("language=en") == ["Mail"]
    assert titles("late=yes") == ["Gespräch"]
    assert titles("late=no") == ["Brief", "Mail"]
    assert titles("status=pending") == []
    for junk in ("channel=%3Cscript%3E", "late=maybe", "language=xx", "status=1"):
        assert staff_client.get(f"/manage/processes/lip/statements?{junk}").status_code == 400
    assert staff_client.get("/manage/processes/lip/statements?page=abc").status_code == 200


def test_list_is_paginated(app, lip, staff_client):
    for n in range(27):
        add_statement(app, with_file=False, title=f"Nummer {n}")
    first = page(staff_client.get("/manage/processes/lip/statements?lang=en"))
    assert "27 statements found." in first and "Page 1 of 2" in first
    assert first.count("<tr>") == 26  # header row + 25
    second = page(staff_client.get("/manage/processes/lip/statements?lang=en&page=2"))
    assert second.count("<tr>") == 3


def _add_mixed(app, org, numbers) -> None:
    """Statements of every shape a row can show: with organisation, sections, files."""
    with app.test_request_context("/?lang=en"):
        process = db.session.scalar(select(Process).where(Process.slug == "lip"))
        organisation = db.session.merge(org)
        sections = queries_sections(process)
        actor = _staff_actor()
        for n in numbers:
            stored = []
            if n % 3 == 0:
                [checked], _errors = uploads.check_files([_file()])
                stored = [uploads.store(checked)]
            services.record_statement(
                process, actor, services.PaperStatement(
                    channel="letter", received_on=date.today(), body=GERMAN, title=f"S{n}",
                    organisation=organisation if n % 2 else None, sections=sections,
                ), stored, today=date.today(),
            )
        db.session.commit()


def queries_sections(process):
    from consult.statements.queries import sections_by_keys

    return sections_by_keys(process, ["g1", "f2"])


def test_list_queries_do_not_grow_with_the_number_of_statements(
    app, lip, staff_client, count_queries, make_organisation, make_user, login, client
):
    login(make_user())

    def send_online() -> None:
        """A statement sent by an account (newest first: the page shows its author)."""
        key = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"',
                        page(client.get("/p/lip/statements/new"))).group(1)
        response = client.post("/p/lip/statements/new", data={"idempotency_key": key, "body": GERMAN})
        assert response.status_code == 303

    org = make_organisation(name="Verein Brücke e.V.")
    _add_mixed(app, org, range(2))
    send_online()
    path = "/manage/processes/lip/statements?lang=en"

    def queries_for_list() -> int:
        staff_client.get(path)
        with count_queries() as counter:
            response = staff_client.get(path)
        assert response.status_code == 200
        return counter.count

    small = queries_for_list()
    _add_mixed(app, org, range(2, 28))
    send_online()
    large = queries_for_list()
    assert "30 statements found." in page(staff_client.get(path))
    assert small == large, f"{small} queries for 3 statements, {large} for 30"
    assert small <= 15


def _file():
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(PDF), filename="a.pdf")


def _staff_actor():
    from consult.accounts.models import User

    return db.session.scalar(select(User).where(User.role == "staff"))


def test_script_in_every_field_is_escaped_on_staff_pages(app, lip, staff_client):
    statement = add_statement(
        app, body=SCRIPT, title=SCRIPT, name=SCRIPT, address=SCRIPT, email="a@example.org",
        file_name="<img src=x onerror=alert(1)>.pdf",
    )
    for path in (
        "/manage/processes/lip/statements?lang=en",
        f"/manage/processes/lip/statements/{statement['id']}?lang=en",
    ):
        html = page(staff_client.get(path))
        assert SCRIPT not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = page(staff_client.get(f"/manage/processes/lip/statements/{statement['id']}?lang=en"))
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in html


def test_staff_correct_the_language_with_an_audit_record(app, lip, staff, staff_client, make_user):
    statement = add_statement(app, with_file=False)
    path = f"/manage/processes/lip/statements/{statement['id']}"
    response = staff_client.post(f"{path}/language", data={"language": "tr"})
    assert response.status_code == 303
    [row] = all_statements(app)
    assert row.language == "tr" and row.language_source == "staff"
    assert row.detected_language == "de"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "statement.language"))
        assert entry.actor_id == staff.id
        assert entry.before == {"language": "de", "language_source": "detected"}
        assert entry.after == {"language": "tr", "language_source": "staff"}
    html = page(staff_client.get(f"{path}?lang=en"))
    assert "set by staff" in html and "Turkish" in html
    assert "Changed the language of statement" in html  # the history
    # Unknown languages are refused with a message, not stored.
    response = staff_client.post(f"{path}/language?lang=en", data={"language": "<script>"})
    assert response.status_code == 422
    assert all_statements(app)[0].language == "tr"
    # Residents may not.
    resident = app.test_client()
    sign_in(resident, make_user())
    assert resident.post(f"{path}/language", data={"language": "de"}).status_code == 403


def test_statements_sent_online_show_up_for_staff(app, lip, staff_client, client):
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"',
                    page(client.get("/p/lip/statements/new"))).group(1)
    client.post(
        "/p/lip/statements/new",
        data={"idempotency_key": key, "body": GERMAN, "email": "x@example.org",
              "attachments": [(io.BytesIO(PDF), "online.pdf")]},
        content_type="multipart/form-data",
    )
    [statement] = all_statements(app)
    html = page(staff_client.get("/manage/processes/lip/statements?lang=en&status=pending"))
    assert statement.receipt_number in html
    detail = page(staff_client.get(f"/manage/processes/lip/statements/{statement.id}?lang=en"))
    assert "x@example.org" in detail and "online.pdf" in detail and "Online form" in detail

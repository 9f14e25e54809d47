"""Written statements sent online: with and without an account, for organisations, with
attachments; nothing typed is ever lost, and only the sender (and staff) see a statement."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers_participation import EXE, PDF, PNG, docx_bytes, odt_bytes
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from consult.accounts.models import Role
from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.participation.common import public_name
from consult.participation.models import Attachment, Contribution
from consult.plans.models import Phase
from consult.statements import services, uploads

URL = "/p/lip/statements/new?lang=en"
TURKISH = (
    "Merhaba, ben Hannover'de yaşıyorum. Entegrasyon planı hakkında görüşlerimi paylaşmak "
    "istiyorum: çocuklar için daha fazla dil kursu ve ebeveynler için danışmanlık gerekli."
)
GERMAN = (
    "Ich wohne seit zwanzig Jahren in Hannover und möchte zum Integrationsplan Stellung "
    "nehmen: Wir brauchen mehr Sprachkurse für Kinder und eine Beratung für die Eltern."
)
SCRIPT = "<script>alert(1)</script>"
# File names lose everything before a slash, so they carry markup without one.
FILE_SCRIPT = "<img src=x onerror=alert(1)>"


# --- helpers ----------------------------------------------------------------------------


def page(response) -> str:
    return response.get_data(as_text=True)


def form_key(response) -> str:
    match = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"', page(response))
    assert match, "the form carries an idempotency key"
    return match.group(1)


def csrf_token_of(response) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page(response))
    assert match
    return match.group(1)


def send(client, url: str = URL, *, files=(), key: str | None = None, fetch_key=True, **fields):
    """Open the form (for a key, as a browser does) and send it."""
    if key is None and fetch_key:
        key = form_key(client.get(url))
    data = {"body": GERMAN, **fields}
    if key is not None:
        data["idempotency_key"] = key
    data["attachments"] = [(io.BytesIO(content), name) for content, name in files]
    return client.post(url, data=data, content_type="multipart/form-data")


def anonymous(**fields) -> dict:
    return {"email": "ayse@example.org", "name": "Ayşe Yılmaz", **fields}


def statements(app) -> list[Contribution]:
    with app.app_context():
        rows = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
        for row in rows:
            _ = (row.attachments, row.sections, row.organisation, row.author)
        db.session.expunge_all()
        return list(rows)


def stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_FOLDER"]).iterdir() if p.is_file()]


def token_of(response) -> str:
    assert response.status_code == 303, page(response)[:2000]
    location = response.headers["Location"]
    assert location.startswith("/track/")
    return urlsplit(location).path.removeprefix("/track/")


def fetch(client, path: str):
    """GET a download and close it (files are streamed)."""
    response = client.get(path)
    response.get_data()
    response.close()
    return response


def path_of(link: str) -> str:
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def lip(make_process):
    return make_process()


@pytest.fixture(autouse=True)
def empty_upload_folder(app):
    folder = Path(app.config["UPLOAD_FOLDER"])
    for path in folder.iterdir():
        if path.is_file():
            path.unlink()
    yield


def _close_statements(app, *, ends_on: date, starts_on: date | None = None):
    with app.app_context():
        phase = db.session.scalar(select(Phase))
        phase.starts_on = starts_on or ends_on - timedelta(days=30)
        phase.ends_on = ends_on
        db.session.commit()


# --- reachable from process, version and section ---------------------------------------


def test_form_is_linked_from_process_version_and_section(client, lip):
    assert '/p/lip/statements/new"' in page(client.get("/p/lip?lang=en"))
    assert "/p/lip/statements/new?version=2" in page(client.get("/p/lip/v/2?lang=en"))
    section_page = page(client.get("/p/lip/v/2/s/g1?lang=en"))
    assert "/p/lip/statements/new?version=2&amp;section=g1" in section_page


def test_section_link_prefills_that_section(client, lip):
    html = page(client.get("/p/lip/statements/new?version=2&section=g1&lang=en"))
    assert re.search(r'<input type="checkbox" name="sections" id="sections-g1" value="g1" checked>', html)
    assert 'value="f1">' in html  # the others are offered, not ticked
    assert 'data-draft-key="statement:lip:g1"' in html
    assert "<fieldset" in html and "Sections your statement is about" in html
    # numbers and titles, in document order
    assert html.index(">1</span>") < html.index(">1.1</span>") < html.index(">2</span>")


def test_unknown_or_unpublished_versions_are_not_offered(client, make_process):
    make_process(draft=True)
    assert client.get("/p/lip/statements/new?version=3").status_code == 404
    assert client.get("/p/lip/statements/new?version=99").status_code == 404
    # junk in the query is ignored, not echoed
    response = client.get("/p/lip/statements/new?version=x&section=%3Cscript%3E&lang=en")
    assert response.status_code == 200
    assert "<script>" not in page(response).split("<main")[1]


def test_unknown_process_is_404(client):
    assert client.get("/p/nope/statements/new").status_code == 404


# --- without an account: pending until the address is confirmed -------------------------


def test_statement_without_account_in_turkish_with_a_pdf(app, client, lip, mail_sink):
    response = send(
        client, "/p/lip/statements/new?lang=tr&version=2&section=g1",
        files=[(PDF, "görüş.pdf")], body=TURKISH, title="Görüşüm", sections=["g1"],
        **anonymous(),
    )
    token = token_of(response)
    assert response.headers["Location"].endswith("?lang=tr")

    [statement] = statements(app)
    assert statement.kind == "statement" and statement.channel == "online"
    assert statement.status == "pending"
    assert statement.author_id is None
    assert statement.submitter_email == "ayse@example.org"
    assert statement.submitter_name == "Ayşe Yılmaz"
    assert statement.language == "tr" and statement.language_source == "detected"
    assert statement.notify_language == "tr"
    assert statement.submitter_type == "resident"
    assert [s.key for s in statement.sections] == ["g1"]
    assert re.fullmatch(r"\d{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", statement.receipt_number)
    assert statement.tracking_token_hash != token and len(statement.tracking_token_hash) == 64
    [attachment] = statement.attachments
    assert attachment.original_name == "görüş.pdf"
    assert attachment.content_type == "application/pdf" and attachment.is_scan is False
    assert (Path(app.config["UPLOAD_FOLDER"]) / attachment.storage_name).read_bytes() == PDF

    # The page after sending: check your e-mail, with the receipt number.
    tracking = client.get(f"/track/{token}?lang=en")
    html = page(tracking)
    assert tracking.status_code == 200
    assert "Please check your e-mail" in html
    assert statement.receipt_number in html
    assert 'data-clear-draft="statement:lip:g1"' in html

    # The confirmation e-mail, in Turkish, with a link that confirms.
    [confirmation] = mail_sink.to("ayse@example.org")
    assert confirmation["Content-Language"] == "tr"
    assert statement.receipt_number in confirmation["Subject"]
    [link] = mail_sink.links(confirmation)
    assert link.startswith("http://localhost/statements/confirm/") and link.endswith("?lang=tr")
    mail_sink.clear()
    confirmed = client.get(path_of(link))
    assert confirmed.status_code == 303
    assert confirmed.headers["Location"] == f"/track/{token}?lang=tr"

    [statement] = statements(app)
    assert statement.status == "received"
    assert statement.email_confirmed_at is not None

    # The receipt e-mail, in the submitter's language, with a tracking link that works.
    [receipt] = mail_sink.to("ayse@example.org")
    assert receipt["Content-Language"] == "tr"
    body = mail_sink.body(receipt)
    assert statement.receipt_number in body
    [tracking_link] = mail_sink.links(receipt)
    assert tracking_link == f"http://localhost/track/{token}?lang=tr"
    followed = client.get(path_of(tracking_link))
    html = page(followed)
    assert followed.status_code == 200
    assert "Görüşüm" in html and "çocuklar için daha fazla dil kursu" in html
    assert 'lang="tr" dir="auto"' in html
    assert "görüş.pdf" in html
    assert "Please check your e-mail" not in page(client.get(f"/track/{token}?lang=en"))

    # Opening the link again confirms nothing twice and sends no second receipt.
    mail_sink.clear()
    assert client.get(path_of(link)).status_code == 303
    assert mail_sink.messages == []
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("statement.confirm") == 1 and "statement.submit" in actions


def test_email_is_required_without_an_account(app, client, lip):
    response = send(client, body=GERMAN)
    assert response.status_code == 422
    assert 'id="email-error"' in page(response)
    assert statements(app) == []


def test_invalid_or_expired_confirmation_links_are_refused(app, client, lip, mail_sink, monkeypatch):
    assert client.get("/statements/confirm/not-a-token?lang=en").status_code == 400
    send(client, **anonymous())
    [link] = mail_sink.links(mail_sink.to("ayse@example.org")[0])
    monkeypatch.setitem(app.config, "UNCONFIRMED_STATEMENT_HOURS", 0)
    import time

    time.sleep(1.1)
    response = client.get(path_of(link))
    assert response.status_code == 400
    assert "invalid or has expired" in page(client.get("/statements/confirm/x?lang=en"))
    assert statements(app)[0].status == "pending"


def test_the_confirmation_link_can_be_sent_again(app, client, lip, mail_sink):
    token = token_of(send(client, **anonymous()))
    mail_sink.clear()
    response = client.post(f"/track/{token}/resend?lang=en")
    assert response.status_code == 303
    [again] = mail_sink.to("ayse@example.org")
    assert "/statements/confirm/" in mail_sink.body(again)


def test_confirmation_mails_are_throttled_per_address(app, client, lip, mail_sink, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_RATE_LIMIT", "1 per hour")
    token_of(send(client, **anonymous()))
    response = send(client, **anonymous(body="Noch eine lange Stellungnahme zu den Sprachkursen."))
    html = page(response)
    assert response.status_code == 429
    assert "Noch eine lange Stellungnahme zu den Sprachkursen." in html
    assert len(statements(app)) == 1
    assert len(mail_sink.to("ayse@example.org")) == 1


# --- with an account, for oneself or an organisation --------------------------------------


def test_logged_in_statement_is_received_at_once(app, client, lip, make_user, login, mail_sink):
    user = make_user(email="karim@example.org", display_name="Karim")
    login(user)
    html = page(client.get(URL))
    assert 'name="email"' not in html
    assert "You are writing as Karim." in html
    response = send(client, "/p/lip/statements/new?lang=ar", body=GERMAN, language="de")
    token = token_of(response)
    [statement] = statements(app)
    assert statement.status == "received"
    assert statement.author_id == user.id
    assert statement.submitter_email is None
    assert statement.language == "de" and statement.language_source == "author"
    assert statement.notify_language == "ar"
    assert statement.received_on is not None
    [receipt] = mail_sink.to("karim@example.org")
    assert receipt["Content-Language"] == "ar"
    assert statement.receipt_number in mail_sink.body(receipt)
    assert f"/track/{token}?lang=ar" in mail_sink.body(receipt)
    html = page(client.get(f"/track/{token}?lang=en"))
    assert "Please check your e-mail" not in html and "Received" in html


def test_organisation_statement_carries_the_organisation_name(
    app, client, lip, make_user, make_organisation, login
):
    member = make_user()
    org = make_organisation(name="Verein Brücke e.V.", members=[member])
    login(member)
    html = page(client.get(URL))
    assert f'value="org-{org.id}"' in html and "Verein Brücke e.V." in html
    assert "names are always public" in html
    token = token_of(send(client, on_behalf=f"org-{org.id}"))
    [statement] = statements(app)
    assert statement.organisation_id == org.id
    assert statement.submitter_type == "organisation"
    assert statement.publish_name is False
    with app.app_context():
        assert public_name(db.session.get(Contribution, statement.id)) == "Verein Brücke e.V."
    assert "Verein Brücke e.V." in page(client.get(f"/track/{token}?lang=en"))


def test_nobody_writes_for_an_organisation_they_do_not_belong_to(
    app, client, lip, make_user, make_organisation, login
):
    other = make_organisation(name="Fremder Verein")
    login(make_user())
    response = send(client, on_behalf=f"org-{other.id}")
    assert response.status_code == 422
    assert GERMAN in page(response)
    assert statements(app) == []


def test_consent_is_off_unless_ticked(app, client, lip):
    html = page(client.get(URL))
    assert re.search(r'<input id="publish_text" name="publish_text" type="checkbox" value="y">', html)
    assert re.search(r'<input id="publish_name" name="publish_name" type="checkbox" value="y">', html)
    token_of(send(client, **anonymous()))
    token_of(send(client, publish_text="y", publish_name="y", **anonymous(email="b@example.org")))
    first, second = statements(app)
    assert (first.publish_text, first.publish_name) == (False, False)
    assert (second.publish_text, second.publish_name) == (True, True)


def test_honeypot_stores_nothing(app, client, lip, mail_sink):
    response = send(client, website="http://spam.example", **anonymous())
    assert response.status_code == 422
    assert GERMAN in page(response)
    assert statements(app) == []
    assert mail_sink.messages == []


# --- bad input ----------------------------------------------------------------------------


def test_script_in_every_field_comes_back_escaped(app, client, lip, make_user):
    token = token_of(send(
        client, files=[(PDF, f"{FILE_SCRIPT}.pdf")], title=SCRIPT, body=SCRIPT * 3,
        **anonymous(name=SCRIPT),
    ))
    html = page(client.get(f"/track/{token}?lang=en"))
    assert SCRIPT not in html and FILE_SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in html
    [statement] = statements(app)
    assert statement.attachments[0].original_name == f"{FILE_SCRIPT}.pdf"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "x" * 100_001, "at most 100000 characters"),
        ("title", "t" * 301, "at most 300 characters"),
        ("name", "n" * 201, "at most 200 characters"),
        ("email", "a" * 250 + "@example.org", "at most 254 characters"),
        ("body", "   ", "Please write your statement."),
        ("language", "xx", "ot a valid choice"),
        ("sections", "nope", "is not a valid choice"),
    ],
)
def test_bad_input_is_a_form_error_that_keeps_the_text(app, client, lip, field, value, message):
    fields = {**anonymous(), "title": "Mein Titel", field: value}
    response = send(client, **fields)
    html = page(response)
    assert response.status_code == 422
    assert message in html
    if field != "body":
        assert GERMAN in html
    assert statements(app) == []


def test_long_statements_are_normal(app, client, lip):
    long_text = ("Ein Absatz über Sprachkurse und Beratung. " * 2300)[:99_999]
    token_of(send(client, body=long_text, **anonymous()))
    assert len(statements(app)[0].body) == len(long_text.strip())


# --- attachments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (docx_bytes("Stellungnahme des Vereins"), "stellungnahme.docx", uploads.DOCX),
        (odt_bytes(), "stellungnahme.odt", uploads.ODT),
        (PNG, "foto.png", uploads.PNG),
    ],
)
def test_documents_and_images_are_accepted(app, client, lip, content, name, content_type):
    token_of(send(client, files=[(content, name)], **anonymous()))
    [attachment] = statements(app)[0].attachments
    assert attachment.content_type == content_type
    assert attachment.size == len(content)


def test_a_program_renamed_pdf_is_refused_by_content(app, client, lip):
    response = send(client, files=[(PDF, "ok.pdf"), (EXE, "<b>rechnung<b>.pdf")], **anonymous())
    html = page(response)
    assert response.status_code == 422
    assert "&lt;b&gt;rechnung&lt;b&gt;.pdf" in html and "<b>rechnung" not in html
    assert "is not a PDF, DOCX or ODT document" in html
    assert "please choose your files again" in html
    assert GERMAN in html
    assert statements(app) == [] and stored_files(app) == []


def test_too_many_files_are_refused(app, client, lip, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_ATTACHMENTS", 2)
    response = send(client, files=[(PDF, f"{i}.pdf") for i in range(3)], **anonymous())
    assert response.status_code == 422
    assert "Please choose at most 2 files; you chose 3." in page(response)
    assert GERMAN in page(response)
    assert statements(app) == [] and stored_files(app) == []


def test_a_too_large_file_is_refused(app, client, lip, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_ATTACHMENT_BYTES", 2048)
    big = PDF + b"0" * 2048
    response = send(client, files=[(big, "gross.pdf")], **anonymous())
    assert response.status_code == 422
    assert "The file “gross.pdf” is larger than 2 KB." in page(response)
    assert statements(app) == []


def test_a_too_large_request_gets_a_page_that_points_to_the_draft(app, client, lip, monkeypatch):
    key = form_key(client.get(URL))
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2000)
    response = send(client, "/p/lip/statements/new?lang=en&section=g1", key=key,
                    files=[(PDF + b"0" * 5000, "a.pdf")], **anonymous())
    html = page(response)
    assert response.status_code == 413
    assert "Your text is not lost" in html
    assert 'href="/p/lip/statements/new?section=g1&amp;lang=en"' in html
    assert statements(app) == []


def test_an_unwritable_upload_folder_keeps_the_text(app, client, lip, monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(blocked / "uploads"))
    response = send(client, files=[(PDF, "a.pdf")], **anonymous())
    html = page(response)
    assert response.status_code == 503
    assert "could not save your files" in html and GERMAN in html
    assert statements(app) == []


# --- nothing lost -------------------------------------------------------------------------


def test_expired_csrf_token_keeps_a_long_text(app, csrf_client, lip):
    long_text = "Meine ausführliche Stellungnahme zum Plan. " * 500
    csrf_client.get(URL)
    response = csrf_client.post(
        URL,
        data={"csrf_token": "expired", "body": long_text, "title": "Titel", **anonymous()},
        content_type="multipart/form-data",
    )
    html = page(response)
    assert response.status_code in (400, 422)
    assert long_text.strip() in html
    assert 'value="Titel"' in html and 'value="ayse@example.org"' in html
    assert "Your form had expired" in html
    fresh = csrf_token_of(response)
    key = form_key(response)
    assert statements(app) == []
    # With the fresh token the same form goes through.
    again = csrf_client.post(
        URL, data={"csrf_token": fresh, "idempotency_key": key, "body": long_text, **anonymous()},
        content_type="multipart/form-data",
    )
    assert again.status_code == 303
    assert len(statements(app)) == 1


def test_a_lost_session_keeps_the_text_too(app, csrf_app, lip):
    client = csrf_app.test_client()
    response = client.post(URL, data={"csrf_token": "x", "body": GERMAN, **anonymous()})
    assert response.status_code in (400, 422)
    assert GERMAN in page(response)


def test_database_outage_at_commit_keeps_the_text_and_stores_nothing(app, client, lip, monkeypatch):
    key = form_key(client.get(URL))
    real_commit = db.session.commit
    calls = {"n": 0}

    def failing_commit():
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("COMMIT", {}, Exception("server closed the connection"))
        return real_commit()

    monkeypatch.setattr(db.session, "commit", failing_commit)
    response = send(client, key=key, files=[(PDF, "a.pdf")], title="Mein Titel", **anonymous())
    monkeypatch.undo()
    html = page(response)
    assert response.status_code == 503
    assert "briefly unavailable" in html and GERMAN in html and 'value="Mein Titel"' in html
    assert "please choose your files again" in html
    assert statements(app) == []
    assert stored_files(app) == []
    # Sent again once the database is back: stored once.
    token_of(send(client, key=form_key(response), **anonymous()))
    assert len(statements(app)) == 1


def test_database_outage_before_the_form_is_read_still_keeps_the_text(app, client, lip, monkeypatch):
    from consult.plans import queries as plan_queries

    def unreachable(_slug):
        raise OperationalError("SELECT", {}, Exception("could not connect"))

    monkeypatch.setattr(plan_queries, "get_process_or_404", unreachable)
    response = client.post(URL, data={"body": GERMAN, "title": SCRIPT, **anonymous()})
    html = page(response)
    assert response.status_code == 503
    assert GERMAN in html and SCRIPT not in html
    assert 'name="email" value="ayse@example.org"' in html


def test_rate_limit_shows_the_form_with_the_text(app, client, lip, monkeypatch):
    monkeypatch.setitem(app.config, "CONTRIBUTION_RATE_LIMIT", "1 per hour")
    send(client, body=GERMAN)  # refused for a missing address; still counts
    response = send(client, body="Zweiter Versuch mit demselben Text.", **anonymous())
    html = page(response)
    assert response.status_code == 429
    assert "Zweiter Versuch mit demselben Text." in html
    assert "your text is still here" in html
    assert statements(app) == []


def test_double_submit_with_the_same_key_stores_one_statement(app, client, lip, mail_sink):
    key = form_key(client.get(URL))
    first = send(client, key=key, **anonymous())
    second = send(client, key=key, **anonymous())
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert len(statements(app)) == 1
    assert len(mail_sink.to("ayse@example.org")) == 1


def test_a_reused_key_from_someone_else_shows_no_tracking_link(app, client, lip, make_user, login):
    key = form_key(client.get(URL))
    token_of(send(client, key=key, **anonymous()))
    stranger = app.test_client()
    response = send(stranger, key=key, **anonymous(email="other@example.org"))
    html = page(response)
    assert response.status_code == 200
    assert "already received" in html
    assert statements(app)[0].receipt_number in html
    assert "/track/" not in html
    assert len(statements(app)) == 1


def test_twenty_identical_submissions_at_once_store_one(app, live_server, lip):
    import http.cookiejar
    import urllib.error
    import urllib.parse
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(live_server + URL, timeout=30) as response:
        form = response.read().decode()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', form).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    data = urllib.parse.urlencode(
        {"csrf_token": csrf, "idempotency_key": key, "body": GERMAN, **anonymous()}
    ).encode()
    sender = urllib.request.build_opener(NoRedirect)

    def submit(_n):
        request = urllib.request.Request(  # noqa: S310 - the local test server
            live_server + URL, data=data, method="POST",
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with sender.open(request, timeout=60) as answer:
                return answer.status, answer.headers.get("Location")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location")

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(submit, range(20)))

    assert len(statements(app)) == 1
    statuses = {status for status, _location in results}
    locations = {location for _status, location in results}
    assert statuses == {303}, results
    assert len(locations) == 1 and next(iter(locations)).startswith("/track/")


# --- deadlines ----------------------------------------------------------------------------


def test_closed_phase_says_so_and_refuses_posts_keeping_the_text(app, client, lip):
    key = form_key(client.get(URL))
    _close_statements(app, ends_on=date.today() - timedelta(days=2))
    html = page(client.get(URL))
    assert "The period for written statements ended on" in html
    assert "<textarea" not in html
    response = send(client, key=key, **anonymous())
    assert response.status_code == 409
    assert "The period for written statements ended on" in page(response)
    assert GERMAN in page(response)
    assert statements(app) == []


def test_a_phase_that_has_not_started_says_when_it_opens(app, client, lip):
    _close_statements(app, starts_on=date.today() + timedelta(days=3),
                      ends_on=date.today() + timedelta(days=30))
    assert "Written statements can be sent from" in page(client.get(URL))


# --- who may see a statement and its files ------------------------------------------------


@pytest.fixture
def sent(app, client, lip, make_user, login):
    """A statement by a resident with an attachment; its tracking token."""
    author = make_user(email="author@example.org")
    login(author)
    token = token_of(send(client, files=[(PDF, "Stellungnahme März.pdf")], title="Meins"))
    [statement] = statements(app)
    return {
        "token": token, "author": author, "id": statement.id,
        "attachment": statement.attachments[0].id,
    }


def test_the_tracking_page_is_private(app, client, sent):
    response = client.get(f"/track/{sent['token']}?lang=en")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert app.test_client().get(f"/track/{sent['token']}x").status_code == 404
    assert app.test_client().get("/track/" + "A" * 43).status_code == 404
    assert app.test_client().get("/track/" + "A" * 500).status_code == 404


def test_attachments_download_with_the_token(app, sent):
    stranger = app.test_client()  # holding the link is enough
    response = fetch(stranger, f"/track/{sent['token']}/attachments/{sent['attachment']}")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Stellungnahme%20M%C3%A4rz.pdf" in disposition


@pytest.mark.parametrize("who", ["anonymous", "resident", "organisation_member"])
def test_others_cannot_open_a_statement_or_its_files(app, sent, make_user, make_organisation, who):
    other = app.test_client()
    if who != "anonymous":
        user = make_user()
        if who == "organisation_member":
            make_organisation(name="Anderer Verein", members=[user])
        other.post("/account/login", data={"email": user.email, "password": "correct horse battery staple"})
    by_id = f"/statements/{sent['id']}/attachments/{sent['attachment']}"
    response = fetch(other, by_id)
    if who == "anonymous":
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    else:
        assert response.status_code == 404
    # A token of another statement does not open this one's files.
    other_token = token_of(send(other, **anonymous(email="x@example.org")) if who == "anonymous"
                           else send(other))
    assert fetch(other, f"/track/{other_token}/attachments/{sent['attachment']}").status_code == 404
    assert "Meins" not in page(other.get(f"/track/{other_token}"))


def test_the_author_and_staff_download_by_id(app, client, sent, make_user):
    path = f"/statements/{sent['id']}/attachments/{sent['attachment']}"
    assert fetch(client, path).data == PDF  # the author, still logged in
    staff = app.test_client()
    staff_user = make_user(role=Role.STAFF)
    staff.post("/account/login", data={"email": staff_user.email, "password": "correct horse battery staple"})
    assert fetch(staff, path).status_code == 200
    assert fetch(client, f"/statements/{sent['id']}/attachments/999999").status_code == 404


def test_my_statements_lists_only_mine(app, client, sent, make_user):
    html = page(client.get("/statements/mine?lang=en"))
    assert "Meins" in html and "Stellungnahme März.pdf" in html
    other = app.test_client()
    user = make_user()
    other.post("/account/login", data={"email": user.email, "password": "correct horse battery staple"})
    assert "Meins" not in page(other.get("/statements/mine?lang=en"))
    assert app.test_client().get("/statements/mine").status_code == 302


def test_statements_are_in_download_my_data(app, client, sent):
    response = client.post("/account/export")
    data = json.loads(response.get_data(as_text=True))
    [entry] = data["statements"]
    assert entry["title"] == "Meins" and entry["text"] == GERMAN
    assert entry["attachments"][0]["name"] == "Stellungnahme März.pdf"
    assert entry["process"] == "lip"


# --- clean-up of unconfirmed statements -----------------------------------------------------


def test_cleanup_removes_old_unconfirmed_statements_with_their_files(app, client, lip, make_user, login):
    import consult.statements.commands  # noqa: F401 - registers the command

    old = token_of(send(client, files=[(PDF, "alt.pdf")], **anonymous(email="old@example.org")))
    token_of(send(client, files=[(PNG, "neu.png")], **anonymous(email="new@example.org")))
    login(make_user())
    token_of(send(client, files=[(PDF, "konto.pdf")]))
    with app.app_context():
        old_statement = db.session.scalar(
            select(Contribution).where(Contribution.submitter_email == "old@example.org")
        )
        old_statement.created_at = old_statement.created_at - timedelta(hours=73)
        received = db.session.scalar(select(Contribution).where(Contribution.author_id.is_not(None)))
        received.created_at = received.created_at - timedelta(hours=200)
        old_file = old_statement.attachments[0].storage_name
        db.session.commit()
    assert len(stored_files(app)) == 3

    result = app.test_cli_runner().invoke(args=["consult", "cleanup-statements"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 unconfirmed statement(s)" in result.output

    remaining = statements(app)
    assert sorted(s.submitter_email or "account" for s in remaining) == ["account", "new@example.org"]
    names = {p.name for p in stored_files(app)}
    assert old_file not in names and len(names) == 2
    with app.app_context():
        assert db.session.scalar(select(Attachment).where(Attachment.storage_name == old_file)) is None
    assert client.get(f"/track/{old}").status_code == 404


def test_is_late_on_follows_the_statement_phases(app, lip):
    from consult.plans.models import Process

    with app.app_context():
        process = db.session.scalar(select(Process))
        end = max(p.ends_on for p in process.phases)
        assert services.is_late_on(process, end) is False
        assert services.is_late_on(process, end + timedelta(days=1)) is True
        assert services.is_late_on(process, date.today()) is False

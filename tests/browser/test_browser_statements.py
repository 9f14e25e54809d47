"""Written statements in the browser: without an account in Turkish with a PDF, through an
expired form, and the draft kept in the browser while typing."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.extensions import db
from consult.participation.models import Contribution, ContributionKind

pytestmark = pytest.mark.browser

FORM = "/p/lip/statements/new"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TURKISH_STATEMENT = (
    "Merhaba, yirmi yıldır Hannover'de yaşıyorum. Çocuklarım için daha fazla Almanca kursu "
    "istiyoruz. Özellikle akşam saatlerinde çalışan anneler için kurslar çok önemli, çünkü "
    "sabahları işteyiz. Ayrıca okullarda Türkçe ana dil derslerinin devam etmesini rica ediyorum."
)
PARAGRAPH = (
    "Die Sprachkurse für Eltern sollten am Abend und am Wochenende stattfinden, damit auch "
    "berufstätige Mütter und Väter teilnehmen können. Eine Kinderbetreuung während der Kurse "
    "wäre eine große Hilfe."
)


def statements(app) -> list[Contribution]:
    with app.app_context():
        rows = db.session.scalars(
            select(Contribution)
            .where(Contribution.kind == ContributionKind.STATEMENT.value)
            .order_by(Contribution.id)
        ).all()
        for row in rows:
            _ = row.attachments  # loaded while the session is open
        db.session.expunge_all()
        return list(rows)


def long_text(length: int = 5000) -> str:
    """`length` characters of paragraphs, numbered so that a lost piece would show."""
    paragraphs, n = [], 0
    while sum(len(p) + 2 for p in paragraphs) < length:
        n += 1
        paragraphs.append(f"{n}. {PARAGRAPH}")
    return "\n\n".join(paragraphs)[:length].rstrip()


def path_of(link: str) -> str:
    """The path and query of a link in an e-mail (its host is the public one, not the test's)."""
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link_to(mail_sink, message, fragment: str) -> str:
    links = [link for link in mail_sink.links(message) if fragment in link]
    assert len(links) == 1, mail_sink.body(message)
    return path_of(links[0])


def test_resident_without_account_sends_turkish_statement_with_pdf_and_confirms(
    app, new_context, make_process, mail_sink, tmp_path
):
    make_process()
    pdf = tmp_path / "stellungnahme.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    email = "ayse.yilmaz@example.org"
    # A Turkish-speaking browser: the pages and the e-mails come in Turkish.
    page = new_context(locale="tr-TR").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/p/lip")
    page.locator(f"main a[href='{FORM}']").first.click()
    page.wait_for_url(f"**{FORM}")
    form = page.locator("main form.stacked")
    form.locator("input[name=name]").fill("Ayşe Yılmaz")
    form.locator("input[name=email]").fill(email)
    form.locator("textarea[name=body]").fill(TURKISH_STATEMENT)
    form.locator("input[name=attachments]").set_input_files(str(pdf))
    form.locator("button[type=submit]").click()

    # "Please check your e-mail": pending until the address is confirmed.
    page.wait_for_url(re.compile(r"/track/[^/?]+(\?.*)?$"))
    notice = page.locator("main .notice[role=status]")
    expect(notice).to_contain_text(email)
    receipt = page.locator("main .receipt-number").inner_text().strip()
    assert re.fullmatch(r"\d{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", receipt), receipt
    (pending,) = statements(app)
    assert pending.status == "pending"
    assert pending.email_confirmed_at is None

    # The confirmation e-mail, in the submitter's language, opened in the same browser.
    (confirmation,) = mail_sink.to(email)
    assert confirmation["Content-Language"] == "tr"
    assert receipt in mail_sink.body(confirmation)
    page.goto(link_to(mail_sink, confirmation, "/statements/confirm/"))
    page.wait_for_url(re.compile(r"/track/"))
    expect(page.locator("main .notice[role=status]")).to_have_count(0)

    # The receipt e-mail with the private tracking link.
    messages = mail_sink.to(email)
    assert len(messages) == 2
    received = messages[1]
    assert received["Content-Language"] == "tr"
    assert receipt in mail_sink.body(received)
    tracking = link_to(mail_sink, received, "/track/")
    page.goto(tracking)
    expect(page.locator("main .receipt-number")).to_have_text(receipt)
    expect(page.locator("main #attachments + ul a")).to_have_text("stellungnahme.pdf")
    text = page.locator("main .user-text")
    expect(text).to_have_text(TURKISH_STATEMENT)
    expect(text).to_have_attribute("lang", "tr")
    assert errors == [], errors

    # The attachment opens from the tracking page, as sent.
    with page.expect_download() as download:
        page.locator("main #attachments + ul a").click()
    assert download.value.suggested_filename == "stellungnahme.pdf"
    assert Path(download.value.path()).read_bytes() == MINIMAL_PDF

    (stored,) = statements(app)
    assert stored.status == "received"
    assert stored.language == "tr"
    assert stored.email_confirmed_at is not None
    assert stored.author_id is None
    assert stored.submitter_email == email
    assert stored.submitter_name == "Ayşe Yılmaz"
    assert stored.receipt_number == receipt
    assert stored.body == TURKISH_STATEMENT
    assert [(a.original_name, a.content_type, a.size) for a in stored.attachments] == [
        ("stellungnahme.pdf", "application/pdf", len(MINIMAL_PDF))
    ]


def test_long_statement_survives_an_expired_form(app, page, page_errors, make_process, log_in):
    make_process()
    resident = log_in("resident")
    text = long_text(5000)
    assert len(text) >= 4990

    page.goto(FORM)
    form = page.locator("main form.stacked")
    form.locator("input[name=title]").fill("Sprachkurse für Eltern")
    body = form.locator("textarea[name=body]")
    body.fill(text)
    # The form waited too long: its token is no longer valid when it is sent.
    form.locator("input[name=csrf_token]").evaluate("input => { input.value = 'expired'; }")
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        form.locator("button[type=submit]").click()
    assert sent.value.status in (400, 422), sent.value.status
    page.wait_for_load_state()

    # The form again: the whole text, the title, and an explanation; nothing stored yet.
    expect(page.locator("main #error-summary")).to_be_visible()
    form = page.locator("main form.stacked")
    assert form.locator("textarea[name=body]").input_value() == text
    expect(form.locator("input[name=title]")).to_have_value("Sprachkurse für Eltern")
    assert form.locator("input[name=csrf_token]").input_value() != "expired"
    assert statements(app) == []

    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/track/[^/?]+(\?.*)?$"))
    receipt = page.locator("main .receipt-number").inner_text().strip()
    assert receipt
    assert page.locator("main .user-text").inner_text() == text
    # The draft kept in the browser is removed once the statement has arrived.
    assert page.evaluate("() => localStorage.getItem('consult.draft.statement:lip')") is None
    assert [e for e in page_errors if "status of 4" not in e] == [], page_errors

    (stored,) = statements(app)
    assert stored.body == text
    assert stored.title == "Sprachkurse für Eltern"
    assert stored.author_id == resident.id
    assert stored.status == "received"
    assert stored.receipt_number == receipt


def test_unsent_statement_is_restored_from_the_browser_after_a_reload(
    app, page, page_errors, make_process
):
    make_process()
    page.goto(FORM)
    form = page.locator("main form.stacked")
    note = page.locator("main [data-draft-note]")
    expect(note).to_be_hidden()
    form.locator("input[name=title]").fill("Bibliotheken")
    form.locator("textarea[name=body]").press_sequentially(
        "Die Stadtbibliotheken sollten länger geöffnet sein.", delay=5
    )
    # Saved in this browser while typing (the page says so).
    expect(page.locator("main [data-draft-status]")).not_to_be_empty()

    page.reload()
    form = page.locator("main form.stacked")
    expect(form.locator("textarea[name=body]")).to_have_value(
        "Die Stadtbibliotheken sollten länger geöffnet sein."
    )
    expect(form.locator("input[name=title]")).to_have_value("Bibliotheken")
    expect(note).to_be_visible()

    # The restored text can be discarded, and stays discarded.
    note.locator("[data-draft-discard]").click()
    expect(form.locator("textarea[name=body]")).to_have_value("")
    expect(note).to_be_hidden()
    page.reload()
    expect(page.locator("main form.stacked textarea[name=body]")).to_have_value("")
    expect(page.locator("main [data-draft-note]")).to_be_hidden()
    assert page_errors == [], page_errors
    assert statements(app) == []

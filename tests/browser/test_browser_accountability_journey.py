"""Accountability in real browsers: staff publish a version's decisions; an anonymous visitor
reads the disposition table, narrows it to one section, opens the diff of the change a
suggestion caused, and downloads the table in every format. The files open in the libraries
an office program's format needs (csv, openpyxl, python-docx, pypdf), hold the expected rows,
and the public variant holds no private name and no e-mail address.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from consult.accounts.models import User
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process, Version
from consult.statements import services as statement_services
from consult.triage import services
from tests.browser.test_browser_triage_journey import browser_as, world  # noqa: F401
from tests.helpers_triage import TURKISH_STATEMENT, node, section

pytestmark = pytest.mark.browser

CONSENTED = "Mehr Beratung in Wohnungsfragen für neu Zugezogene."
PRIVATE_NAME = "Petra Privatmensch"
PRIVATE_EMAIL = "petra.privatmensch@example.org"
REASON = "Die Beratung gibt es schon im Stadtteilbüro."


@pytest.fixture
def decided(app, world):  # noqa: F811 - the fixture imported above
    """A-1..A-3 from the Turkish statement (no consent to publish text or name): A-1 accepted
    and linked to the changed goal in version 3, A-2 not accepted, A-3 undecided. A-4 from a
    statement that allows its text but not its name, on field 2: noted. Nothing published."""
    with app.test_request_context():
        staff = db.session.get(User, world["users"]["staff"].id)
        admin = db.session.get(User, world["users"]["admin"].id)
        process = db.session.get(Process, world["process_id"])
        statement = db.session.get(Contribution, world["statement_id"])
        parts, offset = [], 0
        for paragraph in TURKISH_STATEMENT.split("\n\n"):
            start = TURKISH_STATEMENT.index(paragraph, offset)
            offset = start + len(paragraph)
            parts.append(services.split(statement, actor=staff, start=start, end=offset))
        first, second, _third = parts
        services.decide(first, actor=admin, outcome="accepted", public_reason="")
        services.link_change(first, db.session.get(type(node(process.id, 3, "g1")),
                             world["target_node_id"]), actor=staff)
        services.decide(second, actor=admin, outcome="not_accepted",
                        public_reason="Elternkurse bietet die Volkshochschule an.")
        v2 = db.session.scalar(
            select(Version).where(Version.process_id == process.id, Version.number == world["v2"])
        )
        other = statement_services.record_statement(
            process, staff,
            statement_services.PaperStatement(
                channel="email", received_on=date.today(), body=CONSENTED, language="de",
                sections=[section(process.id, "g2")], version=v2,
                name=PRIVATE_NAME, email=PRIVATE_EMAIL, address="Privatweg 1",
                publish_text=True, publish_name=False,
            ),
            [], today=date.today(),
        )
        fourth = services.split_whole(other, actor=staff)
        services.decide(fourth, actor=admin, outcome="noted", public_reason=REASON,
                        internal_note="NUR INTERN")
        db.session.commit()
    return world


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name, exact=True).click()
    return Path(info.value.path()).read_bytes()


def _assert_public(text: str) -> None:
    for private in (PRIVATE_NAME, PRIVATE_EMAIL, "ayse@example.org", "Ayşe Yılmaz",
                    "Privatweg", "NUR INTERN"):
        assert private not in text, private


def test_publish_then_read_filter_diff_and_download(app, decided, browser_as):  # noqa: F811
    staff = browser_as(decided["users"]["staff"])
    anonymous = browser_as(None)
    anonymous.goto("/p/lip/disposition")
    expect(anonymous.locator("main")).to_contain_text("0 suggestions")

    # Staff publish version 2's decisions.
    staff.goto(f"/manage/processes/lip/versions/{decided['v2']}/decisions")
    staff.get_by_role("button", name=re.compile("Publish 3 decisions")).click()
    expect(staff.locator(".flash-success").first).to_contain_text("3 decisions published")

    # The anonymous visitor reads the table: three answers, not the undecided A-3.
    anonymous.goto("/p/lip/disposition")
    table = anonymous.locator("table.disposition")
    expect(anonymous.locator("#results-heading")).to_have_text("3 suggestions")
    for label in ("A-1", "A-2", "A-4"):
        expect(table.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="A-3", exact=True)).to_have_count(0)
    expect(table).to_contain_text(CONSENTED)
    expect(table).to_contain_text(REASON)
    _assert_public(anonymous.content())

    # Narrowed to goal 1.1: the two answers on it.
    anonymous.locator("#filter-section").select_option(value="g1")
    anonymous.get_by_role("button", name="Filter").click()
    expect(anonymous.locator("#results-heading")).to_have_text("2 suggestions")
    expect(table.get_by_role("link", name="A-4", exact=True)).to_have_count(0)
    assert "section=g1" in anonymous.url

    # The accepted one links to the change it caused; its diff shows the new words.
    table.get_by_role("link", name=re.compile("Changed .* in version 3")).click()
    expect(anonymous).to_have_url(re.compile(r"/p/lip/suggestions/A-1#change-3-g1$"))
    expect(anonymous.locator("main ins").first).to_contain_text(re.compile("Kursen|Abend"))
    anonymous.go_back()

    # Every export format, with the section filter, opens and holds the two rows.
    rows = list(csv.reader(io.StringIO(_download(anonymous, "CSV").decode("utf-8-sig"))))
    text = "\n".join(",".join(row) for row in rows)
    assert [row[0] for row in rows if row and re.fullmatch(r"A-\d+", row[0])] == ["A-1", "A-2"]
    _assert_public(text)

    workbook = load_workbook(io.BytesIO(_download(anonymous, "Excel (XLSX)")), read_only=True)
    cells = [
        str(value) for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True) for value in row if value is not None
    ]
    assert "A-1" in cells and "A-2" in cells and "A-4" not in cells
    assert any("Volkshochschule" in value for value in cells)
    _assert_public("\n".join(cells))

    document = Document(io.BytesIO(_download(anonymous, "Word (DOCX)")))
    words = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert "A-1" in words and "A-2" in words and "A-4" not in words
    assert "Volkshochschule" in words
    _assert_public(words)

    reader = PdfReader(io.BytesIO(_download(anonymous, "PDF")))
    pdf_text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "A-1" in pdf_text and "A-2" in pdf_text and "A-4" not in pdf_text
    assert "Volkshochschule" in pdf_text
    _assert_public(pdf_text)

"""Public exports of the disposition table (CSV, XLSX, PDF, DOCX): every format parsed back
with the expected rows in order, the filter and the date; consent respected and nothing
private in any format; Arabic shaped and fonts embedded; formula injection neutralised;
bad input never a 500; queries grow with the chunks, not the rows. On both databases.

The fixtures here are shared with tests/test_exports_manage.py."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
import unicodedata
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, update

from consult.accountability import disposition, export_rows
from consult.accounts.models import User
from consult.comments import services as comment_services
from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import Contribution
from consult.plans.models import Process, Version
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import Outcome, Suggestion
from tests.helpers_participation import add_comment
from tests.helpers_triage import TURKISH_STATEMENT, bulk_suggestions, node, section, triage_world

REASON_DE = "Dafür fehlen im Haushalt die Mittel."
REASON_AR = "لا توجد أموال لذلك في الميزانية"
INTERNAL = "GEHEIMNOTIZ nur für die Verwaltung"
RECOMMENDATION = "EMPFEHLUNGSTEXT der Expertengruppe"
COMMENT_TEXT = "Auch die Eltern sollen Deutsch lernen können."
CONSENT_TEXT = "Bitte mehr Sprachcafés in den Stadtteilbibliotheken anbieten."
SECRET_TEXT = "VERTRAULICHER Wortlaut über die Nachbarschaft"
FORMULA_TEXT = '=HYPERLINK("http://evil.example/","Klick")'
FORMULA_SUMMARY = "+SUM(1;2)"
SCRIPT = "<script>alert('x')</script>"
PRIVATE = ("Ayşe", "Yılmaz", "ayse@example.org", "Zora Zurückhaltend", "zora@example.org",
           "Verborgene Gasse", "petra.privat@example.org", "Geheimweg", INTERNAL, RECOMMENDATION,
           SECRET_TEXT, "Admin Adler", "Sachbearbeiterin Sommer", "Jugend Jonas", "Expertin Ece")
FORMATS = ("csv", "xlsx", "pdf", "docx")


@pytest.fixture
def world(app, make_process, make_user):
    return triage_world(app, make_process, make_user)


def _user(world, name: str) -> User:
    return db.session.get(User, world["users"][name].id)


def _process(world) -> Process:
    return db.session.get(Process, world["process_id"])


def _version(world, number: int) -> Version:
    return db.session.scalar(
        select(Version).where(Version.process_id == world["process_id"], Version.number == number)
    )


def paper(world, body: str, *, name: str, email: str, address: str, consent: bool,
          version: int = 2):
    return statement_services.record_statement(
        _process(world), _user(world, "staff"),
        statement_services.PaperStatement(
            channel="letter", received_on=date.today(), body=body, language="de",
            sections=[section(world["process_id"], "g1")], version=_version(world, version),
            name=name, email=email, address=address, publish_text=consent, publish_name=consent,
        ),
        [], today=date.today(),
    )


def decide(suggestion, world, outcome="noted", reason=REASON_DE, publish=True):
    admin = _user(world, "admin")
    services.decide(suggestion, actor=admin, outcome=outcome, public_reason=reason,
                    internal_note=INTERNAL)
    if publish:
        services.publish(suggestion, actor=admin)


@pytest.fixture
def published(app, world, make_user):
    return make_published(app, world, make_user)


def make_published(app, world, make_user) -> dict:
    """A-1..A-3 the Turkish statement of Ayşe Yılmaz (no consent): A-1 published (Arabic
    reason translation, recommendation, internal note), A-2 decided only, A-3 open;
    A-4 Karla's comment, accepted with a change in version 2; A-5 Petra Privat with consent;
    A-6 Zora Zurückhaltend without consent; A-7 a statement with consent whose text and
    summary look like formulas."""
    karla = make_user(display_name="Karla Kommentar")
    comment_id = add_comment(app, karla, COMMENT_TEXT, number=1)
    with app.test_request_context():
        staff = _user(world, "staff")
        statement = db.session.get(Contribution, world["statement_id"])
        parts, offset = [], 0
        for paragraph in TURKISH_STATEMENT.split("\n\n"):
            start = TURKISH_STATEMENT.index(paragraph, offset)
            offset = start + len(paragraph)
            parts.append(services.split(statement, actor=staff, start=start, end=offset))
        first, second, _third = parts
        services.update_details(first, actor=staff, expected=first.lock_version,
                                summary="Mehr Deutschkurse für Kinder",
                                sections=list(first.sections), language="tr")
        services.recommend(first, actor=_user(world, "expert"), outcome="accepted",
                           reasoning=RECOMMENDATION)
        decide(first, world, outcome="not_accepted")
        services.set_reason_translation(first, language="ar", text=REASON_AR, actor=staff)
        decide(second, world, publish=False)
        comment = services.split_whole(db.session.get(Contribution, comment_id), actor=staff)
        decide(comment, world, outcome="accepted", reason="")
        services.link_change(comment, node(world["process_id"], 2, "g1"), actor=staff)
        consent = services.split_whole(
            paper(world, CONSENT_TEXT, name="Petra Privat", email="petra.privat@example.org",
                  address="Geheimweg 7", consent=True), actor=staff)
        decide(consent, world, outcome="partly_accepted", reason="Teilweise übernommen.")
        secret = services.split_whole(
            paper(world, SECRET_TEXT, name="Zora Zurückhaltend", email="zora@example.org",
                  address="Verborgene Gasse 3", consent=False), actor=staff)
        services.update_details(secret, actor=staff, expected=secret.lock_version,
                                summary="Mehr Grün im Viertel " + SCRIPT,
                                sections=list(secret.sections), language="de")
        decide(secret, world)
        formula = services.split_whole(
            paper(world, FORMULA_TEXT, name="Fritz Formel", email="fritz@example.org",
                  address="Zellweg 1", consent=True), actor=staff)
        services.update_details(formula, actor=staff, expected=formula.lock_version,
                                summary=FORMULA_SUMMARY, sections=list(formula.sections),
                                language="de")
        decide(formula, world, reason="@SUM(A1)")
        db.session.commit()
    return {"karla": karla}


def get(client, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response


def csv_rows(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.get_data()))
    return "\n".join(page.extract_text() for page in reader.pages)


def docx_xml(response) -> str:
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as package:
        return package.read("word/document.xml").decode("utf-8")


def docx_table(response) -> list[list[str]]:
    document = Document(io.BytesIO(response.get_data()))
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


def all_text(response, fmt: str) -> str:
    """Everything a reader of the file could get at, as text."""
    if fmt == "csv":
        return response.get_data(as_text=True)
    if fmt == "pdf":
        return pdf_text(response)
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as package:
        # Character references (&#252;) resolved: the XML as a reader's program sees it.
        return "\n".join(html.unescape(package.read(name).decode("utf-8", "replace"))
                         for name in package.namelist())


def _today_in(app) -> date:
    """The date of an export: today where the site is (its time zone)."""
    return datetime.now(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).date()


@pytest.fixture
def today(app) -> date:
    return _today_in(app)


@pytest.fixture
def long_date(today) -> str:
    """How the export writes its date for an English reader: "November 21, 2026"."""
    return format_date(today, "long", locale="en")


# --------------------------------------------------------------------- each format


def test_csv_has_published_rows_in_order(client, published, today):
    response = get(client, "/p/lip/disposition/export.csv?lang=en")
    assert response.mimetype == "text/csv"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition_header = response.headers["Content-Disposition"]
    assert disposition_header.startswith("attachment;")
    assert f'filename="lip-disposition-public-{today.isoformat()}.csv"' in disposition_header
    rows = csv_rows(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Number", "Version", "Sections"]
    assert "E-mail" not in header and "Internal note" not in header
    assert [r[0] for r in body] == ["A-1", "A-4", "A-5", "A-6", "A-7"]
    by_label = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    assert by_label["A-1"]["Outcome"] == "Not accepted"
    assert by_label["A-1"]["Reason"] == REASON_DE
    assert by_label["A-1"]["Passage"].startswith("The text of this statement is not published")
    assert by_label["A-1"]["Summary"] == "Mehr Deutschkurse für Kinder"
    assert by_label["A-1"]["Submitter"] == "Resident"
    assert by_label["A-4"]["Passage"] == COMMENT_TEXT
    assert by_label["A-4"]["Resulting changes to the text"] == "Version 2: 1.1"
    assert by_label["A-5"]["Passage"] == CONSENT_TEXT
    assert by_label["A-5"]["Submitter"] == "Petra Privat"
    assert by_label["A-6"]["Summary"] == "Mehr Grün im Viertel " + SCRIPT
    assert by_label["A-1"]["Sections"] == "1.1 Ziel 1.1"  # no English title: the original
    assert by_label["A-1"]["Version"] == "2" and by_label["A-4"]["Version"] == "1"


def test_xlsx_has_bold_frozen_header_autofilter_and_about_sheet(client, published, today,
                                                                 long_date):
    response = get(client, "/p/lip/disposition/export.xlsx?lang=en&outcome=accepted")
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert (f"lip-disposition-public-{today.isoformat()}.xlsx"
            in response.headers["Content-Disposition"])
    book = load_workbook(io.BytesIO(response.get_data()))
    sheet, about = book.worksheets
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Number"
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}2"
    assert [r[0] for r in rows[1:]] == ["A-4"]
    facts = {r[0]: r[1] for r in about.iter_rows(values_only=True)}
    assert facts["Filter"] == "Outcome: Accepted"
    assert facts["Variant"] == "Public variant"
    assert facts["Process"] == "Local Integration Plan"
    assert facts["Date of the export"] == long_date


def test_pdf_synopsis_has_rows_in_order_filter_and_date(client, published, today, long_date):
    response = get(client, "/p/lip/disposition/export.pdf?lang=en&section=g1")
    assert response.mimetype == "application/pdf"
    assert (f"lip-disposition-public-{today.isoformat()}.pdf"
            in response.headers["Content-Disposition"])
    reader = PdfReader(io.BytesIO(response.get_data()))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Local Integration Plan" in text
    assert "Disposition table – Public variant" in text
    # The section as readers know it: its number and title, not its internal key.
    assert re.search(r"Filter: Section: 1\.1 \S", text), text[:300]
    assert "Section: g1" not in text
    assert f"Date of the export: {long_date}" in text
    assert "Page 1 of" in text
    for heading in ("Section", "Suggestion", "Answer"):
        assert heading in text
    positions = [text.index(label) for label in ("A-1", "A-4", "A-5", "A-6", "A-7")]
    assert positions == sorted(positions)
    assert COMMENT_TEXT in text
    assert "Petra Privat" in text


def test_docx_synopsis_is_a_landscape_table_with_repeated_header(client, published, today,
                                                                 long_date):
    response = get(client, "/p/lip/disposition/export.docx?lang=en&outcome=accepted")
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert (f"lip-disposition-public-{today.isoformat()}.docx"
            in response.headers["Content-Disposition"])
    document = Document(io.BytesIO(response.get_data()))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert document.sections[0].page_width > document.sections[0].page_height
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Local Integration Plan"
    assert "Filter: Outcome: Accepted" in paragraphs
    assert f"Date of the export: {long_date}" in paragraphs
    table = docx_table(response)
    assert table[0] == ["Section", "Suggestion", "Answer"]
    assert len(table) == 2
    assert table[1][1].startswith("A-4\n" + COMMENT_TEXT)
    assert table[1][2].startswith("Accepted")
    assert "Resulting changes to the text: Version 2: 1.1" in table[1][2]
    assert "<w:tblHeader/>" in docx_xml(response)


def test_empty_selection_gives_files_with_only_the_header(client, published):
    for fmt in FORMATS:
        response = get(client, f"/p/lip/disposition/export.{fmt}?lang=en&q=nichtvorhandenwort")
        if fmt == "csv":
            assert len(csv_rows(response)) == 1
        elif fmt == "pdf":
            assert "No suggestions match this filter." in pdf_text(response)
        elif fmt == "docx":
            assert "No suggestions match this filter." in docx_table(response)[1][0]
        else:
            sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
            assert sheet.max_row == 1


# --------------------------------------------------------------------- privacy


@pytest.mark.parametrize("fmt", FORMATS)
def test_public_variant_holds_nothing_private(client, published, fmt):
    response = get(client, f"/p/lip/disposition/export.{fmt}?lang=en")
    text = all_text(response, fmt)
    for private in PRIVATE:
        assert private not in text, (fmt, private)
    assert "Resident" in text  # Zora and Ayşe, anonymised
    if fmt == "csv":
        raw = response.get_data()
        for private in PRIVATE:
            assert private.encode() not in raw


@pytest.mark.parametrize("fmt", FORMATS)
def test_unpublished_and_draft_rows_never_appear(client, published, fmt):
    text = all_text(get(client, f"/p/lip/disposition/export.{fmt}?lang=en"), fmt)
    assert "Ebeveynler" not in text  # A-2, decided only
    assert "Belediye" not in text  # A-3, open
    assert "A-2" not in text and "A-3" not in text


def test_search_cannot_probe_a_withheld_passage(client, published):
    rows = csv_rows(get(client, "/p/lip/disposition/export.csv?q=VERTRAULICHER"))
    assert len(rows) == 1


# --------------------------------------------------------------------- scripts and formulas


def test_formula_injection_is_neutralised_in_csv(client, published):
    rows = csv_rows(get(client, "/p/lip/disposition/export.csv?lang=en"))
    header = rows[0]
    row = dict(zip(header, next(r for r in rows if r[0] == "A-7"), strict=True))
    assert row["Passage"] == "'" + FORMULA_TEXT
    assert row["Summary"] == "'" + FORMULA_SUMMARY
    assert row["Reason"] == "'@SUM(A1)"


def test_formula_injection_is_neutralised_in_xlsx(client, published):
    response = get(client, "/p/lip/disposition/export.xlsx?lang=en")
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "A-7")
    passage = row[header.index("Passage")]
    assert passage.value == FORMULA_TEXT
    assert passage.data_type == "s"  # a string, never a formula
    assert row[header.index("Summary")].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as package:
        assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("fmt", ("pdf", "docx"))
def test_script_in_user_text_is_plain_text(client, published, fmt):
    response = get(client, f"/p/lip/disposition/export.{fmt}?lang=en")
    if fmt == "docx":
        xml = docx_xml(response)
        assert "&lt;script&gt;" in xml and "<script>" not in xml
        assert any(SCRIPT in c for row in docx_table(response) for c in row)
    else:
        assert "alert('x')" in pdf_text(response)


# --------------------------------------------------------------------- languages


def test_arabic_pdf_embeds_its_fonts_and_shapes_arabic(client, published):
    response = get(client, "/p/lip/disposition/export.pdf?lang=ar")
    reader = PdfReader(io.BytesIO(response.get_data()))
    fonts = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    names = {str(font["/BaseFont"]) for font in fonts.values()}
    assert any("NotoSansArabic" in n for n in names), names
    assert any(n.endswith("NotoSans") or "NotoSans-" in n or n.endswith("+NotoSans") for n in names)
    for font in fonts.values():
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"], font["/BaseFont"]
    text = "\n".join(page.extract_text() for page in reader.pages)
    for word in ("الميزانية", "أموال", "الهدف"):
        assert word in text, word
    assert "A-1" in text


def test_arabic_docx_is_right_to_left(client, published):
    response = get(client, "/p/lip/disposition/export.docx?lang=ar")
    xml = docx_xml(response)
    assert "<w:bidiVisual/>" in xml
    assert REASON_AR in xml
    table = docx_table(response)
    assert "الهدف 1.1" in table[1][0]


def test_arabic_csv_headers_and_reason(client, published):
    rows = csv_rows(get(client, "/p/lip/disposition/export.csv?lang=ar"))
    first = rows[1]
    assert REASON_AR in first
    assert rows[0][0] != "Number"  # headings in the reader's language


# --------------------------------------------------------------------- bad requests


def test_unknown_format_process_and_versions_are_404(app, client, published):
    get(client, "/p/lip/disposition/export.exe", 404)
    get(client, "/p/lip/disposition/export.CSV", 404)
    get(client, "/p/nope/disposition/export.csv", 404)
    get(client, "/p/%00/disposition/export.csv", 404)
    get(client, "/p/" + "l" * 500 + "/disposition/export.csv", 404)
    get(client, "/p/lip/disposition/export.csv?version=99", 404)
    get(client, "/p/lip/disposition/export.csv?version=3", 404)  # a draft
    with app.app_context():
        db.session.execute(update(Process).values(is_public=False))
        db.session.commit()
    get(client, "/p/lip/disposition/export.csv", 404)


@pytest.mark.parametrize("query", [
    "version=abc", "version=-1", "version=99999999999", "section=%3Cscript%3E", "section=" + "x" * 500,
    "outcome=bogus", "channel=%00", "language=zz-" + "a" * 40, "submitter_type=admin",
    "q=" + "%27%22%3C" * 300, "sort=email", "dir=up", "page=-5", "q=%E2%80%AE", "q=ab%00cd",
    "lang=%00", "lang=" + "x" * 300,
])
def test_junk_parameters_never_500(client, published, query):
    for fmt in ("csv", "pdf"):
        response = client.get(f"/p/lip/disposition/export.{fmt}?{query}")
        assert response.status_code in (200, 404), (query, response.status_code)
        response.get_data()


def test_rate_limited(app, client, published):
    app.config["EXPORT_RATE_LIMIT"] = "2 per minute"
    try:
        assert client.get("/p/lip/disposition/export.csv").status_code == 200
        assert client.get("/p/lip/disposition/export.csv").status_code == 200
        assert client.get("/p/lip/disposition/export.csv").status_code == 429
    finally:
        app.config.pop("EXPORT_RATE_LIMIT")


# --------------------------------------------------------------------- streaming


def _many(app, world, count: int) -> None:
    """`count` published suggestions on Ayşe's statement, in version 2."""
    with app.app_context():
        admin = world["users"]["admin"].id
        bulk_suggestions(world["process_id"], count, contribution_id=world["statement_id"],
                         version_id=_version(world, 2).id, decided_by_id=admin)
        db.session.execute(
            update(Suggestion).where(Suggestion.outcome.is_(None)).values(
                outcome="noted", public_reason="Zur Kenntnis.", decided_by_id=admin,
                decided_at=utcnow())
        )
        db.session.execute(update(Suggestion).values(published_at=utcnow()))
        db.session.commit()


def _export_queries(client, count_queries, path: str) -> tuple[int, int]:
    with count_queries() as counter:
        response = client.get(path)
        rows = len(csv_rows(response)) - 1
    return counter.count, rows


def test_csv_streams_in_chunks_with_bounded_queries(app, client, world, count_queries):
    _many(app, world, 30)
    small, rows = _export_queries(client, count_queries, "/p/lip/disposition/export.csv")
    assert rows == 30
    _many_more(app, world, 3000)
    large, rows = _export_queries(client, count_queries, "/p/lip/disposition/export.csv")
    assert rows == 3030
    chunks = -(-rows // disposition.CHUNK)
    assert large <= 10 + 8 * chunks, large
    assert large - small <= 8 * (chunks - 1), (small, large)


def _many_more(app, world, count: int) -> None:
    with app.app_context():
        start = db.session.scalar(select(db.func.max(Suggestion.number))) + 1
        bulk_suggestions(world["process_id"], count, contribution_id=world["statement_id"],
                         version_id=_version(world, 2).id, start_number=start)
        db.session.execute(
            update(Suggestion).where(Suggestion.outcome.is_(None)).values(
                outcome="noted", public_reason="Zur Kenntnis.",
                decided_by_id=world["users"]["admin"].id, decided_at=utcnow())
        )
        db.session.execute(update(Suggestion).values(published_at=utcnow()))
        db.session.commit()


def test_pdf_repeats_the_heading_row_and_numbers_every_page(app, client, world):
    _many(app, world, 60)
    reader = PdfReader(io.BytesIO(get(client, "/p/lip/disposition/export.pdf?lang=en").get_data()))
    pages = len(reader.pages)
    assert pages > 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert re.search(r"Section\s+Suggestion\s+Answer", text), number
        assert f"Page {number} of {pages}" in text
    assert "A-60" in reader.pages[-1].extract_text()


def test_large_docx_stays_valid(app, client, world):
    _many(app, world, 1200)
    response = get(client, "/p/lip/disposition/export.docx?lang=en")
    table = docx_table(response)
    assert len(table) == 1201
    assert re.match(r"A-1\b", table[1][1])
    assert table[-1][1].startswith("A-1200")


# --------------------------------------------------------------------- the rows of a download

MARKDOWN_REASON = "Siehe **Abschnitt 2** und <b>fett</b> & [Link](javascript:alert(1))"


def _row_fields(row) -> dict:
    """Everything a row says (the ORM object it may carry aside)."""
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)
            if f.name != "suggestion"}


def _complicate(app, world) -> None:
    """What the rows of a download must get right beyond `make_published`: A-3 answered
    together with A-4, A-4's comment hidden by moderation and its author's account deleted,
    the Arabic translation of A-1's reason made outdated by a new wording."""
    with app.test_request_context():
        staff = _user(world, "staff")
        third = db.session.scalar(select(Suggestion).where(Suggestion.number == 3))
        fourth = db.session.scalar(select(Suggestion).where(Suggestion.number == 4))
        services.group_under(third, fourth, actor=staff)
        comment_services.hide_comment(db.session.get(Contribution, fourth.contribution_id),
                                      staff, "Beleidigend")
        db.session.execute(update(User).where(User.display_name == "Karla Kommentar")
                           .values(deleted_at=utcnow(), email=None, password_hash=None))
        db.session.execute(update(Suggestion).where(Suggestion.number == 1)
                           .values(public_reason="Neu gefasste Begründung."))
        db.session.commit()


@pytest.mark.parametrize("query", [
    {}, {"sort": "section"}, {"sort": "outcome", "dir": "desc"}, {"sort": "decided"},
    {"q": "Deutsch"}, {"section": "g1"}, {"version": "2"}, {"outcome": "accepted"},
])
def test_download_rows_are_the_rows_of_the_table(app, world, published, query):
    """The downloads read their rows with plain queries of their own: row by row and field
    by field they hold what the table's own query gives, in both variants, every reader's
    language and every order, also across chunks."""
    _complicate(app, world)
    seen = set()
    for variant in disposition.Variant:
        for language in ("de", "en", "ar"):
            with app.test_request_context(f"/?lang={language}"):
                process = _process(world)
                filters = disposition.Filters.from_args(query)
                expected = [_row_fields(r) for r in disposition.iter_rows(
                    process, filters, variant=variant, language=language)]
                got = [_row_fields(r) for r in export_rows.iter_rows(
                    process, filters, variant=variant, language=language, chunk=2)]
                assert got == expected, (variant, language)
                seen.update((variant, r["label"]) for r in got)
                if not query and variant is disposition.Variant.PUBLIC:
                    by_label = {r["label"]: r for r in got}
                    assert by_label["A-3"]["grouped_under"] == "A-4"
                    assert by_label["A-4"]["passage"] is None
                    assert by_label["A-4"]["withheld"] == "removed"
                    assert by_label["A-4"]["submitter"] != "Karla Kommentar"
                    if language == "ar":
                        assert by_label["A-1"]["reason"].text == "Neu gefasste Begründung."
                        assert by_label["A-1"]["reason"].outdated_language == "ar"
    if not query:
        assert {label for _variant, label in seen} == {f"A-{n}" for n in range(1, 8)}


def _labels(response, fmt: str) -> list[str]:
    """The row numbers of a download, in the order of its rows."""
    if fmt == "csv":
        return [row[0] for row in csv_rows(response)[1:]]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
        return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    if fmt == "docx":
        return [row[1].split("\n")[0] for row in docx_table(response)[1:]]
    return re.findall(r"\bA-\d+\b", pdf_text(response))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_holds_exactly_the_rows_across_chunks(app, client, world, monkeypatch,
                                                             fmt):
    monkeypatch.setattr(export_rows, "CHUNK", 7)
    _many(app, world, 40)
    expected = [f"A-{n}" for n in range(1, 41)]
    assert _labels(get(client, f"/p/lip/disposition/export.{fmt}?lang=en"), fmt) == expected
    backwards = get(client, f"/p/lip/disposition/export.{fmt}?lang=en&sort=number&dir=desc")
    assert _labels(backwards, fmt) == expected[::-1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_reason_text_stays_as_written_in_every_format(app, client, world, published, fmt):
    """A reason with Markdown, HTML and a link is text, shown as written (as on the page):
    nothing rendered, nothing dropped, nothing active."""
    with app.app_context():
        db.session.execute(update(Suggestion).where(Suggestion.number == 5)
                           .values(public_reason=MARKDOWN_REASON))
        db.session.commit()
    response = get(client, f"/p/lip/disposition/export.{fmt}?lang=en")
    if fmt == "csv":
        rows = csv_rows(response)
        assert dict(zip(rows[0], rows[3], strict=True))["Reason"] == MARKDOWN_REASON
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
        header = [c.value for c in sheet[1]]
        assert sheet.cell(row=4, column=header.index("Reason") + 1).value == MARKDOWN_REASON
    elif fmt == "docx":
        assert MARKDOWN_REASON in docx_table(response)[3][2]
        assert "&lt;b&gt;fett&lt;/b&gt; &amp; [Link]" in docx_xml(response)
    else:
        text = pdf_text(response)
        assert "Siehe **Abschnitt 2** und <b>fett</b> &" in text
        assert "[Link](javascript:alert(1))" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_arabic_reason_in_every_format(app, client, published, fmt):
    """In an Arabic download the reason's translation and the outcomes in Arabic: in the PDF
    shaped, laid out right to left and copied out in reading order, vowel marks included."""
    response = get(client, f"/p/lip/disposition/export.{fmt}?lang=ar")
    text = all_text(response, fmt)
    assert REASON_AR in text
    with app.test_request_context("/?lang=ar"):
        outcomes = [Outcome(value).title for value in ("accepted", "not_accepted", "noted")]
    # At least one carries a vowel mark (as "أُخذ به"): drawn offset, still copied out.
    assert any(unicodedata.category(char) == "Mn" for title in outcomes for char in title)
    lines = [line.strip() for line in text.splitlines()]
    for title in outcomes:
        assert title in text, title
        if fmt == "pdf":  # a line of its own, nothing lost, nothing added
            assert title in lines, title
    if fmt == "docx":
        assert REASON_AR in docx_table(response)[1][2]


def _count(app, client, count_queries, path: str) -> tuple[int, int]:
    with count_queries() as counter:
        response = client.get(path)
        assert response.status_code == 200
        data = response.get_data()
    return counter.count, len(data)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("variant", ["public", "internal"])
def test_queries_of_a_download_do_not_grow_with_its_rows(app, world, sign_in, count_queries,
                                                          monkeypatch, fmt, variant):
    """10 rows or 100 in one chunk: the same queries; more chunks: a few more each."""
    client = sign_in(app.test_client(), world["users"]["staff"])
    path = (f"/p/lip/disposition/export.{fmt}" if variant == "public"
            else f"/manage/processes/lip/disposition/export.{fmt}")
    _many(app, world, 10)
    ten, ten_bytes = _count(app, client, count_queries, path)
    _many_more(app, world, 90)
    hundred, hundred_bytes = _count(app, client, count_queries, path)
    assert hundred_bytes > ten_bytes  # the rows are there
    assert hundred == ten, (ten, hundred)
    monkeypatch.setattr(export_rows, "CHUNK", 25)
    chunked, _size = _count(app, client, count_queries, path)
    # Per further chunk at most: its sections, its text changes, section titles not seen.
    assert ten < chunked <= ten + 3 * 3, (ten, chunked)

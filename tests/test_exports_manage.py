"""Staff exports: the internal disposition table (every suggestion, names, contact details,
notes) in four formats, the contributions and suggestions for analysis, the overview page;
who may download them, no caching, the audit record, bad input, query budgets."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from consult.accountability import export_staff
from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process
from consult.triage import services
from consult.triage.models import Suggestion
from tests.helpers_triage import bulk_suggestions, triage_world
from tests.test_exports import (
    FORMULA_TEXT,
    INTERNAL,
    SCRIPT,
    SECRET_TEXT,
    _many,
    _many_more,
    _today_in,
    all_text,
    csv_rows,
    docx_table,
    make_published,
    pdf_text,
)

FORMATS = ("csv", "xlsx", "pdf", "docx")
INTERNAL_PATHS = [f"/manage/processes/lip/disposition/export.{fmt}" for fmt in FORMATS] + [
    f"/manage/processes/lip/exports/{what}.{fmt}"
    for what in ("contributions", "suggestions") for fmt in ("csv", "xlsx")
] + ["/manage/processes/lip/exports"]


@pytest.fixture
def world(app, make_process, make_user):
    return triage_world(app, make_process, make_user)


@pytest.fixture
def published(app, world, make_user):
    return make_published(app, world, make_user)


def _client(app, sign_in, world, role: str | None):
    client = app.test_client()
    if role is not None:
        sign_in(client, world["users"][role])
    return client


@pytest.fixture
def staff(app, sign_in, world):
    return _client(app, sign_in, world, "staff")


def _get(client, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response


# --------------------------------------------------------------------- who may download


@pytest.mark.parametrize("path", INTERNAL_PATHS)
def test_anonymous_is_sent_to_login(app, published, path):
    response = app.test_client().get(path)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["outsider", "expert", "steering"])
@pytest.mark.parametrize("path", INTERNAL_PATHS)
def test_residents_and_group_members_are_refused(app, sign_in, world, published, role, path):
    _get(_client(app, sign_in, world, role), path, 403)


@pytest.mark.parametrize("role", ["staff", "admin"])
@pytest.mark.parametrize("path", INTERNAL_PATHS)
def test_staff_and_admins_may_download(app, sign_in, world, published, role, path):
    response = _get(_client(app, sign_in, world, role), path)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.get_data()


# --------------------------------------------------------------------- the internal variant


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_variant_has_every_suggestion_with_names_and_notes(app, staff, published, fmt):
    response = _get(staff, f"/manage/processes/lip/disposition/export.{fmt}?lang=en")
    assert (f'filename="lip-disposition-internal-{_today_in(app).isoformat()}.{fmt}"'
            in response.headers["Content-Disposition"])
    text = all_text(response, fmt)
    for expected in ("Ayşe Yılmaz", "ayse@example.org", "Zora Zurückhaltend",
                     "zora@example.org", "Verborgene Gasse 3", INTERNAL, "Admin Adler",
                     SECRET_TEXT, "Çocuklar", "Ebeveynler", "Belediye",
                     "Decided, not yet published", "Being weighed"):
        assert expected in text, (fmt, expected)
    if fmt != "csv":
        assert "Internal variant: contains personal data" in text
    positions = [text.index(f"A-{n}\n" if fmt == "pdf" else f"A-{n}") for n in range(1, 8)]
    assert positions == sorted(positions)


def test_internal_csv_columns(staff, published):
    rows = csv_rows(_get(staff, "/manage/processes/lip/disposition/export.csv?lang=en"))
    header = rows[0]
    for column in ("Status", "E-mail", "Postal address", "Internal note", "Recommendation",
                   "Decided by", "Contribution", "Received"):
        assert column in header
    by_label = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert list(by_label) == [f"A-{n}" for n in range(1, 8)]
    first = by_label["A-1"]
    assert first["Status"] == "Published"
    assert first["Submitter"] == "Ayşe Yılmaz"
    assert first["E-mail"] == "ayse@example.org"
    assert first["Internal note"] == INTERNAL
    assert first["Recommendation"] == "Accepted"
    assert first["Decided by"] == "Admin Adler"
    assert by_label["A-2"]["Status"] == "Decided, not yet published"
    assert by_label["A-3"]["Status"] == "Being weighed"
    assert by_label["A-3"]["Outcome"] == ""
    assert by_label["A-6"]["Passage"] == SECRET_TEXT
    assert by_label["A-6"]["Postal address"] == "Verborgene Gasse 3"
    assert by_label["A-7"]["Passage"] == "'" + FORMULA_TEXT


def test_internal_docx_cells_carry_the_internal_answer(staff, published):
    table = docx_table(_get(staff, "/manage/processes/lip/disposition/export.docx?lang=en"))
    first = table[1]
    assert "Submitter: Ayşe Yılmaz" in first[1]
    assert "E-mail: ayse@example.org" in first[1]
    assert f"Internal note: {INTERNAL}" in first[2]
    assert "Recommendation: Accepted" in first[2]
    assert "Decided by: Admin Adler" in first[2]
    assert table[3][2].startswith("Not decided yet")


def test_internal_pdf_of_a_process_that_is_not_public(app, staff, published):
    with app.app_context():
        db.session.execute(update(Process).values(is_public=False))
        db.session.commit()
    text = pdf_text(_get(staff, "/manage/processes/lip/disposition/export.pdf?lang=en&version=3"))
    assert "Filter: Version: 3" in text
    _get(staff, "/manage/processes/lip/disposition/export.pdf?version=99", 404)
    _get(staff, "/manage/processes/nope/disposition/export.pdf", 404)
    _get(staff, "/manage/processes/%00/disposition/export.pdf", 404)
    _get(staff, "/manage/processes/%00/exports/suggestions.csv", 404)
    _get(staff, "/manage/processes/%00/exports", 404)
    _get(staff, "/manage/processes/lip/disposition/export.odt", 404)


def test_each_download_writes_an_audit_record(app, staff, world, published):
    _get(staff, "/manage/processes/lip/disposition/export.pdf?lang=en&outcome=noted&q=Mittel")
    _get(staff, "/manage/processes/lip/exports/suggestions.xlsx")
    _get(staff, "/p/lip/disposition/export.csv")  # public: no record
    with app.test_request_context("/?lang=en"):
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("exports.%")).order_by(AuditEntry.id)
        ).all()
        assert [e.action for e in entries] == ["exports.disposition", "exports.suggestions"]
        first = entries[0]
        assert first.actor_id == world["users"]["staff"].id
        assert first.object_type == "Process" and first.object_id == world["process_id"]
        assert first.params["format"] == "PDF"
        assert first.params["variant"] == "internal"
        assert first.params["filters"] == {"outcome": "noted", "q": "Mittel"}
        assert first.message == (
            "Downloaded the internal disposition table as PDF. "
            "Filter: Outcome: Noted; Search: Mittel"
        )
        assert entries[1].message == "Downloaded all suggestions as XLSX."


def test_refused_downloads_write_no_audit_record(app, sign_in, world, published):
    _get(_client(app, sign_in, world, "outsider"),
         "/manage/processes/lip/disposition/export.csv", 403)
    with app.app_context():
        assert db.session.scalar(
            select(db.func.count()).select_from(AuditEntry)
            .where(AuditEntry.action.like("exports.%"))
        ) == 0


@pytest.mark.parametrize("query", [
    "version=x", "section=..%2F..", "outcome=%3Cscript%3E", "q=" + "%25" * 500, "language=%00",
    "submitter_type=staff", "sort=internal_note", "dir=%0d%0a",
])
def test_junk_parameters_never_500_for_staff(staff, published, query):
    for fmt in ("csv", "docx"):
        response = staff.get(f"/manage/processes/lip/disposition/export.{fmt}?{query}")
        assert response.status_code in (200, 404), (query, response.status_code)
        response.get_data()
    assert staff.get(f"/manage/processes/lip/exports?{query}").status_code == 200


# --------------------------------------------------------------------- analysis exports


def _assign_and_tag(app, world) -> None:
    with app.test_request_context():
        first = db.session.scalar(select(Suggestion).where(Suggestion.number == 1))
        staff = db.session.get(User, world["users"]["staff"].id)
        services.assign(first, actor=staff, group=first.group,
                        assignee=db.session.get(User, world["users"]["youth"].id))
        services.set_tags(first, ["Kita", "Sprache"], actor=staff)
        db.session.commit()


def test_contributions_csv(app, staff, world, published):
    response = _get(staff, "/manage/processes/lip/exports/contributions.csv?lang=en")
    name = f"lip-contributions-{_today_in(app).isoformat()}.csv"
    assert f'filename="{name}"' in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    header = rows[0]
    assert header[:4] == ["ID", "Receipt number", "Kind", "Channel"]
    by_name = {r[header.index("Name")]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    ayse = by_name["Ayşe Yılmaz"]
    assert ayse["E-mail"] == "ayse@example.org"
    assert ayse["Kind"] == "Written statement"
    assert ayse["Channel"] == "Letter"
    assert ayse["Suggestions taken"] == "3"
    assert ayse["Split done"] == "No"
    assert ayse["Language"] == "Turkish"
    assert ayse["Sections"] == "g1"
    assert by_name["Karla Kommentar"]["Split done"] == "Yes"
    assert by_name["Karla Kommentar"]["Kind"] == "Comment"
    assert by_name["Zora Zurückhaltend"]["Text"] == SECRET_TEXT
    assert by_name["Fritz Formel"]["Text"] == "'" + FORMULA_TEXT
    ids = [int(r[0]) for r in rows[1:]]
    assert ids == sorted(ids) and len(ids) == 5


def test_suggestions_xlsx(app, staff, world, published):
    _assign_and_tag(app, world)
    response = _get(staff, "/manage/processes/lip/exports/suggestions.xlsx?lang=en")
    name = f"lip-suggestions-{_today_in(app).isoformat()}.xlsx"
    assert name in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.get_data()))
    sheet, about = book.worksheets
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    by_label = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert list(by_label) == [f"A-{n}" for n in range(1, 8)]
    first = by_label["A-1"]
    assert first["Contribution"] == world["statement_id"]
    assert first["Group"] == "Bildung"
    assert first["Assigned to"] == "Jugend Jonas"
    assert first["Tags"] == "Kita; Sprache"
    assert first["Recommendation"] == "Accepted"
    assert first["Outcome"] == "Not accepted"
    assert first["Internal note"] == INTERNAL
    assert first["Decided by"] == "Admin Adler"
    assert first["Published at"] is not None
    assert by_label["A-4"]["Resulting changes to the text"] == "Version 2: 1.1"
    assert by_label["A-3"]["Status"] == "Being weighed"
    formula = sheet.cell(row=8, column=header.index("Passage") + 1)
    assert formula.value == FORMULA_TEXT and formula.data_type == "s"
    facts = {r[0]: r[1] for r in about.iter_rows(values_only=True)}
    assert "Filter" not in facts
    assert facts["Export"] == "Suggestions"


def test_grouped_suggestion_shows_its_answer(app, staff, world, published):
    with app.test_request_context():
        staff_user = db.session.get(User, world["users"]["staff"].id)
        third = db.session.scalar(select(Suggestion).where(Suggestion.number == 3))
        fourth = db.session.scalar(select(Suggestion).where(Suggestion.number == 4))
        services.group_under(third, fourth, actor=staff_user)
        db.session.commit()
    rows = csv_rows(_get(staff, "/manage/processes/lip/exports/suggestions.csv?lang=en"))
    header = rows[0]
    third = dict(zip(header, rows[3], strict=True))
    assert third["Answered together with"] == "A-4"
    assert third["Outcome"] == "Accepted"
    assert third["Resulting changes to the text"] == "Version 2: 1.1"


def test_analysis_exports_refuse_other_formats(staff, published):
    _get(staff, "/manage/processes/lip/exports/contributions.pdf", 404)
    _get(staff, "/manage/processes/lip/exports/suggestions.docx", 404)
    _get(staff, "/manage/processes/lip/exports/everything.csv", 404)


# --------------------------------------------------------------------- the overview page


def test_overview_lists_every_export_with_the_filter(staff, published):
    html = _get(staff, "/manage/processes/lip/exports?lang=en&outcome=noted&version=2").get_data(
        as_text=True)
    assert "<h1>Exports</h1>" in html
    assert ('href="/manage/processes/lip/disposition/export.pdf?version=2&amp;outcome=noted'
            '&amp;lang=en"') in html
    assert 'href="/p/lip/disposition/export.docx?version=2&amp;outcome=noted&amp;lang=en"' in html
    assert 'href="/manage/processes/lip/exports/contributions.xlsx?lang=en"' in html
    assert 'href="/manage/processes/lip/exports/suggestions.csv?lang=en"' in html
    assert '<input type="hidden" name="lang" value="en">' in html
    plain = _get(staff, "/manage/processes/lip/exports").get_data(as_text=True)
    assert 'href="/manage/processes/lip/exports/suggestions.csv"' in plain
    assert 'name="lang"' not in plain.split('id="filter-heading"')[1].split("</form>")[0]
    assert "Current filter:" in html and "Outcome: Noted" in html
    assert '<option value="noted" selected>' in html
    assert '<option value="2" selected>' in html
    assert '<label for="filter-q">' in html


def test_overview_escapes_search_and_hides_public_links_for_a_draft(staff, published):
    html = _get(staff, "/manage/processes/lip/exports?lang=en&version=3&q=%3Cscript%3Ealert(1)%3C/script%3E"
                ).get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert "Not available: the process or the chosen version is not public." in html
    assert "/p/lip/disposition/export" not in html


def test_overview_in_arabic(staff, published):
    html = _get(staff, "/manage/processes/lip/exports?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in html


# --------------------------------------------------------------------- query budgets


def _queries(staff, count_queries, path: str) -> int:
    with count_queries() as counter:
        response = staff.get(path)
        assert response.status_code == 200
        response.get_data()
    return counter.count


@pytest.mark.parametrize("path", [
    "/manage/processes/lip/disposition/export.csv",
    "/manage/processes/lip/exports/suggestions.csv",
    "/manage/processes/lip/exports/contributions.csv",
    "/manage/processes/lip/exports",
])
def test_queries_grow_with_chunks_not_rows(app, staff, world, count_queries, path):
    _many(app, world, 40)
    small = _queries(staff, count_queries, path)
    with app.app_context():
        start = db.session.scalar(select(db.func.max(Suggestion.number))) + 1
        bulk_suggestions(world["process_id"], 2960, contribution_id=world["statement_id"],
                         start_number=start)
        contributions = [
            {"kind": "statement", "process_id": world["process_id"], "body": f"Brief {i}",
             "language": "de", "channel": "letter", "submitter_type": "resident",
             "status": "received", "submitter_name": f"Person {i}",
             "submitter_email": f"person{i}@example.org"}
            for i in range(1500)
        ]
        db.session.execute(db.insert(Contribution), contributions)
        db.session.commit()
    large = _queries(staff, count_queries, path)
    chunks = 3000 // 500
    assert large <= 12 + 8 * chunks, (small, large)
    assert large - small <= 8 * (chunks - 1), (small, large)


def test_search_and_script_in_files_stay_text(staff, published):
    rows = csv_rows(_get(staff, "/manage/processes/lip/disposition/export.csv?lang=en"))
    header = rows[0]
    assert dict(zip(header, rows[6], strict=True))["Summary"] == "Mehr Grün im Viertel " + SCRIPT


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("what", ["contributions", "suggestions"])
def test_analysis_exports_hold_every_row_once_across_chunks(app, staff, world, published,
                                                              monkeypatch, fmt, what):
    monkeypatch.setattr(export_staff, "CHUNK", 3)
    _many_more(app, world, 20)
    with app.app_context():
        model = Contribution if what == "contributions" else Suggestion
        expected = db.session.scalar(select(db.func.count()).select_from(model))
    response = _get(staff, f"/manage/processes/lip/exports/{what}.{fmt}?lang=en")
    if fmt == "csv":
        firsts = [row[0] for row in csv_rows(response)[1:]]
    else:
        sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
        firsts = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(firsts) == expected
    if what == "suggestions":
        assert firsts == [f"A-{n}" for n in range(1, expected + 1)]
    else:
        assert [int(i) for i in firsts] == sorted({int(i) for i in firsts})

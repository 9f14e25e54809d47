"""Importing a version from Markdown and Word: parsing, preview, save, matching, CLI."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from consult.extensions import db
from consult.markup import render_markdown
from consult.plans import importers
from consult.plans.models import Process, Section, SectionVersion, Version

DATA = Path(__file__).parent / "data"

MARKDOWN = """Vorbemerkung, die zu keinem Abschnitt gehört.

# 1 Bildung

Bildung ist der **Schlüssel**.

- Kita
- Schule

## 1.1 Sprache für alle

### 1.1.1. Sprachkurse für Eltern

Kurse am Vormittag.

### 1.1.2 Lesepatenschaften

```
# kein Abschnitt, nur Code
```

## 1.2 Übergänge

# 2 Wirtschaft

## 2.1 Ausbildung
"""

EXPECTED = [
    ("1", 0, "Bildung", "field_of_action"),
    ("1.1", 1, "Sprache für alle", "goal"),
    ("1.1.1", 2, "Sprachkurse für Eltern", "measure"),
    ("1.1.2", 2, "Lesepatenschaften", "measure"),
    ("1.2", 1, "Übergänge", "goal"),
    ("2", 0, "Wirtschaft", "field_of_action"),
    ("2.1", 1, "Ausbildung", "goal"),
]


def make_docx(*, extra=None) -> bytes:
    """A Word document with Heading 1/2/3 styles and numbered titles."""
    document = docx.Document()
    document.add_paragraph("Lokaler Integrationsplan", style="Title")
    document.add_heading("1 Bildung", level=1)
    paragraph = document.add_paragraph("Bildung ist der ")
    paragraph.add_run("Schlüssel").bold = True
    paragraph.add_run(" für ")
    paragraph.add_run("alle").italic = True
    paragraph.add_run(" Expert*innen.")
    document.add_paragraph("Kita", style="List Bullet")
    document.add_paragraph("Schule", style="List Bullet")
    document.add_heading("1.1 Sprache für alle", level=2)
    document.add_heading("1.1.1. Sprachkurse für Eltern", level=3)
    document.add_paragraph("Erster Schritt", style="List Number")
    document.add_paragraph("Zweiter Schritt", style="List Number")
    document.add_heading("1.1.2 Lesepatenschaften", level=3)
    document.add_heading("1.2 Übergänge", level=2)
    document.add_heading("2 Wirtschaft", level=1)
    document.add_heading("2.1 Ausbildung", level=2)
    if extra:
        extra(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def staff_client(client, make_user, sign_in):
    def log_in(role: str = "staff"):
        return sign_in(client, make_user(role=role))

    return log_in


@pytest.fixture
def en(app):
    """A request context in English, for services and parsers called directly."""
    with app.test_request_context("/?lang=en"):
        yield
        db.session.rollback()


def shape(result):
    return [(s.number, s.depth, s.title, s.kind) for s in result.sections]


def version_tree(number: int, slug: str = "lip"):
    version = db.session.scalar(
        select(Version).join(Process).where(Process.slug == slug, Version.number == number)
    )
    nodes = db.session.scalars(
        select(SectionVersion).where(SectionVersion.version_id == version.id)
        .order_by(SectionVersion.order_key)
    ).all()
    return version, nodes


# --- parsing ---------------------------------------------------------------------------------


def test_markdown_headings_become_a_numbered_tree(en):
    result = importers.parse_markdown(MARKDOWN)
    assert shape(result) == EXPECTED
    assert result.errors == []
    assert len(result.warnings) == 1  # the text before the first heading
    first = result.sections[0]
    assert first.body == "Bildung ist der **Schlüssel**.\n\n- Kita\n- Schule"
    assert result.sections[2].source_number == "1.1.1"
    assert "# kein Abschnitt" in result.sections[3].body  # a code block is not a heading
    assert result.sections[0].parent is None and result.sections[2].parent == 1


def test_markdown_setext_skipped_levels_and_numbers(en):
    result = importers.parse_markdown(
        "Titel\n=====\nText\n\n### 7 Tief\n\nUnter\n-----\n\n# 3.2.1. Falsch nummeriert\n"
    )
    # "Unter" (a second-level heading) follows a third-level one: it is a sibling of "Tief".
    assert [(s.number, s.title) for s in result.sections] == [
        ("1", "Titel"), ("1.1", "Tief"), ("1.2", "Unter"), ("2", "Falsch nummeriert"),
    ]
    assert any("differs" in w for w in result.warnings)


def test_markdown_without_headings_is_an_error(en):
    result = importers.parse_markdown("Nur Text.\n\n- und eine Liste\n")
    assert not result.ok
    assert result.errors


def test_markdown_limits(en):
    result = importers.parse_markdown(f"# {'T' * 301}\n\n# ok\n\n{'b' * 100_001}\n\n#\n")
    assert len(result.errors) == 3
    assert not result.ok


def test_docx_headings_runs_and_lists(en):
    result = importers.parse_upload(make_docx(), "plan.docx")
    assert result.format == "docx"
    assert shape(result) == EXPECTED
    body = result.sections[0].body
    assert body == "Bildung ist der **Schlüssel** für *alle* Expert\\*innen.\n\n- Kita\n- Schule"
    html = str(render_markdown(body))
    assert "<strong>Schlüssel</strong>" in html and "<em>alle</em>" in html
    assert "Expert*innen" in html and "<li>Kita</li>" in html
    assert result.sections[2].body == "1. Erster Schritt\n1. Zweiter Schritt"
    assert "<ol>" in str(render_markdown(result.sections[2].body))


def test_docx_tables_links_and_markup_in_text(en):
    def extra(document):
        paragraph = document.add_paragraph("# kein Heading <script>alert(1)</script> [x](javascript:y)")
        paragraph.add_run(" **nicht fett**")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Ziel"
        table.cell(0, 1).text = "Stand"
        table.cell(1, 0).text = "Kita"
        table.cell(1, 1).text = "a|b"
        document.add_heading("3 <b>Ende</b>", level=1)

    result = importers.parse_upload(make_docx(extra=extra), "plan.docx")
    body = result.sections[6].body
    html = str(render_markdown(body))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<h1" not in html and "<h3" not in html  # "# kein Heading" stays text
    assert "<a " not in html and 'href="javascript' not in html
    assert "<strong>" not in html and "**nicht fett**" in html
    assert "<table>" in html and "<th>Ziel</th>" in html and "a|b" in html
    assert result.sections[-1].title == "<b>Ende</b>"


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"", "a.md", "empty"),
        (b"\xff\xfe\x00b\x00a\xd8", "a.md", "UTF-8"),
        (b"PK\x03\x04not really a zip", "a.docx", "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", ".doc"),
        (b"# Hello", "fake.docx", "not a valid Word"),
        (b"x" * (5 * 1024 * 1024 + 1), "big.md", "5 MB"),
    ],
)
def test_file_type_is_checked_by_content(en, data, name, message):
    with pytest.raises(importers.ImportFailed) as error:
        importers.detect_format(data, name)
    assert message in str(error.value)


def test_zip_without_word_document_is_refused(en):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(importers.ImportFailed) as error:
        importers.detect_format(buffer.getvalue(), "plan.docx")
    assert "not a Word document" in str(error.value)


def test_fixture_file_parses(en):
    result = importers.parse_upload((DATA / "plan.md").read_bytes(), "plan.md")
    assert [s.number for s in result.sections] == ["1", "1.1", "1.1.1", "2"]
    assert result.sections[1].title == "Alle Kinder lernen Deutsch"


# --- upload, preview, save ---------------------------------------------------------------------


def upload(client, data: bytes | None, name: str = "", **form):
    """Post the upload form; the body is encoded in memory (no temporary file to leak)."""
    payload = MultiDict({"language": "de", "label": "", "match": "y"})
    for key, value in form.items():
        payload[key] = value
    if data is not None:
        payload["file"] = FileStorage(io.BytesIO(data), filename=name)
    boundary, body = encode_multipart(payload)
    return client.post(
        "/manage/processes/lip/import?lang=en", data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_markdown_import_preview_then_save(app, staff_client, make_process):
    make_process(slug="lip")
    client = staff_client()
    response = upload(client, MARKDOWN.encode(), "entwurf-3.md", match="")
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    assert re.match(r"^/manage/processes/lip/import/[A-Za-z0-9_-]{20,}$", preview_url)
    page = client.get(f"{preview_url}?lang=en").get_data(as_text=True)
    for number, _depth, title, _kind in EXPECTED:
        assert f">{number}" in page and title in page
    assert 'value="entwurf-3"' in page  # label defaults to the file name
    assert 'name="kind-2"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Version)) == 2  # nothing saved yet
    response = client.post(preview_url, data={"label": "Diskussionsentwurf 3", "kind-0": "chapter", "kind-1": "bogus"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/processes/lip/v/3/sections"
    with app.app_context():
        version, nodes = version_tree(3)
        assert version.status == "draft" and version.label == {"de": "Diskussionsentwurf 3"}
        assert [(n.number, n.depth, n.text("de").title, n.kind) for n in nodes] == [
            ("1", 0, "Bildung", "chapter"),  # changed in the preview
            ("1.1", 1, "Sprache für alle", "goal"),  # an unknown kind keeps the guess
            *[(num, d, t, k) for num, d, t, k in EXPECTED[2:]],
        ]
        assert nodes[0].text("de").body.startswith("Bildung ist der **Schlüssel**.")
        assert nodes[0].text("de").origin == "original"
        # Without matching, every section is new.
        old_ids = set(db.session.scalars(
            select(SectionVersion.section_id).join(Version).where(Version.number == 2)
        ).all())
        assert not old_ids & {n.section_id for n in nodes}
        assert db.session.scalar(select(func.count()).select_from(Section)) == 4 + 7
    # The stored upload is gone after saving.
    follow = client.get(preview_url)
    assert follow.status_code == 302 and follow.headers["Location"].endswith("/import")


def test_docx_import_via_the_form(app, staff_client, make_process):
    make_process(slug="lip")
    client = staff_client()
    response = upload(client, make_docx(), "Entwurf.docx", label="Aus Word")
    assert response.status_code == 302
    page = client.get(f"{response.headers['Location']}?lang=en").get_data(as_text=True)
    assert "Word (.docx)" in page and "Sprachkurse für Eltern" in page
    assert client.post(response.headers["Location"], data={"label": "Aus Word"}).status_code == 302
    with app.app_context():
        _version, nodes = version_tree(3)
        assert [(n.number, n.text("de").title) for n in nodes] == [(e[0], e[2]) for e in EXPECTED]


def test_matching_keeps_section_identities_across_versions(app, staff_client, make_process):
    make_process(slug="lip", sections=2, languages=("de", "en", "ar"))
    client = staff_client()
    # The latest version (2) has 1 Handlungsfeld 1, 1.1 Ziel 1.1, 2 Handlungsfeld 2, 2.1 Ziel 2.1.
    text = (
        "# 1 Handlungsfeld 1\n\nNeuer Text.\n\n## 1.1 Ziel 1.1\n\nAlle Kinder und Eltern lernen Deutsch.\n\n"
        "## 1.2 Ein neues Ziel\n\n# 2 Handlungsfeld zwei\n\n## 2.1 Ziel 2.1\n\nAlle Kinder lernen Deutsch.\n"
    )
    response = upload(client, text.encode(), "v3.md")
    preview_url = response.headers["Location"]
    page = client.get(f"{preview_url}?lang=en").get_data(as_text=True)
    states = re.findall(r'data-match="(matched|new)"', page)
    assert states == ["matched", "matched", "new", "new", "matched"]
    assert "kept: 1.1" in page
    assert client.post(preview_url, data={"label": "Entwurf 3"}).status_code == 302
    with app.app_context():
        _v2, old = version_tree(2)
        _v3, new = version_tree(3)
        old_by_number = {n.number: n.section_id for n in old}
        assert new[0].section_id == old_by_number["1"]
        assert new[1].section_id == old_by_number["1.1"]
        assert new[2].section_id not in old_by_number.values()
        assert new[3].section_id != old_by_number["2"]  # the title changed
        assert new[4].section_id == old_by_number["2.1"]
        # Translations of matched sections are carried over; changed sources mark them outdated.
        english = new[0].text("en")
        assert english is not None and english.is_outdated(new[0].text("de"))
        # Goal 2.1 kept its German text: its Arabic translation stays current.
        arabic = new[4].text("ar")
        assert arabic is not None and not arabic.is_outdated(new[4].text("de"))
        # New sections start without translations.
        assert [t.language for t in new[2].texts] == ["de"]
    # The section's history runs across versions.
    history = client.get("/p/lip/s/g1/history?lang=en").get_data(as_text=True)
    assert "Entwurf 3" in history or "/p/lip/v/3/s/g1" in history


def test_preview_of_another_user_or_unknown_token(app, client, staff_client, make_process):
    make_process(slug="lip")
    first = staff_client()
    preview_url = upload(first, MARKDOWN.encode(), "a.md").headers["Location"]
    second = staff_client()  # the same client, now logged in as someone else
    assert second.get(preview_url).status_code == 404
    assert second.post(preview_url, data={"label": "x"}).status_code == 404
    for token in ("../../etc/passwd", "short", "x" * 30):
        response = second.get(f"/manage/processes/lip/import/{token}")
        assert response.status_code in (302, 404)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Version)) == 2


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"\xff\xfe\xfa", "x.md", "UTF-8"),
        (b"PK\x03\x04broken", "x.docx", "damaged"),
        (b"x" * (5 * 1024 * 1024 + 10), "x.md", "5 MB"),
    ],
)
def test_upload_errors_are_translated_form_errors(app, staff_client, make_process, data, name, message):
    make_process(slug="lip")
    response = upload(staff_client(), data, name)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and 'aria-invalid="true"' in page


def test_upload_without_file_and_with_bad_language(app, staff_client, make_process):
    make_process(slug="lip")
    client = staff_client()
    response = upload(client, None)
    assert response.status_code == 422
    response = upload(client, MARKDOWN.encode(), "a.md", language="fa")
    assert response.status_code == 422


def test_file_without_headings_shows_errors_and_cannot_be_saved(app, staff_client, make_process):
    make_process(slug="lip")
    client = staff_client()
    preview_url = upload(client, b"Nur ein Absatz.", "a.md").headers["Location"]
    page = client.get(f"{preview_url}?lang=en").get_data(as_text=True)
    assert "No headings found" in page and "Create version" not in page
    response = client.post(preview_url, data={"label": "x"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Version)) == 2


def test_script_in_imported_titles_and_file_name_is_escaped(app, staff_client, make_process):
    make_process(slug="lip")
    client = staff_client()
    evil = "<script>alert(1)</script>"
    preview_url = upload(client, f"# 1 {evil}\n\nText\n".encode(), f"{evil}.md").headers["Location"]
    page = client.get(f"{preview_url}?lang=en").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    client.post(preview_url, data={"label": "Mit Skript"})
    for path in ("/manage/processes/lip/v/3/sections", "/manage/audit", "/manage/processes/lip/v/3"):
        page = client.get(f"{path}?lang=en").get_data(as_text=True)
        assert "<script>alert" not in page, path


def test_unwritable_upload_folder_gives_a_message(app, staff_client, make_process, monkeypatch):
    make_process(slug="lip")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(importers, "store_upload", fail)
    response = upload(staff_client(), MARKDOWN.encode(), "a.md")
    assert response.status_code == 422
    assert "could not be stored" in response.get_data(as_text=True)


def test_expired_uploads_are_refused(app, tmp_path):
    token = importers.store_upload(tmp_path, b"# x", {"process_id": 1})
    assert importers.load_upload(tmp_path, token)[0] == b"# x"
    meta = tmp_path / "imports" / f"{token}.json"
    meta.write_text(meta.read_text().replace('"stored_at": ', '"stored_at": 1, "old": '))
    assert importers.load_upload(tmp_path, token) is None
    assert not meta.exists()
    assert importers.load_upload(tmp_path, "../" + token) is None


# --- command line ----------------------------------------------------------------------------


def test_cli_import_dry_run_then_real(app, runner, make_process, tmp_path):
    make_process(slug="lip")
    path = tmp_path / "Diskussionsentwurf 3.docx"
    path.write_bytes(make_docx())
    result = runner.invoke(args=["consult", "import-version", str(path), "--process", "lip", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 Bildung [field_of_action]" in result.output
    assert "    1.1.1 Sprachkurse für Eltern [measure]" in result.output
    assert "Dry run" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Version)) == 2
    result = runner.invoke(
        args=["consult", "import-version", str(path), "--process", "lip", "--label", "Entwurf 3", "--language", "de"]
    )
    assert result.exit_code == 0, result.output
    assert "Created version 3" in result.output
    with app.app_context():
        version, nodes = version_tree(3)
        assert version.label == {"de": "Entwurf 3"} and version.status == "draft"
        assert [n.number for n in nodes] == [e[0] for e in EXPECTED]


def test_cli_import_matches_and_defaults_label(app, runner, make_process, tmp_path):
    make_process(slug="lip")
    path = tmp_path / "entwurf.md"
    path.write_text("# 1 Handlungsfeld 1\n\n## 1.1 Ziel 1.1\n", encoding="utf-8")
    result = runner.invoke(args=["consult", "import-version", str(path), "--process", "lip"])
    assert result.exit_code == 0, result.output
    assert "(kept: 1.1)" in result.output
    with app.app_context():
        version, nodes = version_tree(3)
        assert version.label == {"de": "entwurf"}
        _v2, old = version_tree(2)
        assert nodes[1].section_id == old[1].section_id


@pytest.mark.parametrize(
    "args,message",
    [
        (["--process", "nope"], "No process"),
        (["--process", "lip", "--language", "fa"], "does not offer"),
    ],
)
def test_cli_import_errors(app, runner, make_process, tmp_path, args, message):
    make_process(slug="lip")
    path = tmp_path / "a.md"
    path.write_text("# 1 A\n", encoding="utf-8")
    result = runner.invoke(args=["consult", "import-version", str(path), *args])
    assert result.exit_code != 0
    assert message in result.output


def test_cli_refuses_a_file_without_headings(app, runner, make_process, tmp_path):
    make_process(slug="lip")
    path = tmp_path / "a.md"
    path.write_text("kein Heading\n", encoding="utf-8")
    result = runner.invoke(args=["consult", "import-version", str(path), "--process", "lip"])
    assert result.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Version)) == 2

"""Attachments: type by content, sanitised names, whole files or none."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from helpers_participation import EXE, JPEG, PDF, PNG, docx_bytes, odt_bytes
from werkzeug.datastructures import FileStorage

from consult.statements import uploads


def zip_bytes(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, uploads.PDF),
        (PNG, uploads.PNG),
        (JPEG, uploads.JPEG),
        (docx_bytes(), uploads.DOCX),
        (odt_bytes(), uploads.ODT),
    ],
    ids=["pdf", "png", "jpeg", "docx", "odt"],
)
def test_allowed_types_are_recognised_by_content(data, expected):
    assert uploads.detect_type(io.BytesIO(data)) == expected


@pytest.mark.parametrize(
    "data",
    [
        EXE,
        b"<script>alert(1)</script>",
        b"GIF89a" + b"\x00" * 32,
        zip_bytes({"readme.txt": "not a document"}),
        zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
        zip_bytes({"word/document.xml": "<w/>"}),  # no content types part
        b"PK\x03\x04" + b"\x00" * 40,  # a broken zip
        b"",
    ],
    ids=["exe", "html", "gif", "zip", "ods", "half-docx", "broken-zip", "empty"],
)
def test_other_content_is_refused(data):
    assert uploads.detect_type(io.BytesIO(data)) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ayse\\Stellungnahme.pdf", "Stellungnahme.pdf"),
        ("bericht\r\nX-Header: 1.pdf", "berichtX-Header: 1.pdf"),
        ("رسالة المدينة.pdf", "رسالة المدينة.pdf"),
        ("İstanbul görüşü.docx", "İstanbul görüşü.docx"),
        ("\u202egnp.exe.pdf", "gnp.exe.pdf"),  # no right-to-left override tricks
        ("   ", "attachment"),
        ("...", "attachment"),
        (None, "attachment"),
    ],
)
def test_original_names_are_sanitised(app, raw, expected):
    with app.test_request_context("/?lang=en"):
        assert uploads.sanitise_filename(raw) == expected


def test_long_names_are_cut_keeping_the_extension(app):
    with app.test_request_context():
        name = uploads.sanitise_filename("ü" * 400 + ".pdf")
    assert len(name) == 255
    assert name.endswith(".pdf")


def test_check_files_reports_each_problem_naming_the_file(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_ATTACHMENT_BYTES", 1000)
    with app.test_request_context("/?lang=en"):
        accepted, errors = uploads.check_files([
            upload(PDF, "ok.pdf"),
            upload(EXE, "virus.pdf"),
            upload(PDF + b"x" * 2000, "big.pdf"),
            upload(b"", "empty.pdf"),
            FileStorage(stream=io.BytesIO(b""), filename=""),  # an empty file field
        ])
    assert [a.original_name for a in accepted] == ["ok.pdf"]
    assert len(errors) == 3
    assert "virus.pdf" in errors[0] and "not a PDF" in errors[0]
    assert "big.pdf" in errors[1]
    assert "empty.pdf" in errors[2]


def test_check_files_refuses_too_many(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_ATTACHMENTS", 2)
    with app.test_request_context("/?lang=en"):
        accepted, errors = uploads.check_files([upload(PDF, f"{i}.pdf") for i in range(3)])
    assert accepted == []
    assert errors == ["Please choose at most 2 files; you chose 3."]


def test_store_writes_under_a_random_name_with_checksum(app):
    with app.test_request_context():
        [checked], _errors = uploads.check_files([upload(PDF, "../a/b.pdf")])
        stored = uploads.store(checked)
        path = uploads.path_for(stored.storage_name)
    assert len(stored.storage_name) == 32 and stored.storage_name.isalnum()
    assert stored.original_name == "b.pdf"
    assert stored.size == len(PDF)
    assert path.read_bytes() == PDF
    assert path.parent == Path(app.config["UPLOAD_FOLDER"])
    # No temporary file is left behind.
    assert not any(p.name.endswith(".part") for p in path.parent.iterdir())
    import hashlib

    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()


@pytest.mark.parametrize("name", ["../consult.css", "0" * 31, "A" * 32, "", "x/../../y"])
def test_path_for_refuses_anything_but_storage_names(app, name):
    with app.app_context():
        assert uploads.path_for(name) is None


def test_an_unwritable_folder_gives_a_clear_error_and_leaves_nothing(app, tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
    os.chmod(folder, 0o500)
    try:
        with app.test_request_context("/?lang=en"):
            checked, _errors = uploads.check_files([upload(PDF, "a.pdf"), upload(PNG, "b.png")])
            if os.access(folder, os.W_OK):  # running as root: simulate a full disk instead
                monkeypatch.setattr(uploads.os, "fsync", _disk_full)
            with pytest.raises(uploads.StorageUnavailable) as error:
                uploads.store_all(checked)
            assert "Your text has not been lost" in str(error.value)
    finally:
        os.chmod(folder, 0o700)
    assert list(folder.iterdir()) == []


def _disk_full(_descriptor):
    raise OSError(28, "No space left on device")


def test_store_all_removes_earlier_files_when_a_later_one_fails(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    calls = {"n": 0}
    real_replace = os.replace

    def failing_replace(source, target):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(uploads.os, "replace", failing_replace)
    with app.test_request_context():
        checked, _errors = uploads.check_files([upload(PDF, "a.pdf"), upload(PNG, "b.png")])
        with pytest.raises(uploads.StorageUnavailable):
            uploads.store_all(checked)
    assert list(tmp_path.iterdir()) == []

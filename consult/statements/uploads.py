"""Attachments of written statements: checked by content, stored under random names.

A file is accepted only when its content is one of the allowed types (PDF, DOCX, ODT, PNG,
JPEG); the name it came with does not matter. DOCX and ODT are zip files: the archive must
hold the parts that make it a word-processing document.

Files are written to a temporary name first and renamed into place, so a file under its final
name is always whole. The caller deletes the stored files again when the database commit fails
(no record without its file, no file without a record).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import filetype
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from consult.errors import DomainError, ValidationFailed

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"

ALLOWED_TYPES = {
    PDF: _l("PDF"),
    DOCX: _l("Word document (DOCX)"),
    ODT: _l("OpenDocument text (ODT)"),
    PNG: _l("PNG image"),
    JPEG: _l("JPEG image"),
}
_ZIP_GUESSES = {"application/zip", DOCX, ODT}
ORIGINAL_NAME_MAX_LENGTH = 255
_STORAGE_NAME = re.compile(r"[0-9a-f]{32}")
_CHUNK = 1024 * 1024


class UploadRefused(ValidationFailed):
    """A file that is not accepted (type, size, count); the message names the file."""


class StorageUnavailable(DomainError):
    """The upload folder cannot be written (missing rights, disk full)."""


@dataclass(frozen=True)
class StoredFile:
    storage_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str

    def as_attachment_fields(self) -> dict[str, Any]:
        return {
            "storage_name": self.storage_name,
            "original_name": self.original_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def type_title(content_type: str) -> str:
    title = ALLOWED_TYPES.get(content_type)
    return str(title) if title is not None else content_type


def sanitise_filename(name: str | None) -> str:
    """The original name without folders or control characters, at most 255 characters.

    Letters of every script are kept; the result is shown escaped wherever it appears.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(
        ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
    )
    name = " ".join(name.split()).strip(" .")
    if not name:
        name = _("attachment")
    if len(name) > ORIGINAL_NAME_MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: ORIGINAL_NAME_MAX_LENGTH - len(extension) - 1] + "." + extension
        else:
            name = name[:ORIGINAL_NAME_MAX_LENGTH]
    return name


def _size_of(stream: IO[bytes]) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _zip_document_type(stream: IO[bytes]) -> str | None:
    """DOCX or ODT when the zip archive holds a word-processing document, else None."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    with archive.open(info) as member:
                        if member.read(100).strip() == ODT.encode():
                            return ODT
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, EOFError, ValueError):
        return None
    finally:
        stream.seek(0)
    return None


def detect_type(stream: IO[bytes]) -> str | None:
    """The allowed content type of the file's content, or None."""
    stream.seek(0)
    head = stream.read(8192)
    stream.seek(0)
    guess = filetype.guess(head)
    mime = guess.mime if guess is not None else None
    if mime in _ZIP_GUESSES:
        return _zip_document_type(stream)
    if mime in (PDF, PNG, JPEG):
        return mime
    return None


@dataclass
class CheckedUpload:
    """A file that passed the checks and waits to be stored."""

    stream: IO[bytes]
    original_name: str
    content_type: str
    size: int


def chosen_files(files: list | None) -> list:
    """The file fields a person actually filled (browsers send empty parts for the others)."""
    return [f for f in (files or []) if f is not None and getattr(f, "filename", None)]


def check_files(files: list, *, max_count: int | None = None) -> tuple[list[CheckedUpload], list[str]]:
    """Check count, size and type of each file. Returns the accepted files and the messages."""
    config = current_app.config
    max_count = config["MAX_ATTACHMENTS"] if max_count is None else max_count
    max_bytes = int(config["MAX_ATTACHMENT_BYTES"])
    files = chosen_files(files)
    errors: list[str] = []
    if len(files) > max_count:
        errors.append(
            ngettext(
                "Please choose at most %(num)s file; you chose %(chosen)s.",
                "Please choose at most %(num)s files; you chose %(chosen)s.",
                max_count, chosen=len(files),
            )
        )
        return [], errors
    accepted: list[CheckedUpload] = []
    for storage in files:
        name = sanitise_filename(storage.filename)
        stream = storage.stream
        size = _size_of(stream)
        if size == 0:
            errors.append(_("The file “%(name)s” is empty.", name=name))
            continue
        if size > max_bytes:
            errors.append(
                _("The file “%(name)s” is larger than %(size)s.",
                  name=name, size=size_text(max_bytes))
            )
            continue
        content_type = detect_type(stream)
        if content_type is None:
            errors.append(
                _("The file “%(name)s” is not a PDF, DOCX or ODT document, nor a PNG or JPEG image. Please choose a file of one of these types.",
                  name=name)
            )
            continue
        accepted.append(CheckedUpload(stream, name, content_type, size))
    return accepted, errors


def size_text(size: int) -> str:
    """A size limit for people: "10 MB", "1.5 MB", "500 KB"."""
    from flask_babel import format_decimal

    if size >= 1024 * 1024:
        return _("%(size)s MB", size=format_decimal(round(size / (1024 * 1024), 1)))
    return _("%(size)s KB", size=format_decimal(max(1, round(size / 1024))))


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def path_for(storage_name: str) -> Path | None:
    """Where a stored file lives; None for anything that is not a storage name."""
    if not isinstance(storage_name, str) or not _STORAGE_NAME.fullmatch(storage_name):
        return None
    return upload_folder() / storage_name


def store(upload: CheckedUpload) -> StoredFile:
    """Write one file under a random name: to a temporary name first, then renamed."""
    folder = upload_folder()
    storage_name = secrets.token_hex(16)
    final = folder / storage_name
    temporary = folder / f".{storage_name}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        folder.mkdir(parents=True, exist_ok=True)
        upload.stream.seek(0)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        with os.fdopen(descriptor, "wb") as target:
            while chunk := upload.stream.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
            target.flush()
            os.fsync(target.fileno())
        os.replace(temporary, final)
    except OSError as error:
        current_app.logger.exception("Could not store an attachment in %s", folder)
        _remove(temporary)
        raise StorageUnavailable(
            _("We could not save your files just now. Your text has not been lost: it is still in the form. Please try again later or send the statement without files.")
        ) from error
    return StoredFile(storage_name, upload.original_name, upload.content_type, size, digest.hexdigest())


def store_all(uploads: list[CheckedUpload]) -> list[StoredFile]:
    """Store every file, or none: when one fails, those already written are removed."""
    stored: list[StoredFile] = []
    try:
        for upload in uploads:
            stored.append(store(upload))
    except StorageUnavailable:
        delete([s.storage_name for s in stored])
        raise
    return stored


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        current_app.logger.exception("Could not remove %s", path)


def remove_orphans(older_than_seconds: float) -> int:
    """Remove files that no attachment refers to: half-written `.part` files and files whose
    statement was never committed (a worker stopped between storing and saving). Only files
    older than `older_than_seconds` are touched, so uploads in flight are left alone.
    Returns the number of files removed."""
    from sqlalchemy import select

    from consult.extensions import db
    from consult.participation.models import Attachment

    folder = upload_folder()
    if not folder.is_dir():
        return 0
    cutoff = time.time() - older_than_seconds
    candidates: dict[str, Path] = {}
    removed = 0
    for path in folder.iterdir():
        name = path.name
        try:
            if not path.is_file() or path.stat().st_mtime > cutoff:
                continue
        except OSError:
            continue
        if name.startswith(".") and name.endswith(".part") and _STORAGE_NAME.fullmatch(name[1:-5]):
            _remove(path)
            removed += 1
        elif _STORAGE_NAME.fullmatch(name):
            candidates[name] = path
    names = list(candidates)
    known: set[str] = set()
    for start in range(0, len(names), 500):
        known.update(
            db.session.scalars(
                select(Attachment.storage_name).where(
                    Attachment.storage_name.in_(names[start:start + 500])
                )
            )
        )
    for name in names:
        if name not in known:
            _remove(candidates[name])
            removed += 1
    return removed


def delete(storage_names: list[str]) -> None:
    """Remove stored files (after a failed commit, or after their records were deleted)."""
    for name in storage_names:
        path = path_for(name)
        if path is not None:
            _remove(path)

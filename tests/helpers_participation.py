"""Helpers for the participation tests (comments, forum cards, written statements): pages as
text, signed-in clients, comments and events stored through the services, small files of
each type an attachment may have."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from consult.accounts.models import Organisation, User
from consult.comments import services as comment_services
from consult.extensions import db
from consult.forum import services as forum_services
from consult.models import utcnow
from consult.participation.models import Contribution
from consult.plans.models import Process, Section, SectionVersion, Version

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120


def page(response) -> str:
    return response.get_data(as_text=True)


def client_for(app, user):
    """A test client signed in as `user` (none for None)."""
    client = app.test_client()
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    return client


# --- comments ---------------------------------------------------------------------------------


def node_of(key: str = "g1", number: int = 2, slug: str = "lip"):
    """(process, version, section in that version)."""
    process = db.session.scalar(select(Process).where(Process.slug == slug))
    version = db.session.scalar(
        select(Version).where(Version.process_id == process.id, Version.number == number)
    )
    node = db.session.scalar(
        select(SectionVersion).join(Section).where(
            SectionVersion.version_id == version.id, Section.key == key
        )
    )
    return process, version, node


def add_comment(app, author, body="Ein Kommentar zum Ziel.", *, parent_id=None, key="g1",
                number=2, organisation_id=None, ago_minutes=None, language=None):
    """Store a comment through the service, as the form would; returns its id."""
    with app.test_request_context():
        process, version, node = node_of(key, number)
        comment, _created = comment_services.post_comment(
            process=process, version=version, node=node,
            author=db.session.get(User, author.id), body=body, today=date.today(),
            parent=db.session.get(Contribution, parent_id) if parent_id else None,
            organisation=db.session.get(Organisation, organisation_id) if organisation_id else None,
            language=language,
        )
        if ago_minutes is not None:
            comment.created_at = utcnow() - timedelta(minutes=ago_minutes)
        db.session.commit()
        return comment.id


# --- forum events -----------------------------------------------------------------------------


def create_event(
    app,
    *,
    tables,
    slug: str = "lip",
    name: str = "Integrationsforum",
    starts_at: datetime | None = None,
    accepts_phone_feedback: bool = True,
    place: str = "",
) -> dict:
    """An event of a process with its tables: {"id", "code", "slug", "tables": {number:
    {"id", "code"}}}. `tables` holds (number, name, section keys) per table."""
    with app.test_request_context():
        process = db.session.scalar(select(Process).where(Process.slug == slug))
        event = forum_services.create_event(
            process, name=name, starts_at=starts_at or datetime.now(UTC),
            place=place, language="de", accepts_phone_feedback=accepts_phone_feedback,
        )
        result = {"id": event.id, "code": event.code, "slug": slug, "tables": {}}
        for number, table_name, keys in tables:
            sections = db.session.scalars(
                select(Section).where(Section.process_id == process.id, Section.key.in_(keys))
            ).all()
            table = forum_services.save_table(
                event, number=number, name=table_name, sections=sections
            )
            result["tables"][number] = {"id": table.id, "code": table.code}
        db.session.commit()
        return result


# --- files ------------------------------------------------------------------------------------


def docx_bytes(text: str = "Stellungnahme") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buffer.getvalue()

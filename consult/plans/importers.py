"""Reading a plan from Markdown or Word: headings become sections, text under them their body.

`parse_upload(data, filename)` checks the file type by content and returns a `ParseResult`:
the sections in document order, each with its depth, parent, computed number and Markdown
body, plus warnings and errors to show before anything is saved. Uploads wait between the
preview and the save in the upload folder (`store_upload` / `load_upload`), under a random
token, and are parsed again when saved. Word documents are read in consult.plans.import_docx.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from consult import uploads_temp
from consult.errors import ValidationFailed
from consult.plans.models import SectionKind

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A .docx is a zip; refuse archives that would unpack to more than this.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_SECTIONS = 2000
MAX_DEPTH = 9
MAX_TITLE = 300
MAX_BODY = 100_000

NUMBERED_TITLE = re.compile(r"^\s*(\d{1,4}(?:\.\d{1,4})*)\.?\s+(\S.*)$")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportFailed(ValidationFailed):
    """The file cannot be read as a plan; the message says why."""


@dataclass
class ParsedSection:
    index: int
    level: int
    depth: int
    title: str
    body: str
    parent: int | None
    position: int
    number: str
    source_number: str = ""
    line: int = 0

    @property
    def kind(self) -> str:
        return guess_kind(self.depth)


@dataclass
class ParseResult:
    format: str
    sections: list[ParsedSection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.sections)


def guess_kind(depth: int) -> str:
    if depth == 0:
        return SectionKind.FIELD_OF_ACTION.value
    if depth == 1:
        return SectionKind.GOAL.value
    return SectionKind.MEASURE.value


def split_number(title: str) -> tuple[str, str]:
    """"3.2.1. Title" → ("3.2.1", "Title"); a title without a number → ("", title)."""
    title = " ".join(title.split())
    match = NUMBERED_TITLE.match(title)
    if match:
        return match.group(1), match.group(2).strip()
    return "", title


# --- file type ----------------------------------------------------------------


def detect_format(data: bytes, filename: str = "") -> str:
    """"docx" or "md", decided by content; raises ImportFailed with a readable reason."""
    name = (filename or "").lower()
    if not data:
        raise ImportFailed(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFailed(
            _("The file is larger than %(size)s MB.", size=MAX_UPLOAD_BYTES // (1024 * 1024))
        )
    if data.startswith(OLE_MAGIC):
        raise ImportFailed(
            _("This is an old Word file (.doc). Please save it as .docx and upload it again.")
        )
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
                names = {info.filename for info in infos}
                unpacked = sum(info.file_size for info in infos)
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            raise ImportFailed(_("The Word file is damaged and cannot be read.")) from error
        if "word/document.xml" not in names:
            raise ImportFailed(_("This archive is not a Word document (.docx)."))
        if unpacked > MAX_UNPACKED_BYTES or len(infos) > 2000:
            raise ImportFailed(_("The Word document is too large to import."))
        return "docx"
    if name.endswith((".docx", ".docm", ".dotx")):
        raise ImportFailed(_("This file is not a valid Word document (.docx)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            _("The file is neither a Word document (.docx) nor a Markdown text in UTF-8.")
        ) from error
    if "\x00" in text:
        raise ImportFailed(
            _("The file is neither a Word document (.docx) nor a Markdown text in UTF-8.")
        )
    return "md"


def parse_upload(data: bytes, filename: str = "") -> ParseResult:
    kind = detect_format(data, filename)
    if kind == "docx":
        from consult.plans.import_docx import parse_docx

        return parse_docx(data)
    return parse_markdown(data.decode("utf-8-sig"))


# --- building the tree --------------------------------------------------------


@dataclass
class Heading:
    level: int
    title: str
    body_blocks: list[str]
    line: int


def build_result(fmt: str, headings: Sequence[Heading], preamble: str) -> ParseResult:
    result = ParseResult(format=fmt)
    if preamble.strip():
        result.warnings.append(
            _("The text before the first heading is not imported: it belongs to no section.")
        )
    if not headings:
        result.errors.append(
            _(
                "No headings found. Sections are made from headings "
                "(# in Markdown, “Heading 1”, “Heading 2”… in Word)."
            )
        )
        return result
    if len(headings) > MAX_SECTIONS:
        result.errors.append(
            _("The file has %(count)s headings; at most %(max)s can be imported.",
              count=len(headings), max=MAX_SECTIONS)
        )
        return result
    stack: list[tuple[int, int]] = []  # (heading level, section index)
    child_count: dict[int | None, int] = {}
    for index, heading in enumerate(headings):
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        depth = len(stack)
        position = child_count.get(parent, 0)
        child_count[parent] = position + 1
        prefix = f"{result.sections[parent].number}." if parent is not None else ""
        source_number, title = split_number(heading.title)
        body = "\n\n".join(b for b in heading.body_blocks if b).strip("\n")
        section = ParsedSection(
            index=index, level=heading.level, depth=depth, title=title, body=body,
            parent=parent, position=position, number=f"{prefix}{position + 1}",
            source_number=source_number, line=heading.line,
        )
        result.sections.append(section)
        stack.append((heading.level, index))
        if depth >= MAX_DEPTH:
            result.errors.append(
                _("Section %(number)s is nested too deeply (at most %(max)s levels).",
                  number=section.number, max=MAX_DEPTH)
            )
        if not title:
            result.errors.append(
                _("The heading of section %(number)s has no text.", number=section.number)
            )
        elif len(title) > MAX_TITLE:
            result.errors.append(
                _("The title of section %(number)s is longer than %(max)s characters.",
                  number=section.number, max=MAX_TITLE)
            )
        if len(body) > MAX_BODY:
            result.errors.append(
                _("The text of section %(number)s is longer than %(max)s characters.",
                  number=section.number, max=MAX_BODY)
            )
    mismatched = [s for s in result.sections if s.source_number and s.source_number != s.number]
    if mismatched:
        result.warnings.append(
            ngettext(
                "%(num)s heading carries a number that differs from its place in the tree; "
                "the numbers are computed from the order of the headings.",
                "%(num)s headings carry a number that differs from their place in the tree; "
                "the numbers are computed from the order of the headings.",
                len(mismatched),
            )
        )
    return result


# --- Markdown -----------------------------------------------------------------


def parse_markdown(text: str) -> ParseResult:
    """Top-level ATX or setext headings make sections; the lines between them their body."""
    from consult.markup import _parser

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    tokens = _parser().parse(text)
    found: list[tuple[int, str, int, int]] = []  # level, title, first line, line after
    for position, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0 or not token.map:
            continue
        inline = tokens[position + 1]
        found.append((int(token.tag[1]), _inline_text(inline), token.map[0], token.map[1]))
    headings = []
    for number, (level, title, start, end) in enumerate(found):
        stop = found[number + 1][2] if number + 1 < len(found) else len(lines)
        body = "\n".join(lines[end:stop]).strip("\n")
        headings.append(Heading(level, title, [_dedent_blank(body)], start + 1))
    preamble = "\n".join(lines[: found[0][2]]) if found else text
    return build_result("md", headings, preamble)


def _inline_text(inline) -> str:
    """The plain text of a heading: markup dropped, entities decoded."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def _dedent_blank(body: str) -> str:
    return "\n".join(line.rstrip() for line in body.split("\n")).strip("\n")


# --- matching with the latest version ---------------------------------------------


@dataclass
class Match:
    section_id: int
    old_number: str
    node: Any = None


def normalise_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", title or "").casefold().split())


def match_sections(
    sections: Sequence[ParsedSection], nodes: Iterable[Any], language: str, fallback: str
) -> list[Match | None]:
    """Which parsed sections are the same as a section of the latest version.

    A section matches when its computed number and its title (in `language`, else in
    `fallback`) equal those of a node of the latest version. Each node matches once.
    """
    by_number: dict[str, tuple[Any, str]] = {}
    for node in nodes:
        text = node.text(language) or node.text(fallback)
        if text is not None:
            by_number[node.number] = (node, normalise_title(text.title))
    used: set[int] = set()
    matches: list[Match | None] = []
    for parsed in sections:
        candidate = by_number.get(parsed.number)
        if (
            candidate is not None
            and candidate[1] == normalise_title(parsed.title)
            and candidate[0].section_id not in used
        ):
            used.add(candidate[0].section_id)
            matches.append(Match(candidate[0].section_id, candidate[0].number, candidate[0]))
        else:
            matches.append(None)
    return matches


# --- keeping an upload between preview and save ---------------------------------


def _imports_dir(upload_folder: str | Path) -> Path:
    return Path(upload_folder) / "imports"


def safe_filename(name: str) -> str:
    """A shown name: path parts dropped, controls removed, length bounded."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    return name.strip()[:120] or "upload"


def store_upload(upload_folder: str | Path, data: bytes, meta: dict[str, Any]) -> str:
    """Keep an uploaded file under a random token; returns the token. Raises OSError."""
    return uploads_temp.store(_imports_dir(upload_folder), meta, data)


def load_upload(upload_folder: str | Path, token: str) -> tuple[bytes, dict[str, Any]] | None:
    kept = uploads_temp.load(_imports_dir(upload_folder), token, with_data=True)
    if kept is None:
        return None
    meta, data = kept
    return data, meta


def discard_upload(upload_folder: str | Path, token: str) -> None:
    uploads_temp.discard(_imports_dir(upload_folder), token)

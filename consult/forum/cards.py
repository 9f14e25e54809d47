"""Reading many forum cards at once: lines typed into a text box, or a CSV file.

Both end as `ParsedRow`s: the values read, the card to store (when the row is valid) and what
is wrong with it. Tables and sections are looked up in dictionaries built once per request
(`Lookups`), so checking 500 rows costs no more queries than checking 5.

CSV files are kept on the server between the preview and the save, under a random token;
the save reads the stored file again and never trusts anything sent back by the browser.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from consult import uploads_temp
from consult.forum.services import MAX_CARD_TEXT, CardInput
from consult.participation.models import Event, EventTable
from consult.plans.models import SectionVersion

MAX_LINES = 2000
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 5000

# "3: text" names table 3; "3.2.1 | text" names section 3.2.1; "3: 3.2.1 | text" both.
_LINE = re.compile(r"^\s*(?:(?P<table>\d{1,5})\s*:\s+)?(?:(?P<section>\d{1,4}(?:\.\d{1,4})*)\.?\s*\|\s*)?(?P<text>.*)$")

# Column names the CSV header may use (English or German), lower-case.
COLUMN_NAMES = {
    "table": {"table", "tisch", "table number", "tischnummer", "workshop"},
    "section": {"section", "abschnitt", "section number", "abschnittsnummer"},
    "language": {"language", "sprache", "lang"},
    "text": {"text", "card", "karte", "feedback", "rückmeldung"},
}


@dataclass
class Lookups:
    """Tables, sections and languages of one event and version, for checking rows."""

    tables: dict[int, EventTable]
    nodes: dict[str, SectionVersion]
    by_section: dict[int, SectionVersion]
    languages: dict[str, str]
    original_language: str

    def first_section(self, table: EventTable | None) -> int | None:
        """The table's first section in document order (of the version discussed)."""
        if table is None or not table.sections:
            return None
        ids = [s.id for s in table.sections]
        placed = sorted((self.by_section[i].order_key, i) for i in ids if i in self.by_section)
        return placed[0][1] if placed else min(ids)

    def node_by_section(self, section_id: int | None) -> SectionVersion | None:
        return self.by_section.get(section_id) if section_id is not None else None

    def section_title(self, node: SectionVersion) -> str:
        text = node.text(self.original_language) or (node.texts[0] if node.texts else None)
        return text.title if text else node.section.key


def build_lookups(
    event: Event, nodes: list[SectionVersion], languages: list[str], original_language: str
) -> Lookups:
    """No queries: the event's tables (with sections) and the nodes are loaded already."""
    return Lookups(
        tables={t.number: t for t in event.tables},
        nodes={n.number: n for n in nodes},
        by_section={n.section_id: n for n in nodes},
        languages={code.lower(): code for code in languages},
        original_language=original_language,
    )


@dataclass
class ParsedRow:
    line: int
    text: str
    table_value: str = ""
    section_value: str = ""
    language_value: str = ""
    table: EventTable | None = None
    node: SectionVersion | None = None
    section_id: int | None = None
    language: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def card(self) -> CardInput:
        return CardInput(
            text=self.text, table=self.table, section_id=self.section_id, language=self.language
        )


def _resolve(
    row: ParsedRow,
    lookups: Lookups,
    *,
    default_table: EventTable | None = None,
    default_section: int | None = None,
    default_language: str | None = None,
) -> ParsedRow:
    """Look up the row's table, section and language; note what is wrong."""
    row.text = row.text.strip()
    table = default_table
    if row.table_value:
        try:
            table = lookups.tables.get(int(row.table_value))
        except ValueError:
            table = None
        if table is None:
            row.errors.append(_("Unknown table “%(table)s”.", table=row.table_value))
    row.table = table

    if row.section_value:
        number = row.section_value.rstrip(".")
        node = lookups.nodes.get(number)
        if node is None:
            row.errors.append(_("Unknown section “%(section)s”.", section=row.section_value))
        else:
            row.node = node
            row.section_id = node.section_id
    elif row.table_value:
        # A row that names a table gets that table's first section.
        row.section_id = lookups.first_section(table)
    else:
        row.section_id = default_section if default_section else lookups.first_section(table)
    if row.section_id is not None and row.node is None:
        row.node = lookups.node_by_section(row.section_id)

    if row.language_value:
        code = lookups.languages.get(row.language_value.strip().lower())
        if code is None:
            row.errors.append(_("Unknown language “%(language)s”.", language=row.language_value))
        row.language = code
    else:
        row.language = default_language or None

    if not row.text:
        row.errors.append(_("The text is empty."))
    elif len(row.text) > MAX_CARD_TEXT:
        row.errors.append(
            _(
                "The text is too long: %(length)s characters, at most %(max)s.",
                length=len(row.text), max=MAX_CARD_TEXT,
            )
        )
    return row


# --- lines typed into a text box --------------------------------------------------------------


def parse_lines(
    text: str,
    lookups: Lookups,
    *,
    table: EventTable | None,
    section: int | None,
    language: str | None,
) -> list[ParsedRow]:
    """One card per non-empty line, for the chosen table, section and language."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:  # the pattern matches every line
            continue
        row = ParsedRow(
            line=number,
            text=match["text"],
            table_value=match["table"] or "",
            section_value=match["section"] or "",
        )
        rows.append(
            _resolve(
                row, lookups, default_table=table, default_section=section,
                default_language=language,
            )
        )
    return rows


# --- CSV files --------------------------------------------------------------------------------


class CsvError(Exception):
    """The file as a whole cannot be read (the message is shown to the person)."""


def decode_csv(data: bytes) -> str:
    if len(data) > MAX_CSV_BYTES:
        raise CsvError(_("The file is too large: at most 5 MB."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvError(
            _("The file is not UTF-8 text. Please save it as “CSV UTF-8” and upload it again.")
        ) from error


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        name = name.strip().lower()
        for column, names in COLUMN_NAMES.items():
            if name in names and column not in columns:
                columns[column] = index
    if "text" not in columns:
        raise CsvError(
            _(
                "The first row must name the columns: table, section, language, text "
                "(a column “text” is required)."
            )
        )
    return columns


def parse_csv(text: str, lookups: Lookups) -> list[ParsedRow]:
    """Every data row of the file, checked. Raises CsvError when the file cannot be read."""
    if "\x00" in text:
        raise CsvError(_("The file is not a CSV text file."))
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise CsvError(_("The file is empty."))
        columns = _columns(header)
        rows = []
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_CSV_ROWS:
                raise CsvError(
                    _("The file has more than %(max)s rows. Please split it.", max=MAX_CSV_ROWS)
                )

            def cell(name: str, record=record) -> str:
                index = columns.get(name)
                if index is None or index >= len(record):
                    return ""
                return record[index].strip() if name != "text" else record[index]

            row = ParsedRow(
                line=number,
                text=cell("text"),
                table_value=cell("table"),
                section_value=cell("section"),
                language_value=cell("language"),
            )
            rows.append(_resolve(row, lookups))
    except csv.Error as error:
        raise CsvError(
            _("The file could not be read as CSV (line %(line)s).", line=reader.line_num)
        ) from error
    if not rows:
        raise CsvError(_("The file has no cards below its first row."))
    return rows


def check_csv(data: bytes) -> str:
    """Decode and check that the file can be read at all; returns its text."""
    text = decode_csv(data)
    if "\x00" in text:
        raise CsvError(_("The file is not a CSV text file."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise CsvError(_("The file could not be read as CSV (line %(line)s).", line=1)) from error
    if not header or not any(cell.strip() for cell in header):
        raise CsvError(_("The file is empty."))
    _columns(header)
    return text


# --- keeping an upload between preview and save ------------------------------------------------


def _folder(upload_folder: str | Path) -> Path:
    return Path(upload_folder) / "forum-csv"


def store_csv(upload_folder: str | Path, text: str, meta: dict[str, Any]) -> str:
    """Keep a checked CSV text under a random token; returns the token. Raises OSError."""
    return uploads_temp.store(_folder(upload_folder), {**meta, "text": text})


def load_csv(upload_folder: str | Path, token: str) -> dict[str, Any] | None:
    kept = uploads_temp.load(_folder(upload_folder), token)
    if kept is None or not isinstance(kept[0].get("text"), str):
        return None
    return kept[0]


def discard_csv(upload_folder: str | Path, token: str) -> None:
    uploads_temp.discard(_folder(upload_folder), token)

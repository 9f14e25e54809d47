"""Writing exports: the pieces every format shares, the two table formats (CSV, XLSX), and
handing a finished file to the browser.

Every writer takes an iterator of rows and never holds more than one chunk of them: CSV is
generated row by row while the response streams; XLSX, PDF and DOCX are built into a
temporary file (spooled to disk once it grows) that is then streamed in pieces and deleted.

Text that a person typed is data in every format, never code: a cell that starts like a
formula (= + - @, a tab or a carriage return) gets a leading apostrophe in CSV and is stored
as a plain string in XLSX; characters XML cannot carry are dropped.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import IO, Any

from flask import Response, stream_with_context
from flask_babel import format_date, get_locale, get_timezone, to_user_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.audit.models import register_messages
from consult.audit.services import record
from consult.i18n import language_name_in, text_direction

FORMATS = ("csv", "xlsx", "pdf", "docx")
TABLE_FORMATS = ("csv", "xlsx")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Bytes handed to the server at a time when a finished file is streamed.
STREAM_CHUNK = 64 * 1024
# Files up to this size stay in memory while they are built, larger ones go to disk.
SPOOL_BYTES = 8 * 1024 * 1024
# The most characters a spreadsheet cell holds (Excel's limit).
CELL_MAX = 32_767
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Moments remembered per export in their local form (see `Lookups.local`).
MOMENTS = 20_000

register_messages(
    {
        "exports.disposition": _l(
            "Downloaded the internal disposition table as %(format)s. Filter: %(filter)s"
        ),
        "exports.contributions": _l("Downloaded all contributions as %(format)s."),
        "exports.suggestions": _l("Downloaded all suggestions as %(format)s."),
    }
)

# --------------------------------------------------------------------- text

# Characters XML 1.0 cannot carry (and so neither XLSX nor DOCX), plus lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(value: Any) -> str:
    """A value as text that every format can carry: NFC, no control characters but line
    breaks and tabs, Windows line ends made plain."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _NOT_XML.sub("", text.replace("\r\n", "\n"))


def neutralised(text: str) -> str:
    """A cell text that a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def local(moment: datetime | None, zone: tzinfo | None = None) -> datetime | None:
    """A stored UTC moment in the site's time zone (or `zone`, which is that zone looked up
    once), without zone (what spreadsheets take)."""
    if moment is None:
        return None
    if zone is None:
        return to_user_timezone(moment).replace(tzinfo=None, microsecond=0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)


class Lookups:
    """What every row of an export looks up again and again, looked up once per export in
    the reader's language: titles of statuses, outcomes and channels, names of languages,
    dates as text, and the site's time zone. Valid for one request."""

    def __init__(self, ui: str) -> None:
        self.ui = ui
        self.zone = get_timezone()
        self._titles: dict[Any, str] = {}
        self._languages: dict[str, str] = {}
        self._dates: dict[tuple[date, str], str] = {}
        self._texts: dict[Any, str] = {}
        # Many rows share moments (decisions published together): converted once.
        self._moments: dict[datetime, datetime] = {}
        self._moment_texts: dict[datetime, str] = {}
        self.yes, self.no = _("Yes"), _("No")

    def title(self, value: Any) -> str:
        """The title of an enum value (anything with `.title`); "" for None."""
        if value is None:
            return ""
        # Keyed by the type too: values of different enums may be equal strings ("forum").
        key = (value.__class__, value)
        title = self._titles.get(key)
        if title is None:
            title = self._titles[key] = str(value.title)
        return title

    def once(self, key: Any, make: Callable[[], str]) -> str:
        """`make()` (a translated text), called once per key and export."""
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = make()
        return text

    def language(self, code: str | None) -> str:
        if not code:
            return ""
        name = self._languages.get(code)
        if name is None:
            name = self._languages[code] = language_name_in(code, self.ui)
        return name

    def local(self, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        found = self._moments.get(moment)
        if found is None:
            if len(self._moments) >= MOMENTS:
                self._moments.clear()
            found = self._moments[moment] = local(moment, self.zone)
        return found

    def local_text(self, moment: datetime) -> str:
        """A moment in the site's time zone as "2026-03-01 14:05:00" (CSV)."""
        found = self._moment_texts.get(moment)
        if found is None:
            if len(self._moment_texts) >= MOMENTS:
                self._moment_texts.clear()
            found = self._moment_texts[moment] = self.local(moment).isoformat(sep=" ")
        return found

    def date(self, moment: datetime | None, style: str = "medium") -> str:
        """The day of a moment in the site's time zone, as the reader writes dates."""
        if moment is None:
            return ""
        key = (self.local(moment).date(), style)
        text = self._dates.get(key)
        if text is None:
            text = self._dates[key] = format_date(key[0], style)
        return text


def today() -> date:
    """Today in the site's time zone."""
    from consult.models import utcnow

    return to_user_timezone(utcnow()).date()


# --------------------------------------------------------------------- what a file says


@dataclass
class Heading:
    """What an export says about itself: whose, what, which variant, when, which filter."""

    process_title: str
    title: str
    variant: str
    date: date
    filters: list[tuple[str, str]] = field(default_factory=list)
    count: int | None = None
    # Whether the export can be narrowed by a filter (the filter line is shown).
    filtered: bool = True
    language: str = "de"

    @property
    def date_text(self) -> str:
        return format_date(self.date, "long")

    @property
    def rtl(self) -> bool:
        return text_direction(self.language) == "rtl"

    @property
    def filter_text(self) -> str:
        if not self.filters:
            return _("none (every suggestion)")
        return "; ".join(f"{label}: {value}" for label, value in self.filters)

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs for an "About" sheet."""
        return [
            (_("Process"), self.process_title),
            (_("Export"), self.title),
            (_("Variant"), self.variant),
            *self.details(),
        ]

    def details(self) -> list[tuple[str, str]]:
        """What a title block shows under the title: date, filter, number of rows."""
        lines = [(_("Date of the export"), self.date_text)]
        if self.filtered:
            lines.append((_("Filter"), self.filter_text))
        if self.count is not None:
            lines.append((_("Rows"), str(self.count)))
        return lines


def ui_language() -> str:
    return str(get_locale() or "de").replace("_", "-")


@dataclass
class Column:
    """One column of a table export: its heading, how to get the value, its width in
    characters (XLSX)."""

    title: str
    value: Callable[[Any], Any]
    width: int = 18


def file_name(slug: str, what: str, variant: str | None, day: date, fmt: str) -> str:
    parts = [slug, what] + ([variant] if variant else []) + [day.isoformat()]
    return "-".join(parts) + "." + fmt


# --------------------------------------------------------------------- CSV


def _csv_value(value: Any, lookups: Lookups) -> Any:
    if value.__class__ is str:  # most cells: tested first
        return neutralised(clean(value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return lookups.yes if value else lookups.no
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return lookups.local_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return neutralised(clean(value))


def csv_lines(columns: list[Column], items: Callable[[], Iterable[Any]],
              batch: int = 500, lookups: Lookups | None = None) -> Iterator[bytes]:
    """UTF-8 CSV with a byte order mark (so Excel reads the encoding right) and a header
    row, produced a batch of rows at a time.

    `items` is called when the first line is asked for: while the response streams, the
    database session of the view is gone, so the rows must be loaded afresh then."""
    lookups = lookups or Lookups(ui_language())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([_csv_value(c.title, lookups) for c in columns])
    getters = [c.value for c in columns]
    pending = []
    for item in items():
        pending.append([_csv_value(get(item), lookups) for get in getters])
        if len(pending) >= batch:
            writer.writerows(pending)
            pending.clear()
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate(0)
    writer.writerows(pending)
    yield buffer.getvalue().encode("utf-8")


# --------------------------------------------------------------------- XLSX

_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str) -> str:
    return _SHEET_TITLE.sub(" ", clean(title)).strip()[:31] or "Sheet"


def _xlsx_cells(sheet, lookups: Lookups) -> Callable[[Any], Any]:
    """A function giving what a row of the write-only `sheet` takes for a value: the plain
    value where openpyxl stores it as it is (the cheap way), a styled cell where it needs
    more."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    def cell_for(value: Any) -> Any:
        if value.__class__ is not str:
            if value is None or value.__class__ is int or value.__class__ is float:
                return value
            if isinstance(value, bool):
                value = lookups.yes if value else lookups.no
            elif isinstance(value, datetime):
                cell = WriteOnlyCell(sheet, value=lookups.local(value))
                cell.number_format = "yyyy-mm-dd hh:mm"
                return cell
            elif isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                return cell
            elif isinstance(value, int | float):
                return value
        text = clean(value)
        if len(text) > CELL_MAX:
            text = text[: CELL_MAX - 1] + "…"
        formula_like = text.startswith(FORMULA_START)
        if not formula_like and text not in ERROR_CODES:
            return text  # openpyxl stores it as a string
        # Text that looks like a formula or an error ("#N/A") is a string all the same.
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        if formula_like:
            cell.quotePrefix = True
        return cell

    return cell_for


def write_xlsx(out: IO[bytes], title: str, columns: list[Column], items: Iterable[Any],
               heading: Heading, lookups: Lookups | None = None) -> int:
    """A write-only workbook (rows go to disk as they come): one sheet with a bold, frozen
    header row, an autofilter and column widths, and a sheet "About" saying what it is.
    Returns the number of rows written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(title))
    sheet.freeze_panes = "A2"
    if heading.rtl:
        sheet.sheet_view.rightToLeft = True
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=clean(column.title))
        cell.data_type = "s"
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    lookups = lookups or Lookups(ui_language())
    cell_for = _xlsx_cells(sheet, lookups)
    getters = [column.value for column in columns]
    count = 0
    for item in items:
        sheet.append([cell_for(get(item)) for get in getters])
        count += 1
    last = get_column_letter(max(1, len(columns)))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"

    about = book.create_sheet(sheet_title(_("About")))
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 80
    if heading.rtl:
        about.sheet_view.rightToLeft = True
    for label, value in heading.lines():
        first = WriteOnlyCell(about, value=clean(label))
        first.data_type = "s"
        first.font = bold
        about.append([first, _xlsx_cells(about, lookups)(value)])
    book.save(out)
    return count


# --------------------------------------------------------------------- responses


def spooled() -> IO[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")


def _read_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    try:
        while True:
            data = handle.read(STREAM_CHUNK)
            if not data:
                break
            yield data
    finally:
        handle.close()


def _headers(name: str, private: bool) -> dict[str, str]:
    from urllib.parse import quote

    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    headers = {
        "Content-Disposition": (
            f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(name)}'
        ),
        "X-Content-Type-Options": "nosniff",
    }
    if private:
        headers["Cache-Control"] = "no-store"
    return headers


def file_response(handle: IO[bytes], fmt: str, name: str, *, private: bool) -> Response:
    """Stream a finished temporary file in pieces; it is closed (and so deleted) at the end,
    also when the download is broken off."""
    size = handle.tell()
    handle.seek(0)
    response = Response(_read_chunks(handle), mimetype=MIMETYPES[fmt],
                        headers=_headers(name, private), direct_passthrough=True)
    response.content_length = size
    response.call_on_close(handle.close)
    return response


def csv_response(lines: Iterator[bytes], name: str, *, private: bool) -> Response:
    """Stream CSV as it is generated, with the request (and its database session) kept
    open until the last row is out."""
    return Response(stream_with_context(lines), mimetype=MIMETYPES["csv"],
                    headers=_headers(name, private))

@dataclass
class Prepared:
    """An export ready to be sent: a finished file, or CSV lines still to be generated."""

    fmt: str
    name: str
    handle: IO[bytes] | None = None
    lines: Iterator[bytes] | None = None
    about: Heading | None = None

    def response(self, *, private: bool) -> Response:
        if self.lines is not None:
            return csv_response(self.lines, self.name, private=private)
        return file_response(self.handle, self.fmt, self.name, private=private)

    def discard(self) -> None:
        if self.handle is not None:
            self.handle.close()



def record_download(actor, process, *, export: str, fmt: str, filters: dict | None = None,
                    filter_text: str = "") -> None:
    """The audit record of a download of personal data. Flushes, never commits."""
    from consult.extensions import db

    params: dict[str, Any] = {"format": fmt.upper(), "variant": "internal"}
    if filters is not None:
        params["filters"] = filters
        params["filter"] = filter_text
    record(actor, f"exports.{export}", process, params=params)
    db.session.flush()

"""The disposition table as a PDF in the synopsis layout "section | suggestion | answer".

A4 landscape, page numbers ("Page 3 of 412"), the column headings repeated on every page,
Noto Sans embedded with Noto Sans Arabic as the fallback for Arabic script, Arabic and
Persian shaped with HarfBuzz and laid out right to left. Rows longer than a page continue
on the next one.

fpdf2 holds the pages, the fonts and their subsets and writes the file; the text is set by
`export_pdf_text` (fpdf2's general text layout costs milliseconds a line, too much for tens
of thousands of rows) and written to the page as finished operators, one text object per
cell. The page numbers are written when the number of pages is known, after the last row.

fpdf2 keeps the document in memory until it is written out. So that this is the size of
the finished file, not several times it, each page's content is compressed as soon as the
page is full; what is written on it later (its page number) is compressed at the end and
joined to it (`_Producer`). Rows come from an iterator and are not kept.
"""

from __future__ import annotations

import logging
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.output import OutputProducer
from fpdf.syntax import Name

from consult.accountability.export_disposition import Para
from consult.accountability.export_pdf_text import TextSetter
from consult.accountability.exports import Heading, clean

# Font subsetting logs every glyph it keeps at INFO: not for the application's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).parent / "fonts"
MAIN = "NotoSans"
FALLBACK = "NotoSansArabic"
FONT_FILES = {
    (MAIN, ""): "NotoSans-Regular.ttf",
    (MAIN, "B"): "NotoSans-Bold.ttf",
    (FALLBACK, ""): "NotoSansArabic-Regular.ttf",
    (FALLBACK, "B"): "NotoSansArabic-Bold.ttf",
}
MARGIN = 12.0
BODY = 8.5  # pt
LINE = 4.0  # mm
GAP = 1.2  # mm between paragraphs of a cell
PAD = 1.6  # mm inside a cell
COLUMN_SHARES = (0.2, 0.4, 0.4)
MUTED = (80, 80, 80)
BLACK = (0, 0, 0)
HEAD_FILL = (228, 228, 228)
RULE = (150, 150, 150)


class _Line(NamedTuple):
    ops: str  # text operators from the line's start on the baseline; "" for an empty line
    width: float  # mm
    size: float  # pt
    color: tuple[int, int, int]
    rtl: bool  # right-aligned
    height: float  # mm


def _direction(text: str, default_rtl: bool) -> bool:
    """True when the first strong character is right-to-left (like HTML's dir="auto")."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return default_rtl


def _rgb(color: tuple[int, int, int]) -> str:
    return " ".join(f"{c / 255:.3f}" for c in color)


class SynopsisPDF(FPDF):
    def __init__(self, heading: Heading, titles: Sequence[str]) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.heading = heading
        self.rtl = heading.rtl
        self.titles = list(titles)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.c_margin = 0
        for (family, style), name in FONT_FILES.items():
            self.add_font(family, style, str(FONT_DIR / name))
        # The page numbers are written at the end (see `number_pages`), not substituted.
        self.alias_nb_pages(None)
        self.set_title(clean(f"{heading.process_title} – {heading.title}"))
        self.set_lang(heading.language)
        self.set_creator("consult")
        self.setter = TextSetter(self, MAIN, FALLBACK)
        self.in_table = False
        self.limit = self.h - MARGIN - 4
        # Where rows start on a page after the first (below the repeated heading row).
        self.table_top = MARGIN + 8
        width = self.w - 2 * MARGIN
        widths = [width * share for share in COLUMN_SHARES]
        lefts, x = [], MARGIN
        for w in widths:
            lefts.append(x)
            x += w
        if heading.rtl:  # the first column on the right
            lefts = [self.w - left - w for left, w in zip(lefts, widths, strict=True)]
        self.columns = list(zip(lefts, widths, strict=True))
        self._furniture: str | None = None
        # page number -> (its content so far as raw deflate data, Adler-32 of that content)
        self.sealed: dict[int, tuple[bytes, int]] = {}

    def add_page(self, *args, **kwargs) -> None:
        self.seal_page()
        super().add_page(*args, **kwargs)

    def seal_page(self) -> None:
        """Compress what the current page holds now and free it."""
        if not self.page:
            return
        page = self.pages[self.page]
        data = page.contents
        if not data:
            return
        body, checksum = self.sealed.get(self.page, (b"", 1))
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        body += compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
        self.sealed[self.page] = (body, zlib.adler32(data, checksum))
        page.contents = bytearray()

    # ------------------------------------------------------------------ text

    def lines(self, paras: Iterable[Para], width: float, size: float = BODY,
              line: float = LINE) -> list[_Line]:
        result: list[_Line] = []
        to_mm = size / 1000 / self.k
        for number, para in enumerate(paras):
            if number:
                result.append(_Line("", 0.0, size, BLACK, False, GAP))
            text = f"{para.label}: {para.text}" if para.label else para.text
            text = self.setter.prepare(clean(text))
            bold = para.style == "strong"
            color = MUTED if para.style == "muted" else BLACK
            # Text a person wrote runs in its own direction (like dir="auto"); labels, titles
            # and everything else in the reader's.
            rtl = _direction(text, self.rtl) if para.language and not para.label else self.rtl
            for item in self.setter.paragraph(text, bold=bold, size=size, width=width, rtl=rtl):
                result.append(_Line(item.ops, item.units * to_mm, size, color, rtl, line))
        return result

    def text_block(self, placed: Iterable[tuple[_Line, float, float, float]]) -> str:
        """Operators drawing lines, each at (x, y, width of its box), as one text object."""
        out = ["q BT"]
        color = None
        k, h = self.k, self.h
        for item, x, y, width in placed:
            if not item.ops:
                continue
            if item.color != color:
                color = item.color
                out.append(f"{_rgb(color)} rg")
            left = x + (width - item.width if item.rtl else 0.0)
            baseline = y + 0.5 * item.height + 0.3 * item.size / k
            out.append(f"1 0 0 1 {left * k:.2f} {(h - baseline) * k:.2f} Tm {item.ops}")
        if len(out) == 1:
            return ""
        out.append("ET Q")
        return "\n".join(out)

    def put(self, operators: str) -> None:
        if operators:
            self.setter.use_fonts(self.page)
            self._out(operators.encode("latin-1"))

    def box(self, x: float, y: float, w: float, h: float, fill: bool = False) -> str:
        k = self.k
        rect = f"{x * k:.2f} {(self.h - y) * k:.2f} {w * k:.2f} {-h * k:.2f} re"
        if fill:
            return f"q {_rgb(HEAD_FILL)} rg {_rgb(RULE)} RG {rect} B Q"
        return f"{rect} S"

    # ------------------------------------------------------------------ page furniture

    def header(self) -> None:
        if not self.in_table:
            return
        if self._furniture is None:  # the same on every page: laid out once
            running = (f"{self.heading.process_title} · {self.heading.title} · "
                       f"{self.heading.variant}")
            width = self.w - 2 * MARGIN
            placed, y = [], MARGIN - 6
            for item in self.lines([Para(running, "muted")], width, 7, 3.5):
                placed.append((item, MARGIN, y, width))
                y += item.height
            self._furniture = "\n".join(
                part for part in (self.text_block(placed), self._table_head()) if part)
        self.put(self._furniture)
        self.set_y(self.table_top)

    def _table_head(self) -> str:
        cells = [self.lines([Para(t, "strong")], w - 2 * PAD) for t, (_x, w) in
                 zip(self.titles, self.columns, strict=True)]
        height = max(sum(i.height for i in c) for c in cells) + 2 * PAD
        self.table_top = MARGIN + height
        top = MARGIN
        parts = [f"q {_rgb(RULE)} RG"]
        placed = []
        for (x, w), items in zip(self.columns, cells, strict=True):
            parts.append(self.box(x, top, w, height, fill=True))
            y = top + PAD
            for item in items:
                placed.append((item, x + PAD, y, w - 2 * PAD))
                y += item.height
        parts.append("Q")
        parts.append(self.text_block(placed))
        return "\n".join(parts)

    def footer(self) -> None:
        """Nothing while the pages are written: see `number_pages`."""

    def number_pages(self) -> None:
        """"Page n of N" at the foot of every page, once N is known."""
        last = self.page
        total = last
        for number in range(1, total + 1):
            self.page = number
            text = _("Page %(page)s of %(pages)s", page=number, pages=total)
            items = self.lines([Para(text, "muted")], self.w - 2 * MARGIN, 7, 4)
            placed = [(item, (self.w - item.width) / 2, self.h - MARGIN + 2, item.width)
                      for item in items[:1]]
            self.put(self.text_block(placed))
        self.page = last

    def title_block(self) -> None:
        width = self.w - 2 * MARGIN
        blocks = [
            ([Para(self.heading.process_title, "strong")], 14, 6.5),
            ([Para(f"{self.heading.title} – {self.heading.variant}", "strong")], 11, 5.5),
            ([Para(value, "text", label=label) for label, value in self.heading.details()],
             9, 4.4),
        ]
        y = MARGIN
        placed = []
        for paras, size, line in blocks:
            for item in self.lines(paras, width, size, line):
                placed.append((item, MARGIN, y, width))
                y += item.height
            y += 2
        self.put(self.text_block(placed))
        self.set_y(y)

    def table_head(self) -> None:
        """The heading row on the first page, below the title block."""
        self.in_table = True
        self._furniture = None
        head = self._table_head()
        shift = self.y - MARGIN
        self.put(self._shifted(head, shift))
        self.set_y(self.table_top + shift)

    def _shifted(self, operators: str, shift: float) -> str:
        """Operators moved down by `shift` mm."""
        return f"q 1 0 0 1 0 {-shift * self.k:.2f} cm\n{operators}\nQ"

    # ------------------------------------------------------------------ rows

    def row(self, cells: Sequence[Sequence[Para]]) -> None:
        columns = [self.lines(paras, w - 2 * PAD) for paras, (_x, w) in
                   zip(cells, self.columns, strict=True)]
        total = max(sum(i.height for i in c) for c in columns) + 2 * PAD
        fresh_page_room = self.limit - self.table_top
        if self.y + total > self.limit and total <= fresh_page_room:
            self.add_page()
        positions = [0] * len(columns)
        while True:
            top = self.y
            room = self.limit - top - 2 * PAD
            if room < 2 * LINE:
                self.add_page()
                continue
            used_most, ends, placed = 0.0, [], []
            for (x, w), items, start in zip(self.columns, columns, positions, strict=True):
                used, end = 0.0, start
                while end < len(items) and used + items[end].height <= room:
                    placed.append((items[end], x + PAD, top + PAD + used, w - 2 * PAD))
                    used += items[end].height
                    end += 1
                used_most = max(used_most, used)
                ends.append(end)
            height = used_most + 2 * PAD
            rules = " ".join(self.box(x, top, w, height) for x, w in self.columns)
            self.put(f"{self.text_block(placed)}\nq {_rgb(RULE)} RG {rules} Q")
            self.set_y(top + height)
            positions = ends
            if all(end >= len(items) for end, items in zip(ends, columns, strict=True)):
                return
            self.add_page()


class _Producer(OutputProducer):
    """fpdf2's file writer, joining each page's sealed content (see `seal_page`) with what
    was written on the page afterwards into one zlib stream."""

    def _add_pages(self, _slice: slice = slice(0, None)):  # noqa: B008 - as in fpdf2
        pages = super()._add_pages(_slice)
        sealed: dict[int, tuple[bytes, int]] = getattr(self.fpdf, "sealed", {})
        for page in pages:
            found = sealed.pop(page.index(), None)
            if found is None:
                continue
            body, checksum = found
            stream = page.contents
            rest = zlib.decompress(stream.content_stream()) if stream.filter else \
                stream.content_stream()
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            joined = (b"\x78\x9c" + body + compressor.compress(rest) + compressor.flush()
                      + zlib.adler32(rest, checksum).to_bytes(4, "big"))
            stream._contents = joined
            stream.filter = Name("FlateDecode")
            stream.length = len(joined)
        return pages


def write_pdf(out: IO[bytes], heading: Heading, titles: Sequence[str],
              rows: Iterable[Sequence[Sequence[Para]]]) -> None:
    pdf = SynopsisPDF(heading, titles)
    pdf.add_page()
    pdf.title_block()
    pdf.table_head()
    empty = True
    for cells in rows:
        pdf.row(cells)
        empty = False
    if empty:
        width = pdf.w - 2 * MARGIN
        placed, y = [], pdf.y + 3
        for item in pdf.lines([Para(_("No suggestions match this filter."), "muted")], width):
            placed.append((item, MARGIN, y, width))
            y += item.height
        pdf.put(pdf.text_block(placed))
    pdf.seal_page()
    pdf.number_pages()
    pdf.setter.forget()
    pdf.output(out, output_producer_class=_Producer)

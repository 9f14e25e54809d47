"""The disposition table as a PDF in the synopsis layout "section | suggestion | answer".

A4 landscape, page numbers, the column headings repeated on every page, Noto Sans embedded
with Noto Sans Arabic as the fallback for Arabic script. Text that needs it (Arabic, Persian)
is shaped with HarfBuzz and laid out right to left; everything else takes a much faster path
(own line breaking, plain text operators), so a table of tens of thousands of rows is done in
reasonable time. Rows longer than a page continue on the next one.

fpdf2 keeps the document in memory until it is written out: memory grows with the size of
the PDF (not with the number of rows loaded at once). Rows themselves come from an iterator.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, PDFResourceType

from consult.accountability.export_disposition import Para
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
REPLACEMENT = "\ufffd"
# Shaped lines up to this length are remembered (at most SNIPPETS of them) and drawn again
# from their page content.
SNIPPET_TEXT = 200
SNIPPETS = 4_000


class _Line(NamedTuple):
    text: str
    bold: bool
    size: float
    color: tuple[int, int, int]
    shaped: bool  # drawn through HarfBuzz (Arabic script)
    rtl: bool
    height: float


def _direction(text: str, default_rtl: bool) -> bool:
    """True when the first strong character is right-to-left (like HTML's dir="auto")."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return default_rtl


class SynopsisPDF(FPDF):
    def __init__(self, heading: Heading, titles: Sequence[str]) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.heading = heading
        self.titles = list(titles)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.c_margin = 0
        for (family, style), name in FONT_FILES.items():
            self.add_font(family, style, str(FONT_DIR / name))
        self.set_fallback_fonts([FALLBACK], exact_match=False)
        self._main = frozenset(self.fonts[MAIN.lower()].glyph_ids)
        self._fallback = frozenset(self.fonts[FALLBACK.lower()].glyph_ids)
        # Room for the page count in the footer: wider than four digits.
        self.alias_nb_pages("{nbpg}", align="R" if heading.rtl else "L")
        self.set_title(clean(f"{heading.process_title} – {heading.title}"))
        self.set_lang(heading.language)
        self.set_creator("consult")
        self._font_indexes = [self.fonts[key].i for key in self.fonts]
        self._snippets: dict[tuple, tuple[bytes, float, float]] = {}
        self._wrapped: dict[tuple, list[str]] = {}
        # Text colours must differ from the fill colour, so that every drawn text sets its
        # own colour (see `_draw_shaped`).
        self.set_fill_color(*HEAD_FILL)
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

    # ------------------------------------------------------------------ text

    def _prepare(self, text: str) -> tuple[str, bool]:
        """The text with characters no font has replaced, and whether it needs shaping."""
        text = clean(text).replace("\t", " ")
        if text.isascii():
            return text, False
        shaped, out = False, []
        for char in text:
            code = ord(char)
            if code in self._main or char == "\n":
                out.append(char)
            elif code in self._fallback:
                out.append(char)
                shaped = True
            elif char.isspace():
                out.append(" ")
            elif unicodedata.category(char) in ("Mn", "Cf"):
                continue
            else:
                out.append(REPLACEMENT)
        return "".join(out), shaped

    def _units(self, text: str) -> float:
        widths = self.current_font.cw
        return sum(widths[ord(c)] for c in text)

    def _wrap_plain(self, text: str, width: float) -> list[str]:
        """Greedy line breaking by the font's advance widths; words longer than a line are
        cut."""
        scale = self.font_size_pt * 0.001 / self.k
        limit = width / scale
        space = self.current_font.cw[32]
        lines: list[str] = []
        for hard in text.split("\n"):
            line, used = "", 0.0
            for word in hard.split(" "):
                size = self._units(word)
                if line and used + space + size <= limit:
                    line, used = f"{line} {word}", used + space + size
                    continue
                if line:
                    lines.append(line)
                line, used = "", 0.0
                while size > limit and len(word) > 1:
                    cut, taken = 1, self._units(word[0])
                    while cut < len(word) and taken + self._units(word[cut]) <= limit:
                        taken += self._units(word[cut])
                        cut += 1
                    lines.append(word[:cut])
                    word = word[cut:]
                    size = self._units(word)
                line, used = word, size
            lines.append(line)
        return lines

    def _wrap_shaped(self, text: str, width: float, rtl: bool) -> list[str]:
        key = (text, self.font_style, self.font_size_pt, round(width, 3), rtl)
        known = self._wrapped.get(key)
        if known is not None:
            return known
        lines = self._wrap_shaped_now(text, width, rtl)
        if len(text) <= SNIPPET_TEXT and len(self._wrapped) < SNIPPETS:
            self._wrapped[key] = lines
        return lines

    def _wrap_shaped_now(self, text: str, width: float, rtl: bool) -> list[str]:
        self.set_text_shaping(True, direction="rtl" if rtl else "ltr")
        try:
            lines: list[str] = []
            for hard in text.split("\n"):
                if not hard.strip():
                    lines.append("")
                elif self.get_string_width(hard) <= width * 0.92:
                    lines.append(hard)
                else:
                    lines.extend(self.multi_cell(width, LINE, hard, dry_run=True,
                                                 output=MethodReturnValue.LINES))
            return lines
        finally:
            self.set_text_shaping(False)

    def lines(self, paras: Iterable[Para], width: float, size: float = BODY,
              line: float = LINE) -> list[_Line]:
        result: list[_Line] = []
        for number, para in enumerate(paras):
            if number:
                result.append(_Line("", False, size, BLACK, False, False, GAP))
            text = f"{para.label}: {para.text}" if para.label else para.text
            text, shaped = self._prepare(text)
            bold = para.style == "strong"
            color = MUTED if para.style == "muted" else BLACK
            # Text a person wrote runs in its own direction (like dir="auto"); labels, titles
            # and everything else in the reader's.
            rtl = (_direction(text, self.heading.rtl) if para.language and not para.label
                   else self.heading.rtl)
            self.set_font(MAIN, "B" if bold else "", size)
            wrapped = (self._wrap_shaped(text, width, rtl) if shaped
                       else self._wrap_plain(text, width))
            result.extend(_Line(t, bold, size, color, shaped, rtl, line) for t in wrapped)
        return result

    def draw(self, item: _Line, x: float, y: float, width: float) -> None:
        if not item.text:
            return
        self.set_font(MAIN, "B" if item.bold else "", item.size)
        self.set_text_color(*item.color)
        if item.shaped:
            self._draw_shaped(item, x, y, width)
            return
        offset = 0.0
        if item.rtl:
            offset = width - self._units(item.text) * self.font_size_pt * 0.001 / self.k
        self.text(x + offset, y + 0.5 * item.height + 0.3 * self.font_size, item.text)

    def _draw_shaped(self, item: _Line, x: float, y: float, width: float) -> None:
        """Shape and draw a line; a line drawn before (the same text, style and width: labels,
        outcomes, dates) is drawn again from the page content it produced, moved into place,
        because shaping and the bidirectional algorithm cost about a millisecond a line."""
        key = (item.text, item.bold, item.size, item.color, item.rtl, round(width, 3),
               item.height)
        known = self._snippets.get(key)
        if known is not None:
            snippet, x0, y0 = known
            for index in self._font_indexes:
                self._resource_catalog.add(PDFResourceType.FONT, index, self.page)
            self._out(f"q 1 0 0 1 {(x - x0) * self.k:.2f} {(y0 - y) * self.k:.2f} cm")
            self._out(snippet)
            self._out("Q")
            return
        # The font must be selected inside the captured content, not before it.
        self.current_font_is_set_on_page = False
        contents = self.pages[self.page].contents
        start = len(contents)
        self.set_text_shaping(True, direction="rtl" if item.rtl else "ltr")
        self.set_xy(x, y)
        self.cell(width, item.height, item.text, align="R" if item.rtl else "L")
        self.set_text_shaping(False)
        # The shaped text may have switched to the fallback font: select the font again
        # before the next text.
        self.current_font_is_set_on_page = False
        if len(item.text) <= SNIPPET_TEXT and len(self._snippets) < SNIPPETS:
            self._snippets[key] = (bytes(contents[start:]).rstrip(b"\n"), x, y)

    # ------------------------------------------------------------------ page furniture

    def header(self) -> None:
        if not self.in_table:
            return
        running = f"{self.heading.process_title} · {self.heading.title} · {self.heading.variant}"
        self.set_y(MARGIN - 6)
        for item in self.lines([Para(running, "muted")], self.w - 2 * MARGIN, 7, 3.5):
            self.draw(item, MARGIN, self.y, self.w - 2 * MARGIN)
        self.set_y(MARGIN)
        self.table_head()

    def footer(self) -> None:
        text = _("Page %(page)s of %(pages)s", page=self.page_no(), pages=self.str_alias_nb_pages)
        text, shaped = self._prepare(text)
        self.set_font(MAIN, "", 7)
        self.set_text_color(*MUTED)
        self.set_y(self.h - MARGIN + 2)
        if shaped:
            self.set_text_shaping(True, direction="rtl" if self.heading.rtl else "ltr")
        self.cell(0, 4, text, align="C")
        self.set_text_shaping(False)

    def title_block(self) -> None:
        width = self.w - 2 * MARGIN
        blocks = [
            ([Para(self.heading.process_title, "strong")], 14, 6.5),
            ([Para(f"{self.heading.title} – {self.heading.variant}", "strong")], 11, 5.5),
            ([Para(value, "text", label=label) for label, value in self.heading.details()],
             9, 4.4),
        ]
        self.set_y(MARGIN)
        for paras, size, line in blocks:
            for item in self.lines(paras, width, size, line):
                self.draw(item, MARGIN, self.y, width)
                self.set_y(self.y + item.height)
            self.set_y(self.y + 2)

    def table_head(self) -> None:
        cells = [self.lines([Para(t, "strong")], w - 2 * PAD) for t, (_x, w) in
                 zip(self.titles, self.columns, strict=True)]
        height = max(sum(i.height for i in c) for c in cells) + 2 * PAD
        top = self.y
        self.set_fill_color(*HEAD_FILL)
        self.set_draw_color(150, 150, 150)
        for (x, w), items in zip(self.columns, cells, strict=True):
            self.rect(x, top, w, height, style="DF")
            y = top + PAD
            for item in items:
                self.draw(item, x + PAD, y, w - 2 * PAD)
                y += item.height
        self.set_y(top + height)

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
            used_most, ends = 0.0, []
            for (x, w), items, start in zip(self.columns, columns, positions, strict=True):
                used, end = 0.0, start
                while end < len(items) and used + items[end].height <= room:
                    self.draw(items[end], x + PAD, top + PAD + used, w - 2 * PAD)
                    used += items[end].height
                    end += 1
                used_most = max(used_most, used)
                ends.append(end)
            height = used_most + 2 * PAD
            self.set_draw_color(150, 150, 150)
            for x, w in self.columns:
                self.rect(x, top, w, height)
            self.set_y(top + height)
            positions = ends
            if all(end >= len(items) for end, items in zip(ends, columns, strict=True)):
                return
            self.add_page()


def write_pdf(out: IO[bytes], heading: Heading, titles: Sequence[str],
              rows: Iterable[Sequence[Sequence[Para]]]) -> None:
    pdf = SynopsisPDF(heading, titles)
    pdf.add_page()
    pdf.title_block()
    pdf.in_table = True
    pdf.table_head()
    empty = True
    for cells in rows:
        pdf.row(cells)
        empty = False
    if empty:
        pdf.set_y(pdf.y + 3)
        for item in pdf.lines([Para(_("No suggestions match this filter."), "muted")],
                              pdf.w - 2 * MARGIN):
            pdf.draw(item, MARGIN, pdf.y, pdf.w - 2 * MARGIN)
            pdf.set_y(pdf.y + item.height)
    pdf.output(out)

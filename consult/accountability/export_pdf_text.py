"""Text for the PDF export, set much faster than fpdf2's general text layout.

fpdf2 keeps the fonts, their subsets and the file; this module measures, breaks, orders and
encodes the text itself and hands finished PDF text operators to the page:

- Text in Noto Sans alone (German, Turkish, Russian...) is measured with the font's advance
  widths and written as glyph codes, without shaping.
- Text that needs the fallback font (Arabic, Persian) or runs right to left is shaped with
  HarfBuzz, a word at a time: Arabic letters join within a word, never across a space, so a
  word shaped alone looks as it does in a line. Words are then ordered for display with a
  simplified bidirectional algorithm at the level of words (words in right-to-left script
  run right to left, numbers and Latin words keep their own order inside, words without a
  direction take the one of their neighbours or the paragraph's), which covers what the
  table holds: sentences in one script with names, numbers and dates in another.
- Measured and encoded words, and whole wrapped paragraphs, are remembered (up to a limit),
  because tables repeat labels, titles, names and dates on every row.

Glyphs reach the font subset with the characters they stand for, so text can be searched
and copied from the file (the ToUnicode map fpdf2 writes).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

import uharfbuzz as hb
from fpdf import FPDF
from fpdf.enums import PDFResourceType
from fpdf.fonts import TTFFont

REPLACEMENT = "\ufffd"
# Remembered words and (short) paragraphs per export: the dictionaries are emptied when
# full. Labels, titles, names and dates repeat; long paragraphs hardly ever do.
WORDS = 30_000
PARAGRAPHS = 5_000
PARAGRAPH_TEXT = 120
_RTL_CLASSES = frozenset(("R", "AL"))
# Runs of digits (European, Arabic-Indic, Persian) inside a right-to-left word keep their
# left-to-right order, as in the bidirectional algorithm.
_NUMBER = re.compile(r"([0-9\u0660-\u0669\u06f0-\u06f9](?:[0-9\u0660-\u0669\u06f0-\u06f9.,:/]*"
                     r"[0-9\u0660-\u0669\u06f0-\u06f9])?)")


class Segment(NamedTuple):
    """Part of a word or line in one font: either plain glyph codes (`codes`, shown with Tj)
    or, for shaped glyphs that need positioning, operators (`ops`: strings, and numbers
    that raise the glyphs after them, in thousandths of the font size)."""

    font: int  # index into TextSetter.fonts
    codes: str
    ops: tuple[str | float, ...] = ()


class Word(NamedTuple):
    units: float  # advance in thousandths of the font size
    segments: tuple[Segment, ...]
    # "R" for right-to-left script, "L" for a letter of another script, "" for neither
    # (numbers, punctuation): its direction comes from its neighbours.
    direction: str


class Line(NamedTuple):
    """A laid out line: its width (thousandths of the font size) and its operators, relative
    to the line's start on the baseline."""

    units: float
    ops: str


def _escape(codes: str) -> str:
    """Glyph codes as the content of a PDF string (two bytes each, as fpdf2 writes them)."""
    raw = codes.encode("utf-16-be").decode("latin-1")
    return raw.replace("\\", "\\\\").replace(")", "\\)").replace("(", "\\(").replace("\r", "\\r")


class _CharMap(dict):
    """For `str.translate`: what each character becomes, worked out when first met."""

    def __init__(self, known: frozenset[int]) -> None:
        super().__init__()
        self.known = known

    def __missing__(self, code: int) -> int | str | None:
        char = chr(code)
        if code in self.known or char == "\n":
            found: int | str | None = code
        elif char.isspace():
            found = " "
        elif unicodedata.category(char) in ("Mn", "Cf"):
            found = None
        else:
            found = REPLACEMENT
        self[code] = found
        return found


class TextSetter:
    """Measures, breaks and encodes text in the four fonts of the export: Noto Sans regular
    and bold, and Noto Sans Arabic regular and bold as the fallback."""

    def __init__(self, pdf: FPDF, main: str, fallback: str) -> None:
        self.pdf = pdf
        # 0: main, 1: main bold, 2: fallback, 3: fallback bold
        self.fonts: list[TTFFont] = [
            pdf.fonts[main.lower()], pdf.fonts[main.lower() + "B"],
            pdf.fonts[fallback.lower()], pdf.fonts[fallback.lower() + "B"],
        ]
        self.main_chars = frozenset(self.fonts[0].glyph_ids)
        self.fallback_chars = frozenset(self.fonts[2].glyph_ids)
        self._codes: list[dict[str, str]] = [{} for _font in self.fonts]
        self._glyphs: list[dict[tuple, str]] = [{} for _font in self.fonts]
        self._metrics: list[dict[int, tuple[str, int]]] = [{} for _font in self.fonts]
        self._words: dict[tuple[str, bool], Word] = {}
        self._paragraphs: dict[tuple, list[Line]] = {}
        self._chars = _CharMap(self.main_chars | self.fallback_chars)
        self._used: set[tuple[int, int]] = set()

    # ------------------------------------------------------------------ characters

    def prepare(self, text: str) -> str:
        """Characters no font has become a replacement mark; invisible ones are dropped;
        any white space is a space (line breaks stay)."""
        if text.isascii():
            return text.replace("\t", " ") if "\t" in text else text
        return text.translate(self._chars)

    # ------------------------------------------------------------------ words

    def _plain_codes(self, font: int, text: str) -> str:
        """`text`'s characters as escaped glyph codes of the font's subset."""
        cache = self._codes[font]
        subset = self.fonts[font].subset
        out = []
        for char in text:
            code = cache.get(char)
            if code is None:
                picked = subset.pick(ord(char))
                code = cache[char] = _escape(chr(picked)) if picked is not None else ""
            out.append(code)
        return "".join(out)

    def word(self, text: str, bold: bool) -> Word:
        key = (text, bold)
        found = self._words.get(key)
        if found is not None:
            return found
        if len(self._words) >= WORDS:
            self._words.clear()
        found = self._words[key] = self._make_word(text, bold)
        return found

    def _make_word(self, text: str, bold: bool) -> Word:
        main = 1 if bold else 0
        if text.isascii():
            direction = "L" if any(c.isalpha() for c in text) else ""
        else:
            classes = {unicodedata.bidirectional(c) for c in text}
            direction = "R" if classes & _RTL_CLASSES else "L" if "L" in classes else ""
        if direction != "R" and all(ord(c) in self.main_chars for c in text):
            cw = self.fonts[main].cw
            units = sum(cw[ord(c)] for c in text)
            return Word(units, (Segment(main, self._plain_codes(main, text)),), direction)
        if direction != "R":
            return Word(*self._shape_runs(text, bold, rtl=False), direction)
        # Right to left: numbers inside keep their order; pieces run right to left.
        pieces = [p for p in _NUMBER.split(text) if p]
        units, segments = 0.0, []
        for piece in reversed(pieces):
            piece_rtl = not _NUMBER.fullmatch(piece)
            piece_units, piece_segments = self._shape_runs(piece, bold, rtl=piece_rtl)
            units += piece_units
            segments.extend(piece_segments)
        return Word(units, tuple(segments), "R")

    def _shape_runs(self, text: str, bold: bool, *, rtl: bool) -> tuple[float, list[Segment]]:
        """Shape `text` run by run of the font that has its characters; runs follow each
        other right to left when `rtl`."""
        runs: list[tuple[int, str]] = []
        for char in text:
            font = 0 if ord(char) in self.main_chars else 2
            font += 1 if bold else 0
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        if rtl:
            runs.reverse()
        units, segments = 0.0, []
        for font, run in runs:
            run_units, segment = self._shape(font, run, rtl)
            units += run_units
            segments.append(segment)
        return units, segments

    def _shape(self, font_index: int, text: str, rtl: bool) -> tuple[float, Segment]:
        """One run in one font through HarfBuzz: glyph codes with the characters each stands
        for, and positioning where a glyph's advance or offset differs from its width."""
        font = self.fonts[font_index]
        buffer = hb.Buffer()
        buffer.cluster_level = 1
        buffer.add_str(text)
        buffer.guess_segment_properties()
        buffer.direction = "rtl" if rtl else "ltr"
        hb.shape(font.hbfont, buffer, {})
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        glyph_chars = _glyph_chars(text, [info.cluster for info in infos],
                                   [pos.x_advance for pos in positions], rtl)
        scale = font.scale
        units = 0.0
        plain: list[str] = []
        ops: list[str | float] = []
        for info, pos, chars in zip(infos, positions, glyph_chars, strict=True):
            code, width = self._glyph(font_index, info.codepoint, chars)
            advance = round(scale * pos.x_advance + 0.001)
            units += advance
            if code == "":
                continue
            if pos.x_offset == 0 and pos.y_offset == 0 and advance == width:
                plain.append(code)
                continue
            if plain:
                ops.append(f"({''.join(plain)})Tj")
                plain = []
            shift = scale * pos.x_offset
            rise = scale * pos.y_offset
            parts = []
            if shift:
                parts.append(f"{-shift:.1f}")
            parts.append(f"({code})")
            rest = advance - width - shift
            if rest:
                parts.append(f"{-rest:.1f}")
            if rise:
                ops.append(rise)
            ops.append(f"[{' '.join(parts)}]TJ")
            if rise:
                ops.append(0.0)
        if not ops:
            return units, Segment(font_index, "".join(plain))
        if plain:
            ops.append(f"({''.join(plain)})Tj")
        return units, Segment(font_index, "", tuple(ops))

    def _glyph(self, font_index: int, glyph_id: int, chars: tuple[int, ...]) -> tuple[str, int]:
        """The escaped subset code of a shaped glyph standing for `chars`, and its width."""
        key = (glyph_id, chars)
        cache = self._glyphs[font_index]
        found = cache.get(key)
        font = self.fonts[font_index]
        metrics = self._metrics[font_index].get(glyph_id)
        if metrics is None:
            name = font.ttfont.getGlyphName(glyph_id)
            metrics = self._metrics[font_index][glyph_id] = (
                name, round(font.scale * font.ttfont["hmtx"].metrics[name][0]))
        if found is None:
            glyph = font.subset.get_glyph(glyph=glyph_id, unicode=chars,
                                          glyph_name=metrics[0], glyph_width=metrics[1])
            picked = font.subset.pick_glyph(glyph) if glyph is not None else None
            found = cache[key] = _escape(chr(picked)) if picked is not None else ""
        return found, metrics[1]

    # ------------------------------------------------------------------ paragraphs

    def paragraph(self, text: str, *, bold: bool, size: float, width: float,
                  rtl: bool) -> list[Line]:
        """`text` (prepared) broken into lines no wider than `width` (mm) at `size` (pt),
        each ordered for display; `rtl` is the paragraph's direction."""
        key = (text, bold, size, round(width, 3), rtl)
        found = self._paragraphs.get(key)
        if found is not None:
            return found
        if len(self._paragraphs) >= PARAGRAPHS:
            self._paragraphs.clear()
        limit = width * self.pdf.k * 1000 / size
        lines = []
        for hard in text.split("\n"):
            lines.extend(self._lines(hard, bold, limit, rtl, size))
        if len(text) <= PARAGRAPH_TEXT:
            self._paragraphs[key] = lines
        return lines

    def forget(self) -> None:
        """Drop what was remembered (before the file is written out)."""
        self._words.clear()
        self._paragraphs.clear()

    def _lines(self, text: str, bold: bool, limit: float, rtl: bool,
               size: float) -> Iterable[Line]:
        main = 1 if bold else 0
        space = self.fonts[main].cw[32]
        line: list[Word] = []
        used = 0.0
        for piece in text.split(" "):
            for word in self._fitting(piece, bold, limit):
                if line and used + space + word.units <= limit:
                    line.append(word)
                    used += space + word.units
                    continue
                if line:
                    yield self._line(line, bold, rtl, size)
                line, used = [word], word.units
        yield self._line(line, bold, rtl, size)

    def _fitting(self, text: str, bold: bool, limit: float) -> list[Word]:
        """The word, cut into pieces that fit on a line if it is longer than one (cut by the
        characters' advance widths: in one pass, however long the word)."""
        word = self.word(text, bold)
        if word.units <= limit or len(text) < 2:
            return [word]
        main = 1 if bold else 0
        main_widths, other_widths = self.fonts[main].cw, self.fonts[main + 2].cw
        pieces, start, used = [], 0, 0.0
        for index, char in enumerate(text):
            code = ord(char)
            width = main_widths[code] if code in self.main_chars else other_widths[code]
            if index > start and used + width > limit * 0.95:
                pieces.append(text[start:index])
                start, used = index, 0.0
            used += width
        pieces.append(text[start:])
        return [self.word(piece, bold) for piece in pieces]

    def _line(self, words: list[Word], bold: bool, rtl: bool, size: float) -> Line:
        """Words of a line in display order, as operators."""
        if any(word.direction == "R" for word in words):
            words = _display_order(words, rtl)
        main = 1 if bold else 0
        segments: list[Segment] = []
        units = 0.0
        for number, word in enumerate(words):
            if number:
                # The space in the font of the text before it, where that font has one.
                font = segments[-1].font if segments else main
                if 32 not in self.fonts[font].glyph_ids:
                    font = main
                segments.append(Segment(font, self._plain_codes(font, " ")))
                units += self.fonts[font].cw[32]
            segments.extend(word.segments)
            units += word.units
        return Line(units, self._operators(segments, size))

    def _operators(self, segments: list[Segment], size: float) -> str:
        """Segments as text operators: font changes, shown glyphs (runs of plain codes in
        one font joined), raised glyphs."""
        out: list[str] = []
        font, plain = -1, []
        for segment in segments:
            if segment.font != font:
                if plain:
                    out.append(f"({''.join(plain)})Tj")
                    plain = []
                font = segment.font
                out.append(f"/F{self.fonts[font].i} {size:.2f} Tf")
            if segment.ops:
                if plain:
                    out.append(f"({''.join(plain)})Tj")
                    plain = []
                for op in segment.ops:
                    out.append(op if isinstance(op, str) else f"{op * size / 1000:.2f} Ts")
            elif segment.codes:
                plain.append(segment.codes)
        if plain:
            out.append(f"({''.join(plain)})Tj")
        return " ".join(out)

    def use_fonts(self, page: int) -> None:
        """Make the fonts resources of the page (once per page)."""
        for font in self.fonts:
            if (page, font.i) not in self._used:
                self._used.add((page, font.i))
                self.pdf._resource_catalog.add(PDFResourceType.FONT, font.i, page)


def _glyph_chars(text: str, clusters: list[int], advances: list[int],
                 rtl: bool) -> list[tuple[int, ...]]:
    """Which characters each shaped glyph stands for (what copying text from the file
    gives). Within a cluster (the glyphs HarfBuzz made of some characters): as many glyphs
    as characters are matched one to one in reading order (a letter and its vowel mark);
    otherwise the widest glyph stands for them all (a ligature) and the others for none."""
    starts = sorted(set(clusters))
    chars_of: dict[int, list[int]] = {}
    position = 0
    for index, char in enumerate(text):
        while position + 1 < len(starts) and starts[position + 1] <= index:
            position += 1
        chars_of.setdefault(starts[position], []).append(ord(char))
    glyphs_of: dict[int, list[int]] = {}
    for number, cluster in enumerate(clusters):
        glyphs_of.setdefault(cluster, []).append(number)
    result: list[tuple[int, ...]] = [()] * len(clusters)
    for cluster, numbers in glyphs_of.items():
        chars = chars_of.get(cluster, [])
        if len(numbers) == 1:
            result[numbers[0]] = tuple(chars)
        elif len(numbers) == len(chars):
            in_reading_order = list(reversed(numbers)) if rtl else numbers
            for number, char in zip(in_reading_order, chars, strict=True):
                result[number] = (char,)
        else:
            widest = max(numbers, key=lambda number: advances[number])
            result[widest] = tuple(chars)
    return result


def _display_order(words: list[Word], rtl: bool) -> list[Word]:
    """The words of a line from left to right: a simplified bidirectional algorithm at the
    level of words. Words in right-to-left script are R, words with a letter of another
    script L, the rest (numbers, punctuation) take the direction of their neighbours when
    both agree, else the paragraph's."""
    base = "R" if rtl else "L"
    kinds = [word.direction for word in words]
    resolved = list(kinds)
    for index, kind in enumerate(kinds):
        if kind:
            continue
        before = next((k for k in reversed(kinds[:index]) if k), base)
        after = next((k for k in kinds[index + 1:] if k), base)
        resolved[index] = before if before == after else base
    runs: list[tuple[str, list[Word]]] = []
    for word, kind in zip(words, resolved, strict=True):
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(word)
        else:
            runs.append((kind, [word]))
    if rtl:
        runs.reverse()
    ordered: list[Word] = []
    for kind, run in runs:
        ordered.extend(reversed(run) if kind == "R" else run)
    return ordered

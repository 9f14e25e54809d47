"""Reading a Word document (.docx): heading paragraphs start sections, the rest becomes Markdown.

Called by `consult.plans.importers.parse_upload` once the content is known to be a .docx.
"""

from __future__ import annotations

import io
import re
from typing import Any

from flask_babel import gettext as _

from consult.plans.importers import Heading, ImportFailed, ParseResult, build_result

HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|kop)\s*(\d)$", re.IGNORECASE)
LIST_STYLE = re.compile(r"^list\s*(bullet|number|paragraph|continue)?\s*(\d)?$", re.IGNORECASE)
SAFE_LINK = re.compile(r"^(https?://|mailto:)\S+$", re.IGNORECASE)


def parse_docx(data: bytes) -> ParseResult:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - any failure means "cannot read this file"
        raise ImportFailed(_("The Word file is damaged and cannot be read.")) from error

    headings: list[Heading] = []
    preamble: list[str] = []
    blocks: list[str] = preamble
    list_run: list[str] = []

    def close_list() -> None:
        if list_run:
            blocks.append("\n".join(list_run))
            list_run.clear()

    for count, item in enumerate(document.iter_inner_content(), start=1):
        if isinstance(item, Table):
            close_list()
            blocks.append(_table_markdown(item))
            continue
        if not isinstance(item, Paragraph):
            continue
        level = _heading_level(item)
        if level is not None:
            close_list()
            blocks = []
            headings.append(Heading(level, item.text, blocks, count))
            continue
        list_info = _list_info(document, item)
        text = _runs_markdown(item)
        if not text.strip():
            close_list()
            continue
        if list_info is not None:
            ordered, depth = list_info
            marker = "1." if ordered else "-"
            list_run.append(f"{'    ' * depth}{marker} {_escape_line_start(text.strip())}")
            continue
        close_list()
        blocks.append(_escape_line_start(text.strip()))
    close_list()
    return build_result("docx", headings, "\n".join(preamble))


def _heading_level(paragraph) -> int | None:
    direct = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if direct and direct[0].isdigit() and int(direct[0]) < 9:
        return int(direct[0]) + 1
    style = paragraph.style
    seen = 0
    while style is not None and seen < 10:
        seen += 1
        name = (style.name or "").strip()
        if name.lower() == "title":
            return None
        match = HEADING_STYLE.match(name)
        if match and match.group(1) != "0":
            return int(match.group(1))
        outline = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if outline and outline[0].isdigit() and int(outline[0]) < 9:
            return int(outline[0]) + 1
        style = style.base_style
    return None


def _list_info(document, paragraph) -> tuple[bool, int] | None:
    """(ordered, depth) for a list paragraph, else None."""
    name = (paragraph.style.name or "").strip() if paragraph.style is not None else ""
    style_match = LIST_STYLE.match(name)
    num_ids = paragraph._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    levels = paragraph._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
    if not style_match and not (num_ids and num_ids[0] != "0"):
        return None
    depth = 0
    if levels and levels[0].isdigit():
        depth = int(levels[0])
    elif style_match and style_match.group(2):
        depth = max(0, int(style_match.group(2)) - 1)
    depth = min(depth, 5)
    kind = (style_match.group(1) or "").lower() if style_match else ""
    if kind == "number":
        return True, depth
    if kind == "bullet":
        return False, depth
    if num_ids and num_ids[0].isdigit():
        fmt = _numbering_format(document, int(num_ids[0]), depth)
        return (fmt is not None and fmt not in ("bullet", "none")), depth
    return False, depth


def _numbering_format(document, num_id: int, level: int) -> str | None:
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None
    abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
    if not abstract or not abstract[0].isdigit():
        return None
    formats = numbering.xpath(
        f'./w:abstractNum[@w:abstractNumId="{int(abstract[0])}"]'
        f'/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
    )
    return formats[0] if formats else None


def _runs_markdown(paragraph) -> str:
    from docx.text.hyperlink import Hyperlink
    from docx.text.run import Run

    segments: list[tuple[str, bool, bool, str | None]] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Run):
            segments.append((item.text, bool(item.bold), bool(item.italic), None))
        elif isinstance(item, Hyperlink):
            url = (item.url or "").strip()
            for run in item.runs:
                segments.append(
                    (run.text, bool(run.bold), bool(run.italic), url if SAFE_LINK.match(url) else None)
                )
    merged: list[list[Any]] = []
    for text, bold, italic, link in segments:
        if not text:
            continue
        if merged and merged[-1][1:] == [bold, italic, link]:
            merged[-1][0] += text
        else:
            merged.append([text, bold, italic, link])
    out: list[str] = []
    for text, bold, italic, link in merged:
        out.append(_format_segment(text, bold, italic, link))
    return "".join(out).replace("\t", " ")


def _format_segment(text: str, bold: bool, italic: bool, link: str | None) -> str:
    stripped = text.strip()
    if not stripped:
        return text.replace("\n", "  \n")
    lead = text[: len(text) - len(text.lstrip())].replace("\n", "  \n")
    trail = text[len(text.rstrip()):].replace("\n", "  \n")
    inner = escape_markdown(stripped).replace("\n", "  \n")
    if italic:
        inner = f"*{inner}*"
    if bold:
        inner = f"**{inner}**"
    if link:
        inner = f"[{inner}](<{link.replace('>', '%3E').replace(' ', '%20')}>)"
    return f"{lead}{inner}{trail}"


_MD_SPECIAL = re.compile(r"([\\`*\[\]~|])")
_MD_UNDERSCORE = re.compile(r"(?<![0-9A-Za-zÀ-ɏ])_|_(?![0-9A-Za-zÀ-ɏ])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """Plain text → Markdown that renders as the same text (gender stars stay stars)."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_UNDERSCORE.sub(r"\\_", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    return text.replace("<", "\\<")


def _escape_line_start(text: str) -> str:
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)


def _table_markdown(table) -> str:
    rows: list[list[str]] = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            cells.append(escape_markdown(value) or " ")
        rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [" "] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)

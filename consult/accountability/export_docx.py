"""The disposition table as a Word document (DOCX) in the synopsis layout
"section | suggestion | answer".

The WordprocessingML is written here directly, row by row, into a ZIP entry on a temporary
file: memory stays bounded whatever the number of rows (a document model such as
python-docx would hold every row). A4 landscape, a real table whose heading row repeats on
every page, page numbers in the footer; right-to-left paragraphs where the text is.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from flask_babel import gettext as _

from consult.accountability.export_disposition import Para
from consult.accountability.exports import Heading, clean

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PAGE_WIDTH, PAGE_HEIGHT, PAGE_MARGIN = 16838, 11906, 720  # twips: A4 landscape, 1.27 cm
COLUMN_SHARES = (0.2, 0.4, 0.4)
MUTED = "505050"
HEAD_FILL = "E4E4E4"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
</Relationships>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>consult</Application></Properties>"""


def _styles(language: str) -> str:
    lang = quoteattr(language)
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Noto Sans" w:hAnsi="Noto Sans" w:eastAsia="Noto Sans" w:cs="Noto Sans Arabic"/><w:sz w:val="18"/><w:szCs w:val="18"/><w:lang w:val={lang} w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="40" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="120"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="120"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="14"/><w:szCs w:val="14"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="100" w:type="dxa"/><w:bottom w:w="60" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>"""


def _direction(text: str, default_rtl: bool) -> bool:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return default_rtl


def _text(value: str) -> str:
    """Runs' content: escaped text, line breaks as <w:br/>."""
    text = clean(value).replace("\t", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\n" not in text:
        return text
    return text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')


@lru_cache(maxsize=256)
def _run_start(bold: bool, color: str | None, language: str | None) -> str:
    """The opening of a run with its properties, up to its text."""
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if color:
        props += f'<w:color w:val="{color}"/>'
    if language:
        lang = quoteattr(language)
        props += f"<w:lang w:val={lang} w:bidi={lang}/>"
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{props}<w:t xml:space="preserve">'


def _run(text: str, *, bold: bool = False, color: str | None = None,
         language: str | None = None) -> str:
    return f"{_run_start(bold, color, language)}{_text(text)}</w:t></w:r>"


@lru_cache(maxsize=1024)
def _label_run(label: str, color: str | None) -> str:
    return _run(f"{label}: ", bold=True, color=color)


def _paragraph(runs: str, *, rtl: bool, style: str | None = None, keep: bool = False) -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if keep:
        props += "<w:keepNext/>"
    if rtl:
        props += "<w:bidi/>"
    props = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{props}{runs}</w:p>"


def _para(para: Para, default_rtl: bool) -> str:
    color = MUTED if para.style == "muted" else None
    runs = _run(para.text, bold=para.style == "strong", color=color, language=para.language)
    if para.label:
        runs = _label_run(para.label, color) + runs
    # Text a person wrote runs in its own direction (like dir="auto"), the rest in the reader's.
    rtl = (_direction(para.text, default_rtl) if para.language and not para.label
           else default_rtl)
    return f"<w:p><w:pPr><w:bidi/></w:pPr>{runs}</w:p>" if rtl else f"<w:p>{runs}</w:p>"


class _Table:
    def __init__(self, heading: Heading) -> None:
        self.rtl = heading.rtl
        usable = PAGE_WIDTH - 2 * PAGE_MARGIN
        self.widths = [int(usable * share) for share in COLUMN_SHARES]

    def start(self, titles: Sequence[str]) -> str:
        borders = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths)
        head = "".join(
            self.cell([_paragraph(_run(t, bold=True), rtl=self.rtl)], w, HEAD_FILL)
            for t, w in zip(titles, self.widths, strict=True)
        )
        return (
            "<w:tbl><w:tblPr>"
            + ("<w:bidiVisual/>" if self.rtl else "")
            + f'<w:tblW w:w="{sum(self.widths)}" w:type="dxa"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
            f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>"
        )

    @staticmethod
    def cell(paragraphs: list[str], width: int, fill: str | None = None) -> str:
        shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        body = "".join(paragraphs) or "<w:p/>"
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>{body}</w:tc>'

    def row(self, cells: Sequence[Sequence[Para]]) -> str:
        return "<w:tr>" + "".join(
            self.cell([_para(p, self.rtl) for p in paras], width)
            for paras, width in zip(cells, self.widths, strict=True)
        ) + "</w:tr>"


def _footer(rtl: bool) -> str:
    page, pages = "\x00PAGE\x00", "\x00PAGES\x00"
    text = _("Page %(page)s of %(pages)s", page=page, pages=pages)
    runs = ""
    for piece in text.split("\x00"):
        if piece == "PAGE":
            runs += '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        elif piece == "PAGES":
            runs += '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        elif piece:
            runs += _run(piece)
    bidi = "<w:bidi/>" if rtl else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/>{bidi}'
        f"</w:pPr>{runs}</w:p></w:ftr>"
    )


def _core(heading: Heading) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    title = escape(clean(f"{heading.process_title} – {heading.title}"))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>consult</dc:creator>"
        f"<dc:language>{escape(heading.language)}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        "</cp:coreProperties>"
    )


def write_docx(out: IO[bytes], heading: Heading, titles: Sequence[str],
               rows: Iterable[Sequence[Sequence[Para]]], batch: int = 200) -> None:
    """Write the document; rows are encoded and written `batch` at a time."""
    rtl = heading.rtl
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        package.writestr("word/styles.xml", _styles(heading.language))
        package.writestr("word/settings.xml", SETTINGS)
        package.writestr("word/footer1.xml", _footer(rtl))
        package.writestr("docProps/core.xml", _core(heading))
        package.writestr("docProps/app.xml", APP)
        with package.open("word/document.xml", "w", force_zip64=True) as document:
            table = _Table(heading)
            head = [
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>',
                _paragraph(_run(heading.process_title), rtl=rtl, style="Title"),
                _paragraph(_run(f"{heading.title} – {heading.variant}"), rtl=rtl, style="Subtitle"),
            ]
            head += [_para(Para(value, label=label), rtl) for label, value in heading.details()]
            head.append(table.start(titles))
            document.write("".join(head).encode("utf-8"))
            pending: list[str] = []
            count = 0
            for cells in rows:
                pending.append(table.row(cells))
                count += 1
                if len(pending) >= batch:
                    document.write("".join(pending).encode("utf-8"))
                    pending = []
            if not count:
                empty = _paragraph(_run(_("No suggestions match this filter."), color=MUTED), rtl=rtl)
                pending.append("<w:tr>" + "".join(
                    table.cell([empty if i == 0 else ""], w) for i, w in enumerate(table.widths)
                ) + "</w:tr>")
            section = (
                '<w:sectPr><w:footerReference w:type="default" r:id="rId3"/>'
                f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}" w:orient="landscape"/>'
                f'<w:pgMar w:top="{PAGE_MARGIN}" w:right="{PAGE_MARGIN}" w:bottom="{PAGE_MARGIN}" '
                f'w:left="{PAGE_MARGIN}" w:header="400" w:footer="400" w:gutter="0"/>'
                + ("<w:bidi/>" if rtl else "")
                + "</w:sectPr>"
            )
            pending.append("</w:tbl><w:p/>" + section + "</w:body></w:document>")
            document.write("".join(pending).encode("utf-8"))

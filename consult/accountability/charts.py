"""Horizontal bar charts as SVG, rendered on the server.

No script, no fonts or files from elsewhere, no `style` attributes (the Content-Security-
Policy allows no inline style): geometry and colours are SVG presentation attributes, the
font comes from the page's style sheet.

Accessibility: a chart is one image (`role="img"`) named by its `<title>` and described by
its `<desc>`; the numbers themselves are in the HTML table the page puts next to it, which is
the accessible alternative. Colours: bars #0b5394 on white (7.9:1, at least 3:1 is needed for
graphical objects), text #1b1f24 (16:1). A bar with a part (e.g. answered of all) draws the
part filled and the rest outlined, so the two differ by shape, not by colour alone.

Right to left: the chart is mirrored (labels and bars start at the right edge, bars grow to
the left, values follow them on the left) and the SVG's `direction` is rtl, under which
`text-anchor` start/end refer to the right/left edge, so the anchors flip with the writing
direction. Each text is bidi-isolated (`unicode-bidi: plaintext`) so a German section title
in an Arabic chart still reads in its own order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Each row: the label on its own line, below it the bar and its value. Narrow enough that the
# text stays readable when a phone scales the chart down.
WIDTH = 400
GAP = 8
VALUE_WIDTH = 88
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
ROW_GAP = 10
ROW = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
PADDING = 6
LEGEND_ROW = 24
FONT_SIZE = 14
# Bars start one unit in, so an outlined bar's stroke is not cut off.
START = 1
BAR_MAX = WIDTH - START - GAP - VALUE_WIDTH
LABEL_MAX_CHARS = 50

INK = "#1b1f24"
BAR = "#0b5394"
PAPER = "#ffffff"
AXIS = "#4a5560"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    # Drawn filled inside the outlined whole (e.g. the answered part of all suggestions).
    part: int | None = None
    # The number as shown after the bar (formatted for the reader); the value if empty.
    value_text: str = ""
    # The language of the label when it is not the page's (e.g. a section title).
    lang: str | None = None


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _attrs(**attributes) -> Markup:
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        name = name.rstrip("_").replace("_", "-")
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = _number(value)
        parts.append(Markup('{}="{}"').format(escape(name), value))
    return Markup(" ").join(parts)


def _element(tag: str, content="", **attributes) -> Markup:
    return Markup("<{tag} {attrs}>{content}</{tag}>").format(
        tag=escape(tag), attrs=_attrs(**attributes), content=content
    )


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1] + "…"


_ID = re.compile(r"[^a-z0-9-]+")


def bar_width(value: int, largest: int) -> float:
    """The bar's length: proportional to the value, the largest bar as long as there is room."""
    if largest <= 0 or value <= 0:
        return 0.0
    return round(BAR_MAX * value / largest, 2)


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    rtl: bool = False,
    legend: tuple[str, str] | None = None,
) -> Markup:
    """An inline `<svg>`: one row per bar, label, bar and value. `legend` names the filled
    part and the outlined rest when bars have parts."""
    chart_id = _ID.sub("-", chart_id.lower()).strip("-") or "chart"
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    top = PADDING + (LEGEND_ROW * len(legend) if legend else 0)
    height = top + ROW * len(bars) + PADDING
    largest = max((bar.value for bar in bars), default=0)

    def x(left: float, width: float = 0.0) -> float:
        """Mirror a box (left edge, width) for right to left."""
        return WIDTH - left - width if rtl else left

    body: list[Markup] = [
        _element("title", escape(title), id=title_id),
        _element("desc", escape(description), id=desc_id),
    ]
    if legend:
        body.append(_legend(legend, x))
    for index, bar in enumerate(bars):
        row_top = top + index * ROW
        bar_top = row_top + LABEL_HEIGHT
        label_baseline = row_top + LABEL_HEIGHT - 6
        value_baseline = bar_top + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
        width = bar_width(bar.value, largest)
        row: list[Markup] = [
            _element(
                "text", escape(_short(bar.label)), x=x(START), y=label_baseline,
                text_anchor="start", lang=bar.lang, unicode_bidi="plaintext",
                class_="chart-label",
            )
        ]
        if bar.part is not None and width > 0:
            part = bar_width(min(bar.part, bar.value), largest)
            row.append(_element(
                "rect", x=x(START, width), y=bar_top, width=width, height=BAR_HEIGHT,
                fill=PAPER, stroke=BAR, stroke_width=1.5, class_="chart-bar chart-whole",
            ))
            if part > 0:
                row.append(_element(
                    "rect", x=x(START, part), y=bar_top, width=part, height=BAR_HEIGHT,
                    fill=BAR, class_="chart-bar chart-part",
                ))
        elif width > 0:
            row.append(_element(
                "rect", x=x(START, width), y=bar_top, width=width, height=BAR_HEIGHT,
                fill=BAR, class_="chart-bar",
            ))
        row.append(_element(
            "text", escape(bar.value_text or str(bar.value)), x=x(START + width + GAP),
            y=value_baseline, text_anchor="start", unicode_bidi="plaintext",
            class_="chart-value",
        ))
        body.append(_element("g", Markup("").join(row), class_="chart-row"))
    return _element(
        "svg",
        Markup("").join(body),
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {height}",
        width=WIDTH,
        height=height,
        role="img",
        aria_labelledby=title_id,
        aria_describedby=desc_id,
        direction="rtl" if rtl else "ltr",
        font_size=FONT_SIZE,
        fill=INK,
        class_="bar-chart",
        id=chart_id,
    )


def _legend(legend: tuple[str, str], x) -> Markup:
    """A filled and an outlined swatch with their names, one per line, above the bars."""
    swatch = 14
    items: list[Markup] = []
    for index, text in enumerate(legend):
        row_top = PADDING + index * LEGEND_ROW
        items.append(_element(
            "rect", x=x(START, swatch), y=row_top + (LEGEND_ROW - swatch) / 2, width=swatch,
            height=swatch, fill=BAR if index == 0 else PAPER, stroke=BAR, stroke_width=1.5,
        ))
        items.append(_element(
            "text", escape(text), x=x(START + swatch + GAP),
            y=row_top + LEGEND_ROW / 2 + FONT_SIZE * 0.35, text_anchor="start",
            unicode_bidi="plaintext", class_="chart-legend-text",
        ))
    return _element("g", Markup("").join(items), class_="chart-legend")

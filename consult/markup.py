"""Markdown to safe HTML: markdown-it renders (raw HTML off), nh3 allow-lists the result."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
    "del", "ins", "sub", "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}
_GENDER_STAR = re.compile(r"(?<=\w)\*(?=\w)")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "js-default" disables raw HTML; tables and strikethrough are enabled below.
    return MarkdownIt("js-default").enable(["table", "strikethrough"])


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    # A gender star between letters ("Expert*innen") is text, not emphasis.
    text = _GENDER_STAR.sub(r"\\*", text)
    # Headings in a body sit below the page's h1: "#" becomes h2, "##" h3, and so on.
    html = _parser().render(text)
    for level in (5, 4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>")
        html = html.replace(f"</h{level}>", f"</h{level + 1}>")
    return Markup(sanitize_html(html))  # noqa: S704 - sanitised by nh3 just above


def plain_text(text: str | None) -> str:
    """Markdown without markup, for diffs, excerpts and e-mails."""
    if not text:
        return ""
    return nh3.clean(_parser().render(text), tags=set()).strip()

"""Short links and QR codes for events and tables, made locally with segno."""

from __future__ import annotations

import io

import segno
from flask import current_app, request, url_for


def short_link(code: str) -> str:
    """The absolute address attendees open: the public address of the site + /f/<code>."""
    base = (current_app.config.get("SERVER_NAME_FOR_MAIL") or request.host_url).rstrip("/")
    return base + url_for("forum.feedback_form", code=code)


def qr_svg(data: str, title: str = "") -> bytes:
    """A standalone SVG image of a QR code for `data` (black on white, quiet zone kept)."""
    code = segno.make(data, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer, kind="svg", scale=10, border=4, dark="#000", light="#fff",
        title=title or None, xmldecl=True, svgns=True,
    )
    return buffer.getvalue()

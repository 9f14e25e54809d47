"""Public pages: reports, their Atom feed and the process timeline."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/p")

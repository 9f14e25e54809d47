"""Public pages: amendments and votes per version and per section, and where changes came from."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("amendments", __name__, url_prefix="/p")

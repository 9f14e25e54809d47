"""Staff pages: amendments, their points and the votes per committee."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("manage_amendments", __name__, url_prefix="/manage/processes")

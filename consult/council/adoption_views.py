"""Staff pages: generating the adopted version from the adopted points."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("manage_adoption", __name__, url_prefix="/manage/processes")

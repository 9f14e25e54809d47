"""Staff pages: reports and timeline milestones."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("manage_reports", __name__, url_prefix="/manage/processes")

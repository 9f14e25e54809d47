"""Staff pages: sharing a version with bodies, and a body's recommendations entered in one go."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("manage_bodies", __name__, url_prefix="/manage/processes")

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("manage_forum", __name__, url_prefix="/manage")

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("manage_comments", __name__, url_prefix="/manage")

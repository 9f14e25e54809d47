from __future__ import annotations

from flask import Blueprint

bp = Blueprint("manage_statements", __name__, url_prefix="/manage")

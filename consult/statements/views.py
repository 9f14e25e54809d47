from __future__ import annotations

from flask import Blueprint

bp = Blueprint("statements", __name__)

from __future__ import annotations

from flask import Blueprint

from consult.security import require

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.get("/")
@require("manage.access")
def index():
    return "manage"

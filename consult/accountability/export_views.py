"""(being built)"""

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/p")
manage_bp = Blueprint("manage_exports", __name__, url_prefix="/manage")

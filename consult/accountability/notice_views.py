"""(being built)"""

from flask import Blueprint

bp = Blueprint("notices", __name__)
manage_bp = Blueprint("manage_notices", __name__, url_prefix="/manage")

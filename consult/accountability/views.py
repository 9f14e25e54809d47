"""(being built)"""

from flask import Blueprint

bp = Blueprint("disposition", __name__, url_prefix="/p")

"""(being built)"""

from flask import Blueprint

bp = Blueprint("statistics", __name__, url_prefix="/p")

"""The triage area: `/triage/<slug>/…`, for staff and for members of the process's groups.

Each page module registers its routes on `bp`; access is checked by
`consult.triage.access.triage_view` and, per action, by the `TriageAccess` it loads.
"""

from flask import Blueprint

bp = Blueprint("triage", __name__, url_prefix="/triage")

"""The six fields of action in the order of the plan (first discussion draft)."""

from consult.demo_content import (
    bildung,
    demokratie,
    soziales,
    stadtleben,
    stadtverwaltung,
    wirtschaft,
)

# Depth in the tree → kind of section.
KINDS = ("field_of_action", "goal", "measure")

FIELDS = [
    bildung.FIELD,
    wirtschaft.FIELD,
    soziales.FIELD,
    stadtleben.FIELD,
    demokratie.FIELD,
    stadtverwaltung.FIELD,
]

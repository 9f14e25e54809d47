"""Helpers shared by the staff views of the plan (consult.plans.manage and its route modules)."""

from __future__ import annotations

from flask import abort, flash
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from consult.errors import DomainError
from consult.extensions import db
from consult.plans import queries
from consult.plans.models import Process, SectionVersion, Version

INVALID = 422  # a form with errors comes back with this status


def current_actor():
    return current_user._get_current_object()



def process_or_404(slug: str) -> Process:
    return queries.manage_process_or_404(slug)


def version_or_404(slug: str, number: int) -> tuple[Process, Version]:
    process = process_or_404(slug)
    return process, queries.manage_version_or_404(process, number)


def node_or_404(slug: str, number: int, key: str) -> tuple[Process, Version, SectionVersion]:
    process, version = version_or_404(slug, number)
    return process, version, queries.manage_node_or_404(version, key)


def language_or_404(process: Process, code: str) -> str:
    if code not in process.languages:
        abort(404)
    return code


def commit_or_error(form=None, field=None) -> bool:
    """Commit; on a constraint conflict roll back and report it on the form."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        message = _("This conflicts with existing data. Please check and try again.")
        if form is not None and field is not None:
            form[field].errors.append(message)
        else:
            flash(message, "error")
        return False
    return True


def domain_error(error: DomainError, form=None, field: str | None = None) -> None:
    db.session.rollback()
    if form is not None and field is not None:
        form[field].errors.append(str(error))
    else:
        flash(str(error), "error")

"""`flask consult cleanup-statements`: remove statements whose e-mail address was never confirmed."""

from __future__ import annotations

import click
from flask import current_app

from consult.cli import consult_cli
from consult.extensions import db
from consult.statements import services, uploads


@consult_cli.command("cleanup-statements")
def cleanup_statements():
    """Delete unconfirmed statements older than UNCONFIRMED_STATEMENT_HOURS, with their files."""
    count, names = services.remove_unconfirmed()
    db.session.commit()
    uploads.delete(names)
    hours = current_app.config["UNCONFIRMED_STATEMENT_HOURS"]
    click.echo(
        f"Removed {count} unconfirmed statement(s) older than {hours} hours "
        f"and {len(names)} file(s)."
    )

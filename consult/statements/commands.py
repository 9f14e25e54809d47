"""`flask consult cleanup-statements`: remove statements whose e-mail address was never confirmed."""

from __future__ import annotations

import click
from flask import current_app

from consult.cli import consult_cli
from consult.extensions import db
from consult.statements import services, uploads

# Files without a record are removed once they are this old (no upload takes an hour).
ORPHAN_AGE_SECONDS = 3600


@consult_cli.command("cleanup-statements")
@click.option(
    "--orphans-older-than", "orphan_age", type=click.IntRange(min=0), default=ORPHAN_AGE_SECONDS,
    show_default=True, help="Seconds after which a file without a statement is removed.",
)
def cleanup_statements(orphan_age: int):
    """Delete unconfirmed statements older than UNCONFIRMED_STATEMENT_HOURS, with their files,
    and files left without a statement by an interrupted submission."""
    count, names = services.remove_unconfirmed()
    db.session.commit()
    uploads.delete(names)
    orphans = uploads.remove_orphans(orphan_age)
    hours = current_app.config["UNCONFIRMED_STATEMENT_HOURS"]
    click.echo(
        f"Removed {count} unconfirmed statement(s) older than {hours} hours "
        f"and {len(names)} file(s), and {orphans} file(s) that no statement refers to."
    )

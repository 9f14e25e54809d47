"""Alembic environment: runs with the Flask app's engine and the models' metadata.

On PostgreSQL every online run holds an advisory lock for its whole duration, so several
instances may run `flask db upgrade` at the same time (e.g. on every start): the first migrates,
the others wait and then find the schema at head. SQLite needs no lock (it locks the file).
"""

import logging
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import text

config = context.config
if config.config_file_name and not config.attributes.get("skip_logging_config"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_metadata():
    return target_db.metadata


def run_migrations_offline():
    url = target_db.engine.url.render_as_string(hide_password=False)
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def render_item(type_, obj, autogen_context):
    """Render our column types as plain SQLAlchemy types, so migrations stand alone."""
    from consult.models import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# Key of the PostgreSQL advisory lock taken while migrating (any constant bigint; advisory
# locks are scoped to one database, so other databases on the server are not affected).
MIGRATION_LOCK_KEY = 7_250_414_392_018_113_001


@contextmanager
def migration_lock(connection):
    """Hold the migration lock on `connection` (PostgreSQL only) until the block ends.

    A session-level lock: it outlives the transactions alembic begins and commits, and is taken
    before alembic reads the current revision. Waiting runs block until the holder ends; the
    server releases the lock by itself should the holder's connection die."""
    if connection.dialect.name != "postgresql":
        yield
        return
    key = {"key": MIGRATION_LOCK_KEY}
    if not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), key).scalar():
        logger.info("Another migration is running on this database; waiting for it to end.")
        connection.execute(text("SELECT pg_advisory_lock(:key)"), key)
    # End the transaction the lock query began: alembic must start from a clean connection.
    connection.commit()
    try:
        yield
    finally:
        try:
            if connection.in_transaction():
                connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), key)
            connection.commit()
        except Exception:  # noqa: BLE001 - a lost connection has released the lock already
            logger.warning("Could not release the migration lock", exc_info=True)


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("render_as_batch", True)
    conf_args.setdefault("compare_type", True)
    conf_args.setdefault("render_item", render_item)
    from consult.triage.search import include_name

    conf_args.setdefault("include_name", include_name)

    connectable = target_db.engine
    with connectable.connect() as connection, migration_lock(connection):
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations rebuild a table by copying it and dropping the old one. With
            # foreign keys on, that DROP deletes the rows of every table referencing it
            # (ON DELETE CASCADE). SQLite ignores this pragma inside a transaction, so it is set
            # on the raw connection first, and the keys are checked once the migrations ran.
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"foreign key check failed after migrating: {broken[:5]}")
        finally:
            if sqlite:
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

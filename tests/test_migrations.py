"""Migrations: one head; upgrade head equals the models; up → down → up, on this test database's dialect."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from consult import create_app
from consult.extensions import db
from consult.triage.search import include_name


@pytest.fixture
def empty_database(database_url, tmp_path):
    """A fresh, empty database of the same kind as the test database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"{url.database}_migrations"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def migration_app(app_config, empty_database):
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": empty_database})
    yield app
    with app.app_context():
        db.engine.dispose()


def _script(app) -> ScriptDirectory:
    return ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())


def test_single_head(migration_app):
    with migration_app.app_context():
        assert len(_script(migration_app).get_heads()) == 1


def test_migration_files_are_date_prefixed_and_named(migration_app):
    import re

    with migration_app.app_context():
        for revision in _script(migration_app).walk_revisions():
            name = revision.path.rsplit("/", 1)[-1]
            assert re.match(r"\d{4}-\d{2}-\d{2}_[0-9a-f]+_[a-z0-9_]+\.py$", name), name
            assert revision.doc, f"{name} has a message"


def test_upgrade_head_matches_models(migration_app):
    with migration_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name}
            )
            diff = compare_metadata(context, db.metadata)
        assert diff == []


def test_up_down_up(migration_app):
    with migration_app.app_context():
        upgrade()
        assert "section_versions" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        upgrade()
        assert "section_versions" in inspect(db.engine).get_table_names()

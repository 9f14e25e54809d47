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


def _insert(connection, table: str, **values) -> int:
    """Insert a row giving every NOT NULL column without a server default a plain value."""
    import datetime as dt
    import json

    from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, MetaData, Table

    reflected = Table(table, MetaData(), autoload_with=connection)
    row = {}
    for column in reflected.columns:
        if column.name in values or column.nullable or column.server_default is not None:
            continue
        if column.primary_key:
            continue
        kind = column.type
        if isinstance(kind, Boolean):
            row[column.name] = False
        elif isinstance(kind, Integer):
            row[column.name] = 0
        elif isinstance(kind, DateTime):
            row[column.name] = dt.datetime(2026, 1, 1)
        elif isinstance(kind, Date):
            row[column.name] = dt.date(2026, 1, 1)
        elif isinstance(kind, JSON):
            row[column.name] = json.loads("[]")
        else:
            row[column.name] = "x"
    row.update(values)
    result = connection.execute(reflected.insert().values(**row))
    return result.inserted_primary_key[0]


def test_council_migration_keeps_contributions_and_what_hangs_on_them(migration_app):
    """The council migration rebuilds `contributions` and `groups` on SQLite (new CHECK
    constraints). Rows referencing them (ON DELETE CASCADE) must survive."""
    with migration_app.app_context():
        upgrade(revision="1fa2077c9bb4")
        with db.engine.begin() as connection:
            process = _insert(connection, "processes", slug="lip", original_language="de",
                              languages=["de"], is_public=True)
            group = _insert(connection, "groups", process_id=process, name="Bildung",
                            kind="expert_group")
            contribution = _insert(
                connection, "contributions", kind="statement", process_id=process,
                channel="letter", submitter_type="resident", status="received",
                language="de", language_source="staff", body="Mehr Kurse.", depth=0,
            )
            _insert(connection, "attachments", contribution_id=contribution,
                    storage_name="a" * 32, original_name="brief.pdf",
                    content_type="application/pdf", size=10, sha256="0" * 64)
            _insert(connection, "suggestions", process_id=process, number=1,
                    contribution_id=contribution, passage="Mehr Kurse.", language="de",
                    group_id=group, lock_version=1)
        upgrade()
        with db.engine.connect() as connection:
            counts = {
                table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()  # noqa: S608
                for table in ("contributions", "attachments", "suggestions", "groups")
            }
            assert counts == {"contributions": 1, "attachments": 1, "suggestions": 1, "groups": 1}
            assert connection.execute(
                text("SELECT group_id FROM suggestions")
            ).scalar() == group

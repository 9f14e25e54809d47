"""triage search: full-text index over suggestions

Revision ID: b7d2e4c1f9a0
Revises: 8a280e3a5d41
Create Date: 2026-11-21 11:50:00

PostgreSQL gets a GIN index over the suggestions' words; SQLite an FTS5 table kept in step
by triggers (see consult/triage/search.py).
"""
from alembic import op

from consult.triage import search

# revision identifiers, used by Alembic.
revision = 'b7d2e4c1f9a0'
down_revision = '8a280e3a5d41'
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in search.SQLITE_DDL:
            op.execute(statement)
        op.execute("INSERT INTO suggestions_fts(suggestions_fts) VALUES ('rebuild')")
    elif dialect == "postgresql":
        for statement in search.POSTGRESQL_DDL:
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("suggestions_fts_ai", "suggestions_fts_ad", "suggestions_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for statement in search.SQLITE_DROP:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in search.POSTGRESQL_DROP:
            op.execute(statement)

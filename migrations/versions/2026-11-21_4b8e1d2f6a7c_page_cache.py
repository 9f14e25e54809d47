"""page cache: the shared counter of written transactions

Revision ID: 4b8e1d2f6a7c
Revises: 1a3a9c425538
Create Date: 2026-11-21 18:00:00

Every transaction that writes bumps `content_state.generation` (row 1; row 2 too when it
changes the plan itself); pages and results cached per worker are served only while the
generation they were made at is the current one.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '4b8e1d2f6a7c'
down_revision = '1a3a9c425538'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'content_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('generation', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_state')),
    )
    # 1: every writing transaction; 2: those that change the plan's text or structure.
    op.bulk_insert(table, [{'id': 1, 'generation': 0}, {'id': 2, 'generation': 0}])


def downgrade():
    op.drop_table('content_state')

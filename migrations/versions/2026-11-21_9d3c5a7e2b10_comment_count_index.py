"""comment count index: comments per section of a version, counted from an index

Revision ID: 9d3c5a7e2b10
Revises: 4b8e1d2f6a7c
Create Date: 2026-11-21 19:00:00

The table of contents and the section pages count the visible comments of every section of a
version; with tens of thousands of comments, reading the rows (with their texts) was the
slowest part of those pages. The index holds every column the count needs.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '9d3c5a7e2b10'
down_revision = '4b8e1d2f6a7c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_contributions_version_counts', 'contributions',
        ['version_id', 'kind', 'status', 'section_id', 'hidden_at', 'body_id'],
    )


def downgrade():
    op.drop_index('ix_contributions_version_counts', table_name='contributions')

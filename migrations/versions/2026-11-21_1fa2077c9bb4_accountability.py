"""accountability: final notices and opt-outs

Revision ID: 1fa2077c9bb4
Revises: b7d2e4c1f9a0
Create Date: 2026-11-21 13:15:30

One row per final notice (version, recipient, round) with its status and the suggestions it
lists; one row per recipient who asked not to receive final notices.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '1fa2077c9bb4'
down_revision = 'b7d2e4c1f9a0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notice_opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_key', sa.String(length=260), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_opt_outs')),
    sa.UniqueConstraint('recipient_key', name=op.f('uq_notice_opt_outs_recipient_key'))
    )
    op.create_table('final_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('recipient_key', sa.String(length=260), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name=op.f('ck_final_notices_sent_has_date')),
    sa.CheckConstraint("status <> 'sending' OR claimed_at IS NOT NULL", name=op.f('ck_final_notices_sending_is_claimed')),
    sa.CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'opted_out')", name=op.f('ck_final_notices_status_known')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_final_notices_attempts_not_negative')),
    sa.CheckConstraint('round >= 1', name=op.f('ck_final_notices_round_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_final_notices_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_final_notices_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_final_notices_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_final_notices_version_id_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_final_notices')),
    sa.UniqueConstraint('version_id', 'recipient_key', 'round', name=op.f('uq_final_notices_version_id_recipient_key_round'))
    )
    with op.batch_alter_table('final_notices', schema=None) as batch_op:
        batch_op.create_index('ix_final_notices_process_status', ['process_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_final_notices_user_id'), ['user_id'], unique=False)

    op.create_table('final_notice_suggestions',
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('suggestion_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['final_notices.id'], name=op.f('fk_final_notice_suggestions_notice_id_final_notices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['suggestion_id'], ['suggestions.id'], name=op.f('fk_final_notice_suggestions_suggestion_id_suggestions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('notice_id', 'suggestion_id', name=op.f('pk_final_notice_suggestions'))
    )
    with op.batch_alter_table('final_notice_suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_final_notice_suggestions_suggestion_id'), ['suggestion_id'], unique=False)



def downgrade():
    with op.batch_alter_table('final_notice_suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_final_notice_suggestions_suggestion_id'))

    op.drop_table('final_notice_suggestions')
    with op.batch_alter_table('final_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_final_notices_user_id'))
        batch_op.drop_index('ix_final_notices_process_status')

    op.drop_table('final_notices')
    op.drop_table('notice_opt_outs')

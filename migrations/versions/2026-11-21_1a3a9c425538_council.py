"""council: bodies, internal shares, amendments, votes, reports and milestones

Revision ID: 1a3a9c425538
Revises: 1fa2077c9bb4
Create Date: 2026-11-21 15:40:00

Versions shared with bodies before they are public; amendments with numbered points, their
votes per committee and where adopted points were applied; reports and timeline milestones.
Groups gain the kinds advisory council, committee and council; contributions gain the body
whose non-public thread (or recommendations) they came from, and the channel "body".
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '1a3a9c425538'
down_revision = '1fa2077c9bb4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('amendments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('filed_by', sa.String(length=200), nullable=False),
    sa.Column('filed_by_group_id', sa.Integer(), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("filed_by_group_id IS NOT NULL OR filed_by <> ''", name=op.f('ck_amendments_has_filer')),
    sa.CheckConstraint("number <> ''", name=op.f('ck_amendments_has_number')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_amendments_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['filed_by_group_id'], ['groups.id'], name=op.f('fk_amendments_filed_by_group_id_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_amendments_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_amendments_version_id_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendments')),
    sa.UniqueConstraint('process_id', 'number', name=op.f('uq_amendments_process_id_number'))
    )
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendments_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendments_process_id'), ['process_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendments_version_id'), ['version_id'], unique=False)

    op.create_table('milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("kind IN ('mandate', 'drafting', 'advisory_council', 'forum', 'statements', 'committees', 'adoption', 'other')", name=op.f('ck_milestones_kind_known')),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_milestones_dates_ordered')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_milestones_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_milestones_group_id_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_milestones_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_milestones_version_id_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestones'))
    )
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index('ix_milestones_process_date', ['process_id', 'starts_on', 'position'], unique=False)

    op.create_table('version_shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('comments_open', sa.Boolean(), nullable=False),
    sa.Column('shared_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_version_shares_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shared_by_id'], ['users.id'], name=op.f('fk_version_shares_shared_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_version_shares_version_id_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_shares')),
    sa.UniqueConstraint('version_id', 'group_id', name=op.f('uq_version_shares_version_id_group_id'))
    )
    with op.batch_alter_table('version_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_version_shares_group_id'), ['group_id'], unique=False)

    op.create_table('amendment_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('new_title', sa.String(length=300), nullable=True),
    sa.Column('new_body', sa.Text(), nullable=True),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('base_fingerprint', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(kind = 'delete') = (new_body IS NULL)", name=op.f('ck_amendment_points_text_unless_deletion')),
    sa.CheckConstraint("(status IN ('open', 'referred')) = (decided_on IS NULL)", name=op.f('ck_amendment_points_decided_has_date')),
    sa.CheckConstraint("kind <> 'add_after' OR (new_title IS NOT NULL AND new_title <> '')", name=op.f('ck_amendment_points_addition_has_title')),
    sa.CheckConstraint("kind IN ('replace', 'delete', 'add_after')", name=op.f('ck_amendment_points_kind_known')),
    sa.CheckConstraint("status IN ('open', 'adopted', 'rejected', 'withdrawn', 'referred')", name=op.f('ck_amendment_points_status_known')),
    sa.CheckConstraint('position >= 1', name=op.f('ck_amendment_points_position_positive')),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendments.id'], name=op.f('fk_amendment_points_amendment_id_amendments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_amendment_points_section_id_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment_points')),
    sa.UniqueConstraint('amendment_id', 'position', name=op.f('uq_amendment_points_amendment_id_position'))
    )
    with op.batch_alter_table('amendment_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_points_section_id'), ['section_id'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('original_language', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('published_at IS NULL OR published_on IS NOT NULL', name=op.f('ck_reports_published_has_date')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_reports_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_reports_group_id_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestones.id'], name=op.f('fk_reports_milestone_id_milestones'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_reports_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_milestone_id'), ['milestone_id'], unique=False)
        batch_op.create_index('ix_reports_process_date', ['process_id', 'published_on'], unique=False)

    op.create_table('amendment_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('yes', sa.Integer(), nullable=False),
    sa.Column('no', sa.Integer(), nullable=False),
    sa.Column('abstain', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("result IN ('adopted', 'rejected', 'withdrawn', 'referred')", name=op.f('ck_amendment_votes_result_known')),
    sa.CheckConstraint('yes >= 0 AND no >= 0 AND abstain >= 0', name=op.f('ck_amendment_votes_counts_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_amendment_votes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_amendment_votes_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['point_id'], ['amendment_points.id'], name=op.f('fk_amendment_votes_point_id_amendment_points'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment_votes')),
    sa.UniqueConstraint('point_id', 'group_id', 'held_on', name=op.f('uq_amendment_votes_point_id_group_id_held_on'))
    )
    with op.batch_alter_table('amendment_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_votes_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_votes_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_votes_point_id'), ['point_id'], unique=False)

    op.create_table('point_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('manual', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_point_applications_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['point_id'], ['amendment_points.id'], name=op.f('fk_point_applications_point_id_amendment_points'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_point_applications_section_id_sections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_point_applications_version_id_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_applications')),
    sa.UniqueConstraint('point_id', name=op.f('uq_point_applications_point_id'))
    )
    with op.batch_alter_table('point_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_applications_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_point_applications_section', ['section_id', 'version_id'], unique=False)

    op.create_table('report_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_texts_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_texts')),
    sa.UniqueConstraint('report_id', 'language', name=op.f('uq_report_texts_report_id_language'))
    )
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_contributions_body_id'), ['body_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_contributions_body_id_groups'), 'groups', ['body_id'], ['id'], ondelete='SET NULL')

    _checks(roles="role IN ('staff', 'external_expert', 'youth_delegate', 'chair', 'member')", groups="kind IN ('expert_group', 'steering_group', 'advisory_council', 'committee', 'council', 'other')", contributions="channel IN ('online', 'email', 'letter', 'in_person', 'forum', 'advisory_council', 'committee', 'body')")



def downgrade():
    op.execute("DELETE FROM contributions WHERE channel = 'body'")
    op.execute("DELETE FROM groups WHERE kind IN ('advisory_council', 'committee', 'council')")
    op.execute("UPDATE group_members SET role = 'staff' WHERE role = 'member'")
    _checks(roles="role IN ('staff', 'external_expert', 'youth_delegate', 'chair')", groups="kind IN ('expert_group', 'steering_group', 'other')", contributions="channel IN ('online', 'email', 'letter', 'in_person', 'forum', 'advisory_council', 'committee')")
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contributions_body_id_groups'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_contributions_body_id'))
        batch_op.drop_column('body_id')

    op.drop_table('report_texts')
    with op.batch_alter_table('point_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_point_applications_section')
        batch_op.drop_index(batch_op.f('ix_point_applications_created_by_id'))

    op.drop_table('point_applications')
    with op.batch_alter_table('amendment_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_votes_point_id'))
        batch_op.drop_index(batch_op.f('ix_amendment_votes_group_id'))
        batch_op.drop_index(batch_op.f('ix_amendment_votes_created_by_id'))

    op.drop_table('amendment_votes')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_process_date')
        batch_op.drop_index(batch_op.f('ix_reports_milestone_id'))
        batch_op.drop_index(batch_op.f('ix_reports_group_id'))
        batch_op.drop_index(batch_op.f('ix_reports_created_by_id'))

    op.drop_table('reports')
    with op.batch_alter_table('amendment_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_points_section_id'))

    op.drop_table('amendment_points')
    with op.batch_alter_table('version_shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_version_shares_group_id'))

    op.drop_table('version_shares')
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_index('ix_milestones_process_date')

    op.drop_table('milestones')
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendments_version_id'))
        batch_op.drop_index(batch_op.f('ix_amendments_process_id'))
        batch_op.drop_index(batch_op.f('ix_amendments_created_by_id'))

    op.drop_table('amendments')


def _checks(*, roles: str, groups: str, contributions: str) -> None:
    """Replace the CHECK constraints that keep group kinds, member roles and contribution
    channels known."""
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_group_members_role_known'), type_='check')
        batch_op.create_check_constraint('role_known', sa.text(roles))
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_groups_kind_known'), type_='check')
        batch_op.create_check_constraint('kind_known', sa.text(groups))
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_contributions_channel_known'), type_='check')
        batch_op.create_check_constraint('channel_known', sa.text(contributions))

"""plans: plans, sections, activities, indicators, initiative groups, comments, proposals,
frozen versions, stage changes, hearings and council decisions (issue 3)

Revision ID: 0002_plans
Revises: 0001_foundation
Create Date: 2026-11-22 16:09:49.717164

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_plans'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('year_from', sa.Integer(), nullable=False),
    sa.Column('year_to', sa.Integer(), nullable=False),
    sa.Column('sedp_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('is_amendment', sa.Boolean(), nullable=False),
    sa.Column('approved_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('sedp', 'jap')", name=op.f('ck_plans_kind')),
    sa.CheckConstraint("stage IN ('draft', 'discussion', 'submitted', 'approved', 'implementation', 'completed')", name=op.f('ck_plans_stage')),
    sa.CheckConstraint('year_to >= year_from', name=op.f('ck_plans_period')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plans_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_plans_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sedp_id'], ['plans.id'], name=op.f('fk_plans_sedp_id_plans'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans'))
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('initiative_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('gathering_date', sa.Date(), nullable=True),
    sa.Column('gathering_place', sa.String(length=300), nullable=False),
    sa.Column('gathering_note', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_initiative_groups_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative_groups'))
    )
    with op.batch_alter_table('initiative_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_groups_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('total', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('presented', 'submitted', 'approved', 'returned')", name=op.f('ck_plan_versions_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plan_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_versions_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_versions')),
    sa.UniqueConstraint('plan_id', 'number', name=op.f('uq_plan_versions_plan_id_number'))
    )
    with op.batch_alter_table('plan_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_versions_plan_id'), ['plan_id'], unique=False)

    # plans.approved_version_id -> plan_versions: added once both tables exist (a cycle)
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_plans_approved_version_id_plan_versions'), 'plan_versions',
                                    ['approved_version_id'], ['id'], ondelete='SET NULL')

    op.create_table('council_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('votes_abstained', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('remarks', sa.String(length=2000), nullable=False),
    sa.Column('document_path', sa.String(length=200), nullable=True),
    sa.Column('document_name', sa.String(length=200), nullable=True),
    sa.Column('document_type', sa.String(length=40), nullable=True),
    sa.Column('document_size', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("outcome IN ('approved', 'returned')", name=op.f('ck_council_decisions_outcome')),
    sa.CheckConstraint('votes_for >= 0 AND votes_against >= 0 AND votes_abstained >= 0', name=op.f('ck_council_decisions_votes')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_council_decisions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_council_decisions_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], name=op.f('fk_council_decisions_version_id_plan_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_decisions'))
    )
    with op.batch_alter_table('council_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_decisions_plan_id'), ['plan_id'], unique=False)

    op.create_table('group_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("sex IN ('f', 'm')", name=op.f('ck_group_members_sex')),
    sa.ForeignKeyConstraint(['group_id'], ['initiative_groups.id'], name=op.f('fk_group_members_group_id_initiative_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_group_members_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_members'))
    )
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_members_group_id'), ['group_id'], unique=False)

    op.create_table('plan_hearings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('women', sa.Integer(), nullable=False),
    sa.Column('men', sa.Integer(), nullable=False),
    sa.Column('age_18_29', sa.Integer(), nullable=True),
    sa.Column('age_30_44', sa.Integer(), nullable=True),
    sa.Column('age_45_59', sa.Integer(), nullable=True),
    sa.Column('age_60_plus', sa.Integer(), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('women >= 0 AND men >= 0', name=op.f('ck_plan_hearings_attendance')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plan_hearings_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_hearings_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], name=op.f('fk_plan_hearings_version_id_plan_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_hearings'))
    )
    with op.batch_alter_table('plan_hearings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_hearings_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['initiative_groups.id'], name=op.f('fk_plan_sections_group_id_initiative_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_sections_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_sections'))
    )
    with op.batch_alter_table('plan_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_sections_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_stage_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.String(length=20), nullable=True),
    sa.Column('to_stage', sa.String(length=20), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_plan_stage_changes_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_stage_changes_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], name=op.f('fk_plan_stage_changes_version_id_plan_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_stage_changes'))
    )
    with op.batch_alter_table('plan_stage_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_stage_changes_plan_id'), ['plan_id'], unique=False)

    op.create_table('activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('problem', sa.String(length=2000), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=False),
    sa.Column('responsible', sa.String(length=300), nullable=False),
    sa.Column('partners', sa.String(length=300), nullable=False),
    sa.Column('start_month', sa.Date(), nullable=True),
    sa.Column('end_month', sa.Date(), nullable=True),
    sa.Column('expected_result', sa.String(length=2000), nullable=False),
    sa.Column('fund_local', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('fund_republican', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('fund_community_cash', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('fund_community_kind', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('fund_donor', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('fund_private', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('end_month >= start_month', name=op.f('ck_activities_months')),
    sa.CheckConstraint('fund_community_cash >= 0', name=op.f('ck_activities_fund_community_cash')),
    sa.CheckConstraint('fund_community_kind >= 0', name=op.f('ck_activities_fund_community_kind')),
    sa.CheckConstraint('fund_donor >= 0', name=op.f('ck_activities_fund_donor')),
    sa.CheckConstraint('fund_local >= 0', name=op.f('ck_activities_fund_local')),
    sa.CheckConstraint('fund_private >= 0', name=op.f('ck_activities_fund_private')),
    sa.CheckConstraint('fund_republican >= 0', name=op.f('ck_activities_fund_republican')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_activities_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['plan_sections.id'], name=op.f('fk_activities_section_id_plan_sections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_activities_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activities_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_section_id'), ['section_id'], unique=False)

    op.create_table('activity_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('is_review', sa.Boolean(), nullable=False),
    sa.Column('body', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_comments_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_activity_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_activity_comments_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], name=op.f('fk_activity_comments_version_id_plan_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_comments'))
    )
    with op.batch_alter_table('activity_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_comments_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_comments_plan_id'), ['plan_id'], unique=False)

    op.create_table('activity_villages',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_villages_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_activity_villages_village_id_villages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', 'village_id', name=op.f('pk_activity_villages'))
    )
    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('baseline', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('target', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_indicators_activity_id_activities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_activity_id'), ['activity_id'], unique=False)

    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=2000), nullable=False),
    sa.Column('reason', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('answer', sa.String(length=2000), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('applied_activity_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('new', 'change')", name=op.f('ck_proposals_kind')),
    sa.CheckConstraint("status IN ('open', 'accepted', 'merged', 'declined')", name=op.f('ck_proposals_status')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_proposals_activity_id_activities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_proposals_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['applied_activity_id'], ['activities.id'], name=op.f('fk_proposals_applied_activity_id_activities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_proposals_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['activities.id'], name=op.f('fk_proposals_merged_into_id_activities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_proposals_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['plan_sections.id'], name=op.f('fk_proposals_section_id_plan_sections'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_plan_id'), ['plan_id'], unique=False)



def downgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plans_approved_version_id_plan_versions'), type_='foreignkey')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_plan_id'))

    op.drop_table('proposals')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_activity_id'))

    op.drop_table('indicators')
    op.drop_table('activity_villages')
    with op.batch_alter_table('activity_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_comments_plan_id'))
        batch_op.drop_index(batch_op.f('ix_activity_comments_activity_id'))

    op.drop_table('activity_comments')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activities_section_id'))
        batch_op.drop_index(batch_op.f('ix_activities_plan_id'))

    op.drop_table('activities')
    with op.batch_alter_table('plan_stage_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_stage_changes_plan_id'))

    op.drop_table('plan_stage_changes')
    with op.batch_alter_table('plan_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_sections_plan_id'))

    op.drop_table('plan_sections')
    with op.batch_alter_table('plan_hearings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_hearings_plan_id'))

    op.drop_table('plan_hearings')
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_members_group_id'))

    op.drop_table('group_members')
    with op.batch_alter_table('council_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_decisions_plan_id'))

    op.drop_table('council_decisions')
    with op.batch_alter_table('plan_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_versions_plan_id'))

    op.drop_table('plan_versions')
    with op.batch_alter_table('initiative_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_groups_plan_id'))

    op.drop_table('initiative_groups')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_municipality_id'))

    op.drop_table('plans')

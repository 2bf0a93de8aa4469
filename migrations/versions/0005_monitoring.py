"""joint monitoring: groups, monitoring plans, reports, expenses, indicator values, photos, spending imports

Revision ID: 0005_monitoring
Revises: 0002_plans
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_monitoring'
down_revision = '0004_voting'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monitoring_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('formed_on', sa.Date(), nullable=True),
    sa.Column('approved_at', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_monitoring_groups_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_monitoring_groups_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_groups'))
    )
    with op.batch_alter_table('monitoring_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_groups_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_groups_plan_id'), ['plan_id'], unique=False)

    op.create_table('monitoring_spending_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('total', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_monitoring_spending_imports_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_monitoring_spending_imports_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_monitoring_spending_imports_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_spending_imports'))
    )
    with op.batch_alter_table('monitoring_spending_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_spending_imports_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_spending_imports_plan_id'), ['plan_id'], unique=False)

    op.create_table('monitoring_group_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('resident', 'deputy', 'staff', 'other')", name=op.f('ck_monitoring_group_members_kind')),
    sa.CheckConstraint("sex IN ('f', 'm')", name=op.f('ck_monitoring_group_members_sex')),
    sa.ForeignKeyConstraint(['group_id'], ['monitoring_groups.id'], name=op.f('fk_monitoring_group_members_group_id_monitoring_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_monitoring_group_members_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_group_members'))
    )
    with op.batch_alter_table('monitoring_group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_group_members_group_id'), ['group_id'], unique=False)

    op.create_table('monitoring_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_monitoring_plans_year')),
    sa.ForeignKeyConstraint(['group_id'], ['monitoring_groups.id'], name=op.f('fk_monitoring_plans_group_id_monitoring_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_plans')),
    sa.UniqueConstraint('group_id', 'year', name=op.f('uq_monitoring_plans_group_id_year'))
    )
    with op.batch_alter_table('monitoring_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_plans_group_id'), ['group_id'], unique=False)

    op.create_table('monitoring_plan_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('monitoring_plan_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("frequency IN ('monthly', 'quarterly', 'twice_a_year', 'yearly')", name=op.f('ck_monitoring_plan_items_frequency')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_monitoring_plan_items_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['monitoring_plan_id'], ['monitoring_plans.id'], name=op.f('fk_monitoring_plan_items_monitoring_plan_id_monitoring_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visitor_id'], ['monitoring_group_members.id'], name=op.f('fk_monitoring_plan_items_visitor_id_monitoring_group_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_plan_items')),
    sa.UniqueConstraint('monitoring_plan_id', 'activity_id', name=op.f('uq_monitoring_plan_items_monitoring_plan_id_activity_id'))
    )
    with op.batch_alter_table('monitoring_plan_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_plan_items_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_plan_items_monitoring_plan_id'), ['monitoring_plan_id'], unique=False)

    op.create_table('monitoring_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('period_year', sa.Integer(), nullable=False),
    sa.Column('period_kind', sa.String(length=10), nullable=False),
    sa.Column('period_number', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('recommendations', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('return_reason', sa.String(length=1000), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("(period_kind = 'month' AND period_number BETWEEN 1 AND 12) OR (period_kind = 'quarter' AND period_number BETWEEN 1 AND 4)", name=op.f('ck_monitoring_reports_period_number')),
    sa.CheckConstraint("period_kind IN ('month', 'quarter')", name=op.f('ck_monitoring_reports_period_kind')),
    sa.CheckConstraint("state IN ('draft', 'approved', 'returned')", name=op.f('ck_monitoring_reports_state')),
    sa.CheckConstraint("status IN ('not_started', 'on_track', 'delayed', 'done', 'cancelled')", name=op.f('ck_monitoring_reports_status')),
    sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_monitoring_reports_progress')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_monitoring_reports_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['corrects_id'], ['monitoring_reports.id'], name=op.f('fk_monitoring_reports_corrects_id_monitoring_reports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_monitoring_reports_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_monitoring_reports_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['monitoring_groups.id'], name=op.f('fk_monitoring_reports_group_id_monitoring_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_monitoring_reports_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_monitoring_reports_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_reports'))
    )
    with op.batch_alter_table('monitoring_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_reports_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_reports_corrects_id'), ['corrects_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_reports_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_reports_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_reports_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_reports_state'), ['state'], unique=False)

    op.create_table('monitoring_expenses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.CheckConstraint("source IN ('local', 'republican', 'community_cash', 'community_kind', 'donor', 'private')", name=op.f('ck_monitoring_expenses_source')),
    sa.CheckConstraint('(report_id IS NULL) <> (import_id IS NULL)', name=op.f('ck_monitoring_expenses_origin')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_monitoring_expenses_amount')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_monitoring_expenses_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_id'], ['monitoring_spending_imports.id'], name=op.f('fk_monitoring_expenses_import_id_monitoring_spending_imports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_monitoring_expenses_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['monitoring_reports.id'], name=op.f('fk_monitoring_expenses_report_id_monitoring_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_expenses'))
    )
    with op.batch_alter_table('monitoring_expenses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_expenses_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_expenses_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_expenses_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_expenses_report_id'), ['report_id'], unique=False)

    op.create_table('monitoring_indicator_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_monitoring_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['monitoring_reports.id'], name=op.f('fk_monitoring_indicator_values_report_id_monitoring_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_indicator_values')),
    sa.UniqueConstraint('report_id', 'indicator_id', name=op.f('uq_monitoring_indicator_values_report_id_indicator_id'))
    )
    with op.batch_alter_table('monitoring_indicator_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_indicator_values_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_indicator_values_report_id'), ['report_id'], unique=False)

    op.create_table('monitoring_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('caption', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=20), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('has_location', sa.Boolean(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('thumb', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['monitoring_reports.id'], name=op.f('fk_monitoring_photos_report_id_monitoring_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_photos'))
    )
    with op.batch_alter_table('monitoring_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_photos_report_id'), ['report_id'], unique=False)

    op.create_table('monitoring_report_members',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['monitoring_group_members.id'], name=op.f('fk_monitoring_report_members_member_id_monitoring_group_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['monitoring_reports.id'], name=op.f('fk_monitoring_report_members_report_id_monitoring_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', 'member_id', name=op.f('pk_monitoring_report_members'))
    )


def downgrade():
    op.drop_table('monitoring_report_members')

    with op.batch_alter_table('monitoring_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_photos_report_id'))

    op.drop_table('monitoring_photos')

    with op.batch_alter_table('monitoring_indicator_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_indicator_values_report_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_indicator_values_indicator_id'))

    op.drop_table('monitoring_indicator_values')

    with op.batch_alter_table('monitoring_expenses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_expenses_report_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_expenses_plan_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_expenses_import_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_expenses_activity_id'))

    op.drop_table('monitoring_expenses')

    with op.batch_alter_table('monitoring_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_reports_state'))
        batch_op.drop_index(batch_op.f('ix_monitoring_reports_plan_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_reports_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_reports_group_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_reports_corrects_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_reports_activity_id'))

    op.drop_table('monitoring_reports')

    with op.batch_alter_table('monitoring_plan_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_plan_items_monitoring_plan_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_plan_items_activity_id'))

    op.drop_table('monitoring_plan_items')

    with op.batch_alter_table('monitoring_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_plans_group_id'))

    op.drop_table('monitoring_plans')

    with op.batch_alter_table('monitoring_group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_group_members_group_id'))

    op.drop_table('monitoring_group_members')

    with op.batch_alter_table('monitoring_spending_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_spending_imports_plan_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_spending_imports_municipality_id'))

    op.drop_table('monitoring_spending_imports')

    with op.batch_alter_table('monitoring_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_groups_plan_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_groups_municipality_id'))

    op.drop_table('monitoring_groups')

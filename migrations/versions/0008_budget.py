"""budget: a year of revenue and expenditure lines, their revisions and monthly plan and actual

Revision ID: 0008_budget
Revises: 0007_data_version
Create Date: 2026-12-02 04:32:16.549142

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_budget'
down_revision = '0007_data_version'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('budget_years',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('scale', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decision', sa.String(length=200), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("scale IN ('units', 'thousands')", name=op.f('ck_budget_years_scale')),
    sa.CheckConstraint("status IN ('draft', 'adopted')", name=op.f('ck_budget_years_status')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_budget_years_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_years')),
    sa.UniqueConstraint('municipality_id', 'year', name='uq_budget_year')
    )
    with op.batch_alter_table('budget_years', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_years_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('budget_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('fund', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_group', sa.Boolean(), nullable=False),
    sa.Column('approved', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.CheckConstraint("fund IN ('administrative', 'capital')", name=op.f('ck_budget_lines_fund')),
    sa.CheckConstraint("kind IN ('revenue', 'expense')", name=op.f('ck_budget_lines_kind')),
    sa.ForeignKeyConstraint(['budget_id'], ['budget_years.id'], name=op.f('fk_budget_lines_budget_id_budget_years'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['budget_lines.id'], name=op.f('fk_budget_lines_parent_id_budget_lines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_lines')),
    sa.UniqueConstraint('budget_id', 'code', name='uq_budget_line_code')
    )
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_lines_budget_id'), ['budget_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_lines_parent_id'), ['parent_id'], unique=False)

    op.create_table('budget_months',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('plan', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('actual', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_budget_months_month')),
    sa.ForeignKeyConstraint(['line_id'], ['budget_lines.id'], name=op.f('fk_budget_months_line_id_budget_lines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_months')),
    sa.UniqueConstraint('line_id', 'month', name='uq_budget_month')
    )
    with op.batch_alter_table('budget_months', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_months_line_id'), ['line_id'], unique=False)

    op.create_table('budget_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('decision', sa.String(length=200), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_budget_revisions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['line_id'], ['budget_lines.id'], name=op.f('fk_budget_revisions_line_id_budget_lines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_revisions'))
    )
    with op.batch_alter_table('budget_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_revisions_line_id'), ['line_id'], unique=False)
    op.create_table('budget_line_activities',
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_budget_line_activities_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['line_id'], ['budget_lines.id'], name=op.f('fk_budget_line_activities_line_id_budget_lines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('line_id', 'activity_id', name=op.f('pk_budget_line_activities'))
    )
    with op.batch_alter_table('budget_line_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_line_activities_activity_id'), ['activity_id'], unique=False)


def downgrade():
    with op.batch_alter_table('budget_line_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_line_activities_activity_id'))

    op.drop_table('budget_line_activities')
    with op.batch_alter_table('budget_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_revisions_line_id'))

    op.drop_table('budget_revisions')
    with op.batch_alter_table('budget_months', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_months_line_id'))

    op.drop_table('budget_months')
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_lines_parent_id'))
        batch_op.drop_index(batch_op.f('ix_budget_lines_budget_id'))

    op.drop_table('budget_lines')
    with op.batch_alter_table('budget_years', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_years_municipality_id'))

    op.drop_table('budget_years')

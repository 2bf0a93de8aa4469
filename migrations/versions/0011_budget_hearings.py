"""budget hearings: the draft budget presented at a recorded hearing, residents' proposals and answers

Revision ID: 0011_budget_hearings
Revises: 0010_workshops
Create Date: 2026-12-02 05:16:36.760887

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_budget_hearings'
down_revision = '0010_workshops'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('budget_hearings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('presented', sa.String(length=4000), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['budget_id'], ['budget_years.id'], name=op.f('fk_budget_hearings_budget_id_budget_years'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_budget_hearings_meeting_id_meetings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_hearings'))
    )
    with op.batch_alter_table('budget_hearings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_hearings_budget_id'), ['budget_id'], unique=False)

    op.create_table('budget_hearing_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hearing_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=2000), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('line_id', sa.Integer(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('answer', sa.String(length=2000), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'accepted', 'declined')", name=op.f('ck_budget_hearing_proposals_status')),
    sa.ForeignKeyConstraint(['hearing_id'], ['budget_hearings.id'], name=op.f('fk_budget_hearing_proposals_hearing_id_budget_hearings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['line_id'], ['budget_lines.id'], name=op.f('fk_budget_hearing_proposals_line_id_budget_lines'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_budget_hearing_proposals_village_id_villages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_hearing_proposals'))
    )
    with op.batch_alter_table('budget_hearing_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_hearing_proposals_hearing_id'), ['hearing_id'], unique=False)



def downgrade():
    with op.batch_alter_table('budget_hearing_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_hearing_proposals_hearing_id'))

    op.drop_table('budget_hearing_proposals')
    with op.batch_alter_table('budget_hearings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_hearings_budget_id'))

    op.drop_table('budget_hearings')

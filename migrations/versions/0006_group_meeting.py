"""monitoring group approved at a recorded meeting

Revision ID: 0006_group_meeting
Revises: 0005_monitoring
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_group_meeting'
down_revision = '0005_monitoring'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('monitoring_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_monitoring_groups_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_monitoring_groups_meeting_id_meetings'), 'meetings', ['meeting_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('monitoring_groups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_monitoring_groups_meeting_id_meetings'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_monitoring_groups_meeting_id'))
        batch_op.drop_column('meeting_id')

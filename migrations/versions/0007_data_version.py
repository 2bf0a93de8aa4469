"""data version: one counter that every commit with changes bumps

Revision ID: 0007_data_version
Revises: 0006_group_meeting
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_data_version'
down_revision = '0006_group_meeting'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    op.execute("INSERT INTO data_version (id, value) VALUES (1, 1)")


def downgrade():
    op.drop_table('data_version')

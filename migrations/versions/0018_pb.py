"""pb_votes: the voter's sex and age band on each mixed budgeting paper, as on ballot_votes

Revision ID: 0018_pb
Revises: 0017_surveys
Create Date: 2026-12-02 17:35:00

Online budgeting papers carry the voter's profile (village, sex, age band) from the sealed
vote to the mixed row, so the .pb export can write sex and age for groups large enough
(budgeting/exchange.py). Rows mixed before stay without them (blank in the export).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0018_pb"
down_revision = "0017_surveys"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pb_votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sex", sa.String(length=1), nullable=True))
        batch_op.add_column(sa.Column("age_band", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("pb_votes", schema=None) as batch_op:
        batch_op.drop_column("age_band")
        batch_op.drop_column("sex")

"""participatory budgeting: the voter's sex and age band on pb_votes; corrections of confirmed paper batches

Revision ID: 0018_pb
Revises: 0017_surveys
Create Date: 2026-12-02 17:35:00

Online budgeting papers carry the voter's profile (village, sex, age band) from the sealed
vote to the mixed row, so the .pb export can write sex and age for groups large enough
(budgeting/exchange.py). Rows mixed before stay without them (blank in the export).

A confirmed batch of paper budgeting ballots is corrected by a new batch that starts as its
copy (``corrects_id``, with the ``reason`` staff gave; budgeting/corrections.py); the old
one stops counting (``superseded_at``) when a second person confirms the correction.
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
    with op.batch_alter_table("pb_paper_batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.String(length=1000), server_default="", nullable=False))
        batch_op.add_column(sa.Column("superseded_at", sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint("uq_pb_paper_batches_corrects_id", ["corrects_id"])
        batch_op.create_foreign_key("fk_pb_paper_batches_corrects_id_pb_paper_batches", "pb_paper_batches",
                                    ["corrects_id"], ["id"], ondelete="CASCADE")


def downgrade():
    with op.batch_alter_table("pb_paper_batches", schema=None) as batch_op:
        batch_op.drop_constraint("fk_pb_paper_batches_corrects_id_pb_paper_batches", type_="foreignkey")
        batch_op.drop_constraint("uq_pb_paper_batches_corrects_id", type_="unique")
        batch_op.drop_column("superseded_at")
        batch_op.drop_column("reason")
        batch_op.drop_column("corrects_id")
    with op.batch_alter_table("pb_votes", schema=None) as batch_op:
        batch_op.drop_column("age_band")
        batch_op.drop_column("sex")

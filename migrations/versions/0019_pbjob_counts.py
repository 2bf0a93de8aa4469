"""participatory budgeting: results counted by a background job, stored per ballot and version

Revision ID: 0019_pbjob
Revises: 0018_pb
Create Date: 2026-12-03 07:10:00

A budgeting ballot's results are counted by a job queued after every change of the ballot
(budgeting/counts.py) and stored in ``pb_counts`` with the ballot version they are of; the
results page shows the stored count and says when it is out of date (budgeting/results.py).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0019_pbjob"
down_revision = "0018_pb"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pb_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("counted_at", sa.DateTime(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("queued_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["ballot_id"], ["pb_ballots.id"], name=op.f("fk_pb_counts_ballot_id_pb_ballots"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_counts")),
        sa.UniqueConstraint("ballot_id", name=op.f("uq_pb_counts_ballot_id")),
    )


def downgrade():
    op.drop_table("pb_counts")

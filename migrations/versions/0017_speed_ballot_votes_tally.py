"""ballot_votes: the covering index that counting reads instead of the table (ix_ballot_votes_tally)

Revision ID: 0017_speed
Revises: 0016_pb
Create Date: 2026-12-02 10:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0017_speed"
down_revision = "0017_notify"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ballot_votes", schema=None) as batch_op:
        batch_op.create_index("ix_ballot_votes_tally",
                              ["ballot_id", "option_id", "value", "village_id", "sex", "age_band"], unique=False)


def downgrade():
    with op.batch_alter_table("ballot_votes", schema=None) as batch_op:
        batch_op.drop_index("ix_ballot_votes_tally")

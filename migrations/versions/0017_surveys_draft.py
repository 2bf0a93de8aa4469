"""surveys.published_at: a new survey is a draft until published; the surveys that exist are published

Revision ID: 0017_surveys
Revises: 0016_pb
Create Date: 2026-12-02 10:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_surveys'
down_revision = '0017_speed'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_at', sa.DateTime(), nullable=True))
    # Every survey made before drafts existed was live: it stays so, published when it was made.
    surveys = sa.table('surveys', sa.column('created_at', sa.DateTime()), sa.column('published_at', sa.DateTime()))
    op.execute(surveys.update().values(published_at=surveys.c.created_at))


def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('published_at')

"""plans: the public discussion's end date

Revision ID: 0015_plansui
Revises: 0014_practice
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_plansui'
down_revision = '0014_practice'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plans') as batch_op:
        batch_op.add_column(sa.Column('discussion_ends_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('plans') as batch_op:
        batch_op.drop_column('discussion_ends_on')

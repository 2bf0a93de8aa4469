"""paper protocols: versions, corrections kept in a history, optimistic locking; residents
from the municipality's list without an e-mail address (users.email nullable, birth_year)

Revision ID: 0009_paper
Revises: 0008_budget
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_paper'
down_revision = "0008_budget"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('birth_year', sa.Integer(), nullable=True))
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=True)
    with op.batch_alter_table('paper_tallies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('lock_version', sa.Integer(), server_default='1', nullable=False))
    op.create_table('paper_tally_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tally_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('issued', sa.Integer(), nullable=False),
    sa.Column('valid', sa.Integer(), nullable=False),
    sa.Column('invalid', sa.Integer(), nullable=False),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('replaced_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_paper_tally_versions_confirmed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_paper_tally_versions_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['users.id'], name=op.f('fk_paper_tally_versions_replaced_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tally_id'], ['paper_tallies.id'], name=op.f('fk_paper_tally_versions_tally_id_paper_tallies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_tally_versions')),
    sa.UniqueConstraint('tally_id', 'version', name=op.f('uq_paper_tally_versions_tally_id_version'))
    )
    with op.batch_alter_table('paper_tally_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_tally_versions_tally_id'), ['tally_id'], unique=False)


def downgrade():
    with op.batch_alter_table('paper_tally_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_tally_versions_tally_id'))
    op.drop_table('paper_tally_versions')
    with op.batch_alter_table('paper_tallies', schema=None) as batch_op:
        batch_op.drop_column('lock_version')
        batch_op.drop_column('version')
    # Residents without an e-mail address cannot be kept under NOT NULL: they go (with their
    # memberships and paper participations, by the foreign keys' CASCADE).
    op.execute("DELETE FROM users WHERE email IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=False)
        batch_op.drop_column('birth_year')

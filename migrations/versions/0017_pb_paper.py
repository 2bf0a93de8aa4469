"""paper budgeting ballots: pb_paper_batches (a polling place's papers with their reconciliation, confirmed by a second person), pb_paper_ballots and pb_paper_choices (each paper as marked, valid or why not); pb_participations.channel and marked_by_id (residents marked as having voted on paper)

Revision ID: 0017_pb_paper
Revises: 0016_pb
Create Date: 2026-12-02 09:46:33.953117

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_pb_paper'
down_revision = '0017_residents'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pb_paper_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('issued', sa.Integer(), nullable=False),
    sa.Column('spoiled', sa.Integer(), nullable=False),
    sa.Column('unused', sa.Integer(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.CheckConstraint('confirmed_by_id IS NULL OR confirmed_by_id <> entered_by_id', name=op.f('ck_pb_paper_batches_second_person')),
    sa.CheckConstraint('issued >= 0 AND spoiled >= 0 AND unused >= 0', name=op.f('ck_pb_paper_batches_non_negative')),
    sa.ForeignKeyConstraint(['ballot_id'], ['pb_ballots.id'], name=op.f('fk_pb_paper_batches_ballot_id_pb_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_pb_paper_batches_confirmed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_pb_paper_batches_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_pb_paper_batches_village_id_villages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pb_paper_batches')),
    sa.UniqueConstraint('ballot_id', 'village_id', 'number', name=op.f('uq_pb_paper_batches_ballot_id_village_id_number'))
    )
    with op.batch_alter_table('pb_paper_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pb_paper_batches_ballot_id'), ['ballot_id'], unique=False)

    op.create_table('pb_paper_ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('problem', sa.String(length=20), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ballot_id'], ['pb_ballots.id'], name=op.f('fk_pb_paper_ballots_ballot_id_pb_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['batch_id'], ['pb_paper_batches.id'], name=op.f('fk_pb_paper_ballots_batch_id_pb_paper_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_pb_paper_ballots_entered_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pb_paper_ballots')),
    sa.UniqueConstraint('batch_id', 'number', name=op.f('uq_pb_paper_ballots_batch_id_number'))
    )
    with op.batch_alter_table('pb_paper_ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pb_paper_ballots_ballot_id'), ['ballot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pb_paper_ballots_batch_id'), ['batch_id'], unique=False)

    op.create_table('pb_paper_choices',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.CheckConstraint('value >= 1', name=op.f('ck_pb_paper_choices_value')),
    sa.ForeignKeyConstraint(['ballot_id', 'project_id'], ['pb_projects.ballot_id', 'pb_projects.id'], name='fk_pb_paper_choices_ballot_project', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ballot_id'], ['pb_ballots.id'], name=op.f('fk_pb_paper_choices_ballot_id_pb_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['pb_paper_ballots.id'], name=op.f('fk_pb_paper_choices_paper_id_pb_paper_ballots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'project_id', name=op.f('pk_pb_paper_choices'))
    )
    with op.batch_alter_table('pb_participations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=6), server_default='online', nullable=False))
        batch_op.add_column(sa.Column('marked_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_pb_participations_marked_by_id_users'), 'users', ['marked_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_pb_participations_channel'), "channel IN ('online', 'paper')")



def downgrade():
    with op.batch_alter_table('pb_participations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_pb_participations_channel'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_pb_participations_marked_by_id_users'), type_='foreignkey')
        batch_op.drop_column('marked_by_id')
        batch_op.drop_column('channel')

    op.drop_table('pb_paper_choices')
    with op.batch_alter_table('pb_paper_ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pb_paper_ballots_batch_id'))
        batch_op.drop_index(batch_op.f('ix_pb_paper_ballots_ballot_id'))

    op.drop_table('pb_paper_ballots')
    with op.batch_alter_table('pb_paper_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pb_paper_batches_ballot_id'))

    op.drop_table('pb_paper_batches')

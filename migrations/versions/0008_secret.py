"""secret ballot: sealed votes and answers wait apart until they are mixed

Revision ID: 0008_secret
Revises: 0007_data_version
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_secret'
down_revision = '0007_data_version'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ballot_sealed_votes',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=32), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_sealed_votes_ballot_id_ballots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_sealed_votes')),
    sa.UniqueConstraint('ballot_id', 'tag', name=op.f('uq_ballot_sealed_votes_ballot_id_tag'))
    )
    op.create_table('survey_sealed_responses',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('key_tag', sa.String(length=32), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_sealed_responses_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_sealed_responses')),
    sa.UniqueConstraint('key_tag', name=op.f('uq_survey_sealed_responses_key_tag'))
    )


def downgrade():
    op.drop_table('survey_sealed_responses')
    op.drop_table('ballot_sealed_votes')

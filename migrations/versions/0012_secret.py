"""secret ballot: sealed votes and answers wait apart until they are mixed

Revision ID: 0012_secret
Revises: 0011_budget_hearings
Create Date: 2026-12-02

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_secret'
down_revision = '0011_budget_hearings'
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
    # Votes and residents-only answers stored before this revision were written in their
    # voter's transaction, so their ids and row order follow the participations: write them
    # again, each ballot's and survey's in a shuffled order (docs/threat-model.md).
    _reshuffle_votes(op.get_bind())
    _reshuffle_responses(op.get_bind())


VOTE_COLUMNS = ("ballot_id", "receipt", "option_id", "value", "village_id", "sex", "age_band")
votes = sa.table("ballot_votes", sa.column("id", sa.Integer), *(sa.column(c) for c in VOTE_COLUMNS))
RESPONSE_COLUMNS = ("survey_id", "submission_key", "channel", "submitted_on", "sex", "age_band", "village_id")
responses = sa.table("survey_responses", sa.column("id", sa.Integer), *(sa.column(c) for c in RESPONSE_COLUMNS))
ANSWER_COLUMNS = ("question_id", "choice_id", "rank", "value", "text")
answers = sa.table("survey_answers", sa.column("id", sa.Integer), sa.column("response_id", sa.Integer),
                   *(sa.column(c) for c in ANSWER_COLUMNS))
surveys = sa.table("surveys", sa.column("id", sa.Integer), sa.column("access"))


def _shuffled(items):
    items = list(items)
    secrets.SystemRandom().shuffle(items)
    return items


def _reshuffle_votes(bind):
    papers = {}
    for row in bind.execute(sa.select(*(votes.c[c] for c in VOTE_COLUMNS))).mappings():
        papers.setdefault((row["ballot_id"], row["receipt"]), []).append(dict(row))
    if not papers:
        return
    bind.execute(votes.delete())
    bind.execute(votes.insert(), [row for paper in _shuffled(papers.values()) for row in paper])


def _reshuffle_responses(bind):
    secret = (sa.select(responses.c.id, *(responses.c[c] for c in RESPONSE_COLUMNS))
              .join(surveys, surveys.c.id == responses.c.survey_id)
              .where(surveys.c.access == "residents", responses.c.channel == "online"))
    found = [dict(row) for row in bind.execute(secret).mappings()]
    if not found:
        return
    ids = [row.pop("id") for row in found]
    by_response = {}
    for row in bind.execute(sa.select(answers.c.response_id, *(answers.c[c] for c in ANSWER_COLUMNS))
                            .where(answers.c.response_id.in_(ids))).mappings():
        row = dict(row)
        by_response.setdefault(row.pop("response_id"), []).append(row)
    kept = [(row, by_response.get(old, [])) for row, old in zip(found, ids)]
    bind.execute(answers.delete().where(answers.c.response_id.in_(ids)))
    bind.execute(responses.delete().where(responses.c.id.in_(ids)))
    for row, rows in _shuffled(kept):
        new_id = bind.execute(responses.insert().values(**row).returning(responses.c.id)).scalar_one()
        if rows:
            bind.execute(answers.insert(), [{**a, "response_id": new_id} for a in rows])


def downgrade():
    # The reshuffled order of earlier votes stays: there is nothing to undo.
    op.drop_table('survey_sealed_responses')
    op.drop_table('ballot_sealed_votes')

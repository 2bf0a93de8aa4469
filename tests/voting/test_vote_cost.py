"""What one vote costs in SQL, counted with a SQLAlchemy event: at most 6 statements from the
service to the after-commit mixer's check, the secrecy measures (sealed vote, date-only audit
entry) included; the page's own loads (user, municipality, ballot) come on top."""
import pytest
from sqlalchemy import event

from planner import actions
from planner.surveys.ballots import services

from .conftest import settle

pytestmark = pytest.mark.usefixtures("request_ctx")


def _cost(db, work):
    statements = []
    listener = lambda *args: statements.append(" ".join(args[2].split()))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return statements


def _vote(ballot, user, option):
    # What the vote view has loaded before the service runs: the ballot with its options and
    # villages, the signed-in user with their memberships.
    ballot.options, ballot.villages, user.sex, user.memberships  # noqa: B018

    def work():
        services.cast_vote(ballot, user, {ballot.options[option].id: 1})
        actions.commit()  # commit, then the after-commit hooks (the mixer's check)
    return work


def test_a_vote_and_a_changed_vote_cost_at_most_six_statements(app, db, make_municipality, make_resident,
                                                               make_ballot):
    town = make_municipality()
    ballot = make_ballot(town, "single")
    user = make_resident(town)
    first = _cost(db, _vote(ballot, user, 0))
    assert len(first) <= 5, first
    assert any("ballot_sealed_votes" in s and s.startswith("INSERT") for s in first)
    assert any("audit_entries" in s for s in first)
    changed = _cost(db, _vote(ballot, user, 1))  # replaces the vote still waiting sealed
    assert len(changed) <= 6, changed
    settle(db, ballot)
    after_mix = _cost(db, _vote(ballot, user, 2))  # the earlier vote is among the mixed papers now
    assert len(after_mix) <= 6, after_mix
    settle(db, ballot)
    assert services.my_vote(ballot, user)[0] == {ballot.options[2].id: 1}


def test_a_vote_that_fills_a_batch_is_mixed_in_a_transaction_of_its_own(app, db, make_municipality,
                                                                         make_resident, make_ballot):
    from planner.surveys.ballots.models import BallotVote, SealedVote

    town = make_municipality()
    ballot = make_ballot(town, "single")
    voters = [make_resident(town) for _ in range(app.config["BALLOT_MIX_BATCH"])]
    for user in voters[:-1]:
        assert len(_cost(db, _vote(ballot, user, 0))) <= 5
    last = _cost(db, _vote(ballot, voters[-1], 1))
    assert db.session.query(SealedVote).count() == 0 and db.session.query(BallotVote).count() == len(voters)
    vote, mix = last[:5], last[5:]
    assert len(vote) == 5 and "count(" in vote[-1].lower() and mix, last

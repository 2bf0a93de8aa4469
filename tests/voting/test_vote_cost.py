"""What one vote costs in SQL, counted with a SQLAlchemy event: at most 6 statements for the
whole POST request (the signed-in user, the ballot with its municipality, the participation,
the sealed vote, the data version and the date-only audit entry), the secrecy measures
included; 4 of them from the service to the commit and its hooks (the mixer's check runs
only when a vote fills a batch)."""
import pytest
from planner import actions
from planner.surveys.ballots import services

from ..conftest import statements as _cost
from .conftest import settle

pytestmark = pytest.mark.usefixtures("request_ctx")


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
    assert len(first) <= 4, first
    assert any("ballot_sealed_votes" in s and s.startswith("INSERT") for s in first)
    assert any("audit_entries" in s for s in first)
    changed = _cost(db, _vote(ballot, user, 1))  # replaces the vote still waiting sealed
    assert len(changed) <= 4, changed
    settle(db, ballot)
    after_mix = _cost(db, _vote(ballot, user, 2))  # the earlier vote is among the mixed papers now
    assert len(after_mix) <= 4, after_mix
    settle(db, ballot)
    assert services.my_vote(ballot, user)[0] == {ballot.options[2].id: 1}


def test_a_vote_that_fills_a_batch_is_mixed_in_a_transaction_of_its_own(app, db, make_municipality,
                                                                         make_resident, make_ballot):
    from planner.surveys.ballots.models import BallotVote, SealedVote

    town = make_municipality()
    ballot = make_ballot(town, "single")
    voters = [make_resident(town) for _ in range(app.config["BALLOT_MIX_BATCH"])]
    for user in voters[:-1]:
        assert len(_cost(db, _vote(ballot, user, 0))) <= 4
    last = _cost(db, _vote(ballot, voters[-1], 1))
    assert db.session.query(SealedVote).count() == 0 and db.session.query(BallotVote).count() == len(voters)
    vote, mix = last[:4], last[4:]
    assert "count(" in mix[0].lower() and any(s.startswith("INSERT INTO ballot_votes") for s in mix), last
    assert not any(s.startswith("INSERT INTO ballot_votes") for s in vote), last


def test_the_whole_vote_request_costs_at_most_six_statements(app, db, client, auth, make_municipality,
                                                            make_resident, make_ballot):
    """Everything the POST runs, from loading the signed-in user to the after-commit hooks,
    for a first vote, a change of a vote still sealed and a change of a mixed one."""
    from planner.surveys.ballots.models import BallotParticipation

    town = make_municipality()
    ballot = make_ballot(town, "single")
    user, other = make_resident(town), make_resident(town)
    option_ids = [o.id for o in ballot.options]
    url = f"/m/{town.slug}/ballots/{ballot.id}/vote"
    auth.as_user(user)

    def post(position):
        def work():
            response = client.post(url, data={"choice": str(option_ids[position])})
            assert response.status_code == 302 and "#your-vote" in response.headers["Location"], response
            work.version = response.headers["X-Vote-Version"]
        return work

    for position, version, mixed_before in ((0, "1", False), (1, "2", False), (2, "3", True)):
        if mixed_before:
            settle(db, ballot)
        work = post(position)
        statements = _cost(db, work)
        assert work.version == version
        assert len(statements) <= 6, "\n".join(s[:300] for s in statements)
        assert sum(s.startswith("INSERT INTO ballot_sealed_votes") for s in statements) == 1, statements
        assert sum(s.startswith("INSERT INTO audit_entries") for s in statements) == 1, statements
        assert not any("INSERT INTO ballot_votes" in s for s in statements), statements  # nothing in clear
    db.session.expire_all()
    settle(db, ballot)
    participation = db.session.query(BallotParticipation).filter_by(ballot_id=ballot.id, user_id=user.id).one()
    assert participation.version == 3
    with app.test_request_context():
        assert services.my_vote(ballot, user)[0] == {option_ids[2]: 1}
        assert services.my_vote(ballot, other) == ({}, None)

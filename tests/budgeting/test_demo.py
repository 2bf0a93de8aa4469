"""The demo's budgeting ballot: closed, ~15 projects, a budget for about half, ~800 papers, and
greedy and equal shares pick different winners."""
from sqlalchemy import func, select

from planner.budgeting import results
from planner.budgeting.models import PbBallot, PbParticipation


def test_demo_ballot_shows_greedy_and_equal_shares_disagree(runner, db):
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    ballot = db.session.scalar(select(PbBallot))
    from planner.models import utcnow

    assert ballot.is_closed(utcnow()) and len(ballot.projects) == 15
    total = sum(p.cost for p in ballot.projects)
    assert 0.4 < ballot.budget / total < 0.6
    papers = db.session.scalar(select(func.count()).select_from(PbParticipation))
    assert 750 <= papers <= 800
    counted = results.results(ballot)
    assert counted["ballots"] == papers
    assert set(counted["picks"]["greedy"]) != set(counted["picks"]["mes_add1"])
    assert set(counted["picks"]["greedy"]) != set(counted["picks"]["mes_greedy"])

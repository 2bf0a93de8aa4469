"""The demo's budgeting ballot: closed, ~15 projects, a budget for about half, ~800 papers, and
greedy and equal shares pick different winners; paper ballots from three villages, confirmed
and balanced."""
from sqlalchemy import func, select

from planner.budgeting import paper, results
from planner.budgeting.models import PbBallot, PbPaperBatch, PbParticipation


def test_demo_ballot_shows_greedy_and_equal_shares_disagree(runner, db):
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    ballot = db.session.scalar(select(PbBallot))
    from planner.models import utcnow

    assert ballot.is_closed(utcnow()) and len(ballot.projects) == 15
    total = sum(p.cost for p in ballot.projects)
    assert 0.4 < ballot.budget / total < 0.6
    online = db.session.scalar(select(func.count()).select_from(PbParticipation)
                               .where(PbParticipation.channel == "online"))
    on_paper = db.session.scalar(select(func.count()).select_from(PbParticipation)
                                 .where(PbParticipation.channel == "paper"))
    assert 750 <= online <= 800 and 60 <= on_paper <= 120
    batches = db.session.scalars(select(PbPaperBatch)).all()
    assert len(batches) == 3 and all(b.is_confirmed and paper.difference(b) == 0 for b in batches)
    invalid = sum(1 for b in batches for p in b.papers if not p.is_valid)
    channels = results.by_channel(ballot)
    counted = channels["all"]
    assert channels["online"]["ballots"] == online and channels["paper"]["ballots"] == on_paper - invalid
    assert counted["ballots"] == online + on_paper - invalid
    assert set(counted["picks"]["greedy"]) != set(counted["picks"]["mes_add1"])
    assert set(counted["picks"]["greedy"]) != set(counted["picks"]["mes_greedy"])
    # per channel: the ballot's rule on each channel's papers, each channel large enough to show
    assert channels["apart"] and channels["online"]["winners"] and channels["paper"]["winners"]
    # the online papers keep their voters' sex and age band, written in the export for large groups
    from pabutools.election.pabulib import parse_pabulib_from_string

    from planner.budgeting import exchange

    _instance, profile = parse_pabulib_from_string(exchange.export_pb(ballot))
    written = [(b.meta["voting_method"], b.meta["sex"], b.meta["age"]) for b in profile]
    assert {sex for method, sex, _age in written if method == "internet"} >= {"F", "M"}
    assert {(sex, age) for method, sex, age in written if method == "paper"} == {("", "")}

"""Two tabs of one voter send their first ballot paper at the same moment, on PostgreSQL:
one participation row, one sealed paper (the last to commit), version 2."""
import os
import threading

import pytest
from sqlalchemy import select

from planner.budgeting import mixing, services
from planner.budgeting.models import PbParticipation, PbSealedVote, PbVote

from .conftest import money

pytestmark = pytest.mark.skipif(
    not os.environ.get("PLANNER_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL: set PLANNER_TEST_DATABASE_URL (SQLite has one writer at a time)")


@pytest.mark.parametrize("round_", range(5))
def test_two_tabs_cannot_create_two_ballots(app, db, make_municipality, make_pb, make_resident, round_):
    from planner.auth.models import User
    from planner.budgeting.models import PbBallot

    town = make_municipality()
    ballot = make_pb(town, costs=(40, 30, 50), budget=100)
    voter = make_resident(town)
    ballot_id, voter_id = ballot.id, voter.id
    papers = [{ballot.projects[0].id: 1}, {ballot.projects[1].id: 1, ballot.projects[2].id: 1}]
    db.session.commit()
    db.session.remove()
    barrier = threading.Barrier(2)
    errors = []

    def tab(paper):
        try:
            with app.app_context(), app.test_request_context(headers={"Accept-Language": "en"}):
                b = db.session.get(PbBallot, ballot_id)
                u = db.session.get(User, voter_id)
                _ = b.projects, b.municipality, u.memberships
                barrier.wait(timeout=30)
                services.cast_vote(b, u, paper, money)
                db.session.commit()
                db.session.remove()
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=tab, args=(paper,)) for paper in papers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    participations = db.session.execute(select(PbParticipation.version).where(
        PbParticipation.ballot_id == ballot_id)).scalars().all()
    assert participations == [2]
    sealed = db.session.scalars(select(PbSealedVote).where(PbSealedVote.ballot_id == ballot_id)).all()
    assert len(sealed) == 1
    with app.test_request_context():
        chosen = {pid for pid, _value in mixing.open_vote(ballot_id, sealed[0])["choices"]}
    assert chosen in ({p for p in paper} for paper in papers)
    assert not db.session.scalar(select(PbVote.id).where(PbVote.ballot_id == ballot_id).limit(1))


@pytest.mark.parametrize("round_", range(4))
def test_an_online_vote_and_a_paper_mark_at_once_leave_one_channel(app, db, make_municipality, make_pb,
                                                                   make_resident, make_user, make_member, round_):
    """The voter sends an online paper while staff mark them on the list at a gathering:
    exactly one of the two succeeds, and the other is told why."""
    from planner.auth.models import User
    from planner.budgeting import paper
    from planner.budgeting.models import PbBallot
    from planner.errors import ServiceError

    town = make_municipality()
    ballot = make_pb(town, costs=(40, 30, 50), budget=100)
    voter, clerk = make_resident(town), make_user()
    make_member(clerk, town, "staff")
    ids = dict(ballot=ballot.id, voter=voter.id, clerk=clerk.id, project=ballot.projects[0].id)
    db.session.commit()
    db.session.remove()
    barrier = threading.Barrier(2)
    outcomes, errors = {}, []

    def run(channel):
        try:
            with app.app_context(), app.test_request_context(headers={"Accept-Language": "en"}):
                b = db.session.get(PbBallot, ids["ballot"])
                u, c = db.session.get(User, ids["voter"]), db.session.get(User, ids["clerk"])
                _ = b.projects, b.municipality, u.memberships
                barrier.wait(timeout=30)
                try:
                    if channel == "online":
                        services.cast_vote(b, u, {ids["project"]: 1}, money)
                    else:
                        paper.mark_voter(b, u, c)
                    db.session.commit()
                    outcomes[channel] = "ok"
                except ServiceError as refusal:
                    db.session.rollback()
                    outcomes[channel] = refusal.message
                db.session.remove()
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(channel,)) for channel in ("online", "paper")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    winners = [channel for channel, outcome in outcomes.items() if outcome == "ok"]
    assert len(winners) == 1, outcomes
    loser = "paper" if winners == ["online"] else "online"
    assert ("already voted online" if loser == "paper" else "voted on paper") in outcomes[loser]
    channels = db.session.scalars(select(PbParticipation.channel).where(PbParticipation.ballot_id == ids["ballot"])).all()
    assert channels == winners
    sealed = db.session.scalars(select(PbSealedVote).where(PbSealedVote.ballot_id == ids["ballot"])).all()
    assert len(sealed) == (1 if winners == ["online"] else 0)

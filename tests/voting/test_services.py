"""Every refusal named in issue 5, eligibility, the paper rules, frozen rules, priorities."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from planner.errors import ServiceError
from planner.models import utcnow
from planner.surveys.ballots import counting, paper, services
from planner.surveys.ballots.models import BallotParticipation, BallotVote, PaperTally

from .conftest import backdate, vote_as

pytestmark = pytest.mark.usefixtures("request_ctx")


def _stored(db, ballot):
    return (db.session.scalar(select(func.count()).select_from(BallotParticipation)
                              .where(BallotParticipation.ballot_id == ballot.id)),
            db.session.scalar(select(func.count()).select_from(BallotVote).where(BallotVote.ballot_id == ballot.id)))


def _refused(db, ballot, user, choices, match, now=None):
    with pytest.raises(ServiceError, match=match):
        vote_as(db, ballot, user, choices, now=now)
    db.session.rollback()
    assert _stored(db, ballot) == (0, 0), "a refused vote must leave nothing behind"


@pytest.fixture
def town(make_municipality):
    return make_municipality()


def test_voting_before_opening_is_refused(db, town, make_resident, make_ballot):
    ballot = make_ballot(town, state="future")
    _refused(db, ballot, make_resident(town), {1: 1}, "not started")


def test_voting_after_closing_is_refused(db, town, make_resident, make_ballot):
    ballot = make_ballot(town, state="closed")
    _refused(db, ballot, make_resident(town), {1: 1}, "ended")


def test_the_closing_time_itself_is_closed(db, town, make_resident, make_ballot):
    ballot = make_ballot(town)
    _refused(db, ballot, make_resident(town), {1: 1}, "ended", now=ballot.closes_at)


def test_not_eligible_people_are_refused(db, town, make_user, make_member, make_municipality, make_ballot):
    ballot = make_ballot(town)
    stranger = make_user()
    _refused(db, ballot, stranger, {1: 1}, "Only verified residents")
    pending = make_user()
    make_member(pending, town, "resident", status="pending")
    _refused(db, ballot, pending, {1: 1}, "Only verified residents")
    staff_only = make_user()
    make_member(staff_only, town, "staff")
    _refused(db, ballot, staff_only, {1: 1}, "Only verified residents")
    elsewhere = make_user()
    make_member(elsewhere, make_municipality(), "resident")
    _refused(db, ballot, elsewhere, {1: 1}, "Only verified residents")


def test_ballot_limited_to_some_villages(db, town, make_resident, make_ballot):
    first, second = town.villages
    ballot = make_ballot(town, village_ids=[second.id])
    _refused(db, ballot, make_resident(town, village=first), {1: 1}, "only for residents of")
    assert vote_as(db, ballot, make_resident(town, village=second), {1: 1}) == 1


def test_an_option_of_another_ballot_is_refused(db, town, make_resident, make_ballot):
    ballot = make_ballot(town, "approval", k=2)
    other = make_ballot(town, "approval", k=2)
    form = MultiDict([("choice", str(ballot.options[0].id)), ("choice", str(other.options[0].id))])
    with pytest.raises(ServiceError, match="not on this ballot"):
        services.read_choices(ballot, form)


def test_the_database_refuses_an_option_of_another_ballot(db, town, make_ballot):
    from sqlalchemy.exc import IntegrityError

    ballot, other = make_ballot(town), make_ballot(town)
    db.session.add(BallotVote(ballot_id=ballot.id, receipt="x" * 32, option_id=other.options[0].id, value=1))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(("method", "k", "m", "choices", "match"), [
    ("single", 1, 1, {1: 1, 2: 1}, "only one"),
    ("approval", 2, 1, {1: 1, 2: 1, 3: 1}, "at most 2"),
    ("dots", 4, 2, {1: 3}, "at most 2 points"),
    ("dots", 4, 3, {1: 3, 2: 2}, "you have 4"),
    ("ranking", 2, 1, {1: 1, 2: 2, 3: 3}, "at most 2"),
    ("ranking", 3, 1, {1: 1, 2: 1}, "same rank"),
    ("ranking", 3, 1, {1: 1, 2: 3}, "without gaps"),
    ("approval", 2, 1, {}, "at least one"),
])
def test_more_choices_or_points_than_allowed_or_duplicate_ranks(db, town, make_resident, make_ballot,
                                                               method, k, m, choices, match):
    ballot = make_ballot(town, method, k=k, m=m)
    _refused(db, ballot, make_resident(town), choices, match)


@pytest.mark.parametrize("form", [
    MultiDict([("choice", "abc")]),
    MultiDict([("choice", "-1")]),
    MultiDict([("rank-1", "1")]),  # a ranking field on an approval ballot
])
def test_a_tampered_form_is_refused(db, town, make_ballot, form):
    ballot = make_ballot(town, "approval", k=2)
    with pytest.raises(ServiceError):
        services.read_choices(ballot, form)


def test_tampered_values_on_a_ranking_ballot(db, town, make_ballot):
    ballot = make_ballot(town, "ranking", k=2)
    oid = ballot.options[0].id
    for form in (MultiDict([(f"rank-{oid}", "x")]), MultiDict([(f"points-{oid}", "1")]),
                 MultiDict([("rank-zz", "1")])):
        with pytest.raises(ServiceError):
            services.read_choices(ballot, form)
    assert services.read_choices(ballot, MultiDict([(f"rank-{oid}", "1"), (f"rank-{ballot.options[1].id}", "")])) == {oid: 1}


def test_rules_are_frozen_after_the_first_vote(db, town, make_resident, make_user, make_ballot):
    staff = make_user()
    ballot = make_ballot(town, "approval", k=2)
    fields = dict(title="New title", explanation="", method="single", max_choices=1, max_per_option=1,
                  opens_at=ballot.opens_at, closes_at=ballot.closes_at, is_results_live=True)
    services.update_ballot(ballot, staff, **fields)  # no votes yet: allowed
    db.session.commit()
    assert ballot.method == "single"
    vote_as(db, ballot, make_resident(town), {1: 1})
    with pytest.raises(ServiceError, match="can no longer change"):
        services.update_ballot(ballot, staff, **dict(fields, method="approval", max_choices=2))
    db.session.rollback()
    assert ballot.method == "single"


def test_rules_are_checked_when_a_ballot_is_made(db, town, make_user):
    now = utcnow()
    base = dict(title="T", explanation="", method="approval", max_choices=2, max_per_option=1,
                opens_at=now, closes_at=now + timedelta(days=1), is_results_live=False,
                options=[("A", {}), ("B", {})])
    with pytest.raises(ServiceError, match="close after"):
        services.create_ballot(town, make_user(), **dict(base, closes_at=now))
    with pytest.raises(ServiceError, match="two options"):
        services.create_ballot(town, make_user(), **dict(base, options=[("A", {})]))
    with pytest.raises(ServiceError, match="more options"):
        services.create_ballot(town, make_user(), **dict(base, max_choices=3))
    with pytest.raises(ServiceError, match="more points"):
        services.create_ballot(town, make_user(), **dict(base, method="dots", max_choices=2, max_per_option=3))


def test_a_voter_may_change_until_closing_and_the_last_vote_counts(db, town, make_resident, make_ballot):
    ballot = make_ballot(town, "single")
    user = make_resident(town)
    vote_as(db, ballot, user, {1: 1})
    vote_as(db, ballot, user, {2: 1})
    assert vote_as(db, ballot, user, {3: 1}) == 3
    assert _stored(db, ballot) == (1, 1)
    mine, participation = services.my_vote(ballot, user)
    assert mine == {ballot.options[2].id: 1} and participation.version == 3
    backdate(db, ballot, "closed")
    _refused_after = pytest.raises(ServiceError, match="ended")
    with _refused_after:
        vote_as(db, ballot, user, {1: 1})
    db.session.rollback()
    assert {r.option.text: r.total for r in counting.count(ballot).rows}["C"] == 1


def test_votes_hold_no_user_id(db, town, make_resident, make_ballot):
    ballot = make_ballot(town)
    user = make_resident(town)
    vote_as(db, ballot, user, {1: 1})
    columns = set(BallotVote.__table__.columns.keys())
    assert not {"user_id", "participation_id"} & columns
    receipt = db.session.scalar(select(BallotVote.receipt))
    assert receipt == services.receipt_for(ballot.id, user.id)
    # a keyed hash: not derivable from the ids without the app's secret key
    assert receipt != services.receipt_for(ballot.id, user.id + 1) != services.receipt_for(ballot.id + 1, user.id)


def test_one_participation_per_person_is_a_database_constraint(db, town, make_resident, make_ballot):
    from sqlalchemy.exc import IntegrityError

    ballot = make_ballot(town)
    user = make_resident(town)
    db.session.add_all([BallotParticipation(ballot_id=ballot.id, user_id=user.id, channel="online"),
                        BallotParticipation(ballot_id=ballot.id, user_id=user.id, channel="paper")])
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- paper -----------------------------------------------------------------------------

@pytest.fixture
def staff_pair(town, make_user, make_member):
    first, second = make_user(), make_user()
    make_member(first, town, "staff")
    make_member(second, town, "staff")
    return first, second


def test_paper_voter_cannot_vote_online(db, town, make_resident, make_ballot, staff_pair):
    ballot = make_ballot(town)
    user = make_resident(town)
    paper.mark_paper_voter(ballot, user, staff_pair[0])
    db.session.commit()
    with pytest.raises(ServiceError, match="voted on paper"):
        vote_as(db, ballot, user, {1: 1})
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(BallotVote)) == 0


def test_online_voter_cannot_be_marked_as_paper_voter(db, town, make_resident, make_ballot, staff_pair):
    ballot = make_ballot(town)
    user = make_resident(town)
    vote_as(db, ballot, user, {1: 1})
    with pytest.raises(ServiceError, match="already voted online"):
        paper.mark_paper_voter(ballot, user, staff_pair[0])
    db.session.rollback()
    with pytest.raises(ServiceError, match="not a verified resident"):
        paper.mark_paper_voter(ballot, staff_pair[0], staff_pair[1])


def test_paper_tally_needs_a_second_person(db, town, make_ballot, staff_pair):
    ballot = make_ballot(town, "single", options=("A", "B"))
    first, second = staff_pair
    a, b = (o.id for o in ballot.options)
    tally = paper.save_tally(ballot, town.villages[0], first, issued=10, valid=9, invalid=1,
                                counts={(a, 0): 6, (b, 0): 3})
    db.session.commit()
    with pytest.raises(ServiceError, match="second staff member"):
        paper.confirm_tally(tally, first, shown_version=tally.lock_version, shown_digest=paper.digest(tally))
    db.session.rollback()
    assert counting.count(ballot).rows[0].paper == 0
    paper.confirm_tally(tally, second, shown_version=tally.lock_version, shown_digest=paper.digest(tally))
    db.session.commit()
    assert tally.confirmed_by_id == second.id and tally.entered_by_id == first.id and tally.entered_at
    assert {r.option.text: r.paper for r in counting.count(ballot).rows} == {"A": 6, "B": 3}
    # A change now is a correction (tests/voting/test_paper_protocols.py): version 2, not counted until confirmed.
    paper.save_tally(ballot, town.villages[0], second, issued=10, valid=10, invalid=0, counts={(a, 0): 10})
    db.session.commit()
    assert (tally.version, tally.is_confirmed) == (2, False)
    assert {r.option.text: r.paper for r in counting.count(ballot).rows} == {"A": 0, "B": 0}


@pytest.mark.parametrize(("method", "counts", "issued", "valid", "invalid", "match"), [
    ("single", {("A", 0): 5}, 10, 6, 1, "add up"),
    ("single", {("A", 0): 5}, 4, 5, 0, "cannot be more than the ballots issued"),
    ("approval", {("A", 0): 7}, 10, 6, 0, "more ballots than there are valid"),
    ("dots", {("A", 0): 13}, 10, 6, 0, "more than 2 points per valid"),
    ("ranking", {("A", 1): 4, ("B", 1): 3}, 10, 6, 0, "at most once per valid"),
    ("ranking", {("A", 3): 1}, 10, 6, 0, "at most 2"),
])
def test_paper_protocol_figures_must_add_up(db, town, make_ballot, staff_pair, method, counts, issued, valid,
                                           invalid, match):
    ballot = make_ballot(town, method, options=("A", "B", "C"), k=2, m=2)
    ids = {o.text: o.id for o in ballot.options}
    with pytest.raises(ServiceError, match=match):
        paper.save_tally(ballot, town.villages[0], staff_pair[0], issued=issued, valid=valid, invalid=invalid,
                            counts={(ids[t], r): n for (t, r), n in counts.items()})
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(PaperTally)) == 0


def test_the_database_wants_a_second_person_too(db, town, make_ballot, staff_pair):
    from sqlalchemy.exc import IntegrityError

    ballot = make_ballot(town)
    tally = PaperTally(ballot_id=ballot.id, village_id=town.villages[0].id, issued=1, valid=1, invalid=0,
                       entered_by_id=staff_pair[0].id, confirmed_by_id=staff_pair[0].id, confirmed_at=utcnow())
    db.session.add(tally)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- priorities ------------------------------------------------------------------------

def test_priorities_from_a_closed_ballot_keep_ties_together(db, town, make_resident, make_ballot, staff_pair):
    ballot = make_ballot(town, "single", options=("A", "B", "C", "D"))
    for choice in (1, 1, 1, 2, 3, 4):
        vote_as(db, ballot, make_resident(town), {choice: 1})
    result = counting.count(ballot)
    with pytest.raises(ServiceError, match="after the ballot closes"):
        services.make_priorities(ballot, result, staff_pair[0], 2)
    db.session.rollback()
    backdate(db, ballot, "closed")
    priorities = services.make_priorities(ballot, counting.count(ballot), staff_pair[0], 2)
    db.session.commit()
    # A first; B, C and D tie for second: all three are taken.
    assert [(p.rank, p.title) for p in sorted(priorities, key=lambda p: (p.rank, p.title))] == [
        (1, "A"), (2, "B"), (2, "C"), (2, "D")]
    again = services.make_priorities(ballot, counting.count(ballot), staff_pair[0], 1)
    db.session.commit()
    assert [p.title for p in again] == ["A"]
    assert len(db.session.scalars(services.priorities_list(town)).all()) == 1


def test_a_changed_receipt_key_never_counts_a_voter_twice(app, db, town, make_resident, make_ballot):
    ballot = make_ballot(town, "single")
    user = make_resident(town)
    vote_as(db, ballot, user, {1: 1})
    app.config["BALLOT_RECEIPT_KEY"] = "a-new-key"
    try:
        with pytest.raises(ServiceError, match="could not be matched"):
            vote_as(db, ballot, user, {2: 1})
        db.session.rollback()
    finally:
        app.config.pop("BALLOT_RECEIPT_KEY")
    assert _stored(db, ballot) == (1, 1)
    assert {r.option.text: r.total for r in counting.count(ballot).rows} == {"A": 1, "B": 0, "C": 0}

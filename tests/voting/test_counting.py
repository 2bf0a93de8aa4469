"""Counting, checked against results worked out by hand (ties included) for each method."""
from decimal import Decimal

import pytest
from planner.surveys.ballots import counting, paper, services

from ..conftest import statements as _statements
from .conftest import backdate, vote_as

pytestmark = pytest.mark.usefixtures("request_ctx")


def _totals(result):
    return {r.option.text: (r.total, r.rank, r.tied) for r in result.rows}


def _enter_paper(db, ballot, village, staff, second, counts, issued, valid, invalid=0, confirm=True):
    ids = {o.text: o.id for o in ballot.options}
    tally = paper.save_tally(ballot, village, staff, issued=issued, valid=valid, invalid=invalid,
                                counts={(ids[text], rank): n for (text, rank), n in counts.items()})
    if confirm:
        paper.confirm_tally(tally, second, shown_version=tally.lock_version, shown_digest=paper.digest(tally))
    db.session.commit()
    return tally


def test_single_choice_with_a_tie_and_paper(db, make_municipality, make_resident, make_user, make_member, make_ballot):
    m = make_municipality()
    ballot = make_ballot(m, "single", options=("Road", "Water", "School"))
    voters = [make_resident(m) for _ in range(6)]
    # Road 3, Water 2, School 1 online.
    for user, choice in zip(voters, (1, 1, 1, 2, 2, 3)):
        vote_as(db, ballot, user, {choice: 1})
    staff, second = make_user(), make_user()
    make_member(staff, m, "staff"), make_member(second, m, "staff")
    # Paper: Water +1, School +2 → Road 3, Water 3, School 3?  No: Water 3, School 3, Road 3 — all tied.
    _enter_paper(db, ballot, m.villages[0], staff, second, {("Water", 0): 1, ("School", 0): 2}, issued=4, valid=3, invalid=1)
    result = counting.count(ballot)
    assert _totals(result) == {"Road": (3, 1, True), "Water": (3, 1, True), "School": (3, 1, True)}
    water = next(r for r in result.rows if r.option.text == "Water")
    assert (water.online, water.paper) == (2, 1)
    # share: 3 of 9 ballots counted (6 online + 3 valid paper)
    assert result.turnout.ballots_counted == 9
    assert water.percent == Decimal("33.3")
    assert result.turnout.paper_invalid == 1 and result.turnout.paper_issued == 4


def test_approval_counts_each_ticked_option(db, make_municipality, make_resident, make_ballot):
    m = make_municipality()
    ballot = make_ballot(m, "approval", options=("A", "B", "C", "D"), k=2)
    for choice in ({1: 1, 2: 1}, {1: 1, 3: 1}, {2: 1}, {1: 1, 2: 1}):
        vote_as(db, ballot, make_resident(m), choice)
    result = counting.count(ballot)
    # A 3, B 3 (tie for 1st), C 1 (rank 3), D 0 (rank 4)
    assert _totals(result) == {"A": (3, 1, True), "B": (3, 1, True), "C": (1, 3, False), "D": (0, 4, False)}
    a = next(r for r in result.rows if r.option.text == "A")
    assert a.percent == Decimal("75.0")  # 3 of 4 ballots approve A


def test_dot_voting_sums_points(db, make_municipality, make_resident, make_ballot):
    m = make_municipality()
    ballot = make_ballot(m, "dots", options=("A", "B", "C"), k=5, m=3)
    vote_as(db, ballot, make_resident(m), {1: 3, 2: 2})
    vote_as(db, ballot, make_resident(m), {2: 3, 3: 2})
    vote_as(db, ballot, make_resident(m), {3: 1})
    result = counting.count(ballot)
    # A 3, B 5, C 3 → B 1st, A and C tied 2nd
    assert _totals(result) == {"B": (5, 1, False), "A": (3, 2, True), "C": (3, 2, True)}
    assert result.total_score == 11
    b = next(r for r in result.rows if r.option.text == "B")
    assert b.percent == Decimal("45.5")  # 5 of 11 points: 45.45…


def test_ranking_is_counted_by_borda_with_paper_ranks(db, make_municipality, make_resident, make_user, make_member,
                                                      make_ballot):
    m = make_municipality()
    ballot = make_ballot(m, "ranking", options=("A", "B", "C", "D"), k=3)  # 4 options: rank 1 = 3 pts, 2 = 2, 3 = 1
    vote_as(db, ballot, make_resident(m), {1: 1, 2: 2, 3: 3})  # A3 B2 C1
    vote_as(db, ballot, make_resident(m), {2: 1, 1: 2})        # B3 A2
    vote_as(db, ballot, make_resident(m), {4: 1})              # D3
    # online: A 5, B 5, C 1, D 3
    staff, second = make_user(), make_user()
    make_member(staff, m, "staff"), make_member(second, m, "staff")
    # paper: 2 ballots, both rank C first and D second: C 2×3 = 6, D 2×2 = 4
    _enter_paper(db, ballot, m.villages[0], staff, second, {("C", 1): 2, ("D", 2): 2}, issued=2, valid=2)
    result = counting.count(ballot)
    # totals: A 5, B 5, C 7, D 7 → C and D tied 1st, A and B tied 3rd
    assert _totals(result) == {"C": (7, 1, True), "D": (7, 1, True), "A": (5, 3, True), "B": (5, 3, True)}
    c = next(r for r in result.rows if r.option.text == "C")
    assert (c.online, c.paper) == (1, 6)
    assert c.by_value == {3: 1, 1: 2}  # once ranked 3rd online, twice ranked 1st on paper
    assert result.total_score == 24


def test_unconfirmed_paper_does_not_count(db, make_municipality, make_resident, make_user, make_member, make_ballot):
    m = make_municipality()
    ballot = make_ballot(m, "single", options=("A", "B"))
    vote_as(db, ballot, make_resident(m), {1: 1})
    staff = make_user()
    make_member(staff, m, "staff")
    _enter_paper(db, ballot, m.villages[0], staff, None, {("B", 0): 5}, issued=5, valid=5, confirm=False)
    result = counting.count(ballot)
    assert _totals(result) == {"A": (1, 1, False), "B": (0, 2, False)}
    assert result.turnout.paper_valid == 0


def test_a_changed_vote_replaces_the_old_one(db, make_municipality, make_resident, make_ballot):
    m = make_municipality()
    ballot = make_ballot(m, "approval", options=("A", "B", "C"), k=2)
    user = make_resident(m)
    assert vote_as(db, ballot, user, {1: 1, 2: 1}) == 1
    assert vote_as(db, ballot, user, {3: 1}) == 2
    assert _totals(counting.count(ballot)) == {"C": (1, 1, False), "A": (0, 2, True), "B": (0, 2, True)}
    assert counting.count(ballot).turnout.online_voters == 1


def test_breakdowns_hide_groups_under_five(db, make_municipality, make_resident, make_ballot):
    m = make_municipality()
    big, small = m.villages
    ballot = make_ballot(m, "single", options=("A", "B"))
    for _ in range(5):
        vote_as(db, ballot, make_resident(m, village=big, sex="f"), {1: 1})
    for _ in range(2):
        vote_as(db, ballot, make_resident(m, village=small, sex="m"), {2: 1})
    result = counting.count(ballot)
    village = next(b for b in result.breakdowns if b.dimension == "village")
    groups = {key: (voters, scores) for key, voters, scores in village.groups}
    a, b = (o.id for o in ballot.options)
    # 2 voters: hidden; and the 5 with them, or the online total minus the 5 gives the 2
    assert groups[str(small.id)] == (None, None)
    assert groups[str(big.id)] == (None, None)
    sex = {key: scores for key, _v, scores in next(b for b in result.breakdowns if b.dimension == "sex").groups}
    assert sex["f"] is None and sex["m"] is None
    for _ in range(5):
        vote_as(db, ballot, make_resident(m, village=small, sex="m"), {2: 1})
    village = next(b for b in counting.count(ballot).breakdowns if b.dimension == "village")
    assert {key: (voters, scores) for key, voters, scores in village.groups} == {
        str(big.id): (5, {a: 5}), str(small.id): (7, {b: 7})}


def test_turnout_against_verified_residents(db, make_municipality, make_resident, make_user, make_member, make_ballot):
    m = make_municipality()
    ballot = make_ballot(m, "single", options=("A", "B"))
    voters = [make_resident(m) for _ in range(3)]
    make_resident(m)  # does not vote
    make_member(make_user(), m, "resident", status="pending")  # not verified: not counted
    vote_as(db, ballot, voters[0], {1: 1})
    t = counting.count(ballot).turnout
    assert (t.online_voters, t.eligible) == (1, 4)
    assert t.online_percent == Decimal("25.0")


@pytest.mark.parametrize(("method", "queries"), [("ranking", 3), ("single", 3), ("approval", 4), ("dots", 4)])
def test_counting_takes_a_constant_number_of_queries(app, db, make_municipality, make_resident, make_ballot,
                                                     method, queries):
    m = make_municipality()
    ballot = make_ballot(m, method, options=("A", "B", "C"), k=3, m=2)
    choices = {"ranking": {1: 1, 2: 2}, "single": {1: 1}, "approval": {1: 1, 2: 1}, "dots": {1: 2, 3: 1}}[method]
    for _ in range(12):
        vote_as(db, ballot, make_resident(m), choices)
    backdate(db, ballot, "closed")
    ballot = db.session.scalar(services.ballot_detail(ballot.id))  # options and villages loaded
    statements = _statements(db, lambda: counting.count(ballot, kept=False))
    # the online vote in one pass, the paper protocols, turnout (and voters per cell for approval and dots)
    assert len(statements) == queries, statements
    assert all("GROUP BY" in s or "count(" in s.lower() for s in statements)
    assert sum("FROM ballot_votes" in s for s in statements) == queries - 2


@pytest.mark.parametrize("method", ["ranking", "single"])
def test_voters_per_cell_from_the_first_rank_equal_the_distinct_papers(db, make_municipality, make_resident,
                                                                        make_ballot, method):
    """Single and ranking ballots take their voters per village × sex × age band from the
    rows of value 1 (one per paper): the same as counting distinct receipts."""
    m = make_municipality()
    ballot = make_ballot(m, method, options=("A", "B", "C"), k=3)
    profiles = [("f", "18-29"), ("m", "30-44"), (None, None), ("f", "60+")]
    for i in range(14):
        sex, age = profiles[i % 4]
        choices = {1: 1} if method == "single" else {1 + i % 3: 1, 1 + (i + 1) % 3: 2, 1 + (i + 2) % 3: 3}
        vote_as(db, ballot, make_resident(m, village=m.villages[i % 2], sex=sex, age_band=age), choices)
    assert counting.tally(ballot)["profile"] == counting.online_profile(ballot)
    assert sum(counting.online_profile(ballot).values()) == 14


def test_the_tally_is_counted_once_per_data_version(app, db, make_municipality, make_resident, make_ballot):
    """Results are not counted per request: the tally is kept under the data version, and a
    vote (its mix commits and bumps the version) makes the next count fresh."""
    m = make_municipality()
    ballot = make_ballot(m, "ranking", options=("A", "B", "C"), k=3)
    for _ in range(6):
        vote_as(db, ballot, make_resident(m), {1: 1, 2: 2})
    ballot = db.session.scalar(services.ballot_detail(ballot.id))
    first = _statements(db, lambda: counting.count(ballot))
    assert len(first) == 4  # the data version, then the three counting queries
    again = []
    result = None

    def count_again():
        nonlocal result
        result = counting.count(ballot)

    again = _statements(db, count_again)
    assert len(again) == 1 and "data_version" in again[0]
    assert {r.option.text: r.total for r in result.rows} == {"A": 12, "B": 6, "C": 0}
    vote_as(db, ballot, make_resident(m), {3: 1})
    ballot = db.session.scalar(services.ballot_detail(ballot.id))
    assert {r.option.text: r.total for r in counting.count(ballot).rows} == {"A": 12, "B": 6, "C": 2}
    assert {r.option.text: r.total for r in counting.count(ballot, kept=False).rows} == {"A": 12, "B": 6, "C": 2}
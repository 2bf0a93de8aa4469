"""One ranking rule for ballots and survey ranking questions (planner.numbers), checked
against pref_voting's Borda count on seeded random profiles, full and partial, counted by
the real code on the real database (SQLite or PostgreSQL, whichever the run uses).

Full rankings: ``Profile.borda_scores`` (the classic m − r points). Partial rankings:
``domination_borda_scores`` (one point for each option ranked strictly below, an unranked
option below every ranked one): exactly "place i of n earns n − i, unranked nothing"."""
import random
import secrets
from datetime import date

import pytest
from pref_voting.profiles import Profile
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.scoring_methods import borda, borda_for_profile_with_ties, domination_borda_scores
from sqlalchemy import delete

from planner.disclosure import MIN_GROUP
from planner.surveys import results
from planner.surveys.ballots import counting
from planner.surveys.ballots.models import BallotVote
from planner.surveys.models import Answer, SurveyResponse
from tests.voting.conftest import backdate, vote_as

pytestmark = pytest.mark.usefixtures("request_ctx")

PROFILES = 200  # per kind of count (ballots, survey questions): 400 profiles, half of them partial
SIZES = range(2, 8)


def random_profile(rng, index):
    """(n options, max places k, rankings as lists of option indexes, full?)."""
    n = rng.choice(SIZES)
    full = index % 2 == 0
    k = n if full else rng.randint(1, n - 1)
    voters = rng.randint(MIN_GROUP, MIN_GROUP + 9)  # fewer are not shown at all (planner.disclosure)
    rankings = [rng.sample(range(n), n if full else rng.randint(1, k)) for _ in range(voters)]
    return n, k, rankings, full


def expected(n, rankings, full):
    """(scores by option index, winners) according to pref_voting."""
    if full:
        profile = Profile(rankings)
        return profile.borda_scores(), borda(profile)
    profile = ProfileWithTies([{c: place for place, c in enumerate(r, 1)} for r in rankings], candidates=list(range(n)))
    profile.use_extended_strict_preference()  # an unranked option comes after every ranked one
    return (domination_borda_scores(profile),
            borda_for_profile_with_ties(profile, borda_scores=domination_borda_scores))


def test_ballots_count_like_pref_voting(db, kg, make_ballot):
    rng = random.Random(20261202)
    ballots = {}
    for index in range(PROFILES):
        n, k, rankings, full = random_profile(rng, index)
        if (n, k) not in ballots:
            ballots[(n, k)] = make_ballot(kg, "ranking", options=[f"Option {i}" for i in range(n)], k=k)
        ballot = ballots[(n, k)]
        db.session.execute(delete(BallotVote).where(BallotVote.ballot_id == ballot.id))
        for ranking in rankings:
            receipt = secrets.token_hex(8)
            db.session.add_all(BallotVote(ballot_id=ballot.id, receipt=receipt, option_id=ballot.options[c].id,
                                          value=place) for place, c in enumerate(ranking, 1))
        db.session.flush()
        result = counting.count(ballot, with_breakdowns=False)
        scores, winners = expected(n, rankings, full)
        got = {row.option.position - 1: row.total for row in result.rows}
        assert got == scores, (n, k, rankings)
        assert sorted(row.option.position - 1 for row in result.rows if row.rank == 1) == winners
        assert result.total_score == sum(scores.values())


def test_survey_ranking_questions_count_like_pref_voting(db, kg, make_survey):
    questions = [dict(kind="ranking", text=f"Order {n}", choices=[f"Choice {i}" for i in range(n)], max_choices=n)
                 for n in SIZES]
    survey = make_survey(kg, questions=questions)
    by_size = {len(q.choices): q for q in survey.questions}
    rng = random.Random(1202)
    responses = []
    for index in range(PROFILES):
        n, _k, rankings, full = random_profile(rng, index)
        question = by_size[n]
        for response in responses:  # the previous profile's
            db.session.delete(response)
        responses = [
            SurveyResponse(survey_id=survey.id, submission_key=secrets.token_hex(16), submitted_on=date.today(),
                           answers=[Answer(question_id=question.id, choice_id=question.choices[c].id, rank=place)
                                    for place, c in enumerate(ranking, 1)])
            for ranking in rankings]
        db.session.add_all(responses)
        db.session.flush()
        out = results.compute(db.session, survey, [question], results.Filters())
        rows = out.questions[0].rows
        scores, winners = expected(n, rankings, full)
        assert {int(label.split()[1]): points for label, points, _ranked, _first in rows} == scores, rankings
        top = rows[0][1]
        assert sorted(int(label.split()[1]) for label, points, *_rest in rows if points == top) == winners


def test_a_short_ranking_among_many_options_earns_n_minus_place(db, kg, make_ballot, make_resident):
    """5 options, rank up to 2: first place earns 4, second 3 (today's code gave 2 and 1)."""
    ballot = make_ballot(kg, "ranking", options=("A", "B", "C", "D", "E"), k=2)
    vote_as(db, ballot, make_resident(kg), {1: 1, 2: 2})
    vote_as(db, ballot, make_resident(kg), {2: 1})
    result = counting.count(ballot)
    assert {r.option.text: r.total for r in result.rows} == {"A": 4, "B": 7, "C": 0, "D": 0, "E": 0}
    assert ballot.points_per_rank == {1: 4, 2: 3}
    assert result.total_score == 11


def test_voters_and_readers_are_told_the_rule(db, client, auth, kg, staff_user, make_ballot, make_survey):
    ballot = make_ballot(kg, "ranking", options=("A", "B", "C", "D", "E"), k=2)
    rule = "Borda count: with 5 options, first place earns 4 points, second place one point less"
    assert rule in client.get(f"/m/{kg.slug}/ballots/{ballot.id}").get_data(as_text=True)
    backdate(db, ballot, "closed")
    assert rule in client.get(f"/m/{kg.slug}/ballots/{ballot.id}/results").get_data(as_text=True)
    survey = make_survey(kg, questions=[dict(kind="ranking", text="Order", choices=["W", "R", "S"], max_choices=2)],
                         is_public_results=True)
    rule = "Borda count: with 3 options, first place earns 2 points"
    auth.as_user(staff_user)
    for tail in ("", "/print"):  # and on the results: test_chart_pages
        page = client.get(f"/m/{kg.slug}/surveys/{survey.id}{tail}")
        assert page.status_code == 200 and rule in page.get_data(as_text=True), tail

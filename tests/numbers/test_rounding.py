"""One rounding rule for percentages and averages (planner.numbers): exact, half up, in
Python, from integer counts and sums, so that SQLite and PostgreSQL show the same figures.

The suite runs on SQLite and, with PLANNER_TEST_DATABASE_URL, on PostgreSQL: the same
tests, with the same data, expect the same hand-computed figures on both."""
from decimal import Decimal
from fractions import Fraction

import pytest

from planner import numbers
from planner.surveys import answering, results, services
from planner.surveys.ballots import counting, paper
from tests.surveys.conftest import choice, q
from tests.voting.conftest import backdate

pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.mark.parametrize(("part", "whole", "shown"), [
    (23, 80, "28.8"),   # 28.75: half up (a float made it 28.749999… and 28.7)
    (1, 16, "6.3"),     # 6.25: half up, not half to even (6.2)
    (1, 3, "33.3"), (2, 3, "66.7"), (5, 11, "45.5"), (80, 80, "100.0"), (0, 7, "0.0"), (3, 0, "0.0"),
])
def test_percent_is_exact_and_half_up(part, whole, shown):
    assert numbers.percent(part, whole) == Decimal(shown)
    assert str(numbers.percent(part, whole)) == shown


@pytest.mark.parametrize(("total", "count", "shown"), [
    (25, 8, "3.13"), (Fraction(1800, 100), 16, "1.13"), (-25, 8, "-3.13"), (44, 13, "3.38"), (7, 2, "3.50"),
    (Decimal("0.29"), 1, "0.29"),
])
def test_mean_is_exact_and_half_up(total, count, shown):
    assert str(numbers.mean(total, count)) == shown


def test_floats_are_refused():
    """0.2875 * 100 is 28.749999… in binary: a float would round the wrong way."""
    with pytest.raises(TypeError):
        numbers.round_half_up(0.2875 * 100, 1)
    with pytest.raises(TypeError):
        numbers.percent(0.2875, 1)


QUESTIONS = [
    dict(kind="single", text="Is there water?", choices=["Yes", "No"]),
    dict(kind="scale", text="How good are the roads?"),
    dict(kind="number", text="Litres a day", min_value=0, max_value=30),
]


@pytest.fixture
def survey16(db, kg, make_survey):
    """16 answers: 1 yes (6.25 %), scale 3.125 on average, numbers 1.125 on average."""
    survey = make_survey(kg, questions=QUESTIONS, is_public_results=True)
    single, scale, number = q(survey, "single"), q(survey, "scale"), q(survey, "number")
    for i in range(16):
        raw = {single.field_name: [str(choice(single, "Yes" if i == 0 else "No").id)],
               scale.field_name: ["4" if i < 2 else "3"],
               number.field_name: ["1.15" if i % 2 else "1.1"]}
        answering.submit(survey, services.ordered_questions(survey), raw, key=answering.new_key(),
                         villages=kg.villages, channel="online", entered_by=None)
    db.session.commit()
    return survey


def test_survey_percentages_and_averages(db, survey16):
    out = results.compute(db.session, survey16, services.ordered_questions(survey16), results.Filters())
    single, scale, number = out.questions
    assert single.rows == [("Yes", 1, Decimal("6.3")), ("No", 15, Decimal("93.8"))]
    assert scale.stats["mean"] == Decimal("3.13")  # 50 / 16 = 3.125 (SQLite's avg gave 3.12)
    assert number.stats["mean"] == Decimal("1.13")  # 18.00 / 16 = 1.125 (a float sum gave 1.1249…)
    assert (number.stats["min"], number.stats["max"]) == (Decimal("1.10"), Decimal("1.15"))


def test_large_numbers_average_exactly(db, kg, make_survey):
    """Hundredths of 99 999 999.99 do not fit a 32-bit integer: the sum is a BIGINT."""
    survey = make_survey(kg, questions=[dict(kind="number", text="Budget", min_value=0, max_value=10 ** 11)])
    number = q(survey, "number")
    for value in ("99999999.99", "99999999.99", "100000000", "12345678901.01", "0"):
        answering.submit(survey, [number], {number.field_name: [value]}, key=answering.new_key(),
                         villages=kg.villages, channel="online", entered_by=None)
    db.session.commit()
    out = results.compute(db.session, survey, [number], results.Filters())
    # (99 999 999.99 × 2 + 100 000 000 + 12 345 678 901.01 + 0) / 5 = 2 529 135 780.198
    assert out.questions[0].stats["mean"] == Decimal("2529135780.20")


def test_survey_results_page_states_the_rule(client, survey16, kg):
    page = client.get(f"/m/{kg.slug}/surveys/{survey16.id}/results").get_data(as_text=True)
    assert '<td data-label="%" class="num">6.3</td>' in page
    assert "Average: 3.13" in page and "Average: 1.13" in page
    assert "Percentages are rounded half up to one decimal" in page


@pytest.fixture
def ballot80(db, kg, make_ballot, make_user, make_member):
    """A single-choice ballot counted from one paper protocol: Road 23 of 80 (28.75 %)."""
    ballot = make_ballot(kg, "single", options=("Road", "Water"))
    staff, second = make_user(), make_user()
    make_member(staff, kg, "staff"), make_member(second, kg, "staff")
    ids = {o.text: o.id for o in ballot.options}
    tally = paper.save_tally(ballot, kg.villages[0], staff, issued=80, valid=80, invalid=0,
                             counts={(ids["Road"], 0): 23, (ids["Water"], 0): 57})
    paper.confirm_tally(tally, second, shown_version=tally.lock_version, shown_digest=paper.digest(tally))
    db.session.commit()
    backdate(db, ballot, "closed")
    return ballot


def test_ballot_shares_are_half_up(db, ballot80, client, kg):
    result = counting.count(ballot80)
    assert [(r.option.text, r.total, r.percent) for r in result.rows] == [
        ("Water", 57, Decimal("71.3")), ("Road", 23, Decimal("28.8"))]
    page = client.get(f"/m/{kg.slug}/ballots/{ballot80.id}/results").get_data(as_text=True)
    assert ">28.8 %<" in page and "28.7 %" not in page
    assert "23 ÷ 80 = 28.8 %" in page
    assert "Percentages are rounded half up to one decimal" in page
    csv = client.get(f"/m/{kg.slug}/ballots/{ballot80.id}/results.csv").get_data(as_text=True)
    assert "Road,0,23,23,28.8" in csv


def test_share_of_women_at_meetings_is_half_up(db, client, kg, staff_user):
    """1 woman of 8 participants is 12.5 %: shown as 13 (the template's float gave 12)."""
    from datetime import date

    from planner.surveys import meetings

    for year in (2025, 2026):
        meetings.create_meeting(kg, staff_user, {("f", "30-44"): 1, ("m", "45-59"): 7}, kind="needs_assessment",
                                held_on=date(year, 3, 1), village_id=kg.villages[0].id, place="Мектеп",
                                target_group="everyone", deputies_present=2, minutes="")
    db.session.commit()
    page = client.get(f"/m/{kg.slug}/meetings").get_data(as_text=True)
    assert "Women, %: 13" in page
    assert page.count('<td data-label="Women, %" class="num">13</td>') == 2

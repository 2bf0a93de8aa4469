"""Chart data reaches pages only through ``|tojson``: a survey choice or ballot option
called ``</script><b>evil</b>`` stays text, in the chart data and in the tables."""
import pytest

from planner.surveys import answering, services
from tests.surveys.conftest import q
from tests.voting.conftest import backdate, vote_as

from .pages import EVIL, chart_blocks, labels

pytestmark = pytest.mark.usefixtures("request_ctx")


def test_public_survey_results_page(db, client, kg, make_survey):
    survey = make_survey(kg, is_public_results=True, questions=[
        dict(kind="single", text="Water?", choices=[EVIL, "No"]),
        dict(kind="ranking", text="Order", choices=[EVIL, "Roads"], max_choices=2)])
    single, ranking = q(survey, "single"), q(survey, "ranking")
    for _ in range(5):  # fewer are not shown at all (planner.disclosure)
        raw = {single.field_name: [str(single.choices[0].id)], f"{ranking.field_name}_r{ranking.choices[0].id}": ["1"]}
        answering.submit(survey, services.ordered_questions(survey), raw, key=answering.new_key(),
                         villages=kg.villages, channel="online", entered_by=None)
    db.session.commit()
    page = client.get(f"/m/{kg.slug}/surveys/{survey.id}/results").get_data(as_text=True)
    figures = chart_blocks(page)["chart-data"]
    assert set(figures) == {f"chart-q{single.id}", f"chart-q{ranking.id}"}
    assert all(EVIL in labels(figure) for figure in figures.values())
    assert "&lt;/script&gt;&lt;b&gt;evil&lt;/b&gt;" in page  # the tables show it as text
    assert "Borda count: with 2 options, first place earns 1 point" in page


def test_ballot_results_page(db, client, kg, make_ballot, make_resident):
    ballot = make_ballot(kg, "single", options=(EVIL, "Water"))
    for choice in (1, 1, 1, 2, 2):
        vote_as(db, ballot, make_resident(kg), {choice: 1})
    backdate(db, ballot, "closed")
    page = client.get(f"/m/{kg.slug}/ballots/{ballot.id}/results").get_data(as_text=True)
    figure = chart_blocks(page)["chart-data"]["ballot-chart"]
    assert EVIL in labels(figure)


def test_meetings_page(db, client, kg, staff_user):
    """No label here is typed by a person, but the data goes the same way: valid JSON, no markup."""
    from datetime import date

    from planner.surveys import meetings

    for year in (2025, 2026):
        meetings.create_meeting(kg, staff_user, {("f", "30-44"): 3, ("m", "45-59"): 2}, kind="needs_assessment",
                                held_on=date(year, 3, 1), village_id=kg.villages[0].id, place="Мектеп",
                                target_group="everyone", deputies_present=2, minutes="")
    db.session.commit()
    page = client.get(f"/m/{kg.slug}/meetings").get_data(as_text=True)
    figure = chart_blocks(page)["chart-data"]["chart-attendance"]
    assert [trace["y"] for trace in figure["data"]] == [[3, 3], [2, 2]]

"""Small groups on the public results page: nothing per question under 5 respondents, one
filter at a time for the public, no size printed for a hidden group."""
from .conftest import q
from .test_results import _answer


def _page(client, survey, kg, **args):
    response = client.get(f"/m/{kg.slug}/surveys/{survey.id}/results", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_survey_with_fewer_than_five_respondents_shows_no_figures_and_no_text(app, db, kg, make_survey, client):
    survey = make_survey(kg, is_public_results=True)
    with app.test_request_context():
        _answer(db, survey, 4, village=kg.villages[0], sex="f", age="18-29")
    page = _page(client, survey, kg)
    assert "Fewer than 5 people have answered this survey" in page
    assert "Repair the canal" not in page and "Main street" not in page and "chart-data" not in page
    assert "4 respondents" not in page
    long_ = q(survey, "long_text")
    texts = client.get(f"/m/{kg.slug}/surveys/{survey.id}/results/q/{long_.id}").get_data(as_text=True)
    assert "Repair the canal" not in texts
    with app.test_request_context():
        _answer(db, survey, 1, village=kg.villages[0], sex="f", age="18-29")
    assert "Repair the canal" in _page(client, survey, kg)


def test_the_public_sees_one_filter_at_a_time_and_no_size_of_a_hidden_group(
        app, db, kg, make_survey, client, auth, staff_user):
    survey = make_survey(kg, is_public_results=True)
    a, b, c = kg.villages
    with app.test_request_context():
        _answer(db, survey, 7, village=a, sex="f", age="18-29")
        _answer(db, survey, 6, village=b, sex="m", age="30-44")
        _answer(db, survey, 2, village=c, sex="f", age="45-59")
    combined = _page(client, survey, kg, village=a.id, sex="f")
    assert "one filter at a time" in combined and "Repair the canal" not in combined
    hidden = _page(client, survey, kg, village=c.id)
    assert "are hidden to protect the anonymity" in hidden and "2 respondents" not in hidden
    assert "15 respondents in all" in hidden
    by_village = _page(client, survey, kg, by="village")
    assert "n=&lt;5" not in by_village and "n=2" not in by_village and "n=7" in by_village
    # village C (2) cannot be the only hidden column (the total minus A and B): B (6) goes with it
    assert by_village.count(">hidden<") == 2 * 3  # two columns in each of the three choice questions
    refused = _page(client, survey, kg, village=a.id, by="sex")
    assert "Comparing groups is shown without a filter" in refused
    auth.as_user(staff_user)  # staff can download every answer: they may combine filters
    assert "Repair the canal" in _page(client, survey, kg, village=a.id, sex="f")


def test_the_small_group_notice_counts_in_russian(app, db, kg, make_survey, client):
    """Issue 14: "меньше 5 человек" (ngettext; 1 and 21 would read "человека")."""
    survey = make_survey(kg, is_public_results=True)
    with app.test_request_context():
        _answer(db, survey, 2, village=kg.villages[0], sex="f", age="18-29")
    client.set_cookie("lang", "ru")
    page = _page(client, survey, kg)
    assert "На этот опрос ответили меньше 5 человек, поэтому результаты пока не показываются" in page
    assert "Меньше 5 респондентов" in page

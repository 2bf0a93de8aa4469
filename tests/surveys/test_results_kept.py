"""Survey results' content is drawn once per data version and kept
(planner/surveys/results_views.py): these tests try to be shown what another reader, filter,
comparison, language, address, survey or day was shown, or the counts before a new answer."""
import re
from datetime import date, timedelta

import pytest

from planner import page_cache

from ..conftest import signed_in_client as _signed_in
from .conftest import q
from .test_results import _answer

pytestmark = pytest.mark.usefixtures("nothing_kept")


@pytest.fixture
def survey(db, app, kg, make_survey, staff_user):
    with app.test_request_context():
        survey = make_survey(kg, is_public_results=True)
        a, b, c = kg.villages
        _answer(db, survey, 6, village=a, sex="f", age="18-29")
        _answer(db, survey, 5, village=b, sex="m", age="60+")
        _answer(db, survey, 5, village=c, sex="f", age="60+")
    return survey


def _anonymous(app, lang="en"):
    client = app.test_client()
    client.set_cookie("lang", lang)  # else the municipality's language (ky)
    return client


def _url(survey, query=""):
    return f"/m/{survey.municipality.slug}/surveys/{survey.id}/results{query}"


def _page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _respondents(page):
    return re.search(r'<p class="lead">(\d+) respondents?', page).group(1)


@pytest.mark.parametrize("staff_first", [True, False])
def test_readers_with_other_rights_are_not_shown_each_other_s_content(app, kg, survey, staff_user, make_user,
                                                                     make_member, staff_first):
    """Staff may download and combine filters; a resident or a visitor may not: whoever is
    drawn first, the others do not get their links or their combined figures."""
    resident = make_user()
    make_member(resident, kg, "resident")
    readers = {"staff": _signed_in(app, staff_user), "resident": _signed_in(app, resident),
               "anonymous": _anonymous(app)}
    combined = _url(survey, f"?village={kg.villages[0].id}&sex=f")
    order = ["staff", "resident", "anonymous"] if staff_first else ["anonymous", "resident", "staff"]
    pages = {name: _page(readers[name], _url(survey)) for name in order}
    assert {name for name, page in pages.items() if "export.xlsx" in page} == {"staff"}
    filtered = {name: _page(readers[name], combined) for name in order}
    assert _respondents(filtered["staff"]) == "6"
    for name in ("resident", "anonymous"):  # combined filters are not shown to them: the total only
        assert not re.search(r"\b6 respondents", filtered[name]) and "16 respondents in all" in filtered[name], name


def test_filters_and_comparisons_are_kept_apart(app, kg, survey):
    client = _anonymous(app)
    everyone = _page(client, _url(survey))
    assert _respondents(everyone) == "16"
    assert _respondents(_page(client, _url(survey, "?sex=f"))) == "11"
    assert _respondents(_page(client, _url(survey, f"?village={kg.villages[0].id}"))) == "6"
    assert _respondents(_page(client, _url(survey, "?age=60%2B"))) == "10"
    by_sex = _page(client, _url(survey, "?by=sex"))
    assert "Compared by group" in by_sex and "Compared by group" not in _page(client, _url(survey))
    assert _page(client, _url(survey)) == everyone


def test_a_new_answer_shows_at_once(app, db, survey):
    client = _anonymous(app)
    assert _respondents(_page(client, _url(survey))) == "16"
    with app.test_request_context():
        _answer(db, survey, 1, village=survey.municipality.villages[0], sex="m", age="30-44")
    assert _respondents(_page(client, _url(survey))) == "17"


def test_languages_addresses_and_surveys_are_kept_apart(app, kg, survey, make_survey):
    client = _anonymous(app)
    english = _page(client, _url(survey))
    russian = _page(_anonymous(app, "ru"), _url(survey))
    assert "Compare by" in english and "Compare by" not in russian
    mounted = _page(client, _url(survey), base_url="http://localhost/planner/")
    long_ = q(survey, "long_text")
    assert f'href="/planner{_url(survey)}/q/{long_.id}"' in mounted
    assert f'href="{_url(survey)}/q/{long_.id}"' in _page(client, _url(survey))
    with app.test_request_context():
        other = make_survey(kg, title="Roads survey", is_public_results=True)
    assert "Roads survey" in _page(client, _url(other)) and "Roads survey" not in _page(client, _url(survey))


def test_the_survey_closing_shows_the_next_day_without_a_write(app, survey, monkeypatch):
    """The "still open" line goes when the survey closes, though nothing is written."""
    client = _anonymous(app)
    open_line = "The survey is still open"
    assert open_line in _page(client, _url(survey))
    version = page_cache.current_version()
    monkeypatch.setattr("planner.surveys.results_views.today", lambda: survey.closes_on + timedelta(days=1))
    assert open_line not in _page(client, _url(survey))
    assert page_cache.current_version() == version
    assert survey.closes_on + timedelta(days=1) > date.today()

""""Anyone with the link" surveys: one answer per browser (a signed cookie), and the pages
say plainly what that cannot stop (a second device)."""
import re

from sqlalchemy import func, select

from planner.surveys.models import SurveyResponse

from .conftest import full_answer

LIMIT = "one person can answer again from another device"


def _count(db):
    return db.session.scalar(select(func.count(SurveyResponse.id)))


def _send(client, survey, kg):
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    page = client.get(url)
    match = re.search(r'name="key" value="([^"]+)"', page.get_data(as_text=True))
    key = match.group(1) if match else "k" * 32  # the refusal page has no form: send a fresh key anyway
    return client.post(url, data={"key": key, **full_answer(survey)})


def test_the_same_browser_cannot_answer_a_link_survey_twice(db, kg, make_survey, client):
    survey = make_survey(kg, access="link")
    first = _send(client, survey, kg)
    assert first.status_code == 302 and "/thanks" in first.headers["Location"]
    again = _send(client, survey, kg)
    assert again.status_code == 409 and "already answered" in again.get_data(as_text=True)
    assert "already answered" in client.get(f"/m/{kg.slug}/surveys/{survey.id}").get_data(as_text=True)
    assert _count(db) == 1


def test_the_cookie_names_the_survey_only_and_cannot_be_forged(db, app, kg, make_survey, client):
    first, second = make_survey(kg, access="link"), make_survey(kg, access="link")
    assert _send(client, first, kg).status_code == 302
    cookie = client.get_cookie(f"answered-{first.id}", path=f"/m/{kg.slug}/surveys/{first.id}")
    assert cookie is not None and cookie.http_only
    stored = db.session.scalar(select(SurveyResponse.submission_key))
    assert stored not in cookie.value  # nothing in the cookie points at the answer
    # the first survey's cookie copied under the second survey's name does not verify
    client.set_cookie(f"answered-{second.id}", cookie.value, path=f"/m/{kg.slug}/surveys/{second.id}")
    assert _send(client, second, kg).status_code == 302
    other = app.test_client()
    other.set_cookie(f"answered-{first.id}", "forged", path=f"/m/{kg.slug}/surveys/{first.id}")
    assert _send(other, first, kg).status_code == 302
    assert _count(db) == 3


def test_another_device_can_answer_and_the_pages_say_so(db, app, kg, make_survey, client):
    survey = make_survey(kg, access="link", is_public_results=True)
    assert _send(client, survey, kg).status_code == 302
    assert _send(app.test_client(), survey, kg).status_code == 302  # the known limit, stated below
    assert _count(db) == 2
    fresh = app.test_client()
    fresh.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert LIMIT in fresh.get(f"/m/{kg.slug}/surveys/{survey.id}").get_data(as_text=True)
    assert LIMIT in fresh.get(f"/m/{kg.slug}/surveys/{survey.id}/results").get_data(as_text=True)
    residents = make_survey(kg, access="residents", is_public_results=True)
    assert LIMIT not in fresh.get(f"/m/{kg.slug}/surveys/{residents.id}/results").get_data(as_text=True)

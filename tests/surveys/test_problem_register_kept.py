"""The problem register's rows are kept per municipality, filters and data version, and the
cards an anonymous visitor sees per language and order besides (``surveys/problem_register.py``):
each test fails if a key missed one of them, or if a viewer's own rights or supports were
taken from what was kept for another."""
import re

import pytest

from planner.surveys import problem_register, problems
from planner.supports import services as supports
from planner.surveys.models import Problem

pytestmark = pytest.mark.usefixtures("request_ctx")


def _problem(kg, by, text, **kw):
    fields = dict(village_id=kg.villages[0].id, sector="water", source_kind="other", meeting_id=None, survey_id=None,
                  times_raised=1)
    fields.update(kw)
    return problems.add_problem(kg, by, text=text, **fields)


def _texts(page):
    return re.findall(r'<p class="ptext">([^<]*)</p>', page)


def _get(client, path, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_rows_follow_the_data_and_the_filters(db, kg, staff_user, client):
    _problem(kg, staff_user, "Road", sector="roads", times_raised=3)
    water = _problem(kg, staff_user, "Water", times_raised=2, village_id=kg.villages[1].id)
    db.session.commit()
    url = f"/m/{kg.slug}/problems"
    assert _texts(_get(client, url)) == ["Road", "Water"]
    assert _texts(_get(client, url + "?sector=water")) == ["Water"]
    assert _texts(_get(client, url + f"?village={kg.villages[1].id}")) == ["Water"]
    assert _texts(_get(client, url + "?vote=1")) == []
    problems.set_for_vote(water, staff_user, True)
    db.session.commit()
    assert _texts(_get(client, url)) == ["Water", "Road"]
    assert _texts(_get(client, url + "?vote=1")) == ["Water"]
    duplicate = _problem(kg, staff_user, "Water again")
    db.session.commit()
    problems.merge_problems(duplicate, water, staff_user)
    db.session.commit()
    page = _get(client, url)
    assert _texts(page) == ["Water", "Road"] and "Water again (" in page


def test_rows_are_the_municipalitys_own(db, kg, staff_user, client, make_municipality):
    other = make_municipality()
    _problem(kg, staff_user, "Here")
    _problem(other, staff_user, "There", village_id=None)
    db.session.commit()
    assert _texts(_get(client, f"/m/{kg.slug}/problems")) == ["Here"]
    assert _texts(_get(client, f"/m/{other.slug}/problems")) == ["There"]


def test_anonymous_cards_follow_the_language_the_order_and_the_supports(db, kg, staff_user, client, make_user,
                                                                       make_member):
    _problem(kg, staff_user, "Road", sector="roads", times_raised=3)
    water = _problem(kg, staff_user, "Water", times_raised=2)
    db.session.commit()
    url = f"/m/{kg.slug}/problems"
    english = _get(client, url)
    russian = _get(client, url, **{"Accept-Language": "ru"})
    assert "raised 3 times" in english and "raised 3 times" not in russian
    assert "0 residents support this" in english
    resident = make_user()
    make_member(resident, kg, "resident")
    supports.set_support(water, resident, kg.id, True)
    db.session.commit()
    page = _get(client, url)
    assert _texts(page) == ["Road", "Water"] and "1 resident supports this" in page
    assert _texts(_get(client, url + "?sort=support")) == ["Water", "Road"]
    assert _texts(_get(client, url)) == ["Road", "Water"]
    assert problem_register.register(kg).supports == {water.id: 1}


def test_a_signed_in_viewer_gets_cards_of_their_own(db, kg, staff_user, client, auth, make_user, make_member):
    _problem(kg, staff_user, "Road", times_raised=3)
    db.session.commit()
    url = f"/m/{kg.slug}/problems"
    anonymous = _get(client, url)
    assert "Edit or merge" not in anonymous and "I support this" not in anonymous
    auth.as_user(staff_user)
    assert "Edit or merge" in _get(client, url)
    resident = make_user()
    make_member(resident, kg, "resident")
    auth.as_user(resident)
    assert "I support this" in _get(client, url) and "Edit or merge" not in _get(client, url)
    road = problem_register.register(kg).problems[0]
    supports.set_support(db.session.get(Problem, road.id), resident, kg.id, True)
    db.session.commit()
    assert "Withdraw my support" in _get(client, url)
    auth.logout()
    anonymous = _get(client, url)
    assert "Withdraw my support" not in anonymous and "You support this" not in anonymous


def test_anonymous_cards_follow_the_address_the_app_is_served_at(db, kg, staff_user, client, make_survey):
    """Cards kept at "/" are not served at "/planner/": their links (a problem's source) are
    under the mount point they were asked at."""
    survey = make_survey(kg)
    _problem(kg, staff_user, "Road", survey_id=survey.id, source_kind="survey")
    db.session.commit()
    url = f"/m/{kg.slug}/problems"
    assert f'href="/m/{kg.slug}/surveys/{survey.id}' in _get(client, url)
    mounted = client.get(url, base_url="http://localhost/planner/").get_data(as_text=True)
    assert f'href="/planner/m/{kg.slug}/surveys/{survey.id}' in mounted
    assert f'href="/m/{kg.slug}/' not in mounted

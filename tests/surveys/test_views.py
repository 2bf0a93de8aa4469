"""Answering through the web: one page and page per section, answers kept on errors and
on an expired form or login, the double submit, paper entry, printing, tampered ids."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from planner.surveys.models import SealedResponse, SurveyDraft, SurveyResponse

from .conftest import choice, full_answer, get_counted, q


def _key(page):
    return re.search(r'name="key" value="([^"]+)"', page).group(1)


def _count(db):
    """Responses, stored or still sealed (residents-only answers wait sealed to be mixed)."""
    return (db.session.scalar(select(func.count(SurveyResponse.id)))
            + db.session.scalar(select(func.count()).select_from(SealedResponse)))


def test_answer_on_one_page(db, kg, make_survey, client):
    survey = make_survey(kg)
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    page, queries = get_counted(client, url)
    assert page.status_code == 200 and queries <= 8
    html = page.get_data(as_text=True)
    assert "<script" not in html  # works without JavaScript
    data = {"key": _key(html), **full_answer(survey)}
    response = client.post(url, data=data)
    assert response.status_code == 302 and "/thanks" in response.headers["Location"]
    assert _count(db) == 1


def test_double_submit_stores_one_answer(db, kg, make_survey, client):
    survey = make_survey(kg)
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    data = {"key": _key(client.get(url).get_data(as_text=True)), **full_answer(survey)}
    assert client.post(url, data=data).status_code == 302
    again = client.post(url, data=data)
    assert again.status_code == 302 and "/thanks" in again.headers["Location"]
    assert _count(db) == 1


def test_failed_validation_keeps_the_answers(db, kg, make_survey, client):
    survey = make_survey(kg)
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    number, short = q(survey, "number"), q(survey, "short_text")
    data = {"key": _key(client.get(url).get_data(as_text=True)),
            **full_answer(survey, **{number.field_name: ["999"], short.field_name: ["Токтогул көчөсү"]})}
    response = client.post(url, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write a number from 1 to 30." in html
    assert 'value="Токтогул көчөсү"' in html and 'value="999"' in html
    single = q(survey, "single")
    assert f'value="{choice(single, "Yes").id}" checked' in html
    assert _count(db) == 0


def test_expired_form_keeps_the_answers(app, db, kg, make_survey, client):
    """With CSRF on and no session (the cookie expired), the answers come back with a new token."""
    survey = make_survey(kg)
    short = q(survey, "short_text")
    app.config["WTF_CSRF_ENABLED"] = True  # read at validation time
    try:
        data = {"key": "k" * 32, "csrf_token": "stale", **full_answer(survey, **{short.field_name: ["Ала-Тоо 5"]})}
        response = client.post(f"/m/{kg.slug}/surveys/{survey.id}", data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "The form had expired" in html and 'value="Ала-Тоо 5"' in html
        assert _count(db) == 0
        data["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        assert client.post(f"/m/{kg.slug}/surveys/{survey.id}", data=data).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert _count(db) == 1


def test_pages_per_section_keep_a_draft(db, kg, make_survey, client):
    survey = make_survey(kg, sections=["Water", "Roads"], paging="sections", questions=[
        dict(kind="single", text="Water at home?", choices=["Yes", "No"], is_required=True, section=0),
        dict(kind="scale", text="Roads?", is_required=True, section=1)])
    water, roads = survey.questions
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    first = client.get(url).get_data(as_text=True)
    assert "Water at home?" in first and "Roads?" not in first and "Page 1 of 2" in first
    key = _key(first)
    step = client.post(url, data={"key": key, "page": "0", water.field_name: str(water.choices[1].id)})
    assert step.status_code == 302 and "page=1" in step.headers["Location"]
    second = client.get(step.headers["Location"]).get_data(as_text=True)
    assert "Roads?" in second and "Sex" in second  # the profile comes on the last page
    # Back, and the first page shows what was chosen.
    back = client.post(url, data={"key": key, "page": "1", "back": "1", roads.field_name: "4"})
    again = client.get(back.headers["Location"]).get_data(as_text=True)
    assert f'value="{water.choices[1].id}" checked' in again
    done = client.post(url, data={"key": key, "page": "1", roads.field_name: "4"})
    assert done.status_code == 302 and "/thanks" in done.headers["Location"]
    response = db.session.scalar(select(SurveyResponse))
    assert {(a.question_id, a.choice_id) for a in response.answers} == {(water.id, water.choices[1].id), (roads.id, None)}
    assert db.session.scalar(select(func.count()).select_from(SurveyDraft)) == 0


def test_page_with_an_error_does_not_advance(db, kg, make_survey, client):
    survey = make_survey(kg, sections=["Water", "Roads"], paging="sections", questions=[
        dict(kind="single", text="Water at home?", choices=["Yes", "No"], is_required=True, section=0),
        dict(kind="scale", text="Roads?", section=1)])
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    key = _key(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"key": key, "page": "0"})
    assert response.status_code == 422 and "This question needs an answer." in response.get_data(as_text=True)


def test_residents_only_survey(db, kg, make_survey, client, auth, make_user, make_member):
    survey = make_survey(kg, access="residents")
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    assert "/login" in client.get(url).headers["Location"]
    outsider = make_user()
    auth.as_user(outsider)
    assert client.get(url).status_code == 403
    resident = make_user()
    make_member(resident, kg, "resident")
    auth.as_user(resident)
    data = {"key": _key(client.get(url).get_data(as_text=True)), **full_answer(survey)}
    assert client.post(url, data=data).status_code == 302
    second = client.get(url)
    assert "already answered" in second.get_data(as_text=True)
    data["key"] = "n" * 32
    assert client.post(url, data=data).status_code == 409
    assert _count(db) == 1


def test_expired_login_keeps_the_answers(db, kg, make_survey, client, auth, make_user, make_member):
    survey = make_survey(kg, access="residents")
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    short = q(survey, "short_text")
    key = "e" * 32
    response = client.post(url, data={"key": key, **full_answer(survey, **{short.field_name: ["Кыргыз көчөсү"]})})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _count(db) == 0
    resident = make_user()
    make_member(resident, kg, "resident")
    auth.as_user(resident)
    page = client.get(f"{url}?key={key}").get_data(as_text=True)
    assert 'value="Кыргыз көчөсү"' in page and _key(page) == key
    assert client.post(url, data={"key": key, **full_answer(survey)}).status_code == 302
    assert _count(db) == 1


def test_closed_survey_refuses_answers(db, kg, make_survey, client):
    survey = make_survey(kg, opens_on=date.today() - timedelta(days=9), closes_on=date.today() - timedelta(days=1))
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    assert "closed" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"key": "c" * 32, **full_answer(survey)})
    assert response.status_code == 409 and _count(db) == 0


def test_paper_entry_is_marked_with_who_entered(db, kg, make_survey, client, auth, staff_user):
    survey = make_survey(kg)
    auth.as_user(staff_user)
    url = f"/m/{kg.slug}/surveys/{survey.id}/paper"
    page = client.get(url).get_data(as_text=True)
    assert "Paper questionnaire" in page
    response = client.post(url, data={"key": _key(page), **full_answer(survey)})
    assert response.status_code == 302 and "paper=1" in response.headers["Location"]
    stored = db.session.scalar(select(SurveyResponse))
    assert stored.channel == "paper" and stored.entered_by_id == staff_user.id
    # The staff member can still answer online for themself, once.
    online = client.get(f"/m/{kg.slug}/surveys/{survey.id}")
    assert online.status_code == 200 and "already answered" not in online.get_data(as_text=True)


def test_printable_questionnaire(db, kg, make_survey, client):
    survey = make_survey(kg)
    page = client.get(f"/m/{kg.slug}/surveys/{survey.id}/print").get_data(as_text=True)
    assert "A4" in page and "Put in order" in page and 'class="box round"' in page and "<form" not in page


def test_print_in_kyrgyz(db, kg, make_survey, client):
    survey = make_survey(kg)
    client.set_cookie("lang", "ky")
    page = client.get(f"/m/{kg.slug}/surveys/{survey.id}/print").get_data(as_text=True)
    assert 'lang="ky"' in page


def test_tampered_ids_are_404(db, kg, make_survey, make_municipality, client, auth, staff_user):
    survey = make_survey(kg)
    other = make_municipality()
    auth.as_user(staff_user)
    assert client.get(f"/m/{other.slug}/surveys/{survey.id}").status_code == 404
    assert client.get(f"/m/{other.slug}/surveys/{survey.id}/results").status_code == 404
    foreign = make_survey(other)
    question = foreign.questions[0]
    assert client.get(f"/m/{kg.slug}/surveys/{survey.id}/questions/{question.id}/edit").status_code == 404


def test_question_builder_refusal_is_shown(db, kg, make_survey, client, auth, staff_user):
    survey = make_survey(kg)
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    client.post(url, data={"key": "b" * 32, **full_answer(survey)})
    auth.as_user(staff_user)
    single = q(survey, "single")
    response = client.post(f"{url}/questions/{single.id}/edit", data={
        "text": single.text, "kind": "single", "section_id": "0", "choice_text": "Yes\nNo", "allows_other": "y"})
    assert response.status_code == 200 and "none can be removed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(q(survey, "single").choices) == 3
    assert client.post(f"{url}/questions/{single.id}/delete").status_code == 302
    db.session.expire_all()
    assert q(survey, "single") is not None


def test_builder_pages(db, kg, make_survey, client, auth, staff_user):
    auth.as_user(staff_user)
    response = client.post(f"/m/{kg.slug}/surveys/new", data={
        "title": "Жаштар сурамжылоосу", "intro": "", "opens_on": date.today().isoformat(),
        "closes_on": (date.today() + timedelta(days=5)).isoformat(), "access": "link", "paging": "one",
        "asks_profile": "y"})
    assert response.status_code == 302
    manage = response.headers["Location"]
    survey_id = int(re.search(r"/surveys/(\d+)/manage", manage).group(1))
    added = client.post(f"/m/{kg.slug}/surveys/{survey_id}/questions/new", data={
        "text": "Спорт зал керекпи?", "kind": "single", "section_id": "0", "choice_text": "Ооба\nЖок"})
    assert added.status_code == 302
    page, queries = get_counted(client, manage)
    assert "Спорт зал керекпи?" in page.get_data(as_text=True) and queries <= 8
    list_page, queries = get_counted(client, f"/m/{kg.slug}/surveys")
    assert "Жаштар сурамжылоосу" in list_page.get_data(as_text=True) and queries <= 8

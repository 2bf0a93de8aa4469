"""A new survey is a draft until published; it cannot be published with no question, and
nobody but its managers sees or answers it before. The problem forms start with no sector."""
import re
from datetime import date, timedelta

from sqlalchemy import func, select

from planner.surveys.models import Problem, Survey, SurveyResponse

from .conftest import full_answer


def _new_survey(client, kg):
    response = client.post(f"/m/{kg.slug}/surveys/new", data={
        "title": "Water survey", "intro": "", "opens_on": (date.today() - timedelta(days=1)).isoformat(),
        "closes_on": (date.today() + timedelta(days=9)).isoformat(), "access": "link", "paging": "one",
        "asks_profile": "y"})
    assert response.status_code == 302
    from planner.extensions import db

    return db.session.scalars(select(Survey).where(Survey.title == "Water survey")).one()


def _add_question(client, kg, survey):
    response = client.post(f"/m/{kg.slug}/surveys/{survey.id}/questions/new", data={
        "kind": "short_text", "text": "Your street", "section_id": "0"})
    assert response.status_code == 302


def test_a_new_survey_is_a_draft_that_only_managers_see(db, kg, staff_user, make_user, make_member, client, auth):
    auth.as_user(staff_user)
    survey = _new_survey(client, kg)
    assert survey.is_draft
    manage = client.get(f"/m/{kg.slug}/surveys/{survey.id}/manage").get_data(as_text=True)
    assert "Publish the survey" in manage
    assert "Water survey" in client.get(f"/m/{kg.slug}/surveys").get_data(as_text=True)
    answer = client.get(f"/m/{kg.slug}/surveys/{survey.id}")
    assert answer.status_code == 200 and "This survey is a draft" in answer.get_data(as_text=True)
    resident = make_user()
    make_member(resident, kg, "resident")
    for visitor in (resident, None):
        auth.as_user(visitor) if visitor else auth.logout()
        assert "Water survey" not in client.get(f"/m/{kg.slug}/surveys").get_data(as_text=True)
        for path in ("", "/print", "/results", "/thanks"):
            assert client.get(f"/m/{kg.slug}/surveys/{survey.id}{path}").status_code == 404, path
        assert "Water survey" not in client.get(f"/api/v1/municipalities/{kg.slug}/surveys").get_data(as_text=True)


def test_a_survey_without_questions_cannot_be_published(db, kg, staff_user, client, auth):
    auth.as_user(staff_user)
    survey = _new_survey(client, kg)
    refused = client.post(f"/m/{kg.slug}/surveys/{survey.id}/publish", follow_redirects=True)
    assert "Add at least one question before publishing the survey." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).is_draft
    _add_question(client, kg, survey)
    published = client.post(f"/m/{kg.slug}/surveys/{survey.id}/publish", follow_redirects=True)
    assert "The survey is published." in published.get_data(as_text=True)
    db.session.expire_all()
    survey = db.session.get(Survey, survey.id)
    assert not survey.is_draft
    # Published, it keeps at least one question.
    question = survey.questions[0]
    kept = client.post(f"/m/{kg.slug}/surveys/{survey.id}/questions/{question.id}/delete", follow_redirects=True)
    assert "A published survey keeps at least one question" in kept.get_data(as_text=True)
    auth.logout()
    assert "Water survey" in client.get(f"/m/{kg.slug}/surveys").get_data(as_text=True)


def test_the_refusal_is_translated(db, kg, staff_user, client, auth):
    auth.as_user(staff_user)
    survey = _new_survey(client, kg)
    staff_user.locale = "ru"
    db.session.commit()
    page = client.post(f"/m/{kg.slug}/surveys/{survey.id}/publish", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Add at least one question" not in html
    assert re.search("[А-Яа-я]{4}", html)


def test_a_draft_takes_no_answer_not_even_a_forged_one(db, kg, staff_user, make_survey, client, auth):
    survey = make_survey(kg)
    survey.published_at = None  # back to a draft (as the web form makes it)
    db.session.commit()
    auth.as_user(staff_user)
    url = f"/m/{kg.slug}/surveys/{survey.id}"
    sent = client.post(url, data={"key": "k" * 32, **full_answer(survey)})
    assert sent.status_code == 409
    paper = client.post(url + "/paper", data={"key": "p" * 32, **full_answer(survey)}, follow_redirects=True)
    assert "This survey is a draft" in paper.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SurveyResponse.id))) == 0


def test_the_problem_forms_start_with_no_sector(db, kg, staff_user, make_user, make_member, client, auth):
    auth.as_user(staff_user)
    form = client.get(f"/m/{kg.slug}/problems/new").get_data(as_text=True)
    sector = re.search(r'<select[^>]*name="sector".*?</select>', form, re.S).group(0)
    assert "selected" not in sector and re.search(r'<option[^>]*value=""', sector)
    sent = client.post(f"/m/{kg.slug}/problems/new", data={
        "text": "Unclassified", "village_id": "0", "sector": "", "source_kind": "other", "meeting_id": "0",
        "survey_id": "0", "times_raised": "1"})
    assert sent.status_code == 302
    assert db.session.scalars(select(Problem).where(Problem.text == "Unclassified")).one().sector == "other"
    resident = make_user()
    make_member(resident, kg, "resident")
    auth.as_user(resident)
    form = client.get(f"/m/{kg.slug}/problems/propose").get_data(as_text=True)
    sector = re.search(r'<select[^>]*name="sector".*?</select>', form, re.S).group(0)
    assert "selected" not in sector
    client.post(f"/m/{kg.slug}/problems/propose", data={"text": "Nobody knows the sector", "village_id": "0",
                                                          "sector": ""})
    assert db.session.scalars(select(Problem).where(Problem.text == "Nobody knows the sector")).one().sector == "other"

"""Answering: every question kind and its checks, anonymity, the submission key, drafts."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, inspect, select

from planner.errors import ServiceError
from planner.surveys import answering, services
from planner.surveys.models import Answer, SurveyParticipation, SurveyResponse

from .conftest import choice, full_answer, q

pytestmark = pytest.mark.usefixtures("request_ctx")


def _submit(db, survey, raw, key=None, **kw):
    kw.setdefault("villages", survey.municipality.villages)
    response = answering.submit(survey, services.ordered_questions(survey), raw, key=key or answering.new_key(), **kw)
    db.session.commit()
    return response


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_full_answer_stores_every_kind(db, kg, make_survey):
    survey = make_survey(kg)
    raw = full_answer(survey, profile_sex=["f"], profile_age=["30-44"], profile_village=[str(kg.villages[1].id)])
    response = _submit(db, survey, raw)
    assert response.channel == "online" and response.sex == "f" and response.age_band == "30-44"
    assert response.village_id == kg.villages[1].id
    rows = {(a.question_id, a.choice_id, a.rank, a.value, a.text) for a in response.answers}
    ranking = q(survey, "ranking")
    assert (ranking.id, choice(ranking, "Roads").id, 1, None, None) in rows
    assert (ranking.id, choice(ranking, "Water").id, 2, None, None) in rows
    assert (q(survey, "scale").id, None, None, Decimal("4"), None) in rows
    assert (q(survey, "number").id, None, None, Decimal("5"), None) in rows
    assert (q(survey, "long_text").id, None, None, None, "Repair the canal") in rows
    assert len([r for r in rows if r[0] == q(survey, "multiple").id]) == 2


def test_other_text_for_single_and_multiple(db, kg, make_survey):
    survey = make_survey(kg)
    single, multiple = q(survey, "single"), q(survey, "multiple")
    raw = full_answer(survey, **{single.field_name: ["other"], f"{single.field_name}_other": ["From the neighbour"],
                                 multiple.field_name: [str(choice(multiple, "Water").id)],
                                 f"{multiple.field_name}_other": ["Electricity"]})
    response = _submit(db, survey, raw)
    texts = sorted(a.text for a in response.answers if a.choice_id is None and a.question_id in (single.id, multiple.id))
    assert texts == ["Electricity", "From the neighbour"]


def test_other_ticked_without_text_is_refused(db, kg, make_survey):
    survey = make_survey(kg)
    single = q(survey, "single")
    with pytest.raises(answering.AnswerErrors) as error:
        _submit(db, survey, full_answer(survey, **{single.field_name: ["other"]}))
    assert single.field_name in error.value.errors


@pytest.mark.parametrize(("kind", "value", "message"), [
    ("scale", "6", "1 to 5"),
    ("scale", "abc", "1 to 5"),
    ("number", "31", "from 1 to 30"),
    ("number", "0", "from 1 to 30"),
    ("number", "many", "Write a number"),
    ("number", "2.555", "two digits"),
    ("short_text", "x" * 301, "at most 300"),
    ("long_text", "x" * 4001, "at most 4000"),
])
def test_bad_values_are_refused_and_nothing_is_stored(db, kg, make_survey, kind, value, message):
    survey = make_survey(kg)
    question = q(survey, kind)
    with pytest.raises(answering.AnswerErrors) as error:
        _submit(db, survey, full_answer(survey, **{question.field_name: [value]}))
    assert message in error.value.errors[question.field_name]
    db.session.rollback()
    assert _count(db, SurveyResponse) == 0 and _count(db, Answer) == 0


def test_number_accepts_a_comma(db, kg, make_survey):
    survey = make_survey(kg)
    number = q(survey, "number")
    response = _submit(db, survey, full_answer(survey, **{number.field_name: ["2,5"]}))
    assert [a.value for a in response.answers if a.question_id == number.id] == [Decimal("2.5")]


def test_choice_from_another_question_is_refused(db, kg, make_survey):
    survey = make_survey(kg)
    single, multiple = q(survey, "single"), q(survey, "multiple")
    foreign = str(choice(multiple, "Water").id)
    with pytest.raises(answering.AnswerErrors) as error:
        _submit(db, survey, full_answer(survey, **{single.field_name: [foreign]}))
    assert "does not belong" in error.value.errors[single.field_name]
    ranking = q(survey, "ranking")
    with pytest.raises(answering.AnswerErrors):
        _submit(db, survey, full_answer(survey, **{f"{ranking.field_name}_r{foreign}": ["3"]}))
    assert _count(db, SurveyResponse) == 0


def test_too_many_choices_are_refused(db, kg, make_survey):
    survey = make_survey(kg)
    multiple = q(survey, "multiple")
    ids = [str(c.id) for c in multiple.choices[:3]]
    with pytest.raises(answering.AnswerErrors) as error:
        _submit(db, survey, full_answer(survey, **{multiple.field_name: ids}))
    assert "at most 2" in error.value.errors[multiple.field_name]
    # Two ticks plus an "other" text is three answers, too.
    with pytest.raises(answering.AnswerErrors):
        _submit(db, survey, full_answer(survey, **{multiple.field_name: ids[:2], f"{multiple.field_name}_other": ["x"]}))


def test_two_answers_to_a_single_choice_are_refused(db, kg, make_survey):
    survey = make_survey(kg)
    single = q(survey, "single")
    with pytest.raises(answering.AnswerErrors):
        _submit(db, survey, full_answer(survey, **{single.field_name: [str(c.id) for c in single.choices[:2]]}))


@pytest.mark.parametrize("ranks", [["1", "1"], ["1", "3"], ["2", "3"], ["0", "1"], ["1", "9"]])
def test_ranking_needs_places_1_2_3_without_gaps(db, kg, make_survey, ranks):
    survey = make_survey(kg)
    ranking = q(survey, "ranking")
    raw = {k: v for k, v in full_answer(survey).items() if not k.startswith(ranking.field_name)}
    for c, rank in zip(ranking.choices, ranks):
        raw[f"{ranking.field_name}_r{c.id}"] = [rank]
    with pytest.raises(answering.AnswerErrors) as error:
        _submit(db, survey, raw)
    assert ranking.field_name in error.value.errors


def test_ranking_limited_to_max_places(db, kg, make_survey):
    survey = make_survey(kg, questions=[dict(kind="ranking", text="Order", choices=["A", "B", "C"], max_choices=2)])
    ranking = survey.questions[0]
    raw = {f"{ranking.field_name}_r{c.id}": [str(i)] for i, c in enumerate(ranking.choices, 1)}
    with pytest.raises(answering.AnswerErrors) as error:
        _submit(db, survey, raw)
    assert "at most 2" in error.value.errors[ranking.field_name]


def test_required_question_needs_an_answer(db, kg, make_survey):
    survey = make_survey(kg)
    single = q(survey, "single")
    raw = full_answer(survey)
    del raw[single.field_name]
    with pytest.raises(answering.AnswerErrors) as error:
        _submit(db, survey, raw)
    assert error.value.errors == {single.field_name: "This question needs an answer."}


def test_optional_questions_may_stay_empty(db, kg, make_survey):
    survey = make_survey(kg)
    single = q(survey, "single")
    response = _submit(db, survey, {single.field_name: [str(single.choices[0].id)]})
    assert len(response.answers) == 1


def test_empty_questionnaire_is_refused(db, kg, make_survey):
    survey = make_survey(kg, questions=[dict(kind="short_text", text="Anything?")])
    with pytest.raises(answering.AnswerErrors):
        _submit(db, survey, {})


def test_bad_profile_values_are_refused(db, kg, make_survey, make_municipality):
    survey = make_survey(kg)
    other = make_municipality()
    for field, value in (("profile_sex", "x"), ("profile_age", "10-12"), ("profile_village", str(other.villages[0].id))):
        with pytest.raises(answering.AnswerErrors) as error:
            _submit(db, survey, full_answer(survey, **{field: [value]}))
        assert field in error.value.errors


def test_answers_to_a_closed_or_future_survey_are_refused(db, kg, make_survey):
    closed = make_survey(kg, opens_on=date.today() - timedelta(days=30), closes_on=date.today() - timedelta(days=1))
    with pytest.raises(ServiceError, match="closed"):
        _submit(db, closed, full_answer(closed))
    future = make_survey(kg, opens_on=date.today() + timedelta(days=1), closes_on=date.today() + timedelta(days=9))
    with pytest.raises(ServiceError, match="opens on"):
        _submit(db, future, full_answer(future))
    assert _count(db, SurveyResponse) == 0


def test_paper_answers_are_accepted_after_closing_and_marked(db, kg, make_survey, staff_user):
    closed = make_survey(kg, opens_on=date.today() - timedelta(days=30), closes_on=date.today() - timedelta(days=1))
    response = _submit(db, closed, full_answer(closed), channel="paper", entered_by=staff_user)
    assert response.channel == "paper" and response.entered_by_id == staff_user.id


def test_answer_to_a_removed_question_is_refused(db, kg, make_survey, staff_user):
    survey = make_survey(kg)
    raw = full_answer(survey)
    long_ = q(survey, "long_text")
    services.delete_question(long_, staff_user)
    db.session.commit()
    db.session.expire(survey)
    with pytest.raises(answering.AnswerErrors) as error:
        _submit(db, survey, raw)
    assert "removed" in error.value.errors["_form"]
    assert _count(db, SurveyResponse) == 0


def test_same_submission_key_stores_one_answer(db, kg, make_survey):
    survey = make_survey(kg)
    key = answering.new_key()
    first = _submit(db, survey, full_answer(survey), key=key)
    second = _submit(db, survey, full_answer(survey), key=key)
    assert first.id == second.id
    assert _count(db, SurveyResponse) == 1


def test_the_database_refuses_a_duplicate_key(db, kg, make_survey):
    """Even past the check in Python (two requests at once), the unique key holds."""
    from sqlalchemy.exc import IntegrityError

    survey = make_survey(kg)
    key = answering.new_key()
    _submit(db, survey, full_answer(survey), key=key)
    db.session.add(SurveyResponse(survey_id=survey.id, submission_key=key, channel="online", submitted_on=date.today()))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_missing_key_is_refused(db, kg, make_survey):
    survey = make_survey(kg)
    with pytest.raises(ServiceError, match="submission key"):
        answering.submit(survey, survey.questions, full_answer(survey), key="")


def test_an_account_answers_once(db, kg, make_survey, make_user):
    survey = make_survey(kg)
    user = make_user()
    _submit(db, survey, full_answer(survey), user=user)
    with pytest.raises(ServiceError, match="already answered"):
        _submit(db, survey, full_answer(survey), user=user)
    assert _count(db, SurveyResponse) == 1 and _count(db, SurveyParticipation) == 1


def test_no_link_from_answers_to_accounts_in_the_schema(db):
    """Responses and answers have no column referring to users, except the staff member
    who typed in a paper form; participation has no id, time or link to a response."""
    inspector = inspect(db.engine)
    for table in ("survey_answers", "survey_drafts"):
        assert all(fk["referred_table"] != "users" for fk in inspector.get_foreign_keys(table)), table
    response_fks = [fk for fk in inspector.get_foreign_keys("survey_responses") if fk["referred_table"] == "users"]
    assert [fk["constrained_columns"] for fk in response_fks] == [["entered_by_id"]]
    columns = {c["name"] for c in inspector.get_columns("survey_participations")}
    assert columns == {"survey_id", "user_id"}
    response_columns = {c["name"] for c in inspector.get_columns("survey_responses")}
    assert not {"user_id", "created_at", "created_by_id"} & response_columns


def test_online_response_cannot_name_who_entered_it(db, kg, make_survey, make_user):
    from sqlalchemy.exc import IntegrityError

    survey = make_survey(kg)
    user = make_user()
    db.session.add(SurveyResponse(survey_id=survey.id, submission_key=answering.new_key(), channel="online",
                                  submitted_on=date.today(), entered_by_id=user.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_online_answer_by_a_signed_in_user_keeps_no_trace_of_them(db, kg, make_survey, make_user):
    survey = make_survey(kg)
    user = make_user()
    response = _submit(db, survey, full_answer(survey), user=user)
    assert response.entered_by_id is None
    assert not any(str(user.id) == str(getattr(response, c)) for c in ("submission_key",))


def test_drafts_merge_pages_and_are_deleted_on_submit(db, kg, make_survey):
    survey = make_survey(kg)
    key = answering.new_key()
    single, scale = q(survey, "single"), q(survey, "scale")
    answering.save_draft(survey, key, {single.field_name: [str(single.choices[0].id)], "csrf_token": ["x"]})
    answering.save_draft(survey, key, {scale.field_name: ["3"]})
    db.session.commit()
    draft = answering.load_draft(survey, key)
    assert draft == {single.field_name: [str(single.choices[0].id)], scale.field_name: ["3"]}
    _submit(db, survey, full_answer(survey), key=key)
    assert answering.load_draft(survey, key) == {}


def test_draft_of_another_survey_is_not_shown(db, kg, make_survey):
    one, two = make_survey(kg), make_survey(kg)
    key = answering.new_key()
    answering.save_draft(one, key, {"q1": ["1"]})
    db.session.commit()
    assert answering.load_draft(two, key) == {}

"""Building questionnaires, and the protection of questions once answers exist."""
from datetime import date, timedelta

import pytest

from planner.errors import ServiceError
from planner.surveys import answering, services

from .conftest import full_answer, q

pytestmark = pytest.mark.usefixtures("request_ctx")


def _answered(db, survey):
    answering.submit(survey, services.ordered_questions(survey), full_answer(survey), key=answering.new_key(),
                     villages=survey.municipality.villages)
    db.session.commit()


def _fields(question, **changes):
    fields = dict(kind=question.kind, text=question.text, help=question.help, is_required=question.is_required,
                  max_choices=question.max_choices, allows_other=question.allows_other, min_value=question.min_value,
                  max_value=question.max_value, choices=[c.text for c in question.choices], section_id=question.section_id)
    fields.update(changes)
    return fields


def test_closing_before_opening_is_refused(db, kg, staff_user):
    with pytest.raises(ServiceError) as error:
        services.create_survey(kg, staff_user, title="x", intro="", opens_on=date.today(),
                               closes_on=date.today() - timedelta(days=1), access="link", paging="one",
                               asks_profile=False, is_public_results=False)
    assert error.value.field == "closes_on"


@pytest.mark.parametrize(("kind", "extra", "field"), [
    ("single", {"choices": ["Only one"]}, "choice_text"),
    ("multiple", {"choices": ["A", "A"]}, "choice_text"),
    ("multiple", {"choices": ["A", "B"], "max_choices": 3}, "max_choices"),
    ("number", {"min_value": 10, "max_value": 1}, "max_value"),
])
def test_bad_question_settings(db, kg, make_survey, staff_user, kind, extra, field):
    survey = make_survey(kg, questions=[])
    with pytest.raises(ServiceError) as error:
        services.add_question(survey, staff_user, kind, text="Q", **extra)
    assert error.value.field == field


def test_settings_that_do_not_fit_the_kind_are_dropped(db, kg, make_survey, staff_user):
    survey = make_survey(kg, questions=[])
    question = services.add_question(survey, staff_user, "short_text", text="Q", choices=["a", "b"], max_choices=2,
                                     allows_other=True, min_value=1)
    assert question.choices == [] and question.max_choices is None and not question.allows_other
    assert question.min_value is None


def test_sections_and_order(db, kg, make_survey, staff_user):
    survey = make_survey(kg, sections=["Water", "Roads"], paging="sections", questions=[
        dict(kind="short_text", text="B", section=1), dict(kind="short_text", text="A", section=0),
        dict(kind="short_text", text="Loose")])
    pages = services.pages(survey)
    assert [(s.title if s else None, [x.text for x in qs]) for s, qs in pages] == [
        (None, ["Loose"]), ("Water", ["A"]), ("Roads", ["B"])]
    loose = next(x for x in survey.questions if x.text == "Loose")
    services.move_question(loose, staff_user, +1)
    assert [x.text for x in services.ordered_questions(survey)][0] == "Loose"  # sections still come after


def test_move_swaps_neighbours(db, kg, make_survey, staff_user):
    survey = make_survey(kg, questions=[dict(kind="short_text", text=t) for t in "ABC"])
    b = next(x for x in survey.questions if x.text == "B")
    services.move_question(b, staff_user, -1)
    assert [x.text for x in services.ordered_questions(survey)] == ["B", "A", "C"]
    services.move_question(b, staff_user, -1)  # already first: nothing happens
    assert [x.text for x in services.ordered_questions(survey)] == ["B", "A", "C"]


def test_changes_are_free_before_answers(db, kg, make_survey, staff_user):
    survey = make_survey(kg)
    single = q(survey, "single")
    services.update_question(single, staff_user, **_fields(single, choices=["Да", "Нет"], kind="multiple"))
    db.session.commit()
    assert [c.text for c in single.choices] == ["Да", "Нет"] and single.kind == "multiple"
    services.delete_question(single, staff_user)
    db.session.commit()
    assert all(x.text != single.text for x in survey.questions)


def test_adding_is_fine_after_answers(db, kg, make_survey, staff_user):
    survey = make_survey(kg)
    _answered(db, survey)
    single = q(survey, "single")
    services.update_question(single, staff_user, **_fields(single, choices=["Yes", "No", "Sometimes", "In summer only"],
                                                          text="Is there drinking water in your house?"))
    services.add_question(survey, staff_user, "short_text", text="New question")
    db.session.commit()
    assert [c.text for c in single.choices][-1] == "In summer only"


@pytest.mark.parametrize(("kind", "changes", "reason"), [
    ("single", {"choices": ["Yes", "No"]}, "none can be removed"),
    ("single", {"choices": ["Yes", "Sometimes", "No"]}, "reworded or reordered"),
    ("single", {"choices": ["Yes!", "No", "Sometimes"]}, "reworded or reordered"),
    ("single", {"kind": "multiple"}, "kind cannot change"),
    ("single", {"allows_other": False}, "must stay"),
    ("multiple", {"max_choices": 1}, "cannot go down"),
    ("number", {"min_value": 2}, "widened, not narrowed"),
    ("number", {"max_value": 10}, "widened, not narrowed"),
])
def test_breaking_changes_are_refused_with_a_reason(db, kg, make_survey, staff_user, kind, changes, reason):
    survey = make_survey(kg)
    _answered(db, survey)
    question = q(survey, kind)
    before = [c.text for c in question.choices], question.kind
    with pytest.raises(ServiceError) as error:
        services.update_question(question, staff_user, **_fields(question, **changes))
    assert reason in error.value.message
    db.session.rollback()
    assert ([c.text for c in question.choices], question.kind) == before


def test_widening_a_range_is_fine_after_answers(db, kg, make_survey, staff_user):
    survey = make_survey(kg)
    _answered(db, survey)
    number = q(survey, "number")
    services.update_question(number, staff_user, **_fields(number, min_value=0, max_value=50))
    assert number.max_value == 50


def test_removing_an_answered_question_is_refused(db, kg, make_survey, staff_user):
    survey = make_survey(kg)
    _answered(db, survey)
    with pytest.raises(ServiceError, match="cannot be removed"):
        services.delete_question(q(survey, "scale"), staff_user)


def test_profile_questions_stay_once_answered(db, kg, make_survey, staff_user):
    survey = make_survey(kg)
    _answered(db, survey)
    with pytest.raises(ServiceError):
        services.update_survey(survey, staff_user, asks_profile=False)


def test_every_change_is_audited(db, kg, make_survey, staff_user):
    from sqlalchemy import select

    from planner.audit import AuditEntry

    make_survey(kg)
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"survey.create", "survey.question_add"} <= actions

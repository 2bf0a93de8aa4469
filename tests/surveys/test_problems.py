"""The problem register: sources, merging duplicates, the vote mark, residents' problems."""
from datetime import date

import pytest

from planner.errors import ServiceError
from planner.surveys import meetings, problems

from .conftest import get_counted

pytestmark = pytest.mark.usefixtures("request_ctx")


def _problem(kg, by, text, **kw):
    fields = dict(village_id=kg.villages[0].id, sector="water", source_kind="other", meeting_id=None, survey_id=None,
                  times_raised=1)
    fields.update(kw)
    return problems.add_problem(kg, by, text=text, **fields)


@pytest.fixture
def meeting(kg, staff_user):
    return meetings.create_meeting(kg, staff_user, {("f", "18-29"): 5}, kind="gathering", held_on=date(2025, 5, 1),
                                   village_id=None, place="", target_group="everyone", deputies_present=0, minutes="")


def test_source_links_must_belong_here(db, kg, staff_user, meeting, make_municipality):
    problem = _problem(kg, staff_user, "Ичүүчү суу жок", source_kind="meeting", meeting_id=meeting.id)
    assert problem.meeting_id == meeting.id
    with pytest.raises(ServiceError) as error:
        _problem(kg, staff_user, "x", source_kind="meeting", meeting_id=None)
    assert error.value.field == "meeting_id"
    other = make_municipality()
    foreign = meetings.create_meeting(other, staff_user, {}, kind="gathering", held_on=date(2025, 1, 1), village_id=None,
                                      place="", target_group="everyone", deputies_present=0, minutes="")
    with pytest.raises(ServiceError):
        _problem(kg, staff_user, "x", source_kind="meeting", meeting_id=foreign.id)
    with pytest.raises(ServiceError):
        _problem(kg, staff_user, "x", village_id=other.villages[0].id)


def test_merge_adds_counts_and_keeps_links(db, kg, staff_user, meeting):
    target = _problem(kg, staff_user, "Ичүүчү суу жок", times_raised=3)
    duplicate = _problem(kg, staff_user, "Суу түтүгү эскирген", source_kind="meeting", meeting_id=meeting.id,
                         times_raised=2)
    duplicate.is_for_vote = True
    third = _problem(kg, staff_user, "Суу жетишсиз", times_raised=1)
    problems.merge_problems(third, duplicate, staff_user)
    problems.merge_problems(duplicate, target, staff_user)
    db.session.commit()
    assert target.times_raised == 6 and target.is_for_vote
    assert duplicate.merged_into_id == target.id and duplicate.meeting_id == meeting.id
    assert third.merged_into_id == target.id
    register = db.session.scalars(*problems.register(kg)).all()
    assert register == [target]
    assert {p.id for p in register[0].merged} == {duplicate.id, third.id}


def test_bad_merges_are_refused(db, kg, staff_user, make_municipality):
    a = _problem(kg, staff_user, "A")
    b = _problem(kg, staff_user, "B")
    with pytest.raises(ServiceError, match="itself"):
        problems.merge_problems(a, a, staff_user)
    other = make_municipality()
    foreign = problems.add_problem(other, staff_user, text="F", village_id=None, sector="water", source_kind="other",
                                   meeting_id=None, survey_id=None, times_raised=1)
    with pytest.raises(ServiceError):
        problems.merge_problems(a, foreign, staff_user)
    problems.merge_problems(a, b, staff_user)
    with pytest.raises(ServiceError):
        problems.merge_problems(b, a, staff_user)  # a is merged already


def test_mark_for_vote(db, kg, staff_user, make_user):
    problem = _problem(kg, staff_user, "Жол")
    problems.set_for_vote(problem, staff_user, True)
    assert db.session.scalars(problems.for_vote(kg.id)).all() == [problem]
    pending = problems.propose_problem(kg, make_user(), "Көпүрө бузулган, балдар мектепке бара албай жатат")
    with pytest.raises(ServiceError):
        problems.set_for_vote(pending, staff_user, True)


def test_residents_problems_are_reviewed(db, kg, staff_user, make_user):
    resident = make_user()
    pending = problems.propose_problem(kg, resident, "Көчө жарыгы жок, кечинде караңгы", village_id=kg.villages[1].id)
    assert pending.status == "pending" and pending.source_kind == "resident"
    assert db.session.scalars(*problems.register(kg)).all() == []
    problems.review_problem(pending, staff_user, "accepted")
    assert db.session.scalars(*problems.register(kg)).all() == [pending]
    with pytest.raises(ServiceError):
        problems.review_problem(pending, staff_user, "rejected")


def test_register_pages(app, db, kg, staff_user, client, auth, make_user, make_member, meeting, make_survey):
    survey = make_survey(kg, questions=[])
    for i in range(12):
        p = _problem(kg, staff_user, f"Problem {i}", source_kind="meeting", meeting_id=meeting.id, times_raised=i + 1)
        dup = _problem(kg, staff_user, f"Duplicate {i}", source_kind="survey", survey_id=survey.id)
        problems.merge_problems(dup, p, staff_user)
    db.session.commit()
    page, queries = get_counted(client, f"/m/{kg.slug}/problems")
    assert page.status_code == 200 and "Problem 11" in page.get_data(as_text=True) and queries <= 8
    resident = make_user()
    make_member(resident, kg, "resident")
    auth.as_user(resident)
    short = client.post(f"/m/{kg.slug}/problems/propose", data={"text": "short", "village_id": "0", "sector": "roads"})
    assert short.status_code == 200
    sent = client.post(f"/m/{kg.slug}/problems/propose", data={
        "text": "Мектептин чатыры агып жатат", "village_id": str(kg.villages[0].id), "sector": "education"})
    assert sent.status_code == 302
    auth.as_user(staff_user)
    review = client.get(f"/m/{kg.slug}/problems/review").get_data(as_text=True)
    assert "Мектептин чатыры агып жатат" in review


@pytest.mark.parametrize("query", ["", "?sort=support", "?vote=1", "?sector=water"])
def test_register_statements_do_not_grow_with_the_rows(app, db, kg, staff_user, client, meeting, make_survey, query):
    """The register (with its merged duplicates, their meetings and surveys, and the support
    counts) takes the same statements for 2 problems as for 60, whatever the filters."""
    survey = make_survey(kg, questions=[])

    def add(n, start):
        for i in range(start, start + n):
            p = _problem(kg, staff_user, f"Problem {i}", source_kind="meeting", meeting_id=meeting.id,
                         village_id=kg.villages[i % 2].id, times_raised=i + 1)
            dup = _problem(kg, staff_user, f"Duplicate {i}", source_kind="survey", survey_id=survey.id)
            problems.merge_problems(dup, p, staff_user)
            problems.set_for_vote(p, staff_user, i % 2 == 0)
        db.session.commit()

    add(2, 0)
    few, few_queries = get_counted(client, f"/m/{kg.slug}/problems{query}")
    add(58, 2)
    many, many_queries = get_counted(client, f"/m/{kg.slug}/problems{query}")
    assert few.status_code == many.status_code == 200
    assert "Duplicate 1" in many.get_data(as_text=True) or query == "?vote=1"
    assert many_queries == few_queries <= 8

"""The "my participation" page: my proposals, problems, comments, supports' counts, the
ballots and residents-only surveys I took part in; never what I chose, never a receipt,
never someone else's items; a flat number of queries."""
from datetime import date, timedelta

import pytest

from planner.models import utcnow


@pytest.fixture
def world(db, make_user, make_municipality, make_member, app):
    from planner.plans import services as plans
    from planner.surveys import problems
    from planner.surveys import services as surveys
    from planner.surveys.ballots import mixing
    from planner.surveys.ballots import services as ballots
    from planner.surveys.answering import submit

    m = make_municipality()
    staff, me, other = make_user(), make_user(locale="en"), make_user()
    make_member(staff, m, "staff")
    make_member(me, m, "resident")
    make_member(other, m, "resident")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        plan = plans.create_plan(m, staff, kind="jap", title="Plan of 2026", year_from=2026, year_to=2026)
        section = plans.add_section(plan, staff, "Water")
        db.session.flush()
        activity = plans.add_activity(section, staff, {"description": "Pipe to the school", "fund_local": 1000})
        plans.open_discussion(plan, staff)
        mine = plans.add_proposal(plan, me, kind="change", text="Extend the pipe to the clinic", reason="",
                                  activity=activity)
        plans.add_proposal(plan, other, kind="change", text="Someone else's idea", reason="", activity=activity)
        plans.add_comment(activity, me, "Good, but start in spring")
        db.session.flush()
        plans.answer_proposal(mine, staff, status="declined", answer="No money this year")
        problems.propose_problem(m, me, "The bridge to the school is broken")
        others = plans.add_proposal(plan, other, kind="change", text="Lights on the school road", reason="",
                                    activity=activity)
        from planner.supports.services import set_support

        set_support(others, me, m.id, True)
        now = utcnow()
        ballot = ballots.create_ballot(m, staff, options=[("Secret choice A", {}), ("Secret choice B", {})],
                                       title="Priorities 2027", explanation="", method="single", max_choices=1,
                                       max_per_option=1, opens_at=now - timedelta(days=1),
                                       closes_at=now + timedelta(days=1), is_results_live=False)
        db.session.flush()
        ballots.cast_vote(ballot, me, {ballot.options[1].id: 1})
        db.session.commit()
        mixing.mix_ballot(ballot.id, final=True)
        survey = surveys.create_survey(m, staff, title="Residents' needs", intro="", opens_on=date.today() - timedelta(days=1),
                                       closes_on=date.today() + timedelta(days=5), access="residents", paging="one",
                                       asks_profile=False, is_public_results=False)
        question = surveys.add_question(survey, staff, "short_text", text="What is missing?", is_required=True)
        db.session.commit()
        submit(survey, [question], {question.field_name: ["A secret answer"]}, key="k" * 32, user=me)
        db.session.commit()
    return {"m": m, "me": me, "other": other, "ballot": ballot}


def test_my_page_lists_what_i_did_and_nothing_i_chose(client, auth, db, world):
    from planner.surveys.ballots.services import receipt_for

    auth.as_user(world["me"])
    response = client.get("/account/participation")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Extend the pipe to the clinic" in page and "No money this year" in page and "Declined" in page
    assert "The bridge to the school is broken" in page and "Waiting for review" in page
    assert "Priorities 2027" in page and "Residents&#39; needs" in page
    assert "Someone else" not in page
    assert "Lights on the school road" in page  # a proposal I support
    assert "Secret choice" not in page and "A secret answer" not in page
    with client.application.test_request_context():
        receipt = receipt_for(world["ballot"].id, world["me"].id)
    assert receipt not in page
    assert int(response.headers["X-Query-Count"]) <= 8, response.headers["X-Query-Count"]


def test_the_query_count_stays_flat(client, auth, db, world):
    from planner.surveys.ballots import services as ballots

    auth.as_user(world["me"])
    before = int(client.get("/account/participation").headers["X-Query-Count"])
    with client.application.test_request_context():
        now = utcnow()
        for n in range(3):
            ballot = ballots.create_ballot(world["m"], world["other"], options=[("A", {}), ("B", {})],
                                           title=f"Ballot {n}", explanation="", method="single", max_choices=1,
                                           max_per_option=1, opens_at=now - timedelta(days=1),
                                           closes_at=now + timedelta(days=1), is_results_live=False)
            db.session.flush()
            ballots.cast_vote(ballot, world["me"], {ballot.options[0].id: 1})
        db.session.commit()
    assert int(client.get("/account/participation").headers["X-Query-Count"]) == before


def test_the_account_menu_links_to_it(client, auth, world):
    auth.as_user(world["me"])
    assert 'href="/account/participation"' in client.get("/account").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/account/participation")
    assert response.status_code == 302 and "/login" in response.headers["Location"]

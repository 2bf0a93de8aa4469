"""A municipality in public discussion with one open proposal and one problem, and people."""
from datetime import date

import pytest


@pytest.fixture
def town(db, make_user, make_municipality, make_member):
    from planner.plans import services
    from planner.surveys import problems

    municipality = make_municipality()
    staff = make_user()
    make_member(staff, municipality, "staff")
    residents = [make_user() for _ in range(3)]
    for user in residents:
        make_member(user, municipality, "resident")
    with _request():
        plan = services.create_plan(municipality, staff, kind="jap", title="План", year_from=2026, year_to=2026)
        section = services.add_section(plan, staff, "Суу")
        db.session.flush()
        activity = services.add_activity(section, staff, {"description": "Суу түтүгү", "fund_local": 1000})
        services.open_discussion(plan, staff)
        proposals = [services.add_proposal(plan, residents[0], kind="change", text=f"Сунуш {n}", reason="",
                                           activity=activity) for n in range(3)]
        problem = problems.add_problem(municipality, staff, text="Суу жок", village_id=None, sector="water",
                                       source_kind="other", meeting_id=None, survey_id=None, times_raised=1)
        db.session.commit()
    return {"m": municipality, "staff": staff, "residents": residents, "plan": plan, "proposals": proposals,
            "proposal": proposals[0], "problem": problem, "held_on": date(2026, 1, 10)}


def _request():
    from flask import current_app

    return current_app.test_request_context(headers={"Accept-Language": "en"})


@pytest.fixture
def login(client, auth):
    from flask import g

    def switch(user):
        g.pop("_login_user", None)
        if user is None:
            with client.session_transaction() as session:
                session.clear()
        else:
            auth.as_user(user)

    return switch


@pytest.fixture(autouse=True)
def _english(request):
    """Pages in English for the assertions (a municipality's default language is Kyrgyz)."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

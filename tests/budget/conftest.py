"""Budget fixtures: a staff member with a draft budget, and approved plans to link to it."""
from datetime import date
from decimal import Decimal as D

import pytest


@pytest.fixture
def rq(app):
    """A request context (English), for code that translates its messages."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield app


@pytest.fixture
def staff_and_budget(db, rq, make_user, make_municipality, make_member):
    """A municipality with a staff member and an empty draft budget of 2026 in thousands."""
    from planner.budget import services

    municipality = make_municipality(currency="AMD", country="AM", default_locale="hy")
    staff = make_user()
    make_member(staff, municipality, "staff")
    budget = services.create_year(municipality, staff, 2026, "thousands")
    db.session.commit()
    return municipality, staff, budget


def approved_plan(db, municipality, staff, activities=(("Pipe", "450000"), ("Tank", "280000")),
                  years=(2026, 2026)):
    """A plan approved by the council, built through the services. ``activities``: (name,
    local share) run April to September of the first year, or (name, local, start, end)."""
    from planner.plans import services as plans

    plan = plans.create_plan(municipality, staff, kind="jap", title="Plan", year_from=years[0], year_to=years[1])
    section = plans.add_section(plan, staff, "Water")
    db.session.flush()
    for name, local, *months in activities:
        start, end = months or (date(years[0], 4, 1), date(years[0], 9, 1))
        plans.add_activity(section, staff, activity_data(name, local, start, end))
    db.session.flush()
    plans.open_discussion(plan, staff)
    plans.submit_plan(plan, staff)
    plans.record_decision(plan, staff, session_date=date(years[0], 2, 20), number="12/3", votes_for=15,
                          votes_against=1, votes_abstained=2, outcome="approved")
    db.session.commit()
    return plan


def activity_data(name, local, start, end):
    return {"problem": "", "description": name, "responsible": "", "partners": "", "expected_result": "",
            "start_month": start, "end_month": end, "fund_local": D(local),
            "fund_republican": D("0"), "fund_community_cash": D("0"), "fund_community_kind": D("0"),
            "fund_donor": D("0"), "fund_private": D("0"), "villages": [], "indicators": []}

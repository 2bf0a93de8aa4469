"""Linking expenditure lines to the approved plan's activities, through the pages."""
from datetime import date
from decimal import Decimal as D

from planner.budget import services
from planner.budget.models import BudgetLine


def _approved_plan(db, municipality, staff):
    from planner.plans import services as plans

    plan = plans.create_plan(municipality, staff, kind="jap", title="Plan", year_from=2026, year_to=2026)
    section = plans.add_section(plan, staff, "Water")
    db.session.flush()
    for name, local in (("Pipe", "450000"), ("Tank", "280000")):
        plans.add_activity(section, staff, {
            "problem": "", "description": name, "responsible": "", "partners": "", "expected_result": "",
            "start_month": date(2026, 4, 1), "end_month": date(2026, 9, 1), "fund_local": D(local),
            "fund_republican": D("0"), "fund_community_cash": D("0"), "fund_community_kind": D("0"),
            "fund_donor": D("0"), "fund_private": D("0"), "villages": [], "indicators": []})
    db.session.flush()
    plans.open_discussion(plan, staff)
    plans.submit_plan(plan, staff)
    plans.record_decision(plan, staff, session_date=date(2026, 2, 20), number="12/3", votes_for=15,
                          votes_against=1, votes_abstained=2, outcome="approved")
    db.session.commit()
    return plan


def test_link_and_coverage_page(db, staff_and_budget, client, auth, make_municipality, make_user, make_member):
    municipality, staff, budget = staff_and_budget
    plan = _approved_plan(db, municipality, staff)
    line = services.add_line(budget, staff, kind="expense", fund="capital", code="05-01 × 5112", name="Water",
                             approved=D("500000"))
    revenue = services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.1", name="Tax")
    services.adopt(budget, staff, "N 1", date(2026, 1, 5))
    db.session.commit()
    pipe, tank = sorted(a["id"] for a in plan.approved_version.snapshot["activities"])

    # an activity of another municipality's plan cannot be linked, even by a tampered form
    other = make_municipality()
    other_staff = make_user()
    make_member(other_staff, other, "staff")
    foreign = _approved_plan(db, other, other_staff)
    auth.as_user(staff)
    url = f"/m/{municipality.slug}/budget/2026/lines/{line.id}/activities"
    response = client.post(url, data={"activity_ids": [str(pipe), str(foreign.approved_version.snapshot["activities"][0]["id"])]})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(BudgetLine, line.id).activities == []
    assert client.post(f"/m/{municipality.slug}/budget/2026/lines/{revenue.id}/activities",
                       data={"activity_ids": [str(pipe)]}).status_code == 400  # revenue funds nothing

    assert client.post(url, data={"activity_ids": [str(pipe)]}).status_code == 302
    auth.logout()
    page = client.get(f"/m/{municipality.slug}/budget/plans/{plan.id}", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    # 730,000 of local share in 2026, of which the pipe's 450,000 is in the budget: 61.64 %
    assert "61.64 %" in text and "AMD450,000.00" in text and "AMD730,000.00" in text, text[text.find("<tbody>"):][:600]
    assert "Tank" in text.split("activities without a budget line", 1)[1]


def test_coverage_of_an_unapproved_plan_is_not_found(db, staff_and_budget, client):
    from planner.plans import services as plans

    municipality, staff, budget = staff_and_budget
    plan = plans.create_plan(municipality, staff, kind="jap", title="Draft", year_from=2026, year_to=2026)
    db.session.commit()
    assert client.get(f"/m/{municipality.slug}/budget/plans/{plan.id}").status_code == 404

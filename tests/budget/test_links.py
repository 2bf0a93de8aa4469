"""Linking expenditure lines to the approved plan's activities, through the pages."""
from datetime import date
from decimal import Decimal as D

from planner.budget import services
from planner.budget.models import BudgetLine

from .conftest import approved_plan


def test_link_and_coverage_page(db, staff_and_budget, client, auth, make_municipality, make_user, make_member):
    municipality, staff, budget = staff_and_budget
    plan = approved_plan(db, municipality, staff)
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
    foreign = approved_plan(db, other, other_staff)
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

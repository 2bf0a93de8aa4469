"""The budget's block on a plan's page and its progress dashboard: each year's local-budget
share of the approved plan covered by the adopted budget, against a hand-computed table;
drafts, amendments and unapproved plans never reach it; its queries do not grow with the plan."""
import re
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import insert, select

from planner.budget import plan_panel, services
from planner.auth.models import User
from planner.budget.models import BudgetLine, line_activities
from planner.municipalities.models import Municipality
from planner.plans import services as plans
from planner.plans.models import Activity

from ..plans.conftest import query_count
from .conftest import activity_data, approved_plan

# name, local share, start, end month (the plan runs 2026-2027)
ACTIVITIES = (
    ("Pipe", "1200", date(2026, 7, 1), date(2027, 6, 1)),  # 12 months: 600 in 2026, 600 in 2027
    ("Tank", "1000", date(2026, 2, 1), date(2026, 4, 1)),  # 1,000 in 2026
    ("Road", "800", date(2027, 1, 1), date(2027, 4, 1)),  # 800 in 2027
    ("Park", "0", date(2026, 5, 1), date(2026, 6, 1)),  # no local share: neither covered nor missing
    ("Lamp", "100", date(2026, 12, 1), date(2027, 2, 1)),  # 3 months: 33.33 in 2026, 66.67 in 2027
)
# 2026: 600 + 1,000 + 33.33 = 1,633.33; Tank and Lamp funded: 1,033.33 = 63.27 % (63.2655…); Pipe missing
ROW_2026 = ("2026", "AMD1,633.33", "AMD1,033.33", "63.27 %", "1 activity")
# 2027: 600 + 800 + 66.67 = 1,466.67; Road funded: 800.00 = 54.55 % (54.5453…); Pipe and Lamp missing
ROW_2027 = ("2027", "AMD1,466.67", "AMD800.00", "54.55 %", "2 activities")


@pytest.fixture(autouse=True)
def _english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def _as(client, user):
    from flask import g

    g.pop("_login_user", None)
    g.pop("query_count", None)
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True


def _page(client, url):
    from flask import g

    g.pop("_login_user", None)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def block(html):
    """The block's rows as the cells' text, or None when the page has no block."""
    match = re.search(r'<section aria-labelledby="plan-budget-h".*?</section>', html, re.S)
    return None if match is None else rows(match.group(0))


def rows(html):
    """The text of each body row's cells (a row starts with its header cell)."""
    return [tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
            for row in re.findall(r"<tr><th scope=\"row\".*?</tr>", html, re.S)]


def _urls(municipality, plan):
    return f"/m/{municipality.slug}/plans/{plan.id}", f"/m/{municipality.slug}/progress/{plan.id}"


def _activities(db, plan, *names):
    return db.session.scalars(select(Activity).where(Activity.plan_id == plan.id, Activity.description.in_(names))).all()


def _link(db, line, staff, plan, *names):
    allowed = {a["id"] for a in plan.approved_version.snapshot["activities"]}
    services.link_activities(line, staff, _activities(db, plan, *names), allowed)
    db.session.commit()


def _expense(budget, staff, code, amount):
    return services.add_line(budget, staff, kind="expense", fund="capital", code=code, name=code, approved=D(amount))


def test_hand_computed_block_counts_only_adopted_budgets(db, staff_and_budget, client):
    municipality, staff, budget_2026 = staff_and_budget
    plan = approved_plan(db, municipality, staff, ACTIVITIES, years=(2026, 2027))
    urls = _urls(municipality, plan)
    line = _expense(budget_2026, staff, "05-01 × 5112", "2000")
    _link(db, line, staff, plan, "Tank", "Lamp")
    # the attack: a draft budget of 2027 with a huge line funding everything
    draft_2027 = services.create_year(municipality, staff, 2027, "units")
    huge = _expense(draft_2027, staff, "99", "9999999999999.99")
    _link(db, huge, staff, plan, "Pipe", "Road", "Lamp")

    for who in (None, staff):  # only drafts: no block, not even for staff who may read drafts
        _as(client, who)
        for url in urls:
            assert block(_page(client, url)) is None, (who, url)

    services.adopt(budget_2026, staff, "N 1", date(2026, 1, 5))
    db.session.commit()
    for who in (None, staff):
        _as(client, who)
        for url in urls:
            html = _page(client, url)
            assert block(html) == [ROW_2026], (who, url, block(html))  # 2027 (a draft) not shown
            assert "9,999" not in html
    coverage_page = _page(client, f"/m/{municipality.slug}/budget/plans/{plan.id}")
    assert f'/budget/plans/{plan.id}#missing-2026"' in html
    missing_2026 = coverage_page.split('id="missing-2026"', 1)[1].split("</ul>", 1)[0]
    assert "Pipe" in missing_2026 and "Tank" not in missing_2026 and "Park" not in missing_2026

    # the council adopts 2027 with the big line funding the road only
    _link(db, huge, staff, plan, "Road")
    services.adopt(draft_2027, staff, "N 2", date(2027, 1, 10))
    db.session.commit()
    _as(client, None)
    for url in urls:
        assert block(_page(client, url)) == [ROW_2026, ROW_2027], url


def test_amendments_and_unapproved_plans_do_not_leak(db, staff_and_budget, client):
    municipality, staff, budget = staff_and_budget
    plan = approved_plan(db, municipality, staff, ACTIVITIES, years=(2026, 2027))
    line = _expense(budget, staff, "05-01", "2000")
    _link(db, line, staff, plan, "Tank", "Lamp")
    services.adopt(budget, staff, "N 1", date(2026, 1, 5))
    db.session.commit()

    # an amendment in the works: a far bigger tank and a secret new activity, even linked by hand
    plans.start_amendment(plan, staff)
    tank = _activities(db, plan, "Tank")[0]
    plans.update_activity(tank, staff, tank.version, activity_data("Tank", "5000000", date(2026, 2, 1), date(2026, 4, 1)))
    secret = plans.add_activity(plan.sections[0], staff, activity_data("Secret", "7000000", date(2026, 3, 1), date(2026, 3, 1)))
    db.session.execute(insert(line_activities).values(line_id=line.id, activity_id=secret.id))
    # a plan never approved, linked by hand to the adopted line
    draft = plans.create_plan(municipality, staff, kind="jap", title="Unapproved", year_from=2026, year_to=2026)
    section = plans.add_section(draft, staff, "Roads")
    db.session.flush()
    hidden = plans.add_activity(section, staff, activity_data("Hidden", "3000000", date(2026, 5, 1), date(2026, 6, 1)))
    plans.open_discussion(draft, staff)
    plans.submit_plan(draft, staff)
    db.session.execute(insert(line_activities).values(line_id=line.id, activity_id=hidden.id))
    db.session.commit()

    for who in (None, staff):  # staff read the working copy on the plan page: the block keeps the approved figures
        _as(client, who)
        for url in _urls(municipality, plan):
            html = _page(client, url)
            assert block(html) == [ROW_2026], (who, url, block(html))
        assert ("Secret" in _page(client, _urls(municipality, plan)[0])) is (who is staff)  # the working copy
    assert plan_panel.build(draft) is None
    _as(client, staff)
    plan_url, dashboard_url = _urls(municipality, draft)
    html = _page(client, plan_url)
    assert "Hidden" in html and block(html) is None
    assert block(_page(client, dashboard_url)) is None


def _seed_activities(db, plan, n):
    section = plan.sections[0]
    for i in range(n):
        db.session.add(Activity(plan_id=plan.id, section=section, position=100 + i, description=f"Many {i}",
                                fund_local=D("1000"), start_month=date(2026, 1 + i % 12, 1), end_month=date(2027, 6, 1)))
    db.session.commit()


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_block_queries_do_not_grow_with_the_plan(db, staff_and_budget, client, who):
    municipality, staff, budget = staff_and_budget
    line = _expense(budget, staff, "05-01", "2000")
    services.adopt(budget, staff, "N 1", date(2026, 1, 5))
    db.session.commit()
    ids_of = (municipality.id, staff.id, line.id)
    counts = {}
    for n in (10, 1000):  # query_count() empties the session: load again
        municipality, staff = db.session.get(Municipality, ids_of[0]), db.session.get(User, ids_of[1])
        line = db.session.get(BudgetLine, ids_of[2])
        plan = plans.create_plan(municipality, staff, kind="jap", title=f"Plan {n}", year_from=2026, year_to=2027)
        plans.add_section(plan, staff, "Water")
        db.session.commit()
        _seed_activities(db, plan, n)
        plans.open_discussion(plan, staff)
        plans.submit_plan(plan, staff)
        plans.record_decision(plan, staff, session_date=date(2026, 2, 20), number="1", votes_for=9,
                              votes_against=0, votes_abstained=0, outcome="approved")
        db.session.commit()
        ids = [a["id"] for a in plan.approved_version.snapshot["activities"]]
        funded = db.session.scalars(select(Activity).where(Activity.id.in_(ids[: n // 2]))).all()
        services.link_activities(line, staff, list(line.activities) + funded, set(ids) | {a.id for a in line.activities})
        db.session.commit()
        _as(client, staff if who == "staff" else None)
        for url in _urls(municipality, plan):
            shown = block(_page(client, url))
            assert shown is not None and len(shown) == 1 and shown[0][0] == "2026", shown
            assert shown[0][4] == f"{n - n // 2} activities"
            counts.setdefault(url.split("/")[3], []).append(query_count(client, db, url))
    for page, (small, big) in counts.items():
        assert small == big <= 8, (page, small, big)

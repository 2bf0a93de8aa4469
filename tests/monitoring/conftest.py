"""Monitoring fixtures: an approved plan with activities (made with the plans models
directly), a monitoring group with members, and monitors who file and approve reports."""
import itertools
from datetime import date
from decimal import Decimal as D

import pytest

_n = itertools.count(1)


@pytest.fixture
def rq(app):
    """A request context (English), for code that translates its messages."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield app


@pytest.fixture
def make_plan(db):
    from planner.plans.models import Activity, Indicator, Plan, Section

    def make(municipality, stage="approved", sections=2, per_section=2, year_from=2026, year_to=2027,
             funding=None, months=(date(2026, 1, 1), date(2026, 12, 1))):
        plan = Plan(municipality_id=municipality.id, kind="jap", title=f"Joint action plan {next(_n)}",
                    year_from=year_from, year_to=year_to, stage=stage)
        db.session.add(plan)
        for s in range(1, sections + 1):
            section = Section(plan=plan, position=s, title=f"Priority {s}")
            db.session.add(section)
            for a in range(1, per_section + 1):
                activity = Activity(plan=plan, section=section, position=a, description=f"Activity {s}.{a}",
                                    start_month=months[0], end_month=months[1],
                                    **(funding or {"fund_local": D("100000"), "fund_community_kind": D("20000")}))
                activity.indicators.append(Indicator(name="Households served", unit="households",
                                                     baseline=D("0"), target=D("120"), position=1))
                db.session.add(activity)
        db.session.commit()
        return plan

    return make


@pytest.fixture
def monitoring(db, make_user, make_municipality, make_member, make_plan):
    """A municipality with an approved plan, a group of three, two monitor accounts and staff."""
    from planner.monitoring import services

    municipality = make_municipality()
    plan = make_plan(municipality)
    author, approver, staff = make_user(name="Aida"), make_user(name="Bakyt"), make_user(name="Staff")
    make_member(author, municipality, "monitor")
    make_member(approver, municipality, "monitor")
    make_member(staff, municipality, "staff")
    group = services.create_group(municipality, staff, "Joint monitoring group", formed_on=date(2026, 2, 1),
                                  approved_at="Village gathering, 1 February 2026")
    members = [services.add_member(group, staff, "Aida", "resident", "f", "chair", user=author),
               services.add_member(group, staff, "Bakyt", "deputy", "m", user=approver),
               services.add_member(group, staff, "Chynara", "staff", "f")]
    db.session.commit()
    activities = sorted((a for s in plan.sections for a in s.activities), key=lambda a: a.id)
    return {"municipality": municipality, "plan": plan, "group": group, "members": members,
            "author": author, "approver": approver, "staff": staff, "activities": activities}


def report_data(members, **overrides):
    data = {"period_year": 2026, "period_kind": "quarter", "period_number": 1, "visit_date": date(2026, 3, 20),
            "status": "on_track", "progress": 40, "findings": "Roof frame is up.", "problems": "",
            "recommendations": "Finish before the rains.", "members_present": [m.id for m in members[:2]],
            "spending": {"local": D("30000")}, "indicator_values": {}}
    data.update(overrides)
    return data


@pytest.fixture
def file_report(db, monitoring):
    """File (and optionally approve) a report with the service functions."""
    from planner.monitoring import services

    def make(activity=None, approve=True, corrects=None, **overrides):
        activity = activity or monitoring["activities"][0]
        report = services.create_report(activity, monitoring["group"], monitoring["author"],
                                        report_data(monitoring["members"], **overrides), corrects=corrects,
                                        today=date(2026, 12, 31))
        if approve:
            services.approve_report(report, monitoring["approver"])
        db.session.commit()
        return report

    return make

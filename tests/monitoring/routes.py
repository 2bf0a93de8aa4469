"""Expected outcomes of the monitoring routes (see tests/routes.py), and the objects they need."""
ANON_LOGIN = {"anonymous": "login"}
PUBLIC = {"*": "ok"}
MEMBERS = {"*": "ok", "trainer": 403, "other_staff": 403, **ANON_LOGIN}
STAFF_ONLY = {"*": 403, "staff": "ok", "admin": "ok", **ANON_LOGIN}
MONITOR_ONLY = {"*": 403, "monitor": "ok", **ANON_LOGIN}  # the world's report is the monitor's own draft
NOBODY = {"*": 403, **ANON_LOGIN}  # nobody approves their own report; no other monitor on the roster

ROUTES = {
    ("monitoring.index", "GET"): MEMBERS,
    ("monitoring.group_new", "GET"): STAFF_ONLY,
    ("monitoring.group_new", "POST"): STAFF_ONLY,
    ("monitoring.group", "GET"): MEMBERS,
    ("monitoring.group_edit", "GET"): STAFF_ONLY,
    ("monitoring.group_edit", "POST"): STAFF_ONLY,
    ("monitoring.member_add", "POST"): STAFF_ONLY,
    ("monitoring.member_edit", "GET"): STAFF_ONLY,
    ("monitoring.member_edit", "POST"): STAFF_ONLY,
    ("monitoring.member_remove", "POST"): STAFF_ONLY,
    ("monitoring.plan_item_add", "POST"): STAFF_ONLY,
    ("monitoring.plan_item_remove", "POST"): STAFF_ONLY,
    ("monitoring.plan_reports", "GET"): MEMBERS,
    ("monitoring.report_new", "GET"): MONITOR_ONLY,
    ("monitoring.report_new", "POST"): MONITOR_ONLY,
    ("monitoring.report", "GET"): MEMBERS,  # a draft: the municipality's members only
    ("monitoring.report_edit", "GET"): MONITOR_ONLY,
    ("monitoring.report_edit", "POST"): MONITOR_ONLY,
    ("monitoring.photo_add", "POST"): MONITOR_ONLY,
    ("monitoring.photo_remove", "POST"): MONITOR_ONLY,
    ("monitoring.report_approve", "POST"): NOBODY,
    ("monitoring.report_return", "POST"): NOBODY,
    ("monitoring.photo", "GET"): MEMBERS,
    ("monitoring.photo_thumb", "GET"): MEMBERS,
    ("monitoring.spending_import", "GET"): STAFF_ONLY,
    ("monitoring.spending_import", "POST"): STAFF_ONLY,
    ("monitoring.dashboard", "GET"): PUBLIC,
    ("monitoring.annual", "GET"): PUBLIC,
    ("monitoring.execution_csv", "GET"): PUBLIC,
    ("monitoring.execution_xlsx", "GET"): PUBLIC,
}


def world(w):
    import io
    from datetime import date
    from decimal import Decimal as D

    from PIL import Image

    from planner.extensions import db
    from planner.monitoring import services
    from planner.plans.models import Activity, Plan, Section

    municipality, users = w["municipality"], w["users"]
    plan = Plan(municipality_id=municipality.id, kind="jap", title="Monitored plan", year_from=2026, year_to=2027,
                stage="approved")
    section = Section(plan=plan, position=1, title="Water")
    activity = Activity(plan=plan, section=section, position=1, description="New pipe", fund_local=D("1000"),
                        start_month=date(2026, 1, 1), end_month=date(2026, 6, 1))
    db.session.add_all([plan, section, activity])
    db.session.flush()
    group = services.create_group(municipality, users["staff"], "Monitoring group")
    member = services.add_member(group, users["staff"], "Monitor", "resident", "f", user=users["monitor"])
    item = services.add_plan_item(group, users["staff"], 2026, activity, "quarterly", member)
    report = services.create_report(activity, group, users["monitor"], {
        "period_year": 2026, "period_kind": "quarter", "period_number": 1, "visit_date": date(2026, 3, 1),
        "status": "on_track", "progress": 10, "members_present": [member.id], "spending": {}, "indicator_values": {},
    }, today=date(2026, 12, 31))
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "JPEG")
    photo = services.add_photo(report, users["monitor"], out.getvalue())
    db.session.flush()
    return {"plan_id": plan.id, "activity_id": activity.id, "group_id": group.id,
            "member_id": member.id, "item_id": item.id, "report_id": report.id, "report_photo_id": photo.id,
            "report_year": 2026}

"""Benchmark: the public progress dashboard of a big plan.

Builds, in a scratch database, a plan with 300 activities and 2,400 approved reports
(8 per activity), then:
  1. checks that the dashboard runs the same number of SQL queries as for a plan with 10
     activities (and at most 8);
  2. measures requests per second of the dashboard, of a report page and of the app's
     /bench/minimal baseline, with the WSGI test client (no network), single-threaded:
     as anonymous visitors get them (kept pages, planner/page_cache.py), as signed-in
     visitors get them (the page drawn, the dashboard's figures kept as a fragment), and
     cold (the cache off: what the first visitor after each change of data waits for).

    .venv/bin/python bench/monitoring_dashboard.py [--database-url URL] [--seconds 5]

Without --database-url a temporary SQLite file is used."""
import argparse
import os
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from planner import create_app  # noqa: E402
from planner.extensions import db  # noqa: E402


def build(municipality_slug, activities_count, reports_per_activity):
    from planner.auth.models import User
    from planner.monitoring import services
    from planner.monitoring.models import MonitoringReport
    from planner.municipalities.models import Membership, Municipality
    from planner.plans.models import Activity, Plan, Section

    municipality = Municipality(slug=municipality_slug, name=municipality_slug, country="KG", currency="KGS",
                                default_locale="ky")
    db.session.add(municipality)
    staff = User(email=f"staff@{municipality_slug}.test", name="Staff", locale="en", password_hash="x")
    monitor = User(email=f"monitor@{municipality_slug}.test", name="Monitor", locale="en", password_hash="x")
    approver = User(email=f"approver@{municipality_slug}.test", name="Approver", locale="en", password_hash="x")
    db.session.add_all([staff, monitor, approver])
    db.session.flush()
    db.session.add_all([Membership(user=monitor, municipality=municipality, role="monitor", status="active"),
                        Membership(user=approver, municipality=municipality, role="monitor", status="active")])
    plan = Plan(municipality_id=municipality.id, kind="jap", title="Big plan", year_from=2026, year_to=2027,
                stage="implementation")
    db.session.add(plan)
    sections = [Section(plan=plan, position=i + 1, title=f"Priority {i + 1}") for i in range(10)]
    db.session.add_all(sections)
    activities = []
    for i in range(activities_count):
        activity = Activity(plan=plan, section=sections[i % 10], position=i // 10 + 1, description=f"Activity {i + 1}",
                            start_month=date(2026, 1 + i % 6, 1), end_month=date(2026, 7 + i % 6, 1),
                            fund_local=Decimal(100000 + i), fund_donor=Decimal(50000), fund_community_kind=Decimal(9000))
        activities.append(activity)
    db.session.add_all(activities)
    db.session.flush()
    group = services.create_group(municipality, staff, "Group", plan=plan)
    member = services.add_member(group, staff, "Monitor", "resident", "f", user=monitor)
    db.session.flush()
    # Reports are inserted directly (the service path is tested elsewhere): 4 quarters x 2 years.
    rows = []
    for activity in activities:
        for n in range(reports_per_activity):
            year, quarter = 2026 + n // 4, n % 4 + 1
            report = MonitoringReport(
                municipality_id=municipality.id, plan_id=plan.id, activity_id=activity.id, group_id=group.id,
                period_year=year, period_kind="quarter", period_number=quarter, visit_date=date(year, quarter * 3, 20),
                status="on_track", progress=min(100, 12 * (n + 1)), state="approved", created_by_id=monitor.id,
                decided_by_id=approver.id, findings="ok")
            report.members_present = [member]
            rows.append(report)
    db.session.add_all(rows)
    db.session.flush()
    from planner.monitoring.models import Expense

    db.session.add_all([Expense(plan_id=plan.id, activity_id=r.activity_id, report_id=r.id, source="local",
                                amount=Decimal(10000)) for r in rows])
    db.session.commit()
    return municipality, plan, rows[0]


def rate(client, url, seconds):
    client.get(url)  # warm up
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        n += 1
    return n / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    url = args.database_url
    tmp = None
    if not url:
        tmp = tempfile.mkdtemp()
        url = f"sqlite:///{tmp}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "QUERY_COUNT_HEADER": True, "BENCH_BASELINE": True, "SECRET_KEY": "bench",
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        t0 = time.perf_counter()
        small_m, small_plan, _r = build("small", 10, 8)
        big_m, big_plan, big_report = build("big", 300, 8)
        print(f"built 310 activities and 2,480 reports in {time.perf_counter() - t0:.1f} s")
        small_url = f"/m/{small_m.slug}/progress/{small_plan.id}"
        big_url = f"/m/{big_m.slug}/progress/{big_plan.id}"
        report_url = f"/m/{big_m.slug}/monitoring/reports/{big_report.id}"
        ids = (small_plan.id, big_plan.id)
        db.session.remove()
    client = app.test_client()
    queries = {}
    for name, page in (("10 activities, 80 reports", small_url), ("300 activities, 2,400 reports", big_url)):
        response = client.get(page)
        assert response.status_code == 200
        queries[name] = int(response.headers["X-Query-Count"])
        print(f"dashboard, {name}: {queries[name]} SQL queries, {len(response.data) / 1024:.0f} KB of HTML")
    flat = len(set(queries.values())) == 1 and max(queries.values()) <= 8
    print("query count flat and at most 8:", "yes" if flat else "NO")
    drawn = app.test_client()
    drawn.set_cookie("session", "bench-uncached")  # not a valid session: no kept page, fragments still apply
    cold_app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "BENCH_BASELINE": True, "RATELIMIT_ENABLED": False,
                           "PAGE_CACHE_SECONDS": 0})
    cold = cold_app.test_client()
    baseline = rate(client, "/bench/minimal", args.seconds)
    print(f"/bench/minimal:                 {baseline:8.1f} req/s")
    for name, page in (("dashboard (300 act., 2,400 rep.)", big_url), ("report page", report_url)):
        kept, fresh, cold_rate = (rate(c, page, args.seconds) for c in (client, drawn, cold))
        print(f"{name:32} kept page {kept:7.1f} req/s ({kept / baseline:.0%} of minimal), "
              f"drawn {fresh:7.1f} ({fresh / baseline:.0%}), cold {cold_rate:6.1f} ({cold_rate / baseline:.0%})")
    with app.app_context():
        db.session.remove()
        db.drop_all()
    del ids
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())

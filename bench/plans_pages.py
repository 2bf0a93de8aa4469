"""Plan pages under load, beside the minimal page (uses bench/run.py's server and client).

Builds the demo in a new SQLite file, adds two public plans of 10 and 300 activities,
serves it with gunicorn (2 workers) and reports, per page: requests per second, the ratio
to /bench/minimal, and SQL queries per request (the same for 10 and 300 activities).

    .venv/bin/python bench/plans_pages.py [--seconds 3] [--threads 4] [--write]

--write stores the table in bench/plans_results.md."""
import argparse
import datetime
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (bench/run.py: serve, login, rps, first_load_weight)

SEED = r"""
import sys
from decimal import Decimal
from planner import create_app
from planner.extensions import db
from planner.municipalities.models import Municipality
from planner.auth.models import User
from planner.plans import services
from sqlalchemy import select
app = create_app()
with app.app_context(), app.test_request_context():
    m = db.session.scalar(select(Municipality).where(Municipality.slug == "jashyl-oron"))
    staff = db.session.scalar(select(User).where(User.email == "staff@example.org"))
    for n in (10, 300):
        plan = services.create_plan(m, staff, kind="jap", title=f"Bench plan, {n} activities", year_from=2026, year_to=2027)
        sections = [services.add_section(plan, staff, f"Priority {i + 1}") for i in range(10)]
        db.session.flush()
        for i in range(n):
            services.add_activity(sections[i % 10], staff, {
                "description": f"Activity {i + 1}", "problem": "Problem", "villages": m.villages[:2],
                "fund_local": Decimal("1000"), "fund_community_kind": Decimal("250"), "fund_donor": Decimal("500"),
                "indicators": [{"name": "Indicator", "unit": "km", "baseline": Decimal(0), "target": Decimal(2)}]})
        services.open_discussion(plan, staff)
        print(plan.id)
    db.session.commit()
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=5098)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="planner-bench-plans-")
    db_url = f"sqlite:///{tmp}/bench.db"
    proc = run.serve(db_url, args.port)
    try:
        env = dict(os.environ, PLANNER_DATABASE_URL=db_url, PLANNER_SECRET_KEY="bench-only")
        out = subprocess.run([sys.executable, "-c", SEED], env=env, cwd=run.ROOT, check=True, capture_output=True,
                             text=True).stdout.split()
        p10, p300 = out[-2], out[-1]
        base = "/m/jashyl-oron/plans"
        pages = [
            ("plan page, demo JAP (45 activities, public)", f"{base}/1", None),
            ("plan page, 10 activities (public)", f"{base}/{p10}", None),
            ("plan page, 300 activities (public)", f"{base}/{p300}", None),
            ("plan page, 300 activities (staff)", f"{base}/{p300}", "staff@example.org"),
            ("chart page, 300 activities", f"{base}/{p300}/chart", None),
            ("print view, 300 activities", f"{base}/{p300}/print", None),
            ("XLSX export, 300 activities", f"{base}/{p300}/export.xlsx", None),
            ("history (versions, decisions)", f"{base}/1/history", None),
        ]
        base_rps, _ = run.rps(args.port, None, "/bench/minimal", args.seconds, args.threads)
        cookies, rows = {}, []
        for name, path, who in pages:
            if who and who not in cookies:
                cookies[who] = run.login(args.port, who)
            cookie = cookies.get(who)
            status, queries, weight, scripts = run.first_load_weight(args.port, cookie, path)
            page_rps, errors = run.rps(args.port, cookie, path, args.seconds, args.threads)
            rows.append((name, path, status, page_rps, page_rps / base_rps, queries, weight, scripts, errors))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Run {stamp}: gunicorn 2 workers, SQLite, {args.threads} client threads × {args.seconds:g} s per page, "
             f"{os.cpu_count()} cores shared by client and server.", "",
             f"Baseline `/bench/minimal`: **{base_rps:.0f} requests/s**.", "",
             "| page | status | req/s | vs minimal | SQL queries | first load, gzipped | JS files | errors |",
             "|---|---|---|---|---|---|---|---|"]
    for name, path, status, page_rps, ratio, queries, weight, scripts, errors in rows:
        lines.append(f"| {name} | {status} | {page_rps:.0f} | {ratio:.2f} | {queries} | {weight / 1024:.1f} KB | {scripts} | {errors} |")
    report = "\n".join(lines)
    print(report)
    if args.write:
        (HERE / "plans_results.md").write_text("# Plan pages benchmark\n\n" + report + "\n")


if __name__ == "__main__":
    main()

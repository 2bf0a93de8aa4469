"""Serve the demo with gunicorn (2 workers) and measure every page beside a minimal page.

For each page: requests per second (a few keep-alive client threads for a few seconds),
SQL queries per request (the app's X-Query-Count header, on in this run), and the weight
of a first load (HTML plus the CSS/JS it links, gzipped). The minimal page
(/bench/minimal: one query, a few bytes) is measured in the same run as the baseline.

    .venv/bin/python bench/run.py [--seconds 3] [--threads 4] [--write]

--write replaces the results in bench/README.md with this run's, dated."""
import argparse
import datetime
import gzip
import http.client
import http.cookies
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "demo-planner-2026"

# (name, path, login or None). Features add their pages here.
PAGES = [
    ("home", "/", None),
    ("municipality (public)", "/m/jashyl-oron/", None),
    ("login form", "/login", None),
    ("account", "/account", "resident@example.org"),
    ("members (staff)", "/m/jashyl-oron/members", "staff@example.org"),
    ("audit log (staff)", "/m/jashyl-oron/audit", "staff@example.org"),
    ("JSON API: municipality", "/api/v1/municipalities/jashyl-oron", None),
    ("plans list (public)", "/m/jashyl-oron/plans/", None),
    ("plan page: approved JAP, 45 activities (public)", "/m/jashyl-oron/plans/1", None),
    ("plan page (group member)", "/m/jashyl-oron/plans/1", "group@example.org"),
    ("plan chart page (public)", "/m/jashyl-oron/plans/1/chart", None),
    ("plan print (public)", "/m/jashyl-oron/plans/1/print", None),
    ("plan proposals (public)", "/m/jashyl-oron/plans/1/proposals", None),
    ("surveys list (public)", "/m/jashyl-oron/surveys", None),
    ("survey results, ~400 answers (staff)", "/m/jashyl-oron/surveys/1/results", "staff@example.org"),
    ("meetings (public)", "/m/jashyl-oron/meetings", None),
    ("problem register (public)", "/m/jashyl-oron/problems", None),
    ("ballots list (public)", "/m/jashyl-oron/ballots", None),
    ("ballot page (verified resident)", "/m/jashyl-oron/ballots/2", "resident@example.org"),
    ("ballot results, ~1,200 votes (public)", "/m/jashyl-oron/ballots/1/results", None),
    ("priority list (public)", "/m/jashyl-oron/priorities", None),
    ("progress dashboard (public)", "/m/jashyl-oron/progress/1", None),
    ("annual monitoring report", "/m/jashyl-oron/progress/1/annual/2026", None),
    ("monitoring report (public)", "/m/jashyl-oron/monitoring/reports/1", None),
    ("monitoring group (staff)", "/m/jashyl-oron/monitoring/groups/1", "staff@example.org"),
    ("monitoring reports list (monitor)", "/m/jashyl-oron/monitoring/plans/1/reports", "monitor@example.org"),
    ("budget execution, 2 parts (public)", "/m/verindzor/budget/2026?month=9", None),
    ("budget execution (staff)", "/m/jashyl-oron/budget/2026", "staff@example.org"),
    ("budget month by month (public)", "/m/jashyl-oron/budget/2026/months", None),
    ("citizen's budget (public)", "/m/jashyl-oron/budget/2027/summary", None),
    ("budget hearing protocol (public)", "/m/jashyl-oron/budget/2027/hearings/1", None),
    ("budget lines (staff)", "/m/jashyl-oron/budget/2026/lines", "staff@example.org"),
]
# page name -> its bare page in bench/bare.py (the same rows, one query, a plain template)
BARE = {
    "municipality (public)": "municipality", "members (staff)": "members", "audit log (staff)": "audit",
    "plans list (public)": "plans", "plan page: approved JAP, 45 activities (public)": "plan",
    "plan page (group member)": "plan", "plan print (public)": "plan", "surveys list (public)": "surveys",
    "survey results, ~400 answers (staff)": "survey-results", "meetings (public)": "meetings",
    "problem register (public)": "problems", "ballots list (public)": "ballots",
    "ballot page (verified resident)": "ballot", "ballot results, ~1,200 votes (public)": "ballot-results",
    "priority list (public)": "priorities", "progress dashboard (public)": "dashboard",
    "monitoring report (public)": "report", "monitoring group (staff)": "monitoring-group",
    "monitoring reports list (monitor)": "reports", "budget execution (staff)": "budget",
}
EXTRA_PAGES = ROOT / "bench" / "pages.txt"  # optional: "name|path|login" per line
UNCACHED_COOKIE = "session=bench-uncached"  # not a valid session: the visitor is anonymous, the page drawn anew


class Client:
    def __init__(self, port, cookie=None):
        self.port = port
        self.cookie = cookie
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path, headers=None):
        h = {"Accept-Language": "ky"}
        if self.cookie:
            h["Cookie"] = self.cookie
        h.update(headers or {})
        self.conn.request("GET", path, headers=h)
        response = self.conn.getresponse()
        return response, response.read()


def login(port, email):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    r = conn.getresponse()
    body = r.read().decode()
    cookie = http.cookies.SimpleCookie(r.getheader("Set-Cookie"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
    conn.request("POST", "/login", body=data, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"session={cookie['session'].value}"})
    r = conn.getresponse()
    r.read()
    assert r.status == 302, f"login {email}: {r.status}"
    cookie = http.cookies.SimpleCookie(r.getheader("Set-Cookie"))
    return f"session={cookie['session'].value}"


def first_load_weight(port, cookie, path):
    client = Client(port, cookie)
    response, body = client.get(path)
    total = len(gzip.compress(body))
    html = body.decode("utf-8", "replace")
    # what the page loads itself (not a data-charts-src="..." that loads only on request)
    assets = set(re.findall(r'(?<![-\w])(?:href|src)="(/static/[^"]+)"', html))
    scripts = 0
    for asset in sorted(assets):
        if asset.endswith(".svg") and "icon" in html:
            pass
        _r, data = client.get(asset.replace("&amp;", "&"))
        total += len(gzip.compress(data))
        scripts += asset.split("?")[0].endswith(".js")
    return response.status, int(response.getheader("X-Query-Count", "-1")), total, scripts


def rps(port, cookie, path, seconds, threads):
    count = [0] * threads
    errors = [0] * threads
    stop = time.perf_counter() + seconds

    def worker(i):
        client = Client(port, cookie)
        while time.perf_counter() < stop:
            response, _body = client.get(path)
            if response.status >= 400:
                errors[i] += 1
            count[i] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start
    return sum(count) / elapsed, sum(errors)


def serve(db_url, port):
    env = dict(os.environ, PLANNER_DATABASE_URL=db_url, PLANNER_SECRET_KEY="bench-only",
               PLANNER_BALLOT_RECEIPT_KEY="bench-only-receipt-key",
               PLANNER_QUERY_COUNT_HEADER="true", PLANNER_BENCH_BASELINE="true", FLASK_APP="planner")
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([str(BIN / "flask"), "demo", "--quiet"], env=env, cwd=ROOT, check=True, capture_output=True)
    return gunicorn("wsgi:app", port, env, ROOT, "/healthz")


def gunicorn(target, port, env, cwd, probe):
    """``target`` served by gunicorn with 2 workers, once ``probe`` answers."""
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", target],
        env=env, cwd=cwd, start_new_session=True)
    for _ in range(100):
        try:
            Client(port).get(probe)
            return proc
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn ({target}) did not start")


def serve_bare(db_path, port):
    """bench/bare.py on the same database, served as the app is."""
    return gunicorn("bare:app", port, dict(os.environ, PLANNER_BARE_DATABASE=db_path), ROOT / "bench", "/bare/plans")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=5099)
    parser.add_argument("--bare-port", type=int, help="for bench/bare.py; default: --port + 1")
    parser.add_argument("--database-url", help="default: a new SQLite file")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="planner-bench-")
    db_url = args.database_url or f"sqlite:///{tmp}/bench.db"
    pages = list(PAGES)
    if EXTRA_PAGES.exists():
        for line in EXTRA_PAGES.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                name, path, who = (line.split("|") + [""])[:3]
                pages.append((name.strip(), path.strip(), who.strip() or None))
    proc = serve(db_url, args.port)
    bare_port = args.bare_port or args.port + 1
    bare_proc = serve_bare(db_url.split("sqlite:///", 1)[1], bare_port) if db_url.startswith("sqlite") else None
    bare_rps = {}
    try:
        cookies = {}
        base_rps, _ = rps(args.port, None, "/bench/minimal", args.seconds, args.threads)
        rows = []
        for name, path, who in pages:
            if who and who not in cookies:
                cookies[who] = login(args.port, who)
            cookie = cookies.get(who)
            status, queries, weight, scripts = first_load_weight(args.port, cookie, path)
            page_rps, errors = rps(args.port, cookie, path, args.seconds, args.threads)
            if cookie is None:  # drawn for every request: a visitor whose (empty) session cookie bars the kept copy
                drawn_rps, drawn_errors = rps(args.port, UNCACHED_COOKIE, path, args.seconds, args.threads)
                errors += drawn_errors
            else:
                drawn_rps = page_rps
            bare = BARE.get(name)
            if bare and bare_proc and bare not in bare_rps:
                bare_rps[bare] = rps(bare_port, None, f"/bare/{bare}", args.seconds, args.threads)[0]
            vs_bare = drawn_rps / bare_rps[bare] if bare in bare_rps else None
            rows.append((name, path, status, page_rps, page_rps / base_rps, drawn_rps, drawn_rps / base_rps,
                         vs_bare, queries, weight, scripts, errors))
    finally:
        for server in (proc, bare_proc):
            if server is not None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait()

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Run {stamp}: gunicorn 2 workers, SQLite demo database, {args.threads} client threads × {args.seconds:g} s per page, "
        f"on {os.cpu_count()} cores (client and server share them).",
        "",
        f"Baseline `/bench/minimal` (1 query): **{base_rps:.0f} requests/s**.",
        "",
        "req/s is what visitors get (anonymous visitors of public pages are served kept copies, see",
        "`planner/page_cache.py`); *drawn* is the same page rendered for every request (for a visitor",
        "whose session cookie bars the kept copy; the dashboard's and annual report's figures are still",
        "kept as fragments under the data version, as they are for signed-in visitors). SQL queries and",
        "weight are those of a first, drawn load.",
        "",
        "*vs bare* is the drawn page (no whole-page cache) against its bare page (`bench/bare.py`: the",
        "same rows, one query, a plain template, outside the app, served the same way):",
        "" + ", ".join(f"{b} {r:.0f} req/s" for b, r in bare_rps.items()) + ".",
        "",
        "| page | path | status | req/s | vs minimal | drawn req/s | drawn vs minimal | vs bare | SQL queries | first load, gzipped | JS files | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (name, path, status, page_rps, ratio, drawn_rps, drawn_ratio, vs_bare, queries, weight, scripts,
         errors) in rows:
        bare = f"{vs_bare:.2f}" if vs_bare is not None else "—"
        lines.append(f"| {name} | `{path}` | {status} | {page_rps:.0f} | {ratio:.2f} | {drawn_rps:.0f} | {drawn_ratio:.2f} "
                     f"| {bare} | {queries} | {weight / 1024:.1f} KB | {scripts} | {errors} |")
    report = "\n".join(lines)
    print(report)
    if args.write:
        readme = ROOT / "bench" / "README.md"
        head = readme.read_text().split("<!-- results -->")[0] if readme.exists() else ""
        readme.write_text(head + "<!-- results -->\n" + report + "\n")


if __name__ == "__main__":
    main()

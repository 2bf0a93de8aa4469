"""Signed-in pages against their bare pages in one process, measures that a loaded machine
does not change much: function calls per request (cProfile), SQL statements per request, and
wall time measured alternately page / bare page (median of many pairs).

Both apps (planner with the whole-page cache off, and bench/bare.py) answer through their
Flask test clients on the same SQLite demo database (``flask demo --quiet``), so no server,
network or client threads are measured.

    .venv/bin/python bench/in_process.py [--pairs 60] [--profile 20] [--top 25] [--only NAME]

``--profile N`` prints each page's cProfile top lines (by own time) for N requests."""
import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

# (name, path, signed-in e-mail or None, bare page in bench/bare.py): every page of bench/run.py
# that has a bare page, public ones drawn for an anonymous visitor (the whole-page cache is off)
def _pages():
    import run
    return [(name, path, login, run.BARE[name]) for name, path, login in run.PAGES if name in run.BARE]


PAGES = _pages()


def build_database():
    path = Path(tempfile.mkdtemp(prefix="planner-inproc-")) / "bench.db"
    env = dict(os.environ, FLASK_APP="planner", PLANNER_SECRET_KEY="bench", PLANNER_BALLOT_RECEIPT_KEY="bench-r",
               PLANNER_DATABASE_URL=f"sqlite:///{path}")
    flask = Path(sys.executable).with_name("flask")
    subprocess.run([str(flask), "db", "upgrade"], env=env, check=True, cwd=ROOT, capture_output=True)
    subprocess.run([str(flask), "demo", "--quiet"], env=env, check=True, cwd=ROOT, capture_output=True)
    return path


def apps(path):
    os.environ["PLANNER_BARE_DATABASE"] = str(path)
    import bare
    from planner import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench",
                      "BALLOT_RECEIPT_KEY": "bench-r", "PAGE_CACHE_SECONDS": 0, "QUERY_COUNT_HEADER": True,
                      "RATELIMIT_ENABLED": False, "BENCH_BASELINE": True})
    return app, bare.app


def client_for(app, email):
    from sqlalchemy import select

    from planner.auth.models import User
    from planner.extensions import db

    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ky"
    if email:
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            user_id = user.get_id()
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
    return client


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def measure(app, bare_app, name, path, email, bare_name, pairs, profile, top, dump=None):
    client, bare_client = client_for(app, email), bare_app.test_client()
    first = get(client, path)
    queries = first.headers.get("X-Query-Count")
    get(bare_client, f"/bare/{bare_name}")
    page_times, bare_times = [], []
    for _ in range(pairs):
        start = time.perf_counter()
        get(client, path)
        page_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        get(bare_client, f"/bare/{bare_name}")
        bare_times.append(time.perf_counter() - start)
    page_ms, bare_ms = statistics.median(page_times) * 1000, statistics.median(bare_times) * 1000
    calls = None
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(profile):
            get(client, path)
        profiler.disable()
        if dump:
            profiler.dump_stats(Path(dump) / f"{bare_name}-{len(name)}.prof")
        stats = pstats.Stats(profiler)
        calls = stats.total_calls // profile
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
        print(f"## {name}: {calls} calls per request\n" + out.getvalue().split("\n\n", 2)[-1])
    print(f"{name}: page {page_ms:.1f} ms, bare {bare_ms:.1f} ms, ratio {bare_ms / page_ms:.2f}, "
          f"SQL {queries}, calls/request {calls}, {len(first.data)} bytes", flush=True)
    return name, page_ms, bare_ms, queries, calls


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=60)
    parser.add_argument("--profile", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", default="")
    parser.add_argument("--database", default="", help="an existing demo database (else one is built)")
    parser.add_argument("--html", default="", help="a folder to write each page's HTML in (CSRF tokens masked), "
                        "to check that a change leaves the pages as they were; nothing is measured")
    parser.add_argument("--dump", default="", help="a folder to keep each page's profile in (pstats files)")
    args = parser.parse_args()
    path = Path(args.database) if args.database else build_database()
    app, bare_app = apps(path)
    if args.html:
        for name, page_path, email, _bare in PAGES:
            html = get(client_for(app, email), page_path).get_data(as_text=True)
            html = re.sub(r'(csrf_token"[^>]*value=)"[^"]*"', r'\1""', html)
            (Path(args.html) / f"{page_path.strip('/').replace('/', '_')}.html").write_text(html)
        return
    rows = [measure(app, bare_app, *page, args.pairs, args.profile, args.top, args.dump)
            for page in PAGES if args.only in page[0]]
    print("\n| page | page ms | bare ms | vs bare | SQL | calls/request |\n|---|---:|---:|---:|---:|---:|")
    for name, page_ms, bare_ms, queries, calls in rows:
        print(f"| {name} | {page_ms:.1f} | {bare_ms:.1f} | {bare_ms / page_ms:.2f} | {queries} | {calls} |")


if __name__ == "__main__":
    main()

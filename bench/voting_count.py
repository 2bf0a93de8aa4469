"""Benchmarks for priority voting (issue 5).

1. Counting: a ranking ballot (11 options, rank up to 3, Borda) with 100,000 online ballot
   papers (300,000 vote rows) plus 5 confirmed paper protocols, counted afresh in SQL
   (counting.count(kept=False): one GROUP BY over the covering index, paper, turnout), and
   as a results page gets it (the tally kept under the data version). Median of 5 runs.
2. The vote request: the demo served by gunicorn with 2 workers; signed-in residents send
   changed votes (POST, a CSRF token, a redirect back) on the demo's open ranking ballot.
   Requests per second and SQL queries per vote, beside the app's /bench/minimal baseline
   measured in the same run.

    .venv/bin/python bench/voting_count.py [--database-url URL] [--votes 100000] [--seconds 3] [--threads 4]

Default database: a new SQLite file; pass a PostgreSQL URL (an empty database) to measure that."""
import argparse
import http.client
import os
import random
import re
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def bench_counting(db_url, votes):
    from sqlalchemy import insert

    from planner import create_app
    from planner.extensions import db
    from planner.models import utcnow
    from planner.municipalities.models import Municipality, Village
    from planner.surveys.ballots import counting, paper, services
    from planner.surveys.ballots.models import BallotVote

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "bench-only", "TESTING": True})
    with app.app_context(), app.test_request_context():
        db.drop_all()
        db.create_all()
        town = Municipality(slug="bench", name="Bench", country="KG", currency="KGS", default_locale="ky")
        villages = [Village(municipality=town, name=f"V{i}", population=1000) for i in range(5)]
        db.session.add_all([town, *villages])
        db.session.flush()
        now = utcnow()
        ballot = services.create_ballot(
            town, None, title="Bench", explanation="", method="ranking", max_choices=3, max_per_option=1,
            opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1), is_results_live=False,
            options=[(f"Option {i}", {}) for i in range(11)])
        rng = random.Random(1)
        ids = [o.id for o in ballot.options]
        weights = [11 - i for i in range(11)]
        start = time.perf_counter()
        batch = []
        for n in range(votes):
            receipt = secrets.token_hex(16)
            village = villages[n % 5].id
            sex, age = rng.choice("fm"), rng.choice(("18-29", "30-44", "45-59", "60+"))
            chosen = set()
            while len(chosen) < 3:
                chosen.add(rng.choices(ids, weights)[0])
            for rank, option_id in enumerate(chosen, 1):
                batch.append({"ballot_id": ballot.id, "receipt": receipt, "option_id": option_id, "value": rank,
                              "village_id": village, "sex": sex, "age_band": age})
            if len(batch) >= 30000:
                db.session.execute(insert(BallotVote), batch)
                batch = []
        if batch:
            db.session.execute(insert(BallotVote), batch)
        staff_a, staff_b = _two_staff(db)
        for village in villages:
            counts = {(ids[i], r): 10 for i in range(3) for r in (1, 2, 3) if i + 1 == r}
            tally = paper.save_tally(ballot, village, staff_a, issued=40, valid=30, invalid=5, counts=counts)
            paper.confirm_tally(tally, staff_b, shown_version=tally.lock_version, shown_digest=paper.digest(tally))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does after a bulk insert: statistics, and the visibility map that
            # lets counting read the covering index alone (an index-only scan).
            from sqlalchemy import text

            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE ballot_votes"))
        load_s = time.perf_counter() - start
        ballot = db.session.scalar(services.ballot_detail(ballot.id))
        timings, timings_no_breakdowns, timings_kept = [], [], []
        for _ in range(5):
            t = time.perf_counter()
            result = counting.count(ballot, kept=False)
            timings.append(time.perf_counter() - t)
            t = time.perf_counter()
            counting.count(ballot, with_breakdowns=False, kept=False)
            timings_no_breakdowns.append(time.perf_counter() - t)
            t = time.perf_counter()
            counting.count(ballot)  # the tally kept under the data version (the first run counts)
            timings_kept.append(time.perf_counter() - t)
        rows = db.session.query(BallotVote).filter_by(ballot_id=ballot.id).count()
        top = result.rows[0]
        db.session.remove()
        db.drop_all()
        return {
            "votes": votes, "rows": rows, "load_s": load_s,
            "count_ms": statistics.median(timings) * 1000,
            "count_no_breakdowns_ms": statistics.median(timings_no_breakdowns) * 1000,
            "count_kept_ms": statistics.median(timings_kept) * 1000,
            "top": (top.option.text, top.total),
        }


def _two_staff(db):
    from planner.auth.models import User

    users = [User(email=f"bench{i}@example.org", name=f"Bench {i}", password_hash="x") for i in range(2)]
    db.session.add_all(users)
    db.session.flush()
    return users


def bench_vote_requests(seconds, threads, port):
    from run import Client, login, rps, serve

    tmp = tempfile.mkdtemp(prefix="planner-bench-voting-")
    db_url = f"sqlite:///{tmp}/bench.db"
    proc = serve(db_url, port)
    try:
        from planner import create_app
        from planner.extensions import db
        from planner.surveys.ballots.models import Ballot

        app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "bench-only"})
        with app.app_context():
            ballot = db.session.scalar(db.select(Ballot).where(Ballot.method == "ranking"))
            options = [o.id for o in ballot.options]
            path = f"/m/jashyl-oron/ballots/{ballot.id}"
        base_rps, _ = rps(port, None, "/bench/minimal", seconds, threads)
        voters = []
        for i in range(threads):
            cookie = login(port, f"demo-voter-{i + 1:04d}@example.org")
            response, body = Client(port, cookie).get(path)
            if response.getheader("Set-Cookie"):  # the CSRF token went into the session
                cookie = response.getheader("Set-Cookie").split(";")[0]
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body.decode()).group(1)
            voters.append((cookie, token))
        count = [0] * threads
        errors = [0] * threads
        queries = []
        stop = time.perf_counter() + seconds

        def worker(i):
            cookie, token = voters[i]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            rng = random.Random(i)
            while time.perf_counter() < stop:
                ranked = rng.sample(options, 3)
                data = [("csrf_token", token)] + [(f"rank-{o}", str(r)) for r, o in enumerate(ranked, 1)]
                conn.request("POST", path + "/vote", body=urllib.parse.urlencode(data), headers={
                    "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
                response = conn.getresponse()
                response.read()
                if response.status != 302 or not response.getheader("X-Vote-Version"):
                    errors[i] += 1
                queries.append(int(response.getheader("X-Query-Count", "-1")))
                count[i] += 1

        pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
        start = time.perf_counter()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        vote_rps = sum(count) / (time.perf_counter() - start)
        return {"base_rps": base_rps, "vote_rps": vote_rps, "errors": sum(errors), "requests": sum(count),
                "queries": (min(queries), max(queries)) if queries else None}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", help="for the counting benchmark; default: a new SQLite file")
    parser.add_argument("--votes", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=5113)
    parser.add_argument("--skip-requests", action="store_true")
    args = parser.parse_args()
    db_url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='planner-count-')}/count.db"
    c = bench_counting(db_url, args.votes)
    backend = db_url.split(":", 1)[0]
    print(f"Counting ({backend}): {c['votes']:,} ranking ballots = {c['rows']:,} vote rows + 5 paper protocols "
          f"(loaded in {c['load_s']:.1f} s)")
    print(f"  full result incl. breakdowns by village/sex/age: {c['count_ms']:.0f} ms (median of 5)")
    print(f"  totals, ranks, shares and turnout only:           {c['count_no_breakdowns_ms']:.0f} ms")
    print(f"  kept tally (as a results page after the first):  {c['count_kept_ms']:.1f} ms")
    print(f"  first: {c['top'][0]} with {c['top'][1]:,} Borda points")
    if not args.skip_requests:
        r = bench_vote_requests(args.seconds, args.threads, args.port)
        print(f"Vote requests (gunicorn 2 workers, SQLite demo, {args.threads} client threads × {args.seconds:g} s):")
        print(f"  baseline /bench/minimal: {r['base_rps']:.0f} req/s")
        print(f"  POST vote (changed vote, redirect): {r['vote_rps']:.0f} req/s = {r['vote_rps'] / r['base_rps']:.2f} × "
              f"baseline; SQL queries per vote: {r['queries'][0]}–{r['queries'][1]}; errors: {r['errors']} of {r['requests']}")


if __name__ == "__main__":
    main()

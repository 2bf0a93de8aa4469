"""Benchmark of participatory budgeting results (issue 16): a budgeting ballot of 50 projects
(approval within a budget that fits about half of their cost) with 10,000 ballot papers, 9,000
online (mixed rows in pb_votes) and 1,000 on paper (five confirmed batches of 200, entered
through the paper services), counted under each rule.

Measured, median of ``--runs`` runs:
- loading the papers from the database (online rows and the confirmed paper ballots);
- each rule on all 10,000 papers (rules.winners through pabutools);
- the results page requested after a change, before the count (it counts nothing: it says
  "being counted"), the background job that counts (counts.recount: online, paper and
  together, every rule, reasons, stored under the ballot's version; run here in the process,
  as without Redis), and the page requested after it (the stored count read back).

    .venv/bin/python bench/pb_count.py [--database-url URL] [--ballots 10000] [--paper 1000] [--runs 3]
                                       [--skip mes_add1] [--no-job]

Default database: a new SQLite file; pass a PostgreSQL URL (an empty database: the tables
are dropped and created) to measure that."""
import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROJECTS = 50


def _progress(text):
    print(f"  … {text}", file=sys.stderr, flush=True)


def _median(fn, runs):
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def _papers(rng, costs, budget, count):
    """Approval papers within the budget: 3 to 8 projects by popularity, dropping what no longer fits."""
    weights = [1 + (PROJECTS - i) ** 1.5 for i in range(PROJECTS)]
    papers = []
    for _ in range(count):
        chosen, total = [], 0
        for index in rng.choices(range(PROJECTS), weights, k=rng.randint(3, 8)):
            if index not in chosen and total + costs[index] <= budget:
                chosen.append(index)
                total += costs[index]
        papers.append(chosen)
    return papers


def run(db_url, ballots, on_paper, runs, skip=(), job=True):
    from sqlalchemy import insert, select

    from planner import create_app
    from planner.actions import run_hooks
    from planner.auth.models import User
    from planner.budgeting import counts, paper, results, rules, services
    from planner.budgeting.models import PbCount, PbVote
    from planner.extensions import db
    from planner.models import utcnow
    from planner.municipalities.models import Municipality, Village

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "bench-only", "TESTING": True,
                      "BALLOT_RECEIPT_KEY": "bench-receipts-only", "PAGE_CACHE_SECONDS": 0,
                      "OPENDATA_BUILD_ON_COMMIT": False})
    with app.app_context(), app.test_request_context():
        db.drop_all()
        db.create_all()
        town = Municipality(slug="bench", name="Bench", country="KG", currency="KGS", default_locale="ky")
        villages = [Village(municipality=town, name=f"V{i}", population=1000) for i in range(5)]
        clerk = User(email="clerk@bench", name="Clerk", password_hash="!")
        checker = User(email="checker@bench", name="Checker", password_hash="!")
        db.session.add_all([town, *villages, clerk, checker])
        db.session.flush()
        rng = random.Random(16)
        costs = [rng.randrange(50, 1000) * 1000 for _ in range(PROJECTS)]
        budget = sum(costs) // 2
        now = utcnow()
        ballot = services.create_ballot(town, clerk, title="Bench", style="budget", rule="mes_add1", budget=budget,
                                        opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=1))
        for i, cost in enumerate(costs):
            services.add_project(ballot, clerk, title=f"Project {i + 1}", cost=cost)
        ids = [p.id for p in ballot.projects]
        online = ballots - on_paper
        rows = []
        for n, chosen in enumerate(_papers(rng, costs, budget, online)):
            receipt = secrets.token_hex(16)
            rows += [{"ballot_id": ballot.id, "receipt": receipt, "project_id": ids[i], "value": 1,
                      "village_id": villages[n % 5].id} for i in chosen]
        for start in range(0, len(rows), 30000):
            db.session.execute(insert(PbVote), rows[start:start + 30000])
        paper_papers = _papers(rng, costs, budget, on_paper)
        for b in range(5):
            batch = paper.open_batch(ballot, villages[b], clerk)
            for chosen in paper_papers[b::5]:
                paper.enter_paper(batch, clerk, {ids[i]: 1 for i in chosen})
            paper.save_reconciliation(batch, clerk, issued=len(batch.papers), spoiled=0, unused=0)
            shown = paper.figures(batch)
            paper.confirm_batch(batch, checker, shown_version=batch.lock_version, shown_digest=paper.digest(batch),
                                typed={"valid": shown["valid"], "invalid": shown["invalid"], **shown["totals"]},
                                labels={})
        ballot.closes_at = now - timedelta(minutes=1)
        db.session.commit()
        db.session.refresh(ballot)

        _progress("data loaded")
        load, rows_by_channel = _median(lambda: results.papers(ballot), runs)
        election = rules.Election.of(ballot, rows_by_channel["all"])
        out = {"load": load, "rows": len(rows_by_channel["all"]), "papers": len(election.ballots), "rules": {}}
        for rule in rules.RULES:
            if rule in skip:
                continue
            seconds, picked = _median(lambda: rules.winners(election, rule), runs)
            out["rules"][rule] = (seconds, len(picked), sum(costs[ids.index(p)] for p in picked))
            _progress(f"{rule}: {seconds:.3f} s")

        run_hooks()  # the setup's commits queue a count (kept in this request context, never run)
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        url = f"/m/{town.slug}/budgeting/{ballot.id}/results"

        def page(expected):
            response = client.get(url)
            assert response.status_code == 200 and expected in response.get_data(as_text=True), expected
            return response

        out["page_before"], _r = _median(lambda: page("being counted"), runs)
        assert db.session.scalar(select(PbCount.version).where(PbCount.ballot_id == ballot.id)) == 0  # not counted
        out["job"] = out["page_after"] = None
        if job:
            out["job"], _c = _median(lambda: counts.recount(ballot.id) and db.session.commit(), 1)
            _progress(f"the job: {out['job']:.1f} s")
            out["page_after"], _r = _median(lambda: page("Winners by"), runs)
            assert results.by_channel(ballot)["all"]["ballots"] == ballots
        out["budget"] = budget
        db.session.remove()
        db.drop_all()
        return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--paper", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[], help="a rule not to run (mes_add1 takes minutes)")
    parser.add_argument("--no-job", action="store_true", help="do not run the count job (every rule: minutes)")
    args = parser.parse_args()
    url = args.database_url
    if not url:
        url = "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="pb-bench-"), "bench.db")
    kind = url.split(":", 1)[0].split("+", 1)[0]
    out = run(url, args.ballots, args.paper, args.runs, skip=args.skip, job=not args.no_job)
    print(f"{kind}: {out['papers']:,} papers ({out['rows']:,} vote rows), {PROJECTS} projects, "
          f"budget {out['budget']:,}; median of {args.runs}")
    print(f"| step | seconds | winners | spent |\n|---|---:|---:|---:|")
    print(f"| load the papers (online + confirmed paper) | {out['load']:.3f} | | |")
    for rule, (seconds, n, spent) in out["rules"].items():
        print(f"| {rule} | {seconds:.3f} | {n} | {spent:,} |")
    for rule in args.skip:
        print(f"| {rule} | not run | | |")
    print(f"| results page, requested after a change, before the count (says \"being counted\") "
          f"| {out['page_before']:.4f} | | |")
    if out["job"] is not None:
        print(f"| the count job (every rule, both channels, stored; median of 1) | {out['job']:.1f} | | |")
        print(f"| results page after the job (the stored count) | {out['page_after']:.4f} | | |")


if __name__ == "__main__":
    main()

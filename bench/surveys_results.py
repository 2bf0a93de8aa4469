"""Benchmark: the results page of a survey with 10,000 answers and 20 questions.

Checks that the number of SQL queries does not grow with the answers (the same at 100 and
at 10,000), and reports the page's time against the minimal page (/bench/minimal).

    .venv/bin/python bench/surveys_results.py [--answers 10000] [--runs 15]
    PLANNER_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/surveys_results.py  (an empty scratch db)

Without PLANNER_DATABASE_URL it uses a temporary SQLite file. Results also go to
bench/out/surveys_results.json."""
import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import g  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from planner import create_app  # noqa: E402
from planner.extensions import db  # noqa: E402

KINDS = ["single", "multiple", "scale", "number", "ranking", "single", "multiple", "scale", "short_text", "long_text"] * 2


def build(app, answers, seed=1):
    from planner.municipalities.models import Municipality, Village
    from planner.surveys import answering, services
    from planner.surveys.models import Answer, SurveyResponse

    rng = random.Random(seed)
    with app.test_request_context():
        municipality = Municipality(slug=f"bench-{answers}", name="Bench", country="KG", currency="KGS",
                                    default_locale="ky")
        db.session.add(municipality)
        villages = [Village(municipality=municipality, name=f"Village {i}") for i in range(5)]
        db.session.add_all(villages)
        db.session.flush()
        survey = services.create_survey(municipality, None, title="Bench", intro="", opens_on=date.today() - timedelta(days=60),
                                        closes_on=date.today() - timedelta(days=1), access="link", paging="one",
                                        asks_profile=True, is_public_results=True)
        questions = []
        for i, kind in enumerate(KINDS):
            extra = {}
            if kind in ("single", "multiple", "ranking"):
                extra["choices"] = [f"Choice {i}.{j}" for j in range(6)]
            if kind == "multiple":
                extra.update(max_choices=3, allows_other=True)
            if kind == "number":
                extra.update(min_value=0, max_value=100)
            questions.append(services.add_question(survey, None, kind, text=f"Question {i + 1}", **extra))
        db.session.commit()
        response_rows, answer_rows = [], []
        for n in range(answers):
            response_rows.append({
                "id": None, "survey_id": survey.id, "submission_key": answering.new_key(),
                "channel": "paper" if n % 4 == 0 else "online", "submitted_on": survey.opens_on,
                "sex": rng.choice(["f", "m", None]), "age_band": rng.choice(["18-29", "30-44", "45-59", "60+"]),
                "village_id": rng.choice(villages).id, "entered_by_id": None})
        for row in response_rows:
            del row["id"]
        db.session.execute(insert(SurveyResponse), response_rows)
        ids = [r for (r,) in db.session.execute(
            db.select(SurveyResponse.id).where(SurveyResponse.survey_id == survey.id).order_by(SurveyResponse.id))]
        for rid in ids:
            for q in questions:
                if q.kind == "single":
                    answer_rows.append({"response_id": rid, "question_id": q.id, "choice_id": rng.choice(q.choices).id,
                                        "rank": None, "value": None, "text": None})
                elif q.kind == "multiple":
                    for c in rng.sample(q.choices, 2):
                        answer_rows.append({"response_id": rid, "question_id": q.id, "choice_id": c.id, "rank": None,
                                            "value": None, "text": None})
                elif q.kind == "ranking":
                    for rank, c in enumerate(rng.sample(q.choices, 3), 1):
                        answer_rows.append({"response_id": rid, "question_id": q.id, "choice_id": c.id, "rank": rank,
                                            "value": None, "text": None})
                elif q.kind in ("scale", "number"):
                    answer_rows.append({"response_id": rid, "question_id": q.id, "choice_id": None, "rank": None,
                                        "value": Decimal(rng.randint(1, 5)), "text": None})
                elif rng.random() < 0.3:
                    answer_rows.append({"response_id": rid, "question_id": q.id, "choice_id": None, "rank": None,
                                        "value": None, "text": f"Text answer {rid}"})
            if len(answer_rows) > 20000:
                db.session.execute(insert(Answer), answer_rows)
                answer_rows = []
        if answer_rows:
            db.session.execute(insert(Answer), answer_rows)
        db.session.commit()
        return municipality.slug, survey.id


def measure(client, url, runs):
    times, queries = [], None
    for _ in range(runs):
        g.pop("query_count", None)
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = int(response.headers.get("X-Query-Count", "-1"))
    return statistics.median(times), queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    url = os.environ.get("PLANNER_DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.NamedTemporaryFile(suffix=".db", delete=False)
        url = "sqlite:///" + tmp.name
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "QUERY_COUNT_HEADER": True, "BENCH_BASELINE": True, "SECRET_KEY": "bench",
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        t0 = time.perf_counter()
        small = build(app, 100, seed=2)
        large = build(app, args.answers)
        db.session.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would give
        db.session.commit()
        built = time.perf_counter() - t0
        client = app.test_client()
        minimal_ms, minimal_q = measure(client, "/bench/minimal", args.runs)
        small_ms, small_q = measure(client, f"/m/{small[0]}/surveys/{small[1]}/results", args.runs)
        large_ms, large_q = measure(client, f"/m/{large[0]}/surveys/{large[1]}/results", args.runs)
        filtered_ms, filtered_q = measure(client, f"/m/{large[0]}/surveys/{large[1]}/results?sex=f&by=village",
                                          args.runs)
        if tmp is not None:
            db.session.remove()
            db.engine.dispose()
    result = {
        "database": url.split(":")[0], "answers": args.answers, "questions": len(KINDS), "build_s": round(built, 1),
        "minimal": {"ms": round(minimal_ms, 2), "queries": minimal_q},
        "results_100": {"ms": round(small_ms, 1), "queries": small_q},
        "results_large": {"ms": round(large_ms, 1), "queries": large_q, "x_minimal": round(large_ms / minimal_ms, 1)},
        "results_large_filtered_breakdown": {"ms": round(filtered_ms, 1), "queries": filtered_q},
        "queries_flat": small_q == large_q,
    }
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "surveys_results.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    if tmp is not None:
        os.unlink(tmp.name)
    if not result["queries_flat"]:
        print("FAIL: the number of queries grows with the answers", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

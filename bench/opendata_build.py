"""Benchmark of the open-data ZIP (issue 12): what the job spends building a demo
municipality's ZIP in the four languages, against one language, and what a download of the
stored file costs (a second one with its ETag: 304, no body).

    .venv/bin/python bench/opendata_build.py [--runs 20]

A new SQLite file with the demo in a temporary folder; the files go beside it."""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="planner-opendata-bench-")
    from flask_babel import force_locale

    from planner import create_app
    from planner.api import data
    from planner.extensions import db
    from planner.models import utcnow
    from planner.opendata import build, rebuild

    app = create_app({"SECRET_KEY": "bench-secret", "BALLOT_RECEIPT_KEY": "bench-receipt", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                      "OPENDATA_DIR": f"{folder}/files", "OPENDATA_BUILD_ON_COMMIT": False,
                      "PAGE_CACHE_SECONDS": 0, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["demo", "--quiet"])
        assert result.exit_code == 0, result.output
        for m in data.public_municipalities():
            rebuild.build_all(m)  # warm: templates, translations
            t = time.perf_counter()
            rebuild.build_all(m)
            four = time.perf_counter() - t
            with app.test_request_context(), force_locale("en"):
                t = time.perf_counter()
                body = build.build_zip(m, build.Stamp(m.slug, 0, utcnow()))
                one = time.perf_counter() - t
            print(f"{m.slug:16} build, 4 languages {four * 1000:6.0f} ms, one language {one * 1000:5.0f} ms, "
                  f"{len(body) / 1024:5.1f} KB")
        slug = "jashyl-oron"
        client = app.test_client()
        first = client.get(f"/m/{slug}/open-data.zip", headers={"Accept-Language": "en"})
        for label, headers in (("download of the stored file", {}),
                               ("second download with its ETag", {"If-None-Match": first.headers["ETag"]})):
            times = []
            for _run in range(args.runs):
                t = time.perf_counter()
                response = client.get(f"/m/{slug}/open-data.zip", headers={"Accept-Language": "en", **headers})
                times.append(time.perf_counter() - t)
            print(f"{label}: {response.status_code}, {statistics.median(times) * 1000:.1f} ms, "
                  f"{len(response.data)} bytes")


if __name__ == "__main__":
    main()

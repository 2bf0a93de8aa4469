"""Open data downloads: the municipality's ZIP, one plan's activities, one ballot's result.

The ZIP is kept in the shared cache (Flask-Caching: per process, or Redis) under the data
version of ``planner.page_cache`` and the language of its README: it is built again only
after data changed (any commit that writes bumps the version), never per download."""
import io
import zipfile
from datetime import date

from flask import Blueprint, abort, current_app, render_template
from flask_babel import get_locale

from .. import spreadsheets
from ..api import data
from ..extensions import cache, limiter
from ..page_cache import current_version
from .tables import TABLES, ballot_result_rows, plan_activity_rows, rows

bp = Blueprint("opendata", __name__, template_folder="templates")
limiter.limit(lambda: current_app.config.get("API_RATE_LIMIT", "120 per minute"))(bp)
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
KEEP_SECONDS = 7 * 24 * 3600


def csv_of(name, records):
    columns = [column for column, _description in TABLES[name][1]]
    return spreadsheets.csv_text([columns] + [[_cell(r.get(c)) for c in columns] for r in records])


def _cell(value):
    return "" if value is None else value


def readme(municipality, built_on):
    return render_template("opendata/README.txt", municipality=municipality, tables=TABLES, licence=LICENCE,
                           licence_url=LICENCE_URL, built_on=built_on)


def build_zip(municipality) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(municipality, date.today().isoformat()))
        for name, records in rows(municipality).items():
            archive.writestr(name, csv_of(name, records).encode("utf-8"))
    return out.getvalue()


def _download(body, filename, mimetype, state=None):
    response = spreadsheets.download(body, filename, mimetype)
    response.headers["Cache-Control"] = "no-cache"
    if state:
        response.headers["X-Open-Data-Cache"] = state
    return response


@bp.route("/m/<slug>/open-data.zip")
def municipality_zip(slug):
    municipality = data.public_municipality(slug)
    version = current_version()
    key = f"opendata:{municipality.id}:{get_locale()}:{version}"
    body = cache.get(key) if version is not None else None
    state = "hit"
    if body is None:
        body, state = build_zip(municipality), "miss"
        if version is not None:
            cache.set(key, body, timeout=KEEP_SECONDS)
    return _download(body, f"{slug}-open-data.zip", "application/zip", state)


@bp.route("/m/<slug>/open-data/plan-<int:plan_id>.csv")
def plan_csv(slug, plan_id):
    municipality = data.public_municipality(slug)
    record = data.plan_record(data.public_plan(municipality, plan_id), with_activities=True)
    text = csv_of("activities.csv", plan_activity_rows(record))
    return _download(text, f"{slug}-plan-{plan_id}-activities.csv", "text/csv; charset=utf-8")


@bp.route("/m/<slug>/open-data/ballot-<int:ballot_id>.csv")
def ballot_csv(slug, ballot_id):
    municipality = data.public_municipality(slug)
    result = data.ballot_results(data.public_ballot(municipality, ballot_id))
    if result is None:
        abort(404)
    text = csv_of("ballot_results.csv", ballot_result_rows(result))
    return _download(text, f"{slug}-ballot-{ballot_id}-results.csv", "text/csv; charset=utf-8")

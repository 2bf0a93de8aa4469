"""Open data downloads: the municipality's ZIP, one plan's activities, one ballot's result.

The ZIP is served from the file the job built (``rebuild.py``, ``store.py``): as it is when it
is of the current data version; when data changed since, the last one built is served (its
README and the ``X-Open-Data-Built`` header say when it was built) and a rebuild is queued;
only when none was built yet is it built in the request. ETag and Last-Modified let a phone
that has the file already get "304 Not Modified", and an interrupted download resume."""
from datetime import timezone

from flask import Blueprint, abort, current_app, request
from flask_babel import get_locale

from .. import spreadsheets
from ..api import data
from ..extensions import limiter
from ..models import utcnow
from ..page_cache import current_version
from . import rebuild, store
from .build import csv_of
from .tables import ballot_result_rows, plan_activity_rows

bp = Blueprint("opendata", __name__, template_folder="templates")
limiter.limit(lambda: current_app.config.get("API_RATE_LIMIT", "120 per minute"))(bp)


def _download(body, filename, mimetype, state=None):
    response = spreadsheets.download(body, filename, mimetype)
    response.headers["Cache-Control"] = "no-cache"
    if state:
        response.headers["X-Open-Data-Cache"] = state
    return response


def _locale():
    locale = str(get_locale())
    return locale if locale in current_app.config["LANGUAGES"] else current_app.config["DEFAULT_LOCALE"]


@bp.app_template_global()
def opendata_built(municipality):
    """When the municipality's open-data ZIP in this language was built (UTC), or None."""
    stamp = store.stamp_of(municipality, _locale())
    return stamp.built_at if stamp else None


@bp.route("/m/<slug>/open-data.zip")
def municipality_zip(slug):
    municipality = data.public_municipality(slug)
    locale = _locale()
    built, state = store.open_built(municipality, locale), "hit"
    if built is None:
        rebuild.build_all(municipality)
        built, state = store.open_built(municipality, locale), "miss"
    elif not built.stamp.is_current(current_version() or 0, utcnow()):
        rebuild.request_rebuild(municipality.id)
        state = "stale"
    with built.file:
        body = built.file.read()
    stamp = built.stamp
    response = _download(body, f"{slug}-open-data.zip", "application/zip", state)
    response.headers["X-Open-Data-Built"] = stamp.built_at.isoformat(timespec="seconds") + "Z"
    response.set_etag(f"{municipality.id}-{locale}-{stamp.version}-{stamp.built_at.timestamp():.0f}")
    response.last_modified = stamp.built_at.replace(tzinfo=timezone.utc)
    return response.make_conditional(request, accept_ranges=True, complete_length=len(body))


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

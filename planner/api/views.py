"""A read-only JSON API of what is public.

A plan's activities and figures are those of the approved version in force, with the
version number and the council decision that approved it; a draft amendment never shows
here (see ``planner.plans.in_force``)."""
from flask import Blueprint, abort

from ..page_cache import cached_page
from ..extensions import csrf, db
from ..municipalities.services import municipalities_list
from ..municipalities.queries import load_municipality
from ..plans import queries as plan_queries
from ..plans.in_force import amendment_in_preparation, in_force
from ..plans.snapshots import Sheet

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def _municipality(m):
    return {
        "slug": m.slug, "name": m.name, "country": m.country, "region": m.region,
        "district": m.district, "currency": m.currency, "default_locale": m.default_locale,
    }


@bp.route("/municipalities")
def municipalities():
    items = db.session.scalars(municipalities_list()).all()
    return {"municipalities": [_municipality(m) for m in items]}


@bp.route("/municipalities/<slug>")
@cached_page
def municipality(slug):
    m = load_municipality(slug)
    data = _municipality(m)
    data["villages"] = [{"id": v.id, "name": v.name, "population": v.population} for v in m.villages]
    return data


def _plan(plan, source, with_activities=False):
    amending = amendment_in_preparation(plan)
    data = {"id": plan.id, "kind": plan.kind, "title": plan.title, "years": [plan.year_from, plan.year_to],
            "stage": "approved" if amending else plan.stage, "amendment_in_preparation": amending,
            "approved_version": None, "council_decision": None, "total": None}
    if source.version is None:
        return data
    sheet = Sheet(source.version.snapshot)
    data["approved_version"] = source.version.number
    data["total"] = str(sheet.total)
    if source.decision is not None:
        data["council_decision"] = {"number": source.decision.number,
                                    "session_date": source.decision.session_date.isoformat()}
    if with_activities:
        data["sections"] = [{"title": s["title"], "total": str(s["total"]),
                             "activities": [{"number": a["number"], "description": a["description"],
                                             "villages": a["villages"], "start": a["start"], "end": a["end"],
                                             "funding": {k: str(v) for k, v in a["funding"].items()},
                                             "total": str(a["total"])} for a in s["activities"]]}
                            for s in sheet.sections]
    return data


@bp.route("/municipalities/<slug>/plans")
@cached_page
def plans(slug):
    m = load_municipality(slug)
    items = db.session.scalars(plan_queries.plans_of(m.id, members=False)).all()
    return {"plans": [_plan(p, in_force(p)) for p in items]}


@bp.route("/municipalities/<slug>/plans/<int:plan_id>")
@cached_page
def plan(slug, plan_id):
    m = load_municipality(slug)
    item = db.session.scalar(plan_queries.plan_in(m.id, plan_id))
    if item is None or not item.has_public_version:
        abort(404)
    return _plan(item, in_force(item), with_activities=True)

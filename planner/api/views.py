"""A read-only JSON API of what is public."""
from flask import Blueprint

from ..page_cache import cached_page
from ..extensions import csrf, db
from ..municipalities.services import municipalities_list
from ..municipalities.queries import load_municipality

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

"""Statistics pages: one workshop's, and across a trainer's workshops by region and period
(everyone's for an administrator), each with CSV and XLSX."""
from datetime import date

from flask import flash, render_template, request
from flask_login import current_user
from sqlalchemy import select

from .. import spreadsheets
from ..auth.models import User
from ..extensions import db
from ..i18n import gettext as _
from ..permissions import can_edit_workshop, can_see_trainer_statistics, is_admin, require
from ..routing import login_route
from . import charts, stats
from .models import Workshop
from .queries import load_workshop
from .views import bp


def _page(template, summary, **context):
    return render_template(template, summary=summary, sentence=stats.sentence(summary),
                           figures=charts.figures(summary), series=charts.series(summary), **context)


def _export(kind, rows, filename):
    if kind == "xlsx":
        return spreadsheets.xlsx_response([(_("Statistics"), rows, {"widths": [40, 14, 14, 14, 14, 14, 14]})],
                                          filename + ".xlsx")
    return spreadsheets.csv_response(rows, filename + ".csv")


@bp.route("/<int:workshop_id>/statistics")
@login_route(bp, "/<int:workshop_id>/statistics.<any(csv, xlsx):kind>")
def statistics(workshop_id, kind=None):
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    summary = stats.summarize(workshop.participants)
    if kind:
        return _export(kind, [[workshop.title], *stats.rows(summary)], f"workshop-{workshop.id}-statistics")
    return _page("workshops/statistics.html", summary, workshop=workshop)


def _date(name, errors):
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(_("“%(value)s” is not a date; it was left out of the filter.", value=value[:20]))
        return None


def _filters():
    """Region, period and (for an administrator) trainer from the address; a wrong value is
    reported and left out, never a server error."""
    errors = []
    admin = is_admin(current_user)
    trainer_id = request.args.get("trainer_id", type=int) if admin else current_user.id
    filters = {"trainer_id": trainer_id or None, "region": request.args.get("region", "").strip()[:120],
               "date_from": _date("date_from", errors), "date_to": _date("date_to", errors)}
    for message in errors:
        flash(message, "error")
    return filters


@bp.route("/statistics")
@login_route(bp, "/statistics.<any(csv, xlsx):kind>")
def overview(kind=None):
    require(can_see_trainer_statistics(current_user))
    filters = _filters()
    workshops = db.session.scalars(stats.workshops_query(**filters)).all()
    per_workshop = [(w, stats.summarize(w.participants)) for w in workshops]
    summary = stats.summarize(p for w in workshops for p in w.participants)
    if kind:
        return _export(kind, stats.rows(summary, per_workshop), "workshops-statistics")
    own = None if is_admin(current_user) else current_user.id
    scope = select(Workshop.region).distinct().where(Workshop.region != "")
    if own is not None:
        scope = scope.where(Workshop.trainer_id == own)
    regions = sorted(db.session.scalars(scope).all())
    trainers = (db.session.scalars(select(User).where(User.is_trainer.is_(True)).order_by(User.name)).all()
                if own is None else [])
    return _page("workshops/overview.html", summary, per_workshop=per_workshop, filters=filters, regions=regions,
                 trainers=trainers, query=request.args.to_dict())

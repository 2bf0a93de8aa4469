"""Monitoring: the blueprint, the loaders its pages share and the municipality's monitoring page.

The pages themselves: group_views.py (groups, members, monitoring plans), report_views.py
(reports, photos, approval) and progress_views.py (spending import, the public dashboard,
its exports and the annual report)."""
from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..municipalities.queries import child_or_404, load_municipality
from ..permissions import can_read_monitoring, require
from ..plans.models import Activity, Plan
from ..routing import login_route
from . import queries, services

bp = Blueprint("monitoring", __name__, template_folder="templates")


def plan_or_404(plan_id, municipality, with_version=False):
    """The plan; ``with_version``: with its approved version in the same query (the progress
    pages read its snapshot)."""
    return child_or_404(Plan, plan_id, municipality, options=(joinedload(Plan.approved_version),) if with_version else ())


def activity_or_404(activity_id, plan):
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.plan_id != plan.id:
        abort(404)
    return activity


def group_or_404(group_id, municipality):
    group = db.session.scalars(*queries.group_detail(group_id)).unique().first()
    if group is None or group.municipality_id != municipality.id:
        abort(404)
    return group


def report_or_404(report_id, municipality):
    report = db.session.scalars(*queries.report_detail(report_id)).unique().first()
    if report is None or report.municipality_id != municipality.id:
        abort(404)
    return report


def load_report(slug, report_id, allowed):
    """The municipality and the report in the URL (404 if it belongs elsewhere), once
    ``allowed(current_user, report)`` says the visitor may do what they ask (403 otherwise)."""
    municipality = load_municipality(slug)
    report = report_or_404(report_id, municipality)
    require(allowed(current_user, report))
    return municipality, report


def group_for(plan):
    """The group that monitors ``plan``: its own group, else the municipality's."""
    groups = db.session.scalars(queries.groups_for_plan(),
                                {"municipality_id": plan.municipality_id, "plan_id": plan.id}).unique().all()
    own = [g for g in groups if g.plan_id == plan.id]
    general = [g for g in groups if g.plan_id is None]
    return (own or general or [None])[0]


@login_route(bp, "/m/<slug>/monitoring/")
def index(slug):
    municipality = load_municipality(slug, can_read_monitoring)
    groups = db.session.scalars(queries.groups_of(municipality.id)).unique().all()
    plans = db.session.scalars(queries.plans_of(municipality.id)).all()
    return render_template("monitoring/index.html", municipality=municipality, groups=groups, plans=plans,
                           accepts=services.plan_accepts_reports, composition=services.composition)


def uploaded(field):
    """The bytes of a file field's upload, or None when no file was chosen."""
    storage = field.data
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return storage.read()


@bp.app_context_processor
def _labels():
    from . import forms

    return {"MON": forms}

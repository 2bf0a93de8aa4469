"""A plan's history, its frozen versions and the comparison of two of them (routes on the plans
blueprint)."""
from flask import abort, render_template, request
from flask_login import current_user

from ..extensions import db
from ..permissions import can_read_plan, can_read_working_copy
from . import queries
from .snapshots import compare
from .views import frozen_html, bp, load_plan, sheet_for, working_sheet


@bp.route("/m/<slug>/plans/<int:plan_id>/history")
def history(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id, can_read_plan)
    return render_template(
        "plans/history.html", municipality=municipality, plan=plan,
        timeline=db.session.scalars(*queries.timeline(plan.id)).all(),
        versions=db.session.execute(queries.versions(plan.id)).all(),
        hearings=db.session.scalars(queries.hearings(plan.id)).all(),
        decisions=db.session.scalars(queries.decisions(plan.id)).all(),
    )


@bp.route("/m/<slug>/plans/<int:plan_id>/versions/<int:version_number>")
def version(slug, plan_id, version_number):
    municipality, plan = load_plan(slug, plan_id, can_read_plan)
    sheet, frozen = sheet_for(plan, version_number)
    return render_template("plans/version.html", municipality=municipality, plan=plan, sheet=sheet, version=frozen,
                           sheet_html=frozen_html(frozen, lambda: sheet, plan, municipality))


def _side(plan, value, working):
    """A comparison side from the query string: a version number, or "current"."""
    if value == "current":
        if not can_read_working_copy(current_user, plan):
            abort(404)
        if "data" not in working:
            working["data"] = working_sheet(plan)[1].data
        return working["data"], None
    if not value or not value.isdecimal():
        abort(404)
    sheet, version = sheet_for(plan, int(value))
    return sheet.data, version


@bp.route("/m/<slug>/plans/<int:plan_id>/compare")
def compare_versions(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id, can_read_plan)
    versions = db.session.execute(queries.versions(plan.id)).all()
    a, b = request.args.get("a"), request.args.get("b")
    result = None
    if a and b:
        working = {}
        old, _va = _side(plan, a, working)
        new, _vb = _side(plan, b, working)
        result = compare(old, new)
    return render_template("plans/compare.html", municipality=municipality, plan=plan, versions=versions,
                           a=a, b=b, result=result)


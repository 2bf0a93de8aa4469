"""Print view, CSV/XLSX exports and the chart page of a plan (working copy or a version)."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import spreadsheets
from ..page_cache import cached_page
from ..extensions import db
from ..permissions import can_read_plan, require
from . import charts, exports, queries
from .forms import KIND_LABELS
from .views import bp, load_plan, sheet_for


def _requested(plan):
    number = request.args.get("version", "")
    return sheet_for(plan, int(number) if number.isdigit() else None)


def _decision_for(plan, version):
    if version is None:
        return None
    return next((d for d in db.session.scalars(queries.decisions(plan.id)) if d.version_id == version.id), None)


def _labels(plan, version, decision):
    version_label = (_("Version %(n)s", n=version.number) if version is not None else _("Working copy (not approved)"))
    decision_label = (_("Council decision No. %(number)s of %(date)s", number=decision.number,
                        date=decision.session_date.isoformat()) if decision is not None else "")
    return version_label, decision_label


def _filename(plan, version, ext):
    suffix = f"-v{version.number}" if version is not None else "-draft"
    return f"plan-{plan.id}{suffix}.{ext}"


@bp.route("/m/<slug>/plans/<int:plan_id>/print")
@cached_page
def print_view(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id)
    require(can_read_plan(current_user, plan))
    sheet, version = _requested(plan)
    decision = _decision_for(plan, version)
    version_label, decision_label = _labels(plan, version, decision)
    return render_template("plans/print.html", municipality=municipality, plan=plan, sheet=sheet, version=version,
                           version_label=version_label, decision_label=decision_label, kind=KIND_LABELS[plan.kind])


@bp.route("/m/<slug>/plans/<int:plan_id>/export.csv")
def export_csv(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id)
    require(can_read_plan(current_user, plan))
    sheet, version = _requested(plan)
    return spreadsheets.download(exports.to_csv(sheet), _filename(plan, version, "csv"), "text/csv; charset=utf-8")


@bp.route("/m/<slug>/plans/<int:plan_id>/export.xlsx")
def export_xlsx(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id)
    require(can_read_plan(current_user, plan))
    sheet, version = _requested(plan)
    version_label, decision_label = _labels(plan, version, _decision_for(plan, version))
    data = exports.to_xlsx(sheet, municipality=municipality.name, plan_title=f"{plan.title} ({plan.year_from}–{plan.year_to})",
                           version_label=version_label, decision_label=decision_label)
    return spreadsheets.download(data, _filename(plan, version, "xlsx"), spreadsheets.XLSX_TYPE)


@bp.route("/m/<slug>/plans/<int:plan_id>/chart")
@cached_page
def chart(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id)
    require(can_read_plan(current_user, plan))
    sheet, version = _requested(plan)
    return render_template("plans/chart.html", municipality=municipality, plan=plan, sheet=sheet, version=version,
                           figure=charts.cost_by_section(sheet))

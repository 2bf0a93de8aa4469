"""Print view, CSV/XLSX exports and the chart page of a plan: by default the approved version in
force (labelled with its council decision, file names included), a frozen version by number,
or the working copy for those who work on it (``?version=current``)."""
from flask import abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from .. import spreadsheets
from ..page_cache import cached_page
from ..permissions import can_read_plan, can_work_on_draft
from . import charts, exports
from .forms import KIND_LABELS
from .in_force import source_of
from .sheet_cache import frozen_print_html, with_kept_snapshot
from .snapshots import Sheet
from .views import bp, load_plan, sheet_for, working_sheet


def _requested(slug, plan_id):
    """(municipality, plan, sheet, source) for a reader of the plan; the sheet asked for:
    ``?version=N`` a frozen version, ``?version=current`` the working copy (for those who work
    on it), nothing: the approved version in force, for members too, or the working copy of a
    plan never approved."""
    municipality, plan, sheet, source = _chosen(slug, plan_id)
    return municipality, plan, sheet(), source


def _chosen(slug, plan_id):
    """As ``_requested``, the sheet given as a function that builds it: the approved version's
    snapshot is read (from the kept one, ``with_kept_snapshot``) only when it is drawn."""
    municipality, plan = load_plan(slug, plan_id, can_read_plan)
    number = request.args.get("version", "")
    if number == "current":
        if not can_work_on_draft(current_user, plan):
            abort(404)
        sheet, version = working_sheet(plan)[1], None
    elif number.isdecimal():
        sheet, version = sheet_for(plan, int(number))
    elif plan.approved_version is not None:
        version = plan.approved_version
        return municipality, plan, lambda: Sheet(with_kept_snapshot(version).snapshot), source_of(version)
    else:
        sheet, version = sheet_for(plan)
    return municipality, plan, lambda: sheet, source_of(version)


@bp.route("/m/<slug>/plans/<int:plan_id>/print")
@cached_page
def print_view(slug, plan_id):
    municipality, plan, sheet, source = _chosen(slug, plan_id)
    table_html = None
    if source.version is not None:  # a frozen version: its table is kept drawn
        table_html = frozen_print_html(source.version, sheet, plan=plan, municipality=municipality,
                                       locale=str(get_locale()))
    return render_template("plans/print.html", municipality=municipality, plan=plan,
                           sheet=None if table_html else sheet(), table_html=table_html, version=source.version,
                           version_label=source.version_label, decision_label=source.decision_label,
                           kind=KIND_LABELS[plan.kind])


@bp.route("/m/<slug>/plans/<int:plan_id>/export.csv")
def export_csv(slug, plan_id):
    municipality, plan, sheet, source = _requested(slug, plan_id)
    return spreadsheets.download(exports.to_csv(sheet, source), source.filename(plan, "csv"), "text/csv; charset=utf-8")


@bp.route("/m/<slug>/plans/<int:plan_id>/export.xlsx")
def export_xlsx(slug, plan_id):
    municipality, plan, sheet, source = _requested(slug, plan_id)
    data = exports.to_xlsx(sheet, municipality=municipality.name, plan_title=f"{plan.title} ({plan.year_from}–{plan.year_to})",
                           version_label=source.version_label, decision_label=source.decision_label)
    return spreadsheets.download(data, source.filename(plan, "xlsx"), spreadsheets.XLSX_TYPE)


@bp.route("/m/<slug>/plans/<int:plan_id>/chart")
@cached_page
def chart(slug, plan_id):
    municipality, plan, sheet, source = _requested(slug, plan_id)
    return render_template("plans/chart.html", municipality=municipality, plan=plan, sheet=sheet, version=source.version,
                           source=source, figure=charts.cost_by_section(sheet, str(get_locale()), municipality.currency))

"""Spending import from accounting, and the public progress pages: the dashboard, its CSV and
XLSX exports, and the annual report."""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext, pgettext
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import perform
from ..page_cache import cached_page
from ..extensions import db
from ..municipalities.queries import load_municipality
from ..permissions import can_import_spending, can_view_progress, require
from ..plans import panels
from ..routing import login_route
from .. import page_cache, spreadsheets
from . import charts, exports, kept, queries, rows, services, spending_csv
from .execution import SOURCES
from .forms import ConfirmImportForm, ImportForm, SOURCE_LABELS, STATUS_LABELS
from .views import bp, group_for, plan_or_404, uploaded


def _activity_refs(plan):
    activities = db.session.scalars(queries.plan_activities_light(plan.id)).unique().all()
    return [spending_csv.ActivityRef(a.id, f"{a.section.position}.{a.position}", a.description) for a in activities]


@login_route(bp, "/m/<slug>/monitoring/plans/<int:plan_id>/import", methods=["GET", "POST"])
def spending_import(slug, plan_id):
    municipality = load_municipality(slug, can_import_spending)
    plan = plan_or_404(plan_id, municipality)
    form, confirm, preview = ImportForm(), ConfirmImportForm(formdata=None), None
    if request.method == "POST" and request.form.get("content") is not None:
        confirm = ConfirmImportForm()
        if confirm.validate_on_submit():
            data = confirm.content.data.encode("utf-8")
            preview = _preview(plan, data)
            done = perform(services.import_spending, plan, current_user, preview, confirm.filename.data, form=form)
            if done:
                flash(ngettext("%(num)s row of spending is imported.", "%(num)s rows of spending are imported.",
                               done.value.rows), "success")
                return redirect(url_for("monitoring.dashboard", slug=slug, plan_id=plan.id))
    elif form.validate_on_submit():
        data = uploaded(form.file)
        if data is None:
            form.file.errors = [_("Choose a CSV file.")]
        else:
            preview = _preview(plan, data)
            if preview.error:
                form.file.errors = [preview.error]
            text = spreadsheets.decode_text(data) or ""
            confirm = ConfirmImportForm(formdata=None, content=text, filename=form.file.data.filename)
    return render_template("monitoring/import.html", municipality=municipality, plan=plan, form=form,
                           confirm=confirm, preview=preview)


def _preview(plan, data):
    return spending_csv.parse(data, _activity_refs(plan), date(plan.year_from, 1, 1), date(plan.year_to, 12, 31))


# --- public progress ------------------------------------------------------------------

def _public_plan(slug, plan_id):
    municipality = load_municipality(slug)
    plan = plan_or_404(plan_id, municipality, with_version=True)
    require(can_view_progress(current_user, plan))
    return municipality, plan


TIMELINE_CHART_LIMIT = 60


@bp.route("/m/<slug>/progress/<int:plan_id>")
@cached_page
def dashboard(slug, plan_id):
    page_cache.request_version()  # before the plan is read (see request_version)
    municipality = load_municipality(slug)
    plan, version = kept.first_with_version(queries.plan_with_version(), {"plan_id": plan_id}, municipality)
    require(can_view_progress(current_user, plan))

    def draw():
        board = queries.build_dashboard(plan)
        figures, pictures, chart_data = _figures(board, municipality.currency)
        return render_template("monitoring/_dashboard_body.html", municipality=municipality, plan=plan, board=board,
                               figures=figures, pictures=pictures, chart_data=chart_data, month_label=queries.month_label, SOURCES=SOURCES,
                               activity_rows=rows.activity_rows, execution_rows=rows.execution_rows,
                               panels=panels.build_all(plan))

    # the body is the same for every visitor: kept per data version, language, day (what is
    # overdue) and what it shows of the municipality
    key = (f"dashboard:{plan.id}:{get_locale()}:{date.today().isoformat()}:{municipality.slug}:"
           f"{municipality.currency}:{municipality.name}")
    body = kept.body(key, version, draw, "")
    return render_template("monitoring/dashboard.html", municipality=municipality, plan=plan, body=body)


def _figures(board, currency):
    """The dashboard's chart figures and server-drawn pictures, each keyed by the chart's id,
    and the page's chart data block (see charts.cached_figure, cached_picture and
    cached_chart_data)."""
    plan_name, actual_name = pgettext("plan vs actual", "Plan"), _("Actual")
    locale = str(get_locale())
    ex = board.execution
    inputs = {}
    if board.sections:
        inputs["by-section"] = (
            "plan_vs_actual", _("Plan and actual by section"), tuple(s.title for s, _line in board.sections),
            tuple(ln.planned for _s, ln in board.sections), tuple(ln.actual for _s, ln in board.sections),
            plan_name, actual_name, locale, currency)
        inputs["by-source"] = (
            "plan_vs_actual", _("Plan and actual by funding source"), tuple(str(SOURCE_LABELS[s]) for s in SOURCES),
            tuple(ex.by_source[s].planned for s in SOURCES), tuple(ex.by_source[s].actual for s in SOURCES),
            plan_name, actual_name, locale, currency)
    if 0 < len(board.activities) <= TIMELINE_CHART_LIMIT:
        timeline = tuple((f"{a.activity.section.position}.{a.activity.position}", a.planned_start, a.planned_end,
                          a.actual_start, a.actual_end if a.actual_end is not None else a.latest_month)
                         for a in board.activities)
        inputs["timeline"] = ("timeline", _("Timeline: planned and actual months"), timeline,
                              _("Planned"), _("Actual"), queries.month_label)
    figures = {key: charts.cached_figure(*args) for key, args in inputs.items()}
    figures = {key: value for key, value in figures.items() if value}
    return (figures, {key: charts.cached_picture(locale, *inputs[key]) for key in figures},
            charts.cached_chart_data(locale, tuple((key, inputs[key]) for key in figures)))


def _execution_export(slug, plan_id):
    municipality, plan = _public_plan(slug, plan_id)
    board = queries.build_dashboard(plan, with_latest=False)
    return (exports.title_rows(municipality, plan, date.today(), board.source), exports.by_activity(board, STATUS_LABELS),
            exports.by_source(board, SOURCE_LABELS), f"execution-{municipality.slug}-plan-{plan.id}")


@bp.route("/m/<slug>/progress/<int:plan_id>/execution.csv")
def execution_csv(slug, plan_id):
    title, (activity_rows, _a), (source_rows, _s), name = _execution_export(slug, plan_id)
    return spreadsheets.csv_response(title + activity_rows + [[]] + source_rows, f"{name}.csv")


@bp.route("/m/<slug>/progress/<int:plan_id>/execution.xlsx")
def execution_xlsx(slug, plan_id):
    title, (activity_rows, activity_bold), (source_rows, source_bold), name = _execution_export(slug, plan_id)
    top = len(title)
    return spreadsheets.xlsx_response([
        (_("By activity"), title + activity_rows,
         {"money_columns": (3, 4, 6), "bold_rows": [1] + [top + n for n in activity_bold],
          "widths": [7, 60, 15, 15, 11, 15, 11, 16, 11], "freeze": f"C{top + 2}"}),
        (_("By funding source"), title + source_rows,
         {"money_columns": (2, 3, 5), "bold_rows": [1] + [top + n for n in source_bold],
          "widths": [40, 15, 15, 11, 15, 11]}),
    ], f"{name}.xlsx")


@bp.route("/m/<slug>/progress/<int:plan_id>/annual/<int:report_year>")
@cached_page
def annual(slug, plan_id, report_year):
    page_cache.request_version()  # before the plan is read (see request_version)
    municipality, plan = _public_plan(slug, plan_id)
    year = report_year
    if not plan.year_from <= year <= plan.year_to:
        abort(404)

    def draw():
        board = queries.build_dashboard(plan, with_latest=False)
        reports = db.session.scalars(queries.reports_for_year(plan.id, year, board.activity_ids)).unique().all()
        group = group_for(plan)
        return render_template("monitoring/_annual_body.html", municipality=municipality, plan=plan, board=board,
                               year=year, reports=reports, group=group, SOURCES=SOURCES,
                               month_label=queries.month_label, activity_rows=rows.activity_rows, execution_rows=rows.execution_rows,
                               composition=services.composition(group.members) if group else None)

    body = page_cache.kept_fragment(("annual", plan.id, year), draw)
    return render_template("monitoring/annual.html", municipality=municipality, plan=plan, year=year, body=body)

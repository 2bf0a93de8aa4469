"""Budget pages: the public execution table and month-by-month view of an adopted budget,
their CSV/XLSX, and the staff's pages to set up a year, its lines, revisions, monthly
figures and imports."""
from babel.dates import get_month_names
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import spreadsheets
from ..actions import perform
from ..extensions import db
from ..forms import ActionForm, choices
from ..municipalities.queries import load_municipality
from ..page_cache import cached_page
from ..permissions import can_manage_budget, can_read_budget, is_member, require
from ..routing import login_route
from . import coverage, exports, kept, queries, services, summary, table_html
from .execution import by_month, execution, last_month_with_actuals, scaled, unscaled
from .forms import (
    FUND_LABELS,
    ActivitiesForm,
    KIND_LABELS,
    NAME_LANGUAGES,
    AdoptForm,
    LineForm,
    MonthsForm,
    RevisionForm,
    ScaleForm,
    YearForm,
)
from .models import FUNDS, KINDS, MONTHS, SCALES

bp = Blueprint("budget", __name__, template_folder="templates")


def month_names():
    """Month names as labels (a select, a table's row)."""
    return get_month_names("wide", context="stand-alone", locale=str(get_locale()))


def text_month_names():
    """Month names inside a sentence ("January to October"): the stand-alone (nominative)
    form, except in Kyrgyz, whose stand-alone form is capitalised as a heading would be."""
    locale = str(get_locale())
    return get_month_names("wide", context="format" if locale == "ky" else "stand-alone", locale=locale)


def _load_year(slug, year, query=queries.year_with_figures):
    municipality = load_municipality(slug)
    budget = db.session.scalar(query(municipality.id, year))
    if budget is None:
        abort(404)
    return municipality, budget


def _public_year(slug, year, query=queries.year_with_figures):
    municipality, budget = _load_year(slug, year, query)
    require(can_read_budget(current_user, budget))
    return municipality, budget


def _managed_year(slug, year, query=queries.year_with_figures):
    municipality, budget = _load_year(slug, year, query)
    require(can_manage_budget(current_user, municipality))
    return municipality, budget


def _choice(name, allowed, default):
    value = request.args.get(name, default)
    return value if value in allowed else default


def _requested_month():
    """The month asked for in the query string (1 to 12, in ASCII digits), or None: the page
    then shows the last month with actuals. Read once, the same for the kept content's key and
    its drawing ("+3" or "²" are not months)."""
    raw = request.args.get("month", "")
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) in MONTHS else None


def _selection(budget, lines):
    """month, kind, fund (None: both) and scale from the query string, else sensible defaults."""
    month = _requested_month() or last_month_with_actuals(lines) or 12
    kind = _choice("kind", KINDS, KINDS[0])
    fund = _choice("fund", (*FUNDS, "all"), "all")
    scale = _choice("scale", SCALES, budget.scale)
    return month, kind, None if fund == "all" else fund, scale


# --- public ---------------------------------------------------------------------------

@bp.route("/m/<slug>/budget")
def index(slug):
    municipality = load_municipality(slug)
    manage = can_manage_budget(current_user, municipality)
    years = db.session.scalars(queries.years(municipality.id, with_drafts=manage)).all()
    plans = db.session.scalars(queries.approved_plans(municipality.id)).all()
    return render_template("budget/index.html", municipality=municipality, years=years, manage=manage,
                           plans=plans, form=YearForm(formdata=None))


@bp.route("/m/<slug>/budget/<int:year>")
@cached_page
def year(slug, year):
    municipality = load_municipality(slug)
    loaded = []  # the year read in this request, if the summary was not kept

    def read():
        loaded.append(db.session.scalar(queries.year_with_hearings(municipality.id, year)))
        return loaded[0]

    # what the page needs of the year besides its content, kept per data version as that is
    budget = kept.year_summary(municipality.id, year, read)
    if budget is None:
        abort(404)
    require(can_read_budget(current_user, budget))
    locale = str(get_locale())
    # Everything the content shows: the data (version), the language, the selection (the month
    # asked for, else the last with actuals, which the data decides) and the viewer's rights.
    key = (budget.id, municipality.id, municipality.slug, municipality.currency, year, locale,
           _requested_month(),
           _choice("kind", KINDS, KINDS[0]), _choice("fund", (*FUNDS, "all"), "all"),
           _choice("scale", SCALES, budget.scale),
           can_manage_budget(current_user, municipality), is_member(current_user, municipality))
    content = kept.year_content(key, lambda: _year_content(municipality, year, locale, loaded))
    return render_template("budget/year.html", municipality=municipality, budget=budget, content=content)


def _year_content(municipality, year, locale, loaded):
    """The execution page's content; ``loaded``: the year with its hearings if this request
    read it already (else it is read here)."""
    budget = loaded[0] if loaded else db.session.scalar(queries.year_with_hearings(municipality.id, year))
    if budget is None:
        abort(404)  # deleted since the version its kept summary was read under: nothing is kept
    lines = kept.lines(budget)
    month, kind, fund, scale = _selection(budget, lines)
    tables = {k: execution(lines, k, month, fund) for k in KINDS}
    return render_template("budget/_year_content.html", municipality=municipality, budget=budget, tables=tables,
                           kind=kind, month=month, fund=fund, scale=scale, month_names=month_names(),
                           text_months=text_month_names(),
                           FUNDS=FUNDS, KINDS=KINDS, execution_chart=table_html.execution_chart,
                           execution_rows=table_html.rows_html, scaled=scaled, locale=locale)


@bp.route("/m/<slug>/budget/<int:year>/months")
@cached_page
def months(slug, year):
    municipality, budget = _public_year(slug, year, queries.year_with_hearings)
    lines = kept.lines(budget)
    _month, kind, fund, scale = _selection(budget, lines)
    rows = by_month(lines, kind, fund)
    return render_template("budget/months.html", municipality=municipality, budget=budget, rows=rows, kind=kind,
                           fund=fund, scale=scale, month_names=month_names(),
                           FUNDS=FUNDS, KINDS=KINDS, scaled=scaled)


@bp.route("/m/<slug>/budget/<int:year>/summary")
@cached_page
def citizens(slug, year):
    municipality = load_municipality(slug)
    found = {b.year: b for b in db.session.scalars(queries.years_for_summary(municipality.id, year)).unique()}
    budget, previous = found.get(year), found.get(year - 1)
    if budget is None:
        abort(404)
    require(can_read_budget(current_user, budget))
    if previous is not None and not can_read_budget(current_user, previous):
        previous = None
    return render_template("budget/summary.html", municipality=municipality, budget=budget, previous=previous,
                           s=summary.build(budget, previous), locale=str(get_locale()))


def _export_rows(municipality, budget):
    month, kind, fund, scale = _selection(budget, budget.lines)
    table = execution(budget.lines, kind, month, fund)
    names = text_month_names()
    heading = [municipality.name,
               _("Budget %(year)s: %(kind)s, %(part)s, January to %(month)s", year=budget.year,
                 kind=KIND_LABELS[kind], part=FUND_LABELS[fund] if fund else _("both parts"), month=names[month]),
               _("Amounts in thousands (%(currency)s), rounded half up to three decimals.", currency=municipality.currency)
               if scale == "thousands" else _("Amounts in %(currency)s.", currency=municipality.currency),
               _("Adopted by %(decision)s.", decision=budget.decision) if budget.is_adopted else _("Draft, not adopted.")]
    rows, bold = exports.execution_rows(table, scale, str(get_locale()), heading)
    return rows, bold, f"budget-{budget.year}-{kind}-{month:02d}"


@bp.route("/m/<slug>/budget/<int:year>/execution.csv")
def execution_csv(slug, year):
    municipality, budget = _public_year(slug, year)
    rows, _bold, name = _export_rows(municipality, budget)
    return spreadsheets.csv_response(rows, f"{municipality.slug}-{name}.csv")


@bp.route("/m/<slug>/budget/<int:year>/execution.xlsx")
def execution_xlsx(slug, year):
    municipality, budget = _public_year(slug, year)
    rows, bold, name = _export_rows(municipality, budget)
    sheet = (str(budget.year), rows, {"widths": [16, 48, 16, 16, 16, 12, 16], "bold_rows": bold})
    return spreadsheets.xlsx_response([sheet], f"{municipality.slug}-{name}.xlsx")


# --- staff: the year ------------------------------------------------------------------

@login_route(bp, "/m/<slug>/budget/new", methods=["POST"])
def create(slug):
    municipality = load_municipality(slug, can_manage_budget)
    form = YearForm()
    if form.validate_on_submit():
        done = perform(services.create_year, municipality, current_user, form.year.data, form.scale.data, form=form)
        if done:
            flash(_("The budget of %(year)s is created. Add its lines.", year=form.year.data), "success")
            return redirect(url_for("budget.lines", slug=slug, year=form.year.data))
    years = db.session.scalars(queries.years(municipality.id, with_drafts=True)).all()
    plans = db.session.scalars(queries.approved_plans(municipality.id)).all()
    return render_template("budget/index.html", municipality=municipality, years=years, manage=True, plans=plans,
                           form=form), 400


@login_route(bp, "/m/<slug>/budget/<int:year>/adopt", methods=["POST"])
def adopt(slug, year):
    municipality, budget = _managed_year(slug, year)
    form = AdoptForm()
    if form.validate_on_submit():
        if perform(services.adopt, budget, current_user, form.decision.data, form.adopted_on.data):
            flash(_("The budget is adopted and public."), "success")
    else:
        flash(_("Give the council decision and the date."), "error")
    return redirect(url_for("budget.lines", slug=slug, year=year))


@login_route(bp, "/m/<slug>/budget/<int:year>/scale", methods=["POST"])
def scale(slug, year):
    municipality, budget = _managed_year(slug, year)
    form = ScaleForm()
    if form.validate_on_submit() and perform(services.set_scale, budget, current_user, form.scale.data):
        flash(_("Saved."), "success")
    return redirect(url_for("budget.lines", slug=slug, year=year))


# --- staff: lines ---------------------------------------------------------------------

def _group_choices(lines, line=None):
    groups = [x for x in lines if x.is_group and (line is None or x.id != line.id)]
    locale = str(get_locale())
    return [(0, _("— top level —"))] + [(g.id, f"{g.code} {g.label(locale)} ({KIND_LABELS[g.kind]})") for g in groups]


def _line_values(form, budget):
    parent = next((x for x in budget.lines if x.id == form.parent_id.data), None) if form.parent_id.data else None
    approved = unscaled(form.approved.data, budget.scale) if form.approved.data is not None else None
    return dict(kind=form.kind.data, fund=form.fund.data, code=form.code.data, name=form.name.data,
                names=form.names(), parent=parent, approved=approved)


@login_route(bp, "/m/<slug>/budget/<int:year>/lines", methods=["GET", "POST"])
def lines(slug, year):
    municipality, budget = _managed_year(slug, year, queries.year_with_hearings)
    year_lines = kept.lines(budget)
    form = LineForm()
    form.parent_id.choices = choices(_group_choices(year_lines))
    if form.validate_on_submit():
        values = _line_values(form, budget)
        done = perform(services.add_line, budget, current_user, is_group=form.is_group.data, **values, form=form)
        if done:
            flash(_("The line %(code)s is added.", code=done.value.code), "success")
            return redirect(url_for("budget.lines", slug=slug, year=year))
    tables = {k: execution(year_lines, k, 12) for k in KINDS}
    return render_template("budget/lines.html", municipality=municipality, budget=budget, form=form, tables=tables,
                           adopt_form=AdoptForm(formdata=None), scale_form=ScaleForm(formdata=None, scale=budget.scale),
                           KINDS=KINDS, execution_rows=table_html.rows_html, scaled=scaled,
                           locale=str(get_locale()))


def _managed_line(slug, year, line_id):
    """The municipality, the budget of ``year`` and its line ``line_id`` (404 if another's), for a manager."""
    municipality, budget = _managed_year(slug, year)
    line = next((x for x in budget.lines if x.id == line_id), None)
    if line is None:
        abort(404)
    return municipality, budget, line


def _months_form(line, scale, formdata=None):
    data = {}
    for m in line.months:
        data[f"plan_{m.month}"] = scaled(m.plan, scale) if m.plan is not None else None
        data[f"actual_{m.month}"] = scaled(m.actual, scale) if m.actual is not None else None
    return MonthsForm(formdata=formdata, data=data)


def _line_page(municipality, budget, line, form=None, months_form=None, revision_form=None, activities_form=None,
               status=200):
    if form is None:
        names = line.names or {}
        form = LineForm(formdata=None, obj=line, parent_id=line.parent_id or 0,
                        approved=scaled(line.approved, budget.scale) if line.approved is not None else None,
                        **{f"name_{lang}": names.get(lang, "") for lang in NAME_LANGUAGES})
    form.parent_id.choices = choices(_group_choices(budget.lines, line))
    return render_template("budget/line.html", municipality=municipality, budget=budget, line=line, form=form,
                           months_form=months_form or _months_form(line, budget.scale),
                           revision_form=revision_form or RevisionForm(formdata=None),
                           activities_form=activities_form or _activities_form(municipality, budget, line)[0],
                           delete_form=ActionForm(formdata=None), month_names=month_names(), MONTHS=MONTHS,
                           scaled=scaled), status


@login_route(bp, "/m/<slug>/budget/<int:year>/lines/<int:budget_line_id>", methods=["GET", "POST"])
def line(slug, year, budget_line_id):
    municipality, budget, line = _managed_line(slug, year, budget_line_id)
    form = None
    if request.method == "POST":
        form = LineForm()
        form.parent_id.choices = choices(_group_choices(budget.lines, line))
        if form.validate_on_submit() and perform(services.update_line, line, current_user,
                                                 **_line_values(form, budget), form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("budget.line", slug=slug, year=year, budget_line_id=line.id))
    return _line_page(municipality, budget, line, form=form)


@login_route(bp, "/m/<slug>/budget/<int:year>/lines/<int:budget_line_id>/months", methods=["POST"])
def line_months(slug, year, budget_line_id):
    municipality, budget, line = _managed_line(slug, year, budget_line_id)
    form = MonthsForm()
    if form.validate_on_submit():
        def value(name):
            data = getattr(form, name).data
            return unscaled(data, budget.scale) if data is not None else None

        plans = {m: value(f"plan_{m}") for m in MONTHS}
        actuals = {m: value(f"actual_{m}") for m in MONTHS}
        if perform(services.set_months, line, current_user, plans, actuals, form=form):
            flash(_("The monthly figures are saved."), "success")
            return redirect(url_for("budget.line", slug=slug, year=year, budget_line_id=line.id))
    return _line_page(municipality, budget, line, months_form=form, status=400)


@login_route(bp, "/m/<slug>/budget/<int:year>/lines/<int:budget_line_id>/revise", methods=["POST"])
def line_revise(slug, year, budget_line_id):
    municipality, budget, line = _managed_line(slug, year, budget_line_id)
    form = RevisionForm()
    if form.validate_on_submit():
        if form.amount.data is None:
            form.amount.errors = [_("Give the new annual plan.")]
        elif perform(services.add_revision, line, current_user, unscaled(form.amount.data, budget.scale),
                     form.decision.data, form.decided_on.data, form=form):
            flash(_("The revision is recorded."), "success")
            return redirect(url_for("budget.line", slug=slug, year=year, budget_line_id=line.id))
    return _line_page(municipality, budget, line, revision_form=form, status=400)


def _fundable(municipality, budget):
    """(plan, PlannedActivity) of the approved plans that run in the budget's year."""
    plans = db.session.scalars(queries.approved_plans(municipality.id)).all()
    return [(plan, a) for plan in plans if plan.year_from <= budget.year <= plan.year_to
            for a in coverage.from_snapshot(plan.approved_version.snapshot)]


def _activities_form(municipality, budget, line, formdata=None):
    fundable = _fundable(municipality, budget)
    form = ActivitiesForm(formdata=formdata, activity_ids=[a.id for a in line.activities])
    form.activity_ids.choices = choices((a.id, f"{plan.title} · {a.number} {a.description[:80]}") for plan, a in fundable)
    return form, {a.id for _plan, a in fundable}


@login_route(bp, "/m/<slug>/budget/<int:year>/lines/<int:budget_line_id>/activities", methods=["POST"])
def line_activities(slug, year, budget_line_id):
    municipality, budget, line = _managed_line(slug, year, budget_line_id)
    form, allowed = _activities_form(municipality, budget, line, request.form)
    if form.validate_on_submit():
        chosen = db.session.scalars(queries.plan_activities(form.activity_ids.data)).all() if form.activity_ids.data else []
        if perform(services.link_activities, line, current_user, chosen, allowed, form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("budget.line", slug=slug, year=year, budget_line_id=line.id))
    return _line_page(municipality, budget, line, activities_form=form, status=400)


@bp.route("/m/<slug>/budget/plans/<int:plan_id>")
@cached_page
def plan_coverage(slug, plan_id):
    municipality = load_municipality(slug)
    plan = db.session.scalar(queries.approved_plans(municipality.id, plan_id))
    if plan is None:
        abort(404)
    budgets = [b for b in db.session.scalars(queries.budgets_with_links(municipality.id)).all()
               if can_read_budget(current_user, b)]
    rows = coverage.plan_coverage(plan, coverage.from_snapshot(plan.approved_version.snapshot), budgets)
    return render_template("budget/plan_coverage.html", municipality=municipality, plan=plan, rows=rows)


@login_route(bp, "/m/<slug>/budget/<int:year>/lines/<int:budget_line_id>/delete", methods=["POST"])
def line_delete(slug, year, budget_line_id):
    municipality, budget, line = _managed_line(slug, year, budget_line_id)
    if ActionForm().validate_on_submit() and perform(services.delete_line, line, current_user):
        flash(_("The line is deleted."), "success")
        return redirect(url_for("budget.lines", slug=slug, year=year))
    return redirect(url_for("budget.line", slug=slug, year=year, budget_line_id=line.id))

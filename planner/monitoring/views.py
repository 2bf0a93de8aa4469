from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import get_locale, ngettext, pgettext
from flask_login import current_user, login_required

from ..page_cache import cached_page
from ..errors import ServiceError, attach
from ..extensions import db
from ..forms import ActionForm, choices
from ..municipalities.queries import child_or_404, load_municipality
from ..permissions import (
    can_correct_report,
    can_decide_report,
    can_edit_report,
    can_file_report,
    can_import_spending,
    can_manage_monitoring_groups,
    can_read_monitoring,
    can_read_report,
    can_view_progress,
    require,
)
from ..plans.models import Activity, Plan
from .. import page_cache, spreadsheets
from . import charts, exports, queries, services, spending_csv
from .execution import SOURCES
from .forms import (
    ConfirmImportForm,
    GroupForm,
    ImportForm,
    MemberForm,
    PhotoForm,
    PlanItemForm,
    ReturnForm,
    SOURCE_LABELS,
    STATUS_LABELS,
    meeting_label,
    report_form_class,
)
from .models import MonitoringPlanItem, Photo

bp = Blueprint("monitoring", __name__, template_folder="templates")


def _plan_or_404(plan_id, municipality):
    return child_or_404(Plan, plan_id, municipality)


def _activity_or_404(activity_id, plan):
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.plan_id != plan.id:
        abort(404)
    return activity


def _group_or_404(group_id, municipality):
    group = db.session.scalar(queries.group_detail(group_id))
    if group is None or group.municipality_id != municipality.id:
        abort(404)
    return group


def _report_or_404(report_id, municipality):
    report = db.session.scalars(queries.report_detail(report_id)).unique().first()
    if report is None or report.municipality_id != municipality.id:
        abort(404)
    return report


def _group_for(plan):
    """The group that monitors ``plan``: its own group, else the municipality's."""
    groups = db.session.scalars(queries.groups_of(plan.municipality_id)).unique().all()
    own = [g for g in groups if g.plan_id == plan.id]
    general = [g for g in groups if g.plan_id is None]
    return (own or general or [None])[0]


# --- groups ---------------------------------------------------------------------------

@bp.route("/m/<slug>/monitoring/")
@login_required
def index(slug):
    municipality = load_municipality(slug)
    require(can_read_monitoring(current_user, municipality))
    groups = db.session.scalars(queries.groups_of(municipality.id)).unique().all()
    plans = db.session.scalars(queries.plans_of(municipality.id)).all()
    return render_template("monitoring/index.html", municipality=municipality, groups=groups, plans=plans,
                           accepts=services.plan_accepts_reports, composition=services.composition)


def _group_form(municipality, obj=None):
    form = GroupForm(obj=obj)
    plans = db.session.scalars(queries.plans_of(municipality.id)).all()
    form.plan_id.choices = choices([(0, _("Whole municipality"))] + [(p.id, p.title) for p in plans])
    meetings = db.session.scalars(queries.gatherings_of(municipality.id)).all()
    if obj is not None and obj.meeting is not None and obj.meeting not in meetings:
        meetings.append(obj.meeting)
    form.meeting_id.choices = choices([(0, _("Not recorded in the app"))] + [(m.id, meeting_label(m)) for m in meetings])
    if obj is not None and request.method == "GET":
        form.meeting_id.data = obj.meeting_id or 0
    return form, {p.id: p for p in plans}, {m.id: m for m in meetings}


@bp.route("/m/<slug>/monitoring/groups/new", methods=["GET", "POST"])
@login_required
def group_new(slug):
    municipality = load_municipality(slug)
    require(can_manage_monitoring_groups(current_user, municipality))
    form, plans, meetings = _group_form(municipality)
    if form.validate_on_submit():
        try:
            group = services.create_group(municipality, current_user, form.name.data, plans.get(form.plan_id.data),
                                          form.formed_on.data, form.approved_at.data, meetings.get(form.meeting_id.data))
        except ServiceError as error:
            attach(form, error)
        else:
            db.session.commit()
            flash(_("The monitoring group is created. Add its members next."), "success")
            return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))
    return render_template("monitoring/group_form.html", municipality=municipality, form=form, group=None)


def _render_group(municipality, group, member_form=None, item_form=None):
    manage = can_manage_monitoring_groups(current_user, municipality)
    if manage and member_form is None:
        member_form = _member_form(group, formdata=None)
    if manage and item_form is None:
        item_form = _item_form(group)
    by_sex, by_kind = services.composition(group.members)
    return render_template("monitoring/group.html", municipality=municipality, group=group, by_sex=by_sex,
                           by_kind=by_kind, manage=manage, member_form=member_form, item_form=item_form,
                           action_form=ActionForm())


@bp.route("/m/<slug>/monitoring/groups/<int:group_id>")
@login_required
def group(slug, group_id):
    municipality = load_municipality(slug)
    require(can_read_monitoring(current_user, municipality))
    return _render_group(municipality, _group_or_404(group_id, municipality))


def _item_form(group, formdata=None):
    form = PlanItemForm(formdata=formdata) if formdata is not None else PlanItemForm(formdata=None, year=date.today().year)
    if group.plan_id is not None:
        activities = db.session.scalars(queries.plan_activities_light(group.plan_id)).unique().all()
    else:
        activities = []
        for plan in db.session.scalars(queries.plans_of(group.municipality_id)).all():
            if services.plan_accepts_reports(plan):
                activities += db.session.scalars(queries.plan_activities_light(plan.id)).unique().all()
    form.activity_id.choices = choices([(a.id, f"{a.section.position}.{a.position} {a.description[:80]}") for a in activities])
    form.visitor_id.choices = choices([(0, _("Not decided"))] + [(m.id, m.name) for m in group.members if m.is_active])
    return form


def _member_form(group, formdata=None, obj=None):
    """The member form with the accounts a member can be linked to; returns the form."""
    form = MemberForm(formdata=formdata, obj=obj)
    accounts = db.session.scalars(queries.monitor_accounts(group.municipality_id)).all()
    if obj is not None and obj.user is not None and obj.user not in accounts:
        accounts.append(obj.user)
    form.user_id.choices = choices([(0, _("No account"))] + [(u.id, f"{u.name} <{u.email}>" if u.email else u.name) for u in accounts])
    if obj is not None and formdata is None:
        form.user_id.data = obj.user_id or 0
    form.accounts = {u.id: u for u in accounts}
    return form


def _member_data(form):
    return (form.name.data, form.kind.data, form.sex.data, form.role.data, form.accounts.get(form.user_id.data))


@bp.route("/m/<slug>/monitoring/groups/<int:group_id>/edit", methods=["GET", "POST"])
@login_required
def group_edit(slug, group_id):
    municipality = load_municipality(slug)
    require(can_manage_monitoring_groups(current_user, municipality))
    group = _group_or_404(group_id, municipality)
    form, _plans, meetings = _group_form(municipality, obj=group)
    del form.plan_id
    if form.validate_on_submit():
        try:
            services.update_group(group, current_user, form.name.data, form.formed_on.data, form.approved_at.data,
                                  meetings.get(form.meeting_id.data))
        except ServiceError as error:
            attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))
    return render_template("monitoring/group_form.html", municipality=municipality, form=form, group=group)


@bp.route("/m/<slug>/monitoring/groups/<int:group_id>/members", methods=["POST"])
@login_required
def member_add(slug, group_id):
    municipality = load_municipality(slug)
    require(can_manage_monitoring_groups(current_user, municipality))
    group = _group_or_404(group_id, municipality)
    form = _member_form(group, formdata=request.form)
    if form.validate_on_submit():
        try:
            services.add_member(group, current_user, *_member_data(form))
        except ServiceError as error:
            db.session.rollback()
            attach(form, error)
            group = _group_or_404(group_id, municipality)
        else:
            db.session.commit()
            flash(_("The member is added."), "success")
            return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))
    return _render_group(municipality, group, member_form=form)


def _member_or_404(group, member_id):
    member = next((m for m in group.members if m.id == member_id), None)
    if member is None:
        abort(404)
    return member


@bp.route("/m/<slug>/monitoring/groups/<int:group_id>/members/<int:member_id>/edit", methods=["GET", "POST"])
@login_required
def member_edit(slug, group_id, member_id):
    municipality = load_municipality(slug)
    require(can_manage_monitoring_groups(current_user, municipality))
    group = _group_or_404(group_id, municipality)
    member = _member_or_404(group, member_id)
    form = _member_form(group, formdata=request.form if request.method == "POST" else None, obj=member)
    if form.validate_on_submit():
        try:
            services.update_member(member, current_user, *_member_data(form))
        except ServiceError as error:
            db.session.rollback()
            attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))
    return render_template("monitoring/member_form.html", municipality=municipality, group=group, member=member,
                           form=form)


@bp.route("/m/<slug>/monitoring/groups/<int:group_id>/members/<int:member_id>/remove", methods=["POST"])
@login_required
def member_remove(slug, group_id, member_id):
    municipality = load_municipality(slug)
    require(can_manage_monitoring_groups(current_user, municipality))
    group = _group_or_404(group_id, municipality)
    member = _member_or_404(group, member_id)
    if ActionForm().validate_on_submit():
        services.remove_member(member, current_user)
        db.session.commit()
        flash(_("The member has left the group."), "success")
    return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))


@bp.route("/m/<slug>/monitoring/groups/<int:group_id>/plan-items", methods=["POST"])
@login_required
def plan_item_add(slug, group_id):
    municipality = load_municipality(slug)
    require(can_manage_monitoring_groups(current_user, municipality))
    group = _group_or_404(group_id, municipality)
    form = _item_form(group, formdata=request.form)
    if form.validate_on_submit():
        activity = db.session.get(Activity, form.activity_id.data)
        visitor = next((m for m in group.members if m.id == form.visitor_id.data), None)
        try:
            if activity is None:
                raise ServiceError(_("This activity is not in the group's plan."), field="activity_id")
            services.add_plan_item(group, current_user, form.year.data, activity, form.frequency.data, visitor)
        except ServiceError as error:
            attach(form, error)
        else:
            db.session.commit()
            flash(_("The activity is on the monitoring plan."), "success")
            return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))
    return _render_group(municipality, group, item_form=form)


@bp.route("/m/<slug>/monitoring/groups/<int:group_id>/plan-items/<int:item_id>/remove", methods=["POST"])
@login_required
def plan_item_remove(slug, group_id, item_id):
    municipality = load_municipality(slug)
    require(can_manage_monitoring_groups(current_user, municipality))
    group = _group_or_404(group_id, municipality)
    item = db.session.get(MonitoringPlanItem, item_id)
    if item is None or item.monitoring_plan.group_id != group.id:
        abort(404)
    if ActionForm().validate_on_submit():
        services.remove_plan_item(item, current_user)
        db.session.commit()
        flash(_("The activity is taken off the monitoring plan."), "success")
    return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))


# --- reports --------------------------------------------------------------------------

@bp.route("/m/<slug>/monitoring/plans/<int:monitored_plan_id>/reports")
@login_required
def plan_reports(slug, monitored_plan_id):
    plan_id = monitored_plan_id
    municipality = load_municipality(slug)
    require(can_read_monitoring(current_user, municipality))
    plan = _plan_or_404(plan_id, municipality)
    reports = db.session.scalars(queries.reports_of_plan(plan.id)).unique().all()
    activities = db.session.scalars(queries.plan_activities_light(plan.id)).unique().all()
    return render_template("monitoring/plan_reports.html", municipality=municipality, plan=plan, reports=reports,
                           activities=activities, accepts=services.plan_accepts_reports(plan),
                           group=_group_for(plan))


def _report_data(form, activity):
    data = {name: getattr(form, name).data for name in (
        "period_year", "period_kind", "period_number", "visit_date", "status", "progress",
        "findings", "problems", "recommendations", "members_present")}
    data["spending"] = {source: getattr(form, f"spent_{source}").data for source in SOURCES}
    data["indicator_values"] = {i.id: getattr(form, f"indicator_{i.id}").data for i in activity.indicators}
    return data


def _form_from_report(form_class, report):
    """The report form filled in from a saved report (to edit it, or to start its correction)."""
    form = form_class(formdata=None, obj=report)
    form.members_present.data = [m.id for m in report.members_present]
    for expense in report.expenses:
        getattr(form, f"spent_{expense.source}").data = expense.amount
    for value in report.indicator_values:
        getattr(form, f"indicator_{value.indicator_id}").data = value.value
    return form


def _fill_choices(form, group):
    form.members_present.choices = choices([(m.id, m.name) for m in group.members if m.is_active])


def _uploaded(field):
    storage = field.data
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return storage.read()


@bp.route("/m/<slug>/monitoring/plans/<int:monitored_plan_id>/activities/<int:monitored_activity_id>/reports/new", methods=["GET", "POST"])
@login_required
def report_new(slug, monitored_plan_id, monitored_activity_id):
    plan_id, activity_id = monitored_plan_id, monitored_activity_id
    municipality = load_municipality(slug)
    require(can_read_monitoring(current_user, municipality))
    plan = _plan_or_404(plan_id, municipality)
    activity = _activity_or_404(activity_id, plan)
    group = _group_for(plan)
    if not services.plan_accepts_reports(plan) or group is None:
        flash(_("Reports can be filed only for an approved plan or one in implementation; this plan is not approved.")
              if group is not None else _("This municipality has no monitoring group yet."), "error")
        return redirect(url_for("monitoring.plan_reports", slug=slug, monitored_plan_id=plan.id))
    require(can_file_report(current_user, municipality, group))
    corrects = None
    if request.args.get("corrects"):
        corrects = _report_or_404(request.args.get("corrects", type=int) or 0, municipality)
        if corrects.activity_id != activity.id:
            abort(404)
        require(can_correct_report(current_user, corrects))
    form_class = report_form_class(activity)
    if request.method == "GET" and corrects is not None:
        form = _form_from_report(form_class, corrects)
    elif request.method == "GET":
        today = date.today()
        form = form_class(formdata=None, period_kind="quarter", period_number=(today.month - 1) // 3 + 1,
                          period_year=today.year, visit_date=today, progress=0)
    else:
        form = form_class()
    _fill_choices(form, group)
    if form.validate_on_submit():
        try:
            report = services.create_report(activity, group, current_user, _report_data(form, activity), corrects=corrects)
            photo = _uploaded(form.photo)
            if photo is not None:
                services.add_photo(report, current_user, photo, form.caption.data, form.keep_location.data)
        except ServiceError as error:
            db.session.rollback()
            attach(form, error)
        else:
            db.session.commit()
            flash(_("The report is saved as a draft. Another member of the group approves it."), "success")
            return redirect(url_for("monitoring.report", slug=slug, report_id=report.id))
    return render_template("monitoring/report_form.html", municipality=municipality, plan=plan, activity=activity,
                           form=form, report=None, corrects=corrects, group=group)


@bp.route("/m/<slug>/monitoring/reports/<int:report_id>")
@cached_page
def report(slug, report_id):
    municipality = load_municipality(slug)
    report = _report_or_404(report_id, municipality)
    require(can_read_report(current_user, report))
    return render_template("monitoring/report.html", municipality=municipality, report=report, plan=report.plan,
                           action_form=ActionForm(), return_form=ReturnForm(formdata=None),
                           photo_form=PhotoForm(formdata=None))


@bp.route("/m/<slug>/monitoring/reports/<int:report_id>/edit", methods=["GET", "POST"])
@login_required
def report_edit(slug, report_id):
    municipality = load_municipality(slug)
    report = _report_or_404(report_id, municipality)
    require(can_edit_report(current_user, report))
    activity = report.activity
    form_class = report_form_class(activity)
    if request.method == "GET":
        form = _form_from_report(form_class, report)
    else:
        form = form_class()
    _fill_choices(form, report.group)
    del form.photo, form.caption, form.keep_location
    if form.validate_on_submit():
        try:
            services.update_report(report, current_user, _report_data(form, activity))
        except ServiceError as error:
            db.session.rollback()
            attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("monitoring.report", slug=slug, report_id=report.id))
    return render_template("monitoring/report_form.html", municipality=municipality, plan=report.plan,
                           activity=activity, form=form, report=report, corrects=report.corrects, group=report.group)


@bp.route("/m/<slug>/monitoring/reports/<int:report_id>/photos", methods=["POST"])
@login_required
def photo_add(slug, report_id):
    municipality = load_municipality(slug)
    report = _report_or_404(report_id, municipality)
    require(can_edit_report(current_user, report))
    form = PhotoForm()
    if form.validate_on_submit():
        data = _uploaded(form.photo)
        try:
            if data is None:
                raise ServiceError(_("Choose a photo."), field="photo")
            services.add_photo(report, current_user, data, form.caption.data, form.keep_location.data)
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The photo is added."), "success")
    return redirect(url_for("monitoring.report", slug=slug, report_id=report_id))


@bp.route("/m/<slug>/monitoring/reports/<int:report_id>/photos/<int:report_photo_id>/remove", methods=["POST"])
@login_required
def photo_remove(slug, report_id, report_photo_id):
    municipality = load_municipality(slug)
    report = _report_or_404(report_id, municipality)
    require(can_edit_report(current_user, report))
    photo = db.session.get(Photo, report_photo_id)
    if photo is None or photo.report_id != report.id:
        abort(404)
    if ActionForm().validate_on_submit():
        services.remove_photo(photo, current_user)
        db.session.commit()
        flash(_("The photo is removed."), "success")
    return redirect(url_for("monitoring.report", slug=slug, report_id=report_id))


@bp.route("/m/<slug>/monitoring/reports/<int:report_id>/approve", methods=["POST"])
@login_required
def report_approve(slug, report_id):
    municipality = load_municipality(slug)
    report = _report_or_404(report_id, municipality)
    require(can_decide_report(current_user, report))
    if ActionForm().validate_on_submit():
        try:
            services.approve_report(report, current_user)
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The report is approved and now counts in the figures."), "success")
    return redirect(url_for("monitoring.report", slug=slug, report_id=report_id))


@bp.route("/m/<slug>/monitoring/reports/<int:report_id>/return", methods=["POST"])
@login_required
def report_return(slug, report_id):
    municipality = load_municipality(slug)
    report = _report_or_404(report_id, municipality)
    require(can_decide_report(current_user, report))
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            services.return_report(report, current_user, form.reason.data)
        except ServiceError as error:
            db.session.rollback()
            attach(form, error)
        else:
            db.session.commit()
            flash(_("The report is returned to its author with your reason."), "success")
            return redirect(url_for("monitoring.report", slug=slug, report_id=report_id))
    return render_template("monitoring/report.html", municipality=municipality, report=report, plan=report.plan,
                           action_form=ActionForm(), return_form=form, photo_form=PhotoForm(formdata=None))


def _photo_response(slug, report_photo_id, column):
    municipality = load_municipality(slug)
    photo = db.session.get(Photo, report_photo_id)
    if photo is None or photo.report.municipality_id != municipality.id:
        abort(404)
    require(can_read_report(current_user, photo.report))
    response = Response(getattr(photo, column), mimetype=photo.content_type)
    if photo.report.is_approved:
        response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.route("/m/<slug>/monitoring/photos/<int:report_photo_id>")
def photo(slug, report_photo_id):
    return _photo_response(slug, report_photo_id, "data")


@bp.route("/m/<slug>/monitoring/photos/<int:report_photo_id>/thumb")
def photo_thumb(slug, report_photo_id):
    return _photo_response(slug, report_photo_id, "thumb")


# --- spending import ------------------------------------------------------------------

def _activity_refs(plan):
    activities = db.session.scalars(queries.plan_activities_light(plan.id)).unique().all()
    return [spending_csv.ActivityRef(a.id, f"{a.section.position}.{a.position}", a.description) for a in activities]


@bp.route("/m/<slug>/monitoring/plans/<int:monitored_plan_id>/import", methods=["GET", "POST"])
@login_required
def spending_import(slug, monitored_plan_id):
    plan_id = monitored_plan_id
    municipality = load_municipality(slug)
    require(can_import_spending(current_user, municipality))
    plan = _plan_or_404(plan_id, municipality)
    form, confirm, preview = ImportForm(), ConfirmImportForm(formdata=None), None
    if request.method == "POST" and request.form.get("content") is not None:
        confirm = ConfirmImportForm()
        if confirm.validate_on_submit():
            data = confirm.content.data.encode("utf-8")
            preview = _preview(plan, data)
            try:
                batch = services.import_spending(plan, current_user, preview, confirm.filename.data)
            except ServiceError as error:
                db.session.rollback()
                attach(form, error)
            else:
                db.session.commit()
                flash(ngettext("%(num)s row of spending is imported.", "%(num)s rows of spending are imported.", batch.rows),
                      "success")
                return redirect(url_for("monitoring.dashboard", slug=slug, monitored_plan_id=plan.id))
    elif form.validate_on_submit():
        data = _uploaded(form.file)
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
    plan = _plan_or_404(plan_id, municipality)
    require(can_view_progress(current_user, plan))
    return municipality, plan


TIMELINE_CHART_LIMIT = 60


@bp.route("/m/<slug>/progress/<int:monitored_plan_id>")
@cached_page
def dashboard(slug, monitored_plan_id):
    page_cache.request_version()  # before the plan is read (see request_version)
    municipality, plan = _public_plan(slug, monitored_plan_id)

    def draw():
        board = queries.build_dashboard(plan)
        return render_template("monitoring/_dashboard_body.html", municipality=municipality, plan=plan, board=board,
                               figures=_figures(board, municipality.currency), month_label=queries.month_label, SOURCES=SOURCES)

    body = page_cache.kept_fragment(("dashboard", plan.id), draw)
    return render_template("monitoring/dashboard.html", municipality=municipality, plan=plan, body=body)


def _figures(board, currency):
    """The dashboard's chart JSON, keyed by the chart's id (see charts.cached_figure)."""
    plan_name, actual_name = pgettext("plan vs actual", "Plan"), _("Actual")
    locale = str(get_locale())
    ex = board.execution
    figures = {}
    if board.sections:
        figures["by-section"] = charts.cached_figure(
            "plan_vs_actual", _("Plan and actual by section"), tuple(s.title for s, _line in board.sections),
            tuple(ln.planned for _s, ln in board.sections), tuple(ln.actual for _s, ln in board.sections),
            plan_name, actual_name, locale, currency)
        figures["by-source"] = charts.cached_figure(
            "plan_vs_actual", _("Plan and actual by funding source"), tuple(str(SOURCE_LABELS[s]) for s in SOURCES),
            tuple(ex.by_source[s].planned for s in SOURCES), tuple(ex.by_source[s].actual for s in SOURCES),
            plan_name, actual_name, locale, currency)
    if 0 < len(board.activities) <= TIMELINE_CHART_LIMIT:
        rows = tuple((f"{a.activity.section.position}.{a.activity.position}", a.planned_start, a.planned_end,
                      a.actual_start, a.actual_end if a.actual_end is not None else a.latest_month)
                     for a in board.activities)
        figures["timeline"] = charts.cached_figure("timeline", _("Timeline: planned and actual months"), rows,
                                                 _("Planned"), _("Actual"), queries.month_label)
    return {key: value for key, value in figures.items() if value}


def _execution_export(slug, plan_id):
    municipality, plan = _public_plan(slug, plan_id)
    board = queries.build_dashboard(plan, with_latest=False)
    return (exports.title_rows(municipality, plan, date.today(), board.source), exports.by_activity(board, STATUS_LABELS),
            exports.by_source(board, SOURCE_LABELS), f"execution-{municipality.slug}-plan-{plan.id}")


@bp.route("/m/<slug>/progress/<int:monitored_plan_id>/execution.csv")
def execution_csv(slug, monitored_plan_id):
    title, (activity_rows, _a), (source_rows, _s), name = _execution_export(slug, monitored_plan_id)
    return spreadsheets.csv_response(title + activity_rows + [[]] + source_rows, f"{name}.csv")


@bp.route("/m/<slug>/progress/<int:monitored_plan_id>/execution.xlsx")
def execution_xlsx(slug, monitored_plan_id):
    title, (activity_rows, activity_bold), (source_rows, source_bold), name = _execution_export(slug, monitored_plan_id)
    top = len(title)
    return spreadsheets.xlsx_response([
        (_("By activity"), title + activity_rows,
         {"money_columns": (3, 4, 6), "bold_rows": [1] + [top + n for n in activity_bold],
          "widths": [7, 60, 15, 15, 11, 15, 11, 16, 11], "freeze": f"C{top + 2}"}),
        (_("By funding source"), title + source_rows,
         {"money_columns": (2, 3, 5), "bold_rows": [1] + [top + n for n in source_bold],
          "widths": [40, 15, 15, 11, 15, 11]}),
    ], f"{name}.xlsx")


@bp.route("/m/<slug>/progress/<int:monitored_plan_id>/annual/<int:report_year>")
@cached_page
def annual(slug, monitored_plan_id, report_year):
    page_cache.request_version()  # before the plan is read (see request_version)
    municipality, plan = _public_plan(slug, monitored_plan_id)
    year = report_year
    if not plan.year_from <= year <= plan.year_to:
        abort(404)

    def draw():
        board = queries.build_dashboard(plan, with_latest=False)
        reports = db.session.scalars(queries.reports_for_year(plan.id, year, board.activity_ids)).unique().all()
        group = _group_for(plan)
        return render_template("monitoring/_annual_body.html", municipality=municipality, plan=plan, board=board,
                               year=year, reports=reports, group=group, SOURCES=SOURCES,
                               month_label=queries.month_label,
                               composition=services.composition(group.members) if group else None)

    body = page_cache.kept_fragment(("annual", plan.id, year), draw)
    return render_template("monitoring/annual.html", municipality=municipality, plan=plan, year=year, body=body)


@bp.app_context_processor
def _labels():
    from . import forms

    return {"MON": forms}

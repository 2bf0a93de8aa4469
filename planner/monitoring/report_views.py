"""Monitoring reports: file, edit, approve or return a report, its photos and their pictures."""
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button, perform
from ..page_cache import cached_page
from ..extensions import db
from ..forms import ActionForm, choices
from ..municipalities.queries import load_municipality
from ..permissions import (
    can_correct_report,
    can_decide_report,
    can_edit_report,
    can_file_report,
    can_read_monitoring,
    can_read_report,
    is_monitor,
    require,
)
from ..routing import login_route
from . import kept, queries, rows, services
from .execution import SOURCES
from .forms import PhotoForm, ReturnForm, report_form_class
from .models import Photo
from .views import activity_or_404, bp, group_for, load_report, plan_or_404, report_or_404, uploaded


@login_route(bp, "/m/<slug>/monitoring/plans/<int:plan_id>/reports")
def plan_reports(slug, plan_id):
    municipality = load_municipality(slug, can_read_monitoring)
    found = db.session.execute(queries.plan_with_version(with_approved=False), {"plan_id": plan_id}).first()
    if found is None or found[0].municipality_id != municipality.id:
        abort(404)
    plan, version = found
    group = group_for(plan)
    accepts = services.plan_accepts_reports(plan)
    # what the visitor may do, once per page (the body is kept for each answer)
    files = bool(accepts and group and can_file_report(current_user, municipality, group))
    unlinked = bool(accepts and group and not files and is_monitor(current_user, municipality))

    def draw():
        reports = rows.plan_reports(db.session, plan.id)
        activities = db.session.execute(rows.activity_choices(plan.id)).all() if files else ()
        return render_template("monitoring/_plan_reports_body.html", municipality=municipality, plan=plan,
                               reports=reports, activities=activities, accepts=accepts, group=group,
                               files=files, unlinked=unlinked, rows=rows)

    key = f"plan-reports:{plan.id}:{get_locale()}:{municipality.slug}:{int(files)}:{int(unlinked)}"
    body = kept.body(key, version, draw, "")
    return render_template("monitoring/plan_reports.html", municipality=municipality, plan=plan, body=body)


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


@login_route(bp, "/m/<slug>/monitoring/plans/<int:plan_id>/activities/<int:activity_id>/reports/new", methods=["GET", "POST"])
def report_new(slug, plan_id, activity_id):
    municipality = load_municipality(slug, can_read_monitoring)
    plan = plan_or_404(plan_id, municipality)
    activity = activity_or_404(activity_id, plan)
    group = group_for(plan)
    if not services.plan_accepts_reports(plan) or group is None:
        flash(_("Reports can be filed only for an approved plan or one in implementation; this plan is not approved.")
              if group is not None else _("This municipality has no monitoring group yet."), "error")
        return redirect(url_for("monitoring.plan_reports", slug=slug, plan_id=plan.id))
    require(can_file_report(current_user, municipality, group))
    corrects = None
    if request.args.get("corrects"):
        corrects = report_or_404(request.args.get("corrects", type=int) or 0, municipality)
        if corrects.activity_id != activity.id:
            abort(404)
        require(can_correct_report(current_user, corrects))
    form_class = report_form_class(activity)
    if request.method == "GET" and corrects is not None:
        form = _form_from_report(form_class, corrects)
    elif request.method == "GET":
        today = date.today()
        form = form_class(formdata=None, period_kind="quarter", period_number=(today.month - 1) // 3 + 1,
                          period_year=today.year, visit_date=today, progress=0,
                          members_present=[m.id for m in group.members if m.is_active and m.user_id == current_user.id])
    else:
        form = form_class()
    _fill_choices(form, group)
    if form.validate_on_submit():
        done = perform(services.create_report, activity, group, current_user, _report_data(form, activity),
                       corrects=corrects, photo=uploaded(form.photo), caption=form.caption.data,
                       keep_location=form.keep_location.data, form=form)
        if done:
            flash(_("The report is saved as a draft. Another member of the group approves it."), "success")
            return redirect(url_for("monitoring.report", slug=slug, report_id=done.value.id))
    return render_template("monitoring/report_form.html", municipality=municipality, plan=plan, activity=activity,
                           form=form, report=None, corrects=corrects, group=group)


@bp.route("/m/<slug>/monitoring/reports/<int:report_id>")
@cached_page
def report(slug, report_id):
    municipality = load_municipality(slug)
    report, version = kept.first_with_version(queries.report_with_version(), {"report_id": report_id}, municipality)
    require(can_read_report(current_user, report))
    return _report_page(municipality, report, version=version)


def _report_page(municipality, report, return_form=None, version=None):
    """The report's page. Its body is kept per data ``version`` (``kept.body``) unless the
    return form comes back with the visitor's input and its messages."""
    edit, decide, correct = (can_edit_report(current_user, report), can_decide_report(current_user, report),
                             can_correct_report(current_user, report))
    action_form = ActionForm()

    def draw():
        return render_template("monitoring/_report_page_body.html", municipality=municipality, report=report,
                               plan=report.plan, action_form=action_form,
                               return_form=return_form or ReturnForm(formdata=None),
                               photo_form=PhotoForm(formdata=None), can_edit=edit, can_decide=decide,
                               can_correct=correct)

    if return_form is None:
        key = f"report:{report.id}:{get_locale()}:{municipality.slug}:{int(edit)}{int(decide)}{int(correct)}"
        # Forms are drawn only for those who may edit or decide: a token for anyone else would
        # start a session for an anonymous reader (and keep the page out of the page cache).
        body = kept.body(key, version, draw, action_form.hidden_tag() if edit or decide else "")
    else:
        body = draw()
    return render_template("monitoring/report.html", municipality=municipality, report=report, body=body)


@login_route(bp, "/m/<slug>/monitoring/reports/<int:report_id>/edit", methods=["GET", "POST"])
def report_edit(slug, report_id):
    municipality, report = load_report(slug, report_id, can_edit_report)
    activity = report.activity
    form_class = report_form_class(activity)
    if request.method == "GET":
        form = _form_from_report(form_class, report)
    else:
        form = form_class()
    _fill_choices(form, report.group)
    del form.photo, form.caption, form.keep_location
    if form.validate_on_submit():
        if perform(services.update_report, report, current_user, _report_data(form, activity), form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("monitoring.report", slug=slug, report_id=report.id))
    return render_template("monitoring/report_form.html", municipality=municipality, plan=report.plan,
                           activity=activity, form=form, report=report, corrects=report.corrects, group=report.group)


@login_route(bp, "/m/<slug>/monitoring/reports/<int:report_id>/photos", methods=["POST"])
def photo_add(slug, report_id):
    municipality, report = load_report(slug, report_id, can_edit_report)
    form = PhotoForm()
    if form.validate_on_submit() and perform(services.add_photo, report, current_user, uploaded(form.photo),
                                             form.caption.data, form.keep_location.data):
        flash(_("The photo is added."), "success")
    return redirect(url_for("monitoring.report", slug=slug, report_id=report_id))


@login_route(bp, "/m/<slug>/monitoring/reports/<int:report_id>/photos/<int:report_photo_id>/remove", methods=["POST"])
def photo_remove(slug, report_id, report_photo_id):
    municipality, report = load_report(slug, report_id, can_edit_report)
    photo = db.session.get(Photo, report_photo_id)
    if photo is None or photo.report_id != report.id:
        abort(404)
    button(services.remove_photo, photo, current_user, done=_("The photo is removed."))
    return redirect(url_for("monitoring.report", slug=slug, report_id=report_id))


@login_route(bp, "/m/<slug>/monitoring/reports/<int:report_id>/approve", methods=["POST"])
def report_approve(slug, report_id):
    municipality, report = load_report(slug, report_id, can_decide_report)
    button(services.approve_report, report, current_user, done=_("The report is approved and now counts in the figures."))
    return redirect(url_for("monitoring.report", slug=slug, report_id=report_id))


@login_route(bp, "/m/<slug>/monitoring/reports/<int:report_id>/return", methods=["POST"])
def report_return(slug, report_id):
    municipality, report = load_report(slug, report_id, can_decide_report)
    form = ReturnForm()
    if form.validate_on_submit():
        if perform(services.return_report, report, current_user, form.reason.data, form=form):
            flash(_("The report is returned to its author with your reason."), "success")
            return redirect(url_for("monitoring.report", slug=slug, report_id=report_id))
    return _report_page(municipality, report, return_form=form)


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

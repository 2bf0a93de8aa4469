"""Monitoring groups: create and edit a group, its members, and its yearly monitoring plan."""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button, perform
from ..extensions import db
from ..forms import ActionForm, choices
from ..municipalities.queries import load_municipality
from ..permissions import can_manage_monitoring_groups, can_read_monitoring
from ..plans.models import Activity
from ..routing import login_route
from . import kept, queries, rows, services
from .forms import GroupForm, MemberForm, PlanItemForm, meeting_label
from .models import MonitoringPlanItem
from .views import bp, group_or_404


def _managed_group(slug, group_id):
    """The municipality and the group in the URL, for those who manage the groups (403, 404)."""
    municipality = load_municipality(slug, can_manage_monitoring_groups)
    return municipality, group_or_404(group_id, municipality)


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


@login_route(bp, "/m/<slug>/monitoring/groups/new", methods=["GET", "POST"])
def group_new(slug):
    municipality = load_municipality(slug, can_manage_monitoring_groups)
    form, plans, meetings = _group_form(municipality)
    if form.validate_on_submit():
        done = perform(services.create_group, municipality, current_user, form.name.data, plans.get(form.plan_id.data),
                       form.formed_on.data, form.approved_at.data, meetings.get(form.meeting_id.data), form=form)
        if done:
            flash(_("The monitoring group is created. Add its members next."), "success")
            return redirect(url_for("monitoring.group", slug=slug, group_id=done.value.id))
    return render_template("monitoring/group_form.html", municipality=municipality, form=form, group=None)


def _render_group(municipality, group, member_form=None, item_form=None, version=None):
    """The group's page. Its body is kept per data ``version`` (``kept.body``) unless a form
    comes back with the visitor's input and its messages."""
    manage = can_manage_monitoring_groups(current_user, municipality)
    action_form = ActionForm()

    def draw():
        nonlocal member_form, item_form
        if manage and member_form is None:
            member_form = _member_form(group, formdata=None)
        if manage and item_form is None:
            item_form = _item_form(group)
        by_sex, by_kind = services.composition(group.members)
        return render_template("monitoring/_group_body.html", municipality=municipality, group=group, by_sex=by_sex,
                               by_kind=by_kind, manage=manage, member_form=member_form, item_form=item_form,
                               action_form=action_form, monitoring_plans=rows.monitoring_plans(db.session, group.id),
                               plan_item_rows=rows.plan_item_rows)

    if member_form is None and item_form is None:
        # what the body shows besides the data: language, address, rights, and the day (the
        # plan item form's year, dates in the page's language)
        key = f"group:{group.id}:{get_locale()}:{municipality.slug}:{int(bool(manage))}:{date.today().isoformat()}"
        body = kept.body(key, version, draw, action_form.hidden_tag())
    else:
        body = draw()
    return render_template("monitoring/group.html", municipality=municipality, group=group, body=body)


@login_route(bp, "/m/<slug>/monitoring/groups/<int:group_id>")
def group(slug, group_id):
    municipality = load_municipality(slug, can_read_monitoring)
    found = db.session.execute(*queries.group_detail_with_version(group_id)).unique().first()
    if found is None or found[0].municipality_id != municipality.id:
        abort(404)
    group, version = found
    return _render_group(municipality, group, version=version)


def _item_form(group, formdata=None):
    form = PlanItemForm(formdata=formdata) if formdata is not None else PlanItemForm(formdata=None, year=date.today().year)
    if group.plan_id is not None:
        activities = db.session.execute(rows.activity_choices(group.plan_id)).all()
    else:
        activities = []
        for plan in db.session.scalars(queries.plans_of(group.municipality_id)).all():
            if services.plan_accepts_reports(plan):
                activities += db.session.execute(rows.activity_choices(plan.id)).all()
    form.activity_id.choices = choices([(activity_id, f"{section}.{position} {description[:80]}")
                                        for activity_id, section, position, description in activities])
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


@login_route(bp, "/m/<slug>/monitoring/groups/<int:group_id>/edit", methods=["GET", "POST"])
def group_edit(slug, group_id):
    municipality, group = _managed_group(slug, group_id)
    form, _plans, meetings = _group_form(municipality, obj=group)
    del form.plan_id
    if form.validate_on_submit():
        if perform(services.update_group, group, current_user, form.name.data, form.formed_on.data,
                   form.approved_at.data, meetings.get(form.meeting_id.data), form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))
    return render_template("monitoring/group_form.html", municipality=municipality, form=form, group=group)


@login_route(bp, "/m/<slug>/monitoring/groups/<int:group_id>/members", methods=["POST"])
def member_add(slug, group_id):
    municipality, group = _managed_group(slug, group_id)
    form = _member_form(group, formdata=request.form)
    if form.validate_on_submit():
        if perform(services.add_member, group, current_user, *_member_data(form), form=form):
            flash(_("The member is added."), "success")
            return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))
    return _render_group(municipality, group, member_form=form)


def _member_or_404(group, member_id):
    member = next((m for m in group.members if m.id == member_id), None)
    if member is None:
        abort(404)
    return member


@login_route(bp, "/m/<slug>/monitoring/groups/<int:group_id>/members/<int:member_id>/edit", methods=["GET", "POST"])
def member_edit(slug, group_id, member_id):
    municipality, group = _managed_group(slug, group_id)
    member = _member_or_404(group, member_id)
    form = _member_form(group, formdata=request.form if request.method == "POST" else None, obj=member)
    if form.validate_on_submit():
        if perform(services.update_member, member, current_user, *_member_data(form), form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))
    return render_template("monitoring/member_form.html", municipality=municipality, group=group, member=member,
                           form=form)


@login_route(bp, "/m/<slug>/monitoring/groups/<int:group_id>/members/<int:member_id>/remove", methods=["POST"])
def member_remove(slug, group_id, member_id):
    municipality, group = _managed_group(slug, group_id)
    member = _member_or_404(group, member_id)
    button(services.remove_member, member, current_user, done=_("The member has left the group."))
    return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))


@login_route(bp, "/m/<slug>/monitoring/groups/<int:group_id>/plan-items", methods=["POST"])
def plan_item_add(slug, group_id):
    municipality, group = _managed_group(slug, group_id)
    form = _item_form(group, formdata=request.form)
    if form.validate_on_submit():
        activity = db.session.get(Activity, form.activity_id.data)
        visitor = next((m for m in group.members if m.id == form.visitor_id.data), None)
        if perform(services.add_plan_item, group, current_user, form.year.data, activity, form.frequency.data, visitor,
                   form=form):
            flash(_("The activity is on the monitoring plan."), "success")
            return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))
    return _render_group(municipality, group, item_form=form)


@login_route(bp, "/m/<slug>/monitoring/groups/<int:group_id>/plan-items/<int:item_id>/remove", methods=["POST"])
def plan_item_remove(slug, group_id, item_id):
    municipality, group = _managed_group(slug, group_id)
    item = db.session.get(MonitoringPlanItem, item_id)
    if item is None or item.monitoring_plan.group_id != group.id:
        abort(404)
    button(services.remove_plan_item, item, current_user, done=_("The activity is taken off the monitoring plan."))
    return redirect(url_for("monitoring.group", slug=slug, group_id=group.id))

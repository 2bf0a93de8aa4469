"""Initiative groups, public hearings, deputies' review and the council's decision."""
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button, perform
from ..extensions import db
from ..forms import choices
from ..forms import ActionForm
from ..permissions import (
    can_manage_plan_groups,
    can_read_plan,
    can_read_working_copy,
    can_record_decision,
    can_record_hearing,
    can_review_plan,
    require,
)
from ..routing import login_route
from . import documents, queries, services
from .forms import DecisionForm, GroupForm, GroupMemberForm, HearingForm
from .models import CouncilDecision, GroupMember, InitiativeGroup
from .views import bp, child_of_plan, load_activity, load_plan, post_comment


def upload_dir():
    return current_app.config.get("PLANS_UPLOAD_DIR") or str(Path(current_app.instance_path) / "uploads" / "plans")


# --- initiative groups -----------------------------------------------------------------

def _group_form(plan, obj=None):
    form = GroupForm(obj=obj)
    form.section_ids.choices = choices([(s.id, s.title) for s in plan.sections])
    return form


def _group_data(form, plan):
    """The group form's values for ``services.save_group``; 404 for a section of another plan."""
    wanted = set(form.section_ids.data or [])
    sections = [s for s in plan.sections if s.id in wanted]
    if len(sections) != len(wanted):
        abort(404)
    return {"name": form.name.data, "gathering_date": form.gathering_date.data,
            "gathering_place": form.gathering_place.data, "gathering_note": form.gathering_note.data,
            "sections": sections}


@bp.route("/m/<slug>/plans/<int:plan_id>/groups", methods=["GET", "POST"])
def groups(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id, can_read_working_copy)
    form = _group_form(plan)
    if form.is_submitted():
        require(current_user.is_authenticated and can_manage_plan_groups(current_user, plan))
    if form.validate_on_submit():
        done = perform(services.save_group, plan, current_user, **_group_data(form, plan), form=form)
        if done:
            flash(_("The initiative group is saved. Add its members next."), "success")
            return redirect(url_for("plans.group_edit", slug=slug, plan_id=plan.id, igroup_id=done.value.id))
    items = db.session.scalars(queries.groups(plan.id)).all()
    return render_template("plans/groups.html", municipality=municipality, plan=plan, groups=items, form=form)


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/groups/<int:igroup_id>", methods=["GET", "POST"])
def group_edit(slug, plan_id, igroup_id):
    municipality, plan = load_plan(slug, plan_id)
    group = child_of_plan(InitiativeGroup, igroup_id, plan)
    require(can_manage_plan_groups(current_user, plan))
    form = _group_form(plan, obj=group)
    if not form.is_submitted():
        form.section_ids.data = [s.id for s in group.sections]
    if form.validate_on_submit():
        if perform(services.save_group, plan, current_user, **_group_data(form, plan), group=group, form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("plans.group_edit", slug=slug, plan_id=plan.id, igroup_id=group.id))
    return render_template("plans/group_edit.html", municipality=municipality, plan=plan, group=group, form=form,
                           member_form=GroupMemberForm(formdata=None), action_form=ActionForm())


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/groups/<int:igroup_id>/members", methods=["POST"])
def group_member_add(slug, plan_id, igroup_id):
    municipality, plan = load_plan(slug, plan_id)
    group = child_of_plan(InitiativeGroup, igroup_id, plan)
    require(can_manage_plan_groups(current_user, plan))
    member_form = GroupMemberForm()
    if member_form.validate_on_submit() and perform(
            services.add_group_member, group, current_user, name=member_form.name.data, role=member_form.role.data,
            sex=member_form.sex.data, user=member_form.account, form=member_form):
        flash(_("The member is added."), "success")
        return redirect(url_for("plans.group_edit", slug=slug, plan_id=plan.id, igroup_id=group.id))
    form = _group_form(plan, obj=group)
    form.section_ids.data = [s.id for s in group.sections]
    return render_template("plans/group_edit.html", municipality=municipality, plan=plan, group=group, form=form,
                           member_form=member_form, action_form=ActionForm())


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/groups/<int:igroup_id>/members/<int:igroup_member_id>/remove", methods=["POST"])
def group_member_remove(slug, plan_id, igroup_id, igroup_member_id):
    municipality, plan = load_plan(slug, plan_id)
    group = child_of_plan(InitiativeGroup, igroup_id, plan)
    require(can_manage_plan_groups(current_user, plan))
    member = db.session.get(GroupMember, igroup_member_id)
    if member is None or member.group_id != group.id:
        abort(404)
    button(services.remove_group_member, member, current_user, done=_("The member is removed."))
    return redirect(url_for("plans.group_edit", slug=slug, plan_id=plan.id, igroup_id=group.id))


# --- hearings --------------------------------------------------------------------------

@login_route(bp, "/m/<slug>/plans/<int:plan_id>/hearings/new", methods=["GET", "POST"])
def hearing_new(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id, can_record_hearing)
    form = HearingForm()
    if form.validate_on_submit():
        ages = {name: getattr(form, name).data for name in ("age_18_29", "age_30_44", "age_45_59", "age_60_plus")}
        if perform(services.record_hearing, plan, current_user, held_on=form.held_on.data, place=form.place.data,
                   women=form.women.data, men=form.men.data, ages=ages, minutes=form.minutes.data,
                   outcome=form.outcome.data, form=form):
            flash(_("The hearing is recorded with the version that was presented."), "success")
            return redirect(url_for("plans.history", slug=slug, plan_id=plan.id))
    return render_template("plans/hearing_form.html", municipality=municipality, plan=plan, form=form)


# --- council review --------------------------------------------------------------------

@login_route(bp, "/m/<slug>/plans/<int:plan_id>/activities/<int:activity_id>/review", methods=["POST"])
def review_add(slug, plan_id, activity_id):
    municipality, plan, activity = load_activity(slug, plan_id, activity_id, can_review_plan)
    post_comment(services.add_review_comment, activity, _("Your comment as a deputy is recorded."))
    return redirect(url_for("plans.activity", slug=slug, plan_id=plan.id, activity_id=activity.id) + "#comments")


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/decision", methods=["GET", "POST"])
def decision(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id, can_record_decision)
    form = DecisionForm()
    if form.validate_on_submit():
        document = None
        upload = form.document.data
        limit = int(current_app.config.get("PLANS_DOCUMENT_MAX_BYTES", services.DEFAULT_DOCUMENT_MAX))
        if upload and getattr(upload, "filename", ""):
            document = (upload.filename, upload.stream.read(limit + 1))
        done = perform(services.record_decision,
                       plan, current_user, session_date=form.session_date.data, number=form.number.data,
                       votes_for=form.votes_for.data, votes_against=form.votes_against.data,
                       votes_abstained=form.votes_abstained.data, outcome=form.outcome.data, remarks=form.remarks.data,
                       document=document, upload_dir=upload_dir(), max_bytes=limit, form=form)
        if done:  # the document is written by an after-commit hook (plans/documents.py)
            flash(_("The council's decision is recorded."), "success")
            return redirect(url_for("plans.history", slug=slug, plan_id=plan.id))
    return render_template("plans/decision_form.html", municipality=municipality, plan=plan, form=form)


@bp.route("/m/<slug>/plans/<int:plan_id>/decisions/<int:council_decision_id>/document")
def decision_document(slug, plan_id, council_decision_id):
    municipality, plan = load_plan(slug, plan_id, can_read_plan)
    decision = child_of_plan(CouncilDecision, council_decision_id, plan)
    if not decision.document_path:
        abort(404)
    return documents.response(upload_dir(), decision)


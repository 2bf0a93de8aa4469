"""Activities: add, edit (with optimistic locking), move, delete; comments and proposals."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import perform
from ..extensions import db
from ..forms import choices
from ..forms import ActionForm
from ..permissions import (
    can_answer_proposals,
    can_comment_plan,
    can_edit_section,
    can_read_working_copy,
    require,
)
from . import queries, services
from .forms import ActivityForm, AnswerForm, CommentForm, MoveForm, ProposalForm
from .models import Activity, Proposal, Section
from ..routing import login_route
from ..supports import queries as supports
from .snapshots import activity_row
from .views import bp, child_of_plan, load_activity, load_plan, post_comment


def _villages_for(form, municipality):
    form.village_ids.choices = choices([(v.id, v.name) for v in municipality.villages])
    chosen = set(form.village_ids.data or [])
    return [v for v in municipality.villages if v.id in chosen]


def _activity_page(slug, plan, activity):
    return url_for("plans.activity", slug=slug, plan_id=plan.id, activity_id=activity.id)


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/sections/<int:plan_section_id>/activities/new", methods=["GET", "POST"])
def activity_new(slug, plan_id, plan_section_id):
    municipality, plan = load_plan(slug, plan_id)
    section = child_of_plan(Section, plan_section_id, plan)
    require(can_edit_section(current_user, plan, section))
    form = ActivityForm()
    villages = _villages_for(form, municipality)
    if form.validate_on_submit():
        if len(villages) != len(set(form.village_ids.data or [])):
            abort(404)
        done = perform(services.add_activity, section, current_user, form.data_for_service(villages), form=form)
        if done:
            flash(_("The activity is added."), "success")
            return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id) + f"#a{done.value.id}")
    return render_template("plans/activity_form.html", municipality=municipality, plan=plan, section=section,
                           form=form, activity=None, conflict=None, proposal=None)


@bp.route("/m/<slug>/plans/<int:plan_id>/activities/<int:activity_id>")
def activity(slug, plan_id, activity_id):
    municipality, plan = load_plan(slug, plan_id, can_read_working_copy)
    activity = child_of_plan(Activity, activity_id, plan)
    comments = db.session.scalars(queries.activity_comments(activity.id)).all()
    proposals = db.session.scalars(queries.activity_proposals(activity.id)).all()
    move_form = MoveForm()
    move_form.section_id.choices = choices([(s.id, s.title) for s in plan.sections])
    move_form.section_id.data = activity.section_id
    return render_template("plans/activity.html", municipality=municipality, plan=plan, activity=activity,
                           comments=comments, proposals=proposals, comment_form=CommentForm(),
                           move_form=move_form, action_form=ActionForm())


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/activities/<int:activity_id>/edit", methods=["GET", "POST"])
def activity_edit(slug, plan_id, activity_id):
    municipality, plan, activity = load_activity(slug, plan_id, activity_id)
    require(can_edit_section(current_user, plan, activity.section))
    form = ActivityForm(obj=activity)
    if request.method == "GET":
        form.village_ids.data = [v.id for v in activity.villages]
        form.version.data = activity.version
        if len(form.indicators.entries) < form.indicators.max_entries and all(
                e.form.name.data for e in form.indicators.entries):
            form.indicators.append_entry()
    villages = _villages_for(form, municipality)
    conflict = None
    proposal = _proposal_about(activity, plan)
    if form.validate_on_submit():
        try:
            expected = int(form.version.data or 0)
        except ValueError:
            expected = 0
        done = perform(services.update_activity, activity, current_user, expected, form.data_for_service(villages),
                       form=form)
        if done:
            flash(_("Saved."), "success")
            return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id) + f"#a{activity.id}")
        if isinstance(done.error, services.ConflictError):  # the rollback reloads what the other person saved
            conflict = activity_row(activity, activity.section, activity.position)
            form.version.data = activity.version  # saving again now deliberately keeps this text
    return render_template("plans/activity_form.html", municipality=municipality, plan=plan, section=activity.section,
                           form=form, activity=activity, conflict=conflict, proposal=proposal)


def _proposal_about(activity, plan):
    """The proposal named by ``?proposal=``, shown beside the form; 404 unless it is about
    this activity (or became it)."""
    raw = request.args.get("proposal", "")
    if not raw:
        return None
    if not raw.isdecimal():
        abort(404)
    proposal = child_of_plan(Proposal, int(raw), plan)
    if activity.id not in (proposal.activity_id, proposal.applied_activity_id):
        abort(404)
    return proposal


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/activities/<int:activity_id>/move", methods=["POST"])
def activity_move(slug, plan_id, activity_id):
    municipality, plan, activity = load_activity(slug, plan_id, activity_id)
    require(can_edit_section(current_user, plan, activity.section))
    form = MoveForm()
    form.section_id.choices = choices([(s.id, s.title) for s in plan.sections])
    direction = request.form.get("direction")
    if form.validate_on_submit():
        target = None
        if not direction:
            if not form.section_id.data:
                return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id) + f"#a{activity.id}")
            target = child_of_plan(Section, form.section_id.data, plan)
            require(can_edit_section(current_user, plan, target))
        perform(services.move_activity, activity, current_user, direction=direction, section=target)
    return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id) + f"#a{activity.id}")


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/activities/<int:activity_id>/delete", methods=["POST"])
def activity_delete(slug, plan_id, activity_id):
    municipality, plan, activity = load_activity(slug, plan_id, activity_id)
    require(can_edit_section(current_user, plan, activity.section))
    if ActionForm().validate_on_submit():
        if perform(services.delete_activity, activity, current_user):
            flash(_("The activity is deleted."), "success")
    return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id))


# --- resident input --------------------------------------------------------------------

@login_route(bp, "/m/<slug>/plans/<int:plan_id>/activities/<int:activity_id>/comments", methods=["POST"])
def comment_add(slug, plan_id, activity_id):
    municipality, plan, activity = load_activity(slug, plan_id, activity_id, can_comment_plan)
    post_comment(services.add_comment, activity, _("Your comment is published."))
    return redirect(_activity_page(slug, plan, activity) + "#comments")


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/proposals/new", methods=["GET", "POST"])
def proposal_new(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id, can_comment_plan)
    form = ProposalForm()
    sections = db.session.scalars(queries.working_copy(plan.id)).unique().all()
    activities = [a for s in sections for a in s.activities]
    form.activity_id.choices = choices([(0, _("Choose…"))] + [
        (a.id, f"{s.title[:40]} · {a.description[:80]}") for s in sections for a in s.activities])
    form.section_id.choices = choices([(0, _("Choose…"))] + [(s.id, s.title) for s in sections])
    if request.method == "GET" and request.args.get("activity_id", "").isdecimal():
        form.activity_id.data = int(request.args["activity_id"])
    if form.validate_on_submit():
        activity = next((a for a in activities if a.id == form.activity_id.data), None)
        section = next((s for s in sections if s.id == form.section_id.data), None)
        if (form.activity_id.data and activity is None) or (form.section_id.data and section is None):
            abort(404)
        if perform(services.add_proposal, plan, current_user, kind=form.kind.data, text=form.text.data,
                   reason=form.reason.data, section=section, activity=activity, form=form):
            flash(_("Your proposal is sent. The initiative group will answer it publicly."), "success")
            return redirect(url_for("plans.proposals", slug=slug, plan_id=plan.id))
    return render_template("plans/proposal_form.html", municipality=municipality, plan=plan, form=form)


def _answer_form(plan, sections):
    form = AnswerForm()
    form.merged_into_id.choices = choices([(0, _("Choose…"))] + [
        (a.id, f"{s.title[:40]} · {a.description[:80]}") for s in sections for a in s.activities])
    return form


@bp.route("/m/<slug>/plans/<int:plan_id>/proposals")
def proposals(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id, can_read_working_copy)
    items = db.session.scalars(queries.proposals(plan.id)).all()
    support_tally = supports.tally("proposal", items, current_user)
    items = supports.ordered(items, support_tally)
    answer_form = None
    if can_answer_proposals(current_user, plan):
        sections = db.session.scalars(queries.working_copy(plan.id)).unique().all()
        answer_form = _answer_form(plan, sections)
    return render_template("plans/proposals.html", municipality=municipality, plan=plan, proposals=items,
                           answer_form=answer_form, answering=None, support_tally=support_tally)


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/proposals/<int:proposal_id>/answer", methods=["POST"])
def proposal_answer(slug, plan_id, proposal_id):
    municipality, plan = load_plan(slug, plan_id)
    proposal = child_of_plan(Proposal, proposal_id, plan)
    require(can_answer_proposals(current_user, plan))
    sections = db.session.scalars(queries.working_copy(plan.id)).unique().all()
    form = _answer_form(plan, sections)
    if form.validate_on_submit():
        merged_into = None
        if form.status.data == "merged" and form.merged_into_id.data:
            merged_into = child_of_plan(Activity, form.merged_into_id.data, plan)
        if perform(services.answer_proposal, proposal, current_user, status=form.status.data, answer=form.answer.data,
                   merged_into=merged_into, form=form):
            flash(_("The answer is published."), "success")
            if proposal.status == "accepted" and proposal.applied_activity_id:
                # incorporate by hand: the activity's form, with the proposal beside it
                return redirect(url_for("plans.activity_edit", slug=slug, plan_id=plan.id,
                                        activity_id=proposal.applied_activity_id, proposal=proposal.id))
            return redirect(url_for("plans.proposals", slug=slug, plan_id=plan.id) + f"#p{proposal.id}")
    items = db.session.scalars(queries.proposals(plan.id)).all()
    return render_template("plans/proposals.html", municipality=municipality, plan=plan, proposals=items,
                           answer_form=form, answering=proposal.id)


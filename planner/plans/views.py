"""Plan pages: list, create, the plan itself, sections, stage moves, history and versions."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button, perform
from ..page_cache import cached_page
from ..extensions import db
from ..forms import choices
from ..forms import ActionForm
from ..municipalities.queries import load_municipality
from ..permissions import (
    can_amend_plan,
    can_complete_plan,
    can_create_plan,
    can_edit_plan,
    can_edit_section,
    can_open_discussion,
    can_read_plan,
    can_start_implementation,
    can_work_on_draft,
    can_submit_plan,
    is_member,
    require,
)
from ..routing import login_route
from . import discussion, panels, queries, services
from .in_force import source_of
from .forms import AmendForm, CommentForm, OpenDiscussionForm, PlanEditForm, PlanForm, SectionForm, SubmitForm
from .models import SEDP, Activity, InitiativeGroup, Section
from .sheet_cache import (
    add_section_html,
    frozen_sheet_html,
    kept_page_parts,
    kept_working_snapshot,
    with_kept_snapshot,
    working_data_version,
    working_sheet_html,
)
from .sheet_rows import sheet_rows
from .snapshots import Sheet, snapshot

bp = Blueprint("plans", __name__, template_folder="templates")


@bp.record_once
def _template_globals(state):
    from . import forms
    from .formatting import plan_money

    state.app.jinja_env.filters["plan_money"] = plan_money
    state.app.jinja_env.globals["funding_sources"] = forms.funding_sources
    state.app.jinja_env.globals["sheet_rows"] = sheet_rows
    state.app.jinja_env.globals["funding_abbreviations"] = forms.funding_abbreviations
    state.app.jinja_env.globals.update(
        KIND_SHORT=forms.KIND_SHORT, STAGE_LABELS=forms.STAGE_LABELS,
        FUNDING_LABELS=forms.FUNDING_LABELS, VERSION_LABELS=forms.VERSION_LABELS, SEX_LABELS=forms.SEX_LABELS,
        PROPOSAL_STATUS_LABELS=forms.PROPOSAL_STATUS_LABELS, FIELD_LABELS=forms.FIELD_LABELS,
        discussion_days_left=discussion.days_left)


# --- loading ---------------------------------------------------------------------------

def load_plan(slug, plan_id, may=None):
    """The municipality and the plan in the URL; 404 if the plan belongs elsewhere, then 403
    unless ``may(current_user, plan)`` when a check is given."""
    municipality = load_municipality(slug)
    plan = db.session.scalar(*queries.plan_page(municipality.id, plan_id))
    if plan is None:
        abort(404)
    if may is not None:
        require(may(current_user, plan))
    return municipality, plan


def child_of_plan(model, object_id, plan):
    obj = db.session.get(model, object_id)
    if obj is None or obj.plan_id != plan.id:
        abort(404)
    return obj


def load_activity(slug, plan_id, activity_id, may=None):
    """The municipality, plan and activity in the URL; 404 if the activity belongs elsewhere,
    then 403 unless ``may(current_user, plan)`` when a check is given."""
    municipality, plan = load_plan(slug, plan_id)
    activity = child_of_plan(Activity, activity_id, plan)
    if may is not None:
        require(may(current_user, plan))
    return municipality, plan, activity


def post_from_page(form, field, service, *args, done):
    """A small form posted from the page it returns to: when it is valid, ``service`` runs
    through perform() and the outcome is flashed; otherwise the field's errors are."""
    if not form.validate_on_submit():
        flash(" ".join(form[field].errors) or _("The form could not be read."), "error")
    elif perform(service, *args):
        flash(done, "success")


def post_comment(service, activity, done):
    """A comment posted from the activity's page: ``service(activity, user, body)``, see post_from_page."""
    form = CommentForm()
    post_from_page(form, "body", service, activity, current_user, form.body.data, done=done)


def working_sheet(plan):
    sections = db.session.scalars(queries.working_copy(plan.id)).unique().all()
    return sections, Sheet(snapshot(plan, sections))


def working_snapshot(plan):
    return snapshot(plan, db.session.scalars(queries.working_copy(plan.id)).unique().all())


def sheet_for(plan, number=None):
    """(sheet, version) for version ``number``; when None, the working copy for those who
    work on it (``can_work_on_draft``), else the approved version in force."""
    if number is None:
        if can_work_on_draft(current_user, plan):
            return Sheet(kept_working_snapshot(plan, lambda: working_snapshot(plan))), None
        version = plan.approved_version
        if version is None:
            abort(404)
    else:
        version = db.session.scalar(queries.version_by_number(plan.id, number))
        if version is None:
            abort(404)
        if not plan.has_public_version and not is_member(current_user, plan.municipality_id):
            abort(404)
    return Sheet(version.snapshot), version


# --- plans -----------------------------------------------------------------------------

@bp.route("/m/<slug>/plans/")
@cached_page
def index(slug):
    municipality = load_municipality(slug)
    members = is_member(current_user, municipality)
    plans = db.session.scalars(queries.plans_of(municipality.id, members=members)).all()
    return render_template("plans/index.html", municipality=municipality, plans=plans)


@login_route(bp, "/m/<slug>/plans/new", methods=["GET", "POST"])
def create(slug):
    municipality = load_municipality(slug, can_create_plan)
    form = PlanForm()
    sedps = [p for p in db.session.scalars(queries.plans_of(municipality.id, members=True)) if p.kind == SEDP]
    form.sedp_id.choices = choices([(0, _("None"))] + [(p.id, p.title) for p in sedps])
    if form.validate_on_submit():
        sedp = next((p for p in sedps if p.id == form.sedp_id.data), None)
        if form.sedp_id.data and sedp is None:
            abort(404)
        done = perform(services.create_plan, municipality, current_user, kind=form.kind.data, title=form.title.data,
                       year_from=form.year_from.data, year_to=form.year_to.data, sedp=sedp, form=form)
        if done:
            flash(_("The plan is created. Add its sections (priorities) next."), "success")
            return redirect(url_for("plans.detail", slug=slug, plan_id=done.value.id))
    return render_template("plans/form.html", municipality=municipality, form=form, plan=None)


@bp.route("/m/<slug>/plans/<int:plan_id>")
@cached_page
def detail(slug, plan_id):
    municipality = load_municipality(slug)
    # The data version is read with the plan, before anything kept under it is read.
    found = db.session.execute(*queries.plan_page_with_version(municipality.id, plan_id)).first()
    if found is None:
        abort(404)
    plan, seen_version = found
    require(can_read_plan(current_user, plan))
    village, editable = _chosen_village(municipality), can_edit_plan(current_user, plan)
    form = ActionForm() if current_user.is_authenticated else None  # stage and section buttons: signed-in only
    locale, data_version = str(get_locale()), working_data_version(seen_version)
    if village is not None:  # drawn for the request
        with_kept_snapshot(plan.approved_version)
        sheet, version = sheet_for(plan)
        sheet, sheet_html = Sheet(sheet.data, village=village.name), None
    elif can_work_on_draft(current_user, plan):  # the working copy's sheet, kept drawn per data version
        sheet, version = None, None
        sheet_html = working_sheet_html(
            plan, municipality, locale=locale, editable=editable, form=form, version=data_version,
            sheet=lambda data_version: Sheet(kept_working_snapshot(plan, lambda: working_snapshot(plan), data_version)))
    else:  # the approved version's sheet, kept drawn (its Sheet is built only to draw it)
        sheet, version = None, plan.approved_version
        if version is None:
            abort(404)
        sheet_html = frozen_html(version, lambda: Sheet(with_kept_snapshot(version).snapshot), plan, municipality)
    timeline_html, panels_html = kept_page_parts(plan, municipality, locale=locale, version=data_version,
                                                 draw=lambda: _page_parts(plan, municipality))
    return render_template("plans/detail.html", municipality=municipality, plan=plan, sheet=sheet,
                           version=version, source=source_of(version), form=form,
                           add_section_html=add_section_html(plan, municipality, locale=locale, form=form)
                           if version is None and editable else None,
                           sheet_html=sheet_html, timeline_html=timeline_html, panels_html=panels_html,
                           village=village, my_village=_my_village(municipality))


def _page_parts(plan, municipality):
    """The plan page's timeline and the blocks other features add (read by the budget's panel:
    the approved snapshot), drawn: the same for every visitor."""
    with_kept_snapshot(plan.approved_version)
    timeline = db.session.scalars(*queries.timeline(plan.id)).all()
    return (render_template("plans/_timeline.html", timeline=timeline),
            render_template("plans/_panels.html", panels=panels.build_all(plan), plan=plan, municipality=municipality))


def _chosen_village(municipality):
    """``?village=<id>``: one of the municipality's villages (404 otherwise), or None."""
    raw = request.args.get("village", "")
    if not raw:
        return None
    village = next((v for v in municipality.villages if raw.isdecimal() and v.id == int(raw)), None)
    if village is None:
        abort(404)
    return village


def _my_village(municipality):
    """The signed-in visitor's village in this municipality (offered as a link, never forced)."""
    if not current_user.is_authenticated:
        return None
    for m in current_user.memberships:
        if m.municipality_id == municipality.id and m.is_active and m.village_id:
            return next((v for v in municipality.villages if v.id == m.village_id), None)
    return None


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/edit", methods=["GET", "POST"])
def edit(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id, can_edit_plan)
    form = PlanEditForm(obj=plan)
    if form.validate_on_submit():
        if perform(services.update_plan, plan, current_user, title=form.title.data, year_from=form.year_from.data,
                   year_to=form.year_to.data, form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id))
    return render_template("plans/form.html", municipality=municipality, form=form, plan=plan)


# --- sections --------------------------------------------------------------------------

@login_route(bp, "/m/<slug>/plans/<int:plan_id>/sections", methods=["POST"])
def section_add(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id, can_edit_plan)
    form = SectionForm()
    del form.group_id
    post_from_page(form, "title", services.add_section, plan, current_user, form.title.data,
                   done=_("The section is added."))
    return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id) + "#sections")


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/sections/<int:plan_section_id>/edit", methods=["GET", "POST"])
def section_edit(slug, plan_id, plan_section_id):
    municipality, plan = load_plan(slug, plan_id)
    section = child_of_plan(Section, plan_section_id, plan)
    require(can_edit_section(current_user, plan, section))
    form = SectionForm(obj=section)
    groups = db.session.scalars(queries.groups(plan.id)).all()
    form.group_id.choices = choices([(0, _("None"))] + [(g.id, g.name) for g in groups])
    if request.method == "GET":
        form.group_id.data = section.group_id or 0
    if form.validate_on_submit():
        group = None
        if form.group_id.data:
            group = child_of_plan(InitiativeGroup, form.group_id.data, plan)
        if perform(services.update_section, section, current_user, form.title.data, group, form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id) + f"#s{section.id}")
    return render_template("plans/section_form.html", municipality=municipality, plan=plan, section=section,
                           form=form, action_form=ActionForm())


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/sections/<int:plan_section_id>/move", methods=["POST"])
def section_move(slug, plan_id, plan_section_id):
    municipality, plan = load_plan(slug, plan_id)
    section = child_of_plan(Section, plan_section_id, plan)
    require(can_edit_plan(current_user, plan))
    if ActionForm().validate_on_submit():
        perform(services.move_section, section, current_user, request.form.get("direction", ""))
    return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id) + f"#s{section.id}")


# --- stages ----------------------------------------------------------------------------

STAGE_ACTIONS = {
    "open_discussion": (can_open_discussion, services.open_discussion),
    "submit": (can_submit_plan, services.submit_plan),
    "start_implementation": (can_start_implementation, services.start_implementation),
    "complete": (can_complete_plan, services.complete_plan),
}
def _stage_message(action):
    return {
        "open_discussion": _("The plan is open for public discussion."),
        "submit": _("The plan is submitted to the council; this version is frozen for review."),
        "start_implementation": _("The plan is in implementation."),
        "complete": _("The plan is completed."),
    }[action]


CONFIRMED = ("open_discussion", "submit")  # these two ask for confirmation on a page of their own


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/stage/<stage_action>", methods=["GET", "POST"])
def stage(slug, plan_id, stage_action):
    action = stage_action
    municipality, plan = load_plan(slug, plan_id)
    if action not in STAGE_ACTIONS:
        abort(404)
    predicate, service = STAGE_ACTIONS[action]
    require(predicate(current_user, plan))
    if action not in CONFIRMED:
        if request.method == "GET":
            abort(404)
        button(service, plan, current_user, done=_stage_message(action))
        return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id))
    form = OpenDiscussionForm() if action == "open_discussion" else SubmitForm()
    if request.method == "GET" and action == "open_discussion":
        form.ends_on.data = plan.discussion_ends_on if plan.discussion_ends_on and \
            plan.discussion_ends_on > discussion.today() else discussion.default_end()
    if form.validate_on_submit():
        extra = {"ends_on": form.ends_on.data} if action == "open_discussion" else {}
        if perform(service, plan, current_user, form=form, **extra):
            flash(_stage_message(action), "success")
            return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id))
    return render_template("plans/stage_confirm.html", municipality=municipality, plan=plan, form=form,
                           action=action)


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/amend", methods=["GET", "POST"])
def amend(slug, plan_id):
    municipality, plan = load_plan(slug, plan_id, can_amend_plan)
    form = AmendForm()
    if form.validate_on_submit():
        if perform(services.start_amendment, plan, current_user, form.note.data, form=form):
            flash(_("An amendment is started. The approved version stays in force until the council approves a new one."), "success")
            return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id))
    return render_template("plans/amend.html", municipality=municipality, plan=plan, form=form)


def frozen_html(version, sheet, plan, municipality):
    """The rendered sheet of a frozen version (cached: it never changes), or None; ``sheet()``
    gives its Sheet when it is drawn."""
    if version is None:
        return None
    return frozen_sheet_html(version, sheet, plan=plan, municipality=municipality, locale=str(get_locale()))

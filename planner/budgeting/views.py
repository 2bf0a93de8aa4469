"""Budgeting pages: the list, a ballot with its voting form (no JavaScript: the server shows
the running total and what is over budget), staff's setup and projects, results, .pb export
and import."""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..actions import perform
from ..ballot_sheets import sheet_context
from ..disclosure import MIN_GROUP
from ..errors import attempt
from ..extensions import db
from ..forms import ActionForm
from ..i18n import money as format_money
from ..models import utcnow
from ..municipalities.queries import load_municipality
from ..permissions import (
    can_manage_budgeting,
    can_see_budgeting_results,
    can_vote_budgeting,
    require,
)
from ..surveys.ballots.forms import to_local, to_utc
from ..surveys.models import Problem
from ..permissions import can_edit_plan
from ..plans.models import Plan
from . import exchange, mixing, planning, results, services
from .forms import (
    ImportForm,
    PbBallotForm,
    ProjectForm,
    VoteForm,
    reason_text,
    style_sentence,
    votes_figure,
)
from .models import RULES, PbBallot, PbProject

bp = Blueprint("budgeting", __name__, template_folder="templates")
REFRESH_SECONDS = 15  # the results page reloads itself this often while a count runs


def _money(municipality):
    return lambda amount: format_money(amount, municipality.currency)


def _load(slug, pb_id):
    municipality = load_municipality(slug)
    ballot = db.session.scalar(select(PbBallot).where(PbBallot.id == pb_id)
                               .options(selectinload(PbBallot.projects).selectinload(PbProject.villages)))
    if ballot is None or ballot.municipality_id != municipality.id:
        abort(404)
    return municipality, ballot


def _fields(form, municipality):
    return dict(title=form.title.data, description=form.description.data, style=form.style.data,
                rule=form.rule.data, budget=form.budget.data, max_choices=form.max_choices.data,
                min_spend=form.min_spend.data, min_projects=form.min_projects.data,
                opens_at=to_utc(form.opens_at.data, municipality), closes_at=to_utc(form.closes_at.data, municipality))


@bp.route("/m/<slug>/budgeting")
def index(slug):
    municipality = load_municipality(slug)
    items = db.session.scalars(services.ballots_list(municipality)).all()
    return render_template("budgeting/index.html", municipality=municipality, ballots=items, now=utcnow(),
                           manage=can_manage_budgeting(current_user, municipality))


@bp.route("/m/<slug>/budgeting/new", methods=["GET", "POST"])
@login_required
def create(slug):
    municipality = load_municipality(slug, can_manage_budgeting)
    form = PbBallotForm()
    if form.validate_on_submit():
        done = perform(services.create_ballot, municipality, current_user, form=form, **_fields(form, municipality))
        if done:
            flash(_("The budgeting ballot is saved. Add its projects."), "success")
            return redirect(url_for("budgeting.edit", slug=slug, pb_id=done.value.id))
    status = 400 if request.method == "POST" else 200
    return render_template("budgeting/form.html", municipality=municipality, form=form, ballot=None), status


def _project_form(municipality):
    form = ProjectForm()
    form.village_ids.choices = [(v.id, v.name) for v in municipality.villages]
    problems = db.session.scalars(select(Problem).where(Problem.municipality_id == municipality.id,
                                                        Problem.status == "accepted").order_by(Problem.id)).all()
    form.problem_id.choices = [(0, "—")] + [(p.id, p.text[:120]) for p in problems]
    return form


@bp.route("/m/<slug>/budgeting/<int:pb_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug, pb_id):
    municipality, ballot = _load(slug, pb_id)
    require(can_manage_budgeting(current_user, municipality))
    locked = services.has_votes(ballot)
    form = PbBallotForm(obj=ballot)
    if request.method == "GET":
        form.opens_at.data = to_local(ballot.opens_at, municipality)
        form.closes_at.data = to_local(ballot.closes_at, municipality)
    status = 200
    if form.validate_on_submit():
        if perform(services.update_ballot, ballot, current_user, form=form, **_fields(form, municipality)):
            flash(_("Saved."), "success")
            return redirect(url_for("budgeting.edit", slug=slug, pb_id=pb_id))
        municipality, ballot = _load(slug, pb_id)
    if request.method == "POST":
        status = 400
    return render_template("budgeting/form.html", municipality=municipality, form=form, ballot=ballot,
                           locked=locked, project_form=_project_form(municipality), remove_form=ActionForm(),
                           money=_money(municipality)), status


@bp.route("/m/<slug>/budgeting/<int:pb_id>/projects", methods=["POST"])
@login_required
def add_project(slug, pb_id):
    municipality, ballot = _load(slug, pb_id)
    require(can_manage_budgeting(current_user, municipality))
    form = _project_form(municipality)
    if form.validate_on_submit():
        done = perform(services.add_project, ballot, current_user, form=form, title=form.title.data,
                       description=form.description.data, cost=form.cost.data,
                       village_ids=form.village_ids.data or [], problem_id=form.problem_id.data or None)
        if done:
            flash(_("The project is added."), "success")
            return redirect(url_for("budgeting.edit", slug=slug, pb_id=pb_id) + "#projects")
        municipality, ballot = _load(slug, pb_id)
    return render_template("budgeting/form.html", municipality=municipality, form=PbBallotForm(obj=ballot),
                           ballot=ballot, locked=services.has_votes(ballot), project_form=form,
                           remove_form=ActionForm(), money=_money(municipality)), 400


@bp.route("/m/<slug>/budgeting/<int:pb_id>/projects/<int:project_id>/remove", methods=["POST"])
@login_required
def remove_project(slug, pb_id, project_id):
    municipality, ballot = _load(slug, pb_id)
    require(can_manage_budgeting(current_user, municipality))
    project = next((p for p in ballot.projects if p.id == project_id), None)
    if project is None:
        abort(404)
    if ActionForm().validate_on_submit() and perform(services.remove_project, ballot, current_user, project):
        flash(_("The project is removed."), "success")
    return redirect(url_for("budgeting.edit", slug=slug, pb_id=pb_id) + "#projects")


def _detail(municipality, ballot, choices, participation, status=200, checked=False):
    money = _money(municipality)
    total = services.paper_total(ballot, choices)
    return render_template("budgeting/detail.html", municipality=municipality, ballot=ballot, form=VoteForm(),
                           choices=choices, participation=participation, total=total, checked=checked,
                           points=sum(choices.values()), money=money, sentence=style_sentence(ballot, money),
                           now=utcnow()), status


@bp.route("/m/<slug>/budgeting/<int:pb_id>")
def detail(slug, pb_id):
    municipality, ballot = _load(slug, pb_id)
    mine, participation = services.my_vote(ballot, current_user)
    return _detail(municipality, ballot, mine, participation)


@bp.route("/m/<slug>/budgeting/<int:pb_id>/vote", methods=["POST"])
@login_required
def vote(slug, pb_id):
    """``action=check``: show the running total of the ticked projects, save nothing;
    otherwise send the vote. A refusal shows the page again with the choices kept."""
    municipality, ballot = _load(slug, pb_id)
    require(can_vote_budgeting(current_user, ballot))
    _mine, participation = services.my_vote(ballot, current_user)
    if not VoteForm().validate_on_submit():
        flash(_("The form had expired or was sent from another page. Nothing was counted; vote again."), "error")
        return redirect(url_for("budgeting.detail", slug=slug, pb_id=pb_id))
    choices, refused = attempt(services.read_choices, ballot, request.form)
    if refused:
        flash(refused.message, "error")
        return _detail(municipality, ballot, {}, participation, 400)
    if request.form.get("action") == "check":
        _nothing, refused = attempt(services.check_choices, ballot, choices, _money(municipality))
        if refused:
            flash(refused.message, "error")
        return _detail(municipality, ballot, choices, participation, checked=True)
    done = perform(services.cast_vote, ballot, current_user, choices, _money(municipality))
    if not done:
        municipality, ballot = _load(slug, pb_id)
        return _detail(municipality, ballot, choices, participation, 400)
    flash(_("Your vote is recorded. You can change it until voting closes; only your last vote counts.")
          if done.value == 1 else _("Your changed vote is recorded and replaces the earlier one."), "success")
    return redirect(url_for("budgeting.detail", slug=slug, pb_id=pb_id) + "#your-vote")


@bp.route("/m/<slug>/budgeting/<int:pb_id>/print")
def print_ballot(slug, pb_id):
    """The A4 paper ballot for village gatherings: 1, 2 or 4 on a sheet (``?per_sheet=``)."""
    municipality, ballot = _load(slug, pb_id)
    money = _money(municipality)
    return render_template("budgeting/print.html", municipality=municipality, ballot=ballot, money=money,
                           sentence=style_sentence(ballot, money), **sheet_context())


def _settle(ballot, now):
    """A closed ballot's last sealed papers are mixed before anything is counted."""
    if ballot.is_closed(now) and mixing.pending(ballot.id):
        perform(mixing.settle, ballot, now)


@bp.route("/m/<slug>/budgeting/<int:pb_id>/results")
def results_page(slug, pb_id):
    municipality, ballot = _load(slug, pb_id)
    now = utcnow()
    counted = channels = state = None
    if can_see_budgeting_results(current_user, ballot, now):
        _settle(ballot, now)
        channels, state = perform(results.for_page, ballot).value  # a large ballot is never counted here
        counted = channels["all"] if channels else None
    money = _money(municipality)
    projects = {p.id: p for p in ballot.projects}
    reasons = {}
    if counted:
        reasons = {pid: reason_text(*row["reason"], money) for pid, row in counted["projects"].items()}
    plans = []
    if counted and not any(p.activity_id for p in ballot.projects):
        plans = [p for p in db.session.scalars(planning.editable_plans(municipality)) if can_edit_plan(current_user, p)]
    return render_template("budgeting/results.html", municipality=municipality, ballot=ballot, counted=counted,
                           projects=projects, reasons=reasons, money=money, RULES=RULES, now=now, plans=plans,
                           channels=channels, min_group=MIN_GROUP, state=state, current=results.CURRENT,
                           plan_form=ActionForm(), refresh=REFRESH_SECONDS, votes_figure=votes_figure)


@bp.route("/m/<slug>/budgeting/<int:pb_id>/to-plan", methods=["POST"])
@login_required
def to_plan(slug, pb_id):
    """The winners become activities of a new section of the chosen draft plan."""
    municipality, ballot = _load(slug, pb_id)
    require(can_manage_budgeting(current_user, municipality))
    plan_id = request.form.get("plan_id", "")
    plan = db.session.get(Plan, int(plan_id)) if plan_id.isdecimal() else None
    if plan is not None:
        require(can_edit_plan(current_user, plan))
    if ActionForm().validate_on_submit():
        done = perform(planning.to_plan_section, ballot, current_user, plan)
        if done:
            flash(_("The winning projects are now activities of the plan: split their cost by funding source "
                    "there."), "success")
            return redirect(url_for("plans.detail", slug=slug, plan_id=plan.id))
    return redirect(url_for("budgeting.results_page", slug=slug, pb_id=pb_id))


@bp.route("/m/<slug>/budgeting/<int:pb_id>/export.pb")
def export(slug, pb_id):
    municipality, ballot = _load(slug, pb_id)
    now = utcnow()
    require(can_see_budgeting_results(current_user, ballot, now))
    _settle(ballot, now)
    counted = perform(results.current, ballot).value["all"]
    text = exchange.export_pb(ballot, selected=set(counted["picks"][ballot.rule]))
    response = make_response(text)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{municipality.slug}-pb-{ballot.id}.pb"'
    return response


@bp.route("/m/<slug>/budgeting/import", methods=["GET", "POST"])
@login_required
def import_file(slug):
    municipality = load_municipality(slug, can_manage_budgeting)
    form = ImportForm()
    if form.validate_on_submit():
        raw = form.file.data.read(exchange.MAX_FILE + 1)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is None or len(raw) > exchange.MAX_FILE:
            form.file.errors = [_("This file could not be read as a pabulib .pb file.")]
        else:
            done = perform(exchange.import_pb, municipality, current_user, text, form=form)
            if done:
                flash(_("The file is imported as a closed ballot."), "success")
                return redirect(url_for("budgeting.results_page", slug=slug, pb_id=done.value.id))
    status = 400 if request.method == "POST" else 200
    return render_template("budgeting/import.html", municipality=municipality, form=form), status

"""The problem register: public list, adding and editing, merging duplicates, marking for
the vote, and the review of problems residents add."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from ..page_cache import cached_page
from ..actions import perform
from ..extensions import db
from ..forms import choices
from ..municipalities.queries import child_or_404, load_municipality
from ..permissions import can_manage_problems, can_propose_problem, can_support
from . import problem_register, problems
from .problem_rows import ProblemCards
from .forms import (
    MEETING_KIND_LABELS,
    SECTOR_LABELS,
    MergeForm,
    ProblemForm,
    ProposeProblemForm,
    ReviewForm,
    template_labels,
)
from .models import SECTORS, Meeting, Problem, Survey
from ..forms import ActionForm
from ..routing import login_route
from ..supports import queries as supports

bp = Blueprint("problems", __name__)
bp.context_processor(template_labels)


@bp.route("/m/<slug>/problems")
@cached_page
def index(slug):
    municipality = load_municipality(slug)
    village_id = request.args.get("village", type=int)
    village_id = village_id if village_id in {v.id for v in municipality.villages} else None
    sector = request.args.get("sector") if request.args.get("sector") in SECTORS else None
    for_vote = request.args.get("vote") == "1"
    kept = problem_register.register(municipality, village_id, sector, for_vote)
    items = kept.problems
    order = request.args.get("sort", "") if request.args.get("sort") in supports.ORDERS else ""
    # the viewer's own supports are among the problems that have any
    support_tally = supports.Tally(counts=kept.supports, order=order,
                                   mine=problem_register.supported_by(current_user, kept.supports))
    items = supports.ordered(items, support_tally)
    manager = can_manage_problems(current_user, municipality)
    action_form = ActionForm()
    supportable = can_support(current_user, municipality)

    def draw():
        return Markup("").join(map(ProblemCards(municipality, support_tally, supportable, manager, action_form), items))

    if current_user.is_authenticated or supportable or manager or support_tally.mine:
        drawn = draw()
    else:  # the same cards for every anonymous visitor
        drawn = problem_register.anonymous_cards(municipality, kept, village_id, sector, for_vote, order, draw)
    return render_template("surveys/problems.html", municipality=municipality, problems=items, active=kept.active,
                           marked=kept.marked, waiting=kept.waiting, manager=manager, village_id=village_id,
                           sector=sector, for_vote=for_vote, action_form=action_form, support_tally=support_tally,
                           cards=[drawn])


def _problem_form(municipality, problem=None):
    form = ProblemForm(obj=problem)
    form.village_id.choices = choices([(0, _("Whole municipality"))] + [(v.id, v.name) for v in municipality.villages])
    meeting_rows = db.session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.kind).where(Meeting.municipality_id == municipality.id)
        .order_by(Meeting.held_on.desc())).all()
    survey_rows = db.session.execute(
        select(Survey.id, Survey.title).where(Survey.municipality_id == municipality.id).order_by(Survey.id.desc())).all()
    form.meeting_id.choices = choices([(0, "—")] + [(m.id, f"{format_date(m.held_on, 'medium')} · {MEETING_KIND_LABELS[m.kind]}")
                                                     for m in meeting_rows])
    form.survey_id.choices = choices([(0, "—")] + [(s.id, s.title) for s in survey_rows])
    if request.method == "GET" and problem is not None:
        form.village_id.data = problem.village_id or 0
        form.meeting_id.data = problem.meeting_id or 0
        form.survey_id.data = problem.survey_id or 0
    return form


def _fields(form):
    return {name: getattr(form, name).data for name in problems.FIELDS}


@login_route(bp, "/m/<slug>/problems/new", methods=["GET", "POST"])
def new(slug):
    municipality = load_municipality(slug, can_manage_problems)
    form = _problem_form(municipality)
    if request.method == "GET":
        form.meeting_id.data = request.args.get("meeting", type=int) or 0
        if form.meeting_id.data:
            form.source_kind.data = "meeting"
    if form.validate_on_submit():
        if perform(problems.add_problem, municipality, current_user, form=form, **_fields(form)):
            flash(_("The problem is added to the register."), "success")
            return redirect(url_for("problems.index", slug=slug))
    return render_template("surveys/problem_form.html", municipality=municipality, form=form, problem=None)


@login_route(bp, "/m/<slug>/problems/<int:problem_id>/edit", methods=["GET", "POST"])
def edit(slug, problem_id):
    municipality = load_municipality(slug, can_manage_problems)
    problem = child_or_404(Problem, problem_id, municipality)
    form = _problem_form(municipality, problem)
    merge_form = MergeForm(formdata=None)
    merge_form.target_id.choices = choices(
        [(0, _("Choose…"))] + [(p.id, p.text[:90]) for p in db.session.scalars(*problems.register(municipality))
                               if p.id != problem.id])
    if form.validate_on_submit():
        if perform(problems.update_problem, problem, municipality, current_user, form=form, **_fields(form)):
            flash(_("Saved."), "success")
            return redirect(url_for("problems.index", slug=slug) + f"#p{problem.id}")
    return render_template("surveys/problem_form.html", municipality=municipality, form=form, problem=problem,
                           merge_form=merge_form)


@login_route(bp, "/m/<slug>/problems/<int:problem_id>/merge", methods=["POST"])
def merge(slug, problem_id):
    municipality = load_municipality(slug, can_manage_problems)
    problem = child_or_404(Problem, problem_id, municipality)
    form = MergeForm()
    form.target_id.choices = None  # any id; the service checks it belongs here
    target_id = request.form.get("target_id", type=int)
    if ActionForm().validate_on_submit():
        target = db.session.get(Problem, target_id) if target_id else None
        if target is None or target.municipality_id != municipality.id:
            flash(_("Choose a problem of this municipality."), "error")
            return redirect(url_for("problems.edit", slug=slug, problem_id=problem.id))
        if not perform(problems.merge_problems, problem, target, current_user):
            return redirect(url_for("problems.edit", slug=slug, problem_id=problem.id))
        flash(_("The problems are merged: the count is added up and the sources are kept."), "success")
        return redirect(url_for("problems.index", slug=slug) + f"#p{target.id}")
    return redirect(url_for("problems.edit", slug=slug, problem_id=problem.id))


@login_route(bp, "/m/<slug>/problems/<int:problem_id>/vote", methods=["POST"])
def vote(slug, problem_id):
    municipality = load_municipality(slug, can_manage_problems)
    problem = child_or_404(Problem, problem_id, municipality)
    if ActionForm().validate_on_submit():
        perform(problems.set_for_vote, problem, current_user, request.form.get("mark") == "1")
    return redirect(url_for("problems.index", slug=slug) + f"#p{problem.id}")


@login_route(bp, "/m/<slug>/problems/propose", methods=["GET", "POST"])
def propose(slug):
    municipality = load_municipality(slug, can_propose_problem)
    form = ProposeProblemForm()
    form.village_id.choices = choices([(0, _("Whole municipality"))] + [(v.id, v.name) for v in municipality.villages])
    if form.validate_on_submit():
        if perform(problems.propose_problem, municipality, current_user, form.text.data, form.village_id.data,
                   form.sector.data, form=form):
            flash(_("Thank you. The initiative group will review your problem and add it to the register."), "success")
            return redirect(url_for("problems.index", slug=slug))
    return render_template("surveys/problem_propose.html", municipality=municipality, form=form)


@login_route(bp, "/m/<slug>/problems/review")
def review_list(slug):
    municipality = load_municipality(slug, can_manage_problems)
    items = db.session.scalars(problems.pending(municipality)).all()
    return render_template("surveys/problems_review.html", municipality=municipality, problems=items,
                           form=ReviewForm(formdata=None), sector_labels=SECTOR_LABELS)


@login_route(bp, "/m/<slug>/problems/<int:problem_id>/review", methods=["POST"])
def review(slug, problem_id):
    municipality = load_municipality(slug, can_manage_problems)
    problem = child_or_404(Problem, problem_id, municipality)
    form = ReviewForm()
    if form.validate_on_submit() and perform(problems.review_problem, problem, current_user, form.decision.data):
        flash(_("The problem is taken into the register.") if form.decision.data == "accepted"
              else _("The problem is not taken into the register."), "success")
    return redirect(url_for("problems.review_list", slug=slug))

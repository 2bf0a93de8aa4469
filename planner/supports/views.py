"""Support and withdraw, by POST forms that work without JavaScript: one route for plan
proposals, one for problems in the register."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import perform
from ..extensions import db
from ..forms import ActionForm
from ..municipalities.queries import child_or_404, load_municipality
from ..permissions import can_read_working_copy, can_support, membership, require
from ..plans import queries as plan_queries
from ..plans.models import Proposal
from ..roles import RESIDENT
from ..routing import login_route
from ..surveys.models import Problem
from ..web import render_error, safe_next
from . import queries, services

bp = Blueprint("supports", __name__, template_folder="templates")


@bp.record_once
def _template_globals(state):
    state.app.jinja_env.globals["support_sort_url"] = queries.sort_url


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/proposals/<int:proposal_id>/support", methods=["POST"])
def proposal(slug, plan_id, proposal_id):
    municipality = load_municipality(slug)
    plan = db.session.scalar(plan_queries.plan_in(municipality.id, plan_id))
    if plan is None:
        abort(404)
    require(can_read_working_copy(current_user, plan))
    target = db.session.get(Proposal, proposal_id)
    if target is None or target.plan_id != plan.id:
        abort(404)
    return _support(municipality, target, url_for("plans.proposals", slug=slug, plan_id=plan.id))


@login_route(bp, "/m/<slug>/problems/<int:problem_id>/support", methods=["POST"])
def problem(slug, problem_id):
    municipality = load_municipality(slug)
    return _support(municipality, child_or_404(Problem, problem_id, municipality), url_for("problems.index", slug=slug))


def refusal(user, municipality) -> str:
    """Why ``user`` may not support here, in words."""
    asked = membership(user, municipality, RESIDENT)
    if asked is not None and not asked.is_active:
        return _("Your residency has not been verified yet. Once the municipality's staff verify it, you can support proposals and problems.")
    return _("Only verified residents of %(name)s can support its proposals and problems.", name=municipality.name)


def _support(municipality, target, back):
    if not ActionForm().validate_on_submit():
        abort(400)
    if not can_support(current_user, municipality):
        return render_error(403, refusal(current_user, municipality))
    wanted = request.form.get("support") != "0"
    done = perform(services.set_support, target, current_user, municipality.id, wanted)
    if done:
        flash(_("Your support is counted.") if wanted else _("Your support is withdrawn."), "success")
    page = safe_next(request.form["next"]) if request.form.get("next") else back
    return redirect(f"{page}#p{target.id}")

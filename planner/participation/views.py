"""The "my participation" page (``/account/participation``), linked from the account menu."""
from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user

from ..extensions import db
from ..models import utcnow
from ..plans.forms import PROPOSAL_STATUS_LABELS
from ..routing import login_route
from ..surveys.forms import CHANNEL_LABELS, PROBLEM_STATUS_LABELS
from . import queries

bp = Blueprint("participation", __name__, template_folder="templates")


@login_route(bp, "/account/participation")
def mine():
    """Everything on it belongs to the signed-in user, so the only rule is being signed in."""
    uid = current_user.id
    run = db.session.execute
    return render_template(
        "participation/mine.html",
        proposals=run(queries.proposals(uid)).unique().all(),
        problems=run(queries.problems(uid)).unique().all(),
        comments=run(queries.comments(uid)).all(),
        ballots=run(queries.ballots(uid)).all(),
        budgeting=run(queries.budgeting_ballots(uid)).all(),
        surveys=db.session.scalars(queries.surveys(uid)).all(),
        supports=run(queries.supports(uid)).all(),
        now=utcnow(), today=date.today(),
        PROPOSAL_STATUS_LABELS=PROPOSAL_STATUS_LABELS, PROBLEM_STATUS_LABELS=PROBLEM_STATUS_LABELS,
        CHANNEL_LABELS=CHANNEL_LABELS)

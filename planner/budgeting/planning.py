"""After the vote: the winning projects become the activities of a new section of a draft
plan, in one step, each with its cost as local budget money (staff then split it by funding
source); every project keeps the link to its activity."""
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import ServiceError
from ..extensions import db
from ..models import utcnow
from ..plans import services as plan_services
from ..plans.models import Plan
from . import mixing, results


def editable_plans(municipality):
    """The municipality's plans that can still take a section (draft or in discussion)."""
    return select(Plan).where(Plan.municipality_id == municipality.id,
                              Plan.stage.in_(("draft", "discussion"))).order_by(Plan.id.desc())


def to_plan_section(ballot, by, plan, now=None):
    """A section named after the ballot, with an activity per winner under the ballot's rule."""
    if not ballot.is_closed(now or utcnow()):
        raise ServiceError(_("The winners are known once voting closes."), field="plan_id")
    if plan is None or plan.municipality_id != ballot.municipality_id:
        raise ServiceError(_("Choose a plan of this municipality."), field="plan_id")
    if any(p.activity_id for p in ballot.projects):
        raise ServiceError(_("The winners are already in a plan."), field="plan_id")
    mixing.settle(ballot, now)
    winners = results.results(ballot)["picks"][ballot.rule]
    if not winners:
        raise ServiceError(_("This ballot has no winners."), field="plan_id")
    projects = {p.id: p for p in ballot.projects}
    section = plan_services.add_section(plan, by, ballot.title)
    db.session.flush()
    for pid in winners:
        project = projects[pid]
        activity = plan_services.add_activity(section, by, {
            "description": project.title,
            "problem": project.problem.text if project.problem else "",
            "expected_result": project.description,
            "fund_local": Decimal(project.cost),
            "villages": project.villages,
        })
        project.activity_id = activity.id
    db.session.flush()
    return section

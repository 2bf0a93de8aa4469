"""Where ballot options come from: problems marked for the vote, plan activities, or
free text.

An option keeps a snapshot of the text (later edits of the source do not change a ballot
people may already have voted on); ``problem_id`` / ``activity_id`` remember the source."""
from flask_babel import gettext as _
from sqlalchemy import select

from ...errors import ServiceError
from ...extensions import db
from ...plans.models import Activity, Plan
from ..models import Problem

ACTIVITY_CHOICES_MAX = 300


def problems_for_vote(municipality):
    return (select(Problem)
            .where(Problem.municipality_id == municipality.id, Problem.is_for_vote.is_(True),
                   Problem.status == "accepted", Problem.merged_into_id.is_(None))
            .order_by(Problem.id))


def activities_of(municipality):
    return (select(Activity.id, Activity.description, Plan.title)
            .join(Plan, Plan.id == Activity.plan_id)
            .where(Plan.municipality_id == municipality.id)
            .order_by(Plan.id.desc(), Activity.position, Activity.id)
            .limit(ACTIVITY_CHOICES_MAX))


def _with_linked(pairs, ballot, attribute):
    """Keep the sources the ballot already uses among the choices."""
    if ballot is not None:
        for option in ballot.options:
            source = getattr(option, attribute)
            if source and source not in pairs:
                pairs[source] = option.text
    return list(pairs.items())


def problem_choices(municipality, ballot=None):
    """(id, text) of the problems that can become options (plus those already linked)."""
    pairs = {p.id: p.text for p in db.session.scalars(problems_for_vote(municipality))}
    return _with_linked(pairs, ballot, "problem_id")


def activity_choices(municipality, ballot=None):
    pairs = {aid: f"{text} ({plan})" for aid, text, plan in db.session.execute(activities_of(municipality))}
    return _with_linked(pairs, ballot, "activity_id")


def linked_problem_ids(ballot):
    return [o.problem_id for o in ballot.options if o.problem_id]


def linked_activity_ids(ballot):
    return [o.activity_id for o in ballot.options if o.activity_id]


def free_texts(ballot):
    return [o.text for o in ballot.options if not o.problem_id and not o.activity_id]


def options_from(municipality, problem_ids, free_text, ballot=None, activity_ids=()):
    """[(text, extra fields)] for services.create_ballot / update_ballot: the chosen problems
    first (in register order), then the activities, then the free lines."""
    kept = {}
    if ballot is not None:
        kept = {(o.problem_id, o.activity_id): o.text for o in ballot.options}
    options = []
    if problem_ids:
        wanted = set(problem_ids)
        problems = db.session.scalars(select(Problem).where(Problem.id.in_(wanted)).order_by(Problem.id)).all()
        if len(problems) != len(wanted) or any(p.municipality_id != municipality.id for p in problems):
            raise ServiceError(_("Choose problems of this municipality."), field="problem_ids")
        for problem in problems:
            options.append((kept.get((problem.id, None), problem.text), {"problem_id": problem.id}))
    if activity_ids:
        wanted = set(activity_ids)
        rows = db.session.execute(select(Activity.id, Activity.description, Plan.municipality_id)
                                  .join(Plan, Plan.id == Activity.plan_id)
                                  .where(Activity.id.in_(wanted)).order_by(Activity.id)).all()
        if len(rows) != len(wanted) or any(mid != municipality.id for _a, _t, mid in rows):
            raise ServiceError(_("Choose activities of this municipality's plans."), field="activity_ids")
        for activity_id, text, _mid in rows:
            options.append((kept.get((None, activity_id), text), {"activity_id": activity_id}))
    lines = [line.strip() for line in (free_text or "").splitlines()]
    options.extend((line, {}) for line in lines if line)
    return options

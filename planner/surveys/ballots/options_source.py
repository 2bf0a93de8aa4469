"""Where ballot options come from: problems marked for the vote, or free text.

An option keeps a snapshot of the text (later edits of the problem do not change a
ballot people may already have voted on); ``problem_id`` remembers its source.
Plan activities as a source: see the note in the voting report (the plans branch had no
committed ``activities`` table when this was written)."""
from flask_babel import gettext as _
from sqlalchemy import select

from ...errors import ServiceError
from ...extensions import db
from ..models import Problem


def problems_for_vote(municipality):
    return (select(Problem)
            .where(Problem.municipality_id == municipality.id, Problem.is_for_vote.is_(True),
                   Problem.status == "accepted", Problem.merged_into_id.is_(None))
            .order_by(Problem.id))


def problem_choices(municipality, ballot=None):
    """(id, text) of the problems that can become options (plus those already linked)."""
    problems = {p.id: p.text for p in db.session.scalars(problems_for_vote(municipality))}
    if ballot is not None:
        for option in ballot.options:
            if option.problem_id and option.problem_id not in problems:
                problems[option.problem_id] = option.text
    return list(problems.items())


def linked_problem_ids(ballot):
    return [o.problem_id for o in ballot.options if o.problem_id]


def free_texts(ballot):
    return [o.text for o in ballot.options if not o.problem_id]


def options_from(municipality, problem_ids, free_text, ballot=None):
    """[(text, extra fields)] for services.create_ballot / update_ballot: the chosen problems
    first (in register order), then the free lines."""
    options = []
    if problem_ids:
        wanted = set(problem_ids)
        problems = db.session.scalars(select(Problem).where(Problem.id.in_(wanted)).order_by(Problem.id)).all()
        if len(problems) != len(wanted) or any(p.municipality_id != municipality.id for p in problems):
            raise ServiceError(_("Choose problems of this municipality."), field="problem_ids")
        kept = {o.problem_id: o.text for o in (ballot.options if ballot is not None else ()) if o.problem_id}
        for problem in problems:
            options.append((kept.get(problem.id, problem.text), {"problem_id": problem.id}))
    lines = [line.strip() for line in (free_text or "").splitlines()]
    options.extend((line, {}) for line in lines if line)
    return options

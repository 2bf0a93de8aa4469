"""The problem register: problems raised in meetings, surveys and by residents; merging
duplicates (the merged problem keeps its own links and adds to the count); marking which go
forward to the priority vote; reviewing what residents add."""
import functools

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from .. import audit
from ..notifications import services as notifications
from ..errors import ServiceError
from ..extensions import db
from ..municipalities.models import Village
from .models import Meeting, Problem, Survey

FIELDS = ("text", "village_id", "sector", "source_kind", "meeting_id", "survey_id", "times_raised")


@functools.cache
def _register(by_village, by_sector, for_vote):
    meeting = (Meeting.id, Meeting.kind, Meeting.held_on)
    survey = (Survey.id, Survey.title)
    query = (
        select(Problem)
        .where(Problem.municipality_id == bindparam("municipality_id"), Problem.status == "accepted",
               Problem.merged_into_id.is_(None))
        .options(joinedload(Problem.village).load_only(Village.name),
                 joinedload(Problem.meeting).load_only(*meeting), joinedload(Problem.survey).load_only(*survey),
                 selectinload(Problem.merged).options(joinedload(Problem.meeting).load_only(*meeting),
                                                      joinedload(Problem.survey).load_only(*survey)))
        .order_by(Problem.is_for_vote.desc(), Problem.times_raised.desc(), Problem.id)
    )
    return filtered(query, by_village, by_sector, for_vote)


def filtered(query, by_village, by_sector, for_vote):
    """``query`` narrowed by the register's filters, their values bound (``village_id``, ``sector``)."""
    if by_village:
        query = query.where(Problem.village_id == bindparam("village_id"))
    if by_sector:
        query = query.where(Problem.sector == bindparam("sector"))
    if for_vote:
        query = query.where(Problem.is_for_vote.is_(True))
    return query


def register(municipality, village_id=None, sector=None, for_vote=None):
    """``(statement, parameters)``: the active problems (accepted, not merged), most raised
    first, with their merged duplicates, and of their village, meeting and survey what the
    register shows. The statement is built once per combination of filters: its loader
    options cost more to build than the query takes."""
    parameters = {"municipality_id": municipality.id}
    if village_id:
        parameters["village_id"] = village_id
    if sector:
        parameters["sector"] = sector
    return _register(bool(village_id), bool(sector), bool(for_vote)), parameters


def pending(municipality):
    return (
        select(Problem)
        .where(Problem.municipality_id == municipality.id, Problem.status == "pending")
        .options(selectinload(Problem.village), selectinload(Problem.created_by))
        .order_by(Problem.created_at)
    )


def for_vote(municipality_id):
    """The problems marked for the priority vote (used by the ballots)."""
    return (
        select(Problem)
        .where(Problem.municipality_id == municipality_id, Problem.is_for_vote.is_(True),
               Problem.status == "accepted", Problem.merged_into_id.is_(None))
        .order_by(Problem.times_raised.desc(), Problem.id)
    )


@functools.cache
def _counts():
    active = (Problem.status == "accepted") & Problem.merged_into_id.is_(None)
    return select(
        func.count(Problem.id).filter(active),
        func.count(Problem.id).filter(active & Problem.is_for_vote.is_(True)),
        func.count(Problem.id).filter(Problem.status == "pending"),
    ).where(Problem.municipality_id == bindparam("municipality_id"))


def counts(municipality):
    """``(statement, parameters)``: (active, for the vote, waiting for review) in one query,
    the statement built once."""
    return _counts(), {"municipality_id": municipality.id}


def _check_links(municipality, fields):
    village_id = fields.get("village_id")
    if village_id and village_id not in {v.id for v in municipality.villages}:
        raise ServiceError(_("Choose one of this municipality's villages."), field="village_id")
    meeting_id = fields.get("meeting_id")
    if meeting_id:
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None or meeting.municipality_id != municipality.id:
            raise ServiceError(_("Choose one of this municipality's meetings."), field="meeting_id")
    survey_id = fields.get("survey_id")
    if survey_id:
        survey = db.session.get(Survey, survey_id)
        if survey is None or survey.municipality_id != municipality.id:
            raise ServiceError(_("Choose one of this municipality's surveys."), field="survey_id")
    kind = fields.get("source_kind")
    if kind == "meeting" and not meeting_id:
        raise ServiceError(_("Choose the meeting where the problem was raised."), field="meeting_id")
    if kind == "survey" and not survey_id:
        raise ServiceError(_("Choose the survey where the problem was raised."), field="survey_id")
    for key in ("village_id", "meeting_id", "survey_id"):
        if key in fields:
            fields[key] = fields[key] or None
    if "sector" in fields:
        fields["sector"] = fields["sector"] or "other"  # no sector chosen: unclassified, not the first in the list
    if kind != "meeting":
        fields["meeting_id"] = None
    if kind != "survey":
        fields["survey_id"] = None


def add_problem(municipality, by, **fields) -> Problem:
    _check_links(municipality, fields)
    problem = Problem(municipality_id=municipality.id, created_by_id=getattr(by, "id", None), status="accepted", **fields)
    db.session.add(problem)
    db.session.flush()
    audit.record(by, "problem.create", problem, municipality.id, problem.text[:200])
    return problem


def update_problem(problem, municipality, by, **fields) -> None:
    if problem.merged_into_id is not None:
        raise ServiceError(_("This problem was merged into another one; edit that one instead."))
    _check_links(municipality, fields)
    for key, value in fields.items():
        setattr(problem, key, value)
    audit.record(by, "problem.update", problem, municipality.id, problem.text[:200])


def propose_problem(municipality, by, text, village_id=None, sector="other") -> Problem:
    """A resident's problem: waits for the group's review before it enters the register."""
    fields = {"village_id": village_id or None}
    _check_links(municipality, fields)
    problem = Problem(municipality_id=municipality.id, created_by_id=by.id, text=text, sector=sector or "other",
                      source_kind="resident", status="pending", village_id=fields["village_id"])
    db.session.add(problem)
    db.session.flush()
    audit.record(by, "problem.propose", problem, municipality.id, text[:200])
    return problem


def review_problem(problem, by, decision) -> None:
    if problem.status != "pending":
        raise ServiceError(_("This problem has already been reviewed."))
    if decision not in ("accepted", "rejected"):
        raise ServiceError(_("Choose a decision from the list."), field="decision")
    problem.status = decision
    audit.record(by, "problem.review", problem, problem.municipality_id, decision)
    notifications.answered(problem.created_by_id, "problem_answered", decision,
                           municipality_id=problem.municipality_id, object_id=problem.id, excerpt=problem.text)


def merge_problems(duplicate, target, by) -> None:
    """Fold ``duplicate`` into ``target``: the count adds up, the duplicate keeps its links
    (meeting, survey, village) and is listed under the target; a mark for the vote carries over."""
    if duplicate.id == target.id:
        raise ServiceError(_("A problem cannot be merged into itself."), field="target_id")
    if duplicate.municipality_id != target.municipality_id:
        raise ServiceError(_("Choose a problem of this municipality."), field="target_id")
    if not duplicate.is_active:
        raise ServiceError(_("This problem is not in the register (merged or not reviewed yet)."))
    if not target.is_active:
        raise ServiceError(_("Choose a problem that is in the register."), field="target_id")
    target.times_raised += duplicate.times_raised
    target.is_for_vote = target.is_for_vote or duplicate.is_for_vote
    for child in list(duplicate.merged):
        child.merged_into_id = target.id
    duplicate.merged_into_id = target.id
    duplicate.is_for_vote = False
    db.session.flush()
    audit.record(by, "problem.merge", duplicate, duplicate.municipality_id, f"→ {target.id}")


def set_for_vote(problem, by, value: bool) -> None:
    if value and not problem.is_active:
        raise ServiceError(_("Only problems in the register can go to the vote."))
    problem.is_for_vote = bool(value)
    audit.record(by, "problem.vote_mark" if value else "problem.vote_unmark", problem, problem.municipality_id,
                 problem.text[:200])

"""Budgeting ballot operations: create and edit (the rule and everything else locked once a
vote is cast), projects, voting. Functions add and flush; views commit."""
import re

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, exists, select, update

from .. import audit
from ..actions import after_commit
from ..errors import ServiceError
from ..extensions import db
from ..mixing import voter_profile
from ..models import utcnow
from ..municipalities.models import Village
from ..surveys.ballots.services import insert_ignore, resident_membership
from ..surveys.models import Problem
from . import counts, mixing
from .models import (
    ONLINE,
    PAPER,
    POINTS,
    RULES,
    STYLES,
    UP_TO_K,
    WITHIN_BUDGET,
    PbBallot,
    PbPaperBatch,
    PbParticipation,
    PbProject,
    PbSealedVote,
    PbVote,
)

MAX_PROJECTS = 100
LOCKED_FIELDS = ("rule", "style", "budget", "max_choices", "min_spend", "min_projects")


# --- queries ---------------------------------------------------------------------------

def ballots_list(municipality):
    return ballots_list_of(municipality.id)


def ballots_list_of(municipality_id):
    return (select(PbBallot).where(PbBallot.municipality_id == municipality_id)
            .order_by(PbBallot.closes_at.desc(), PbBallot.id.desc()))


def has_votes(ballot) -> bool:
    """Anyone voted (sealed or mixed, or marked on paper), paper ballots are being entered, or
    the ballot came with votes (an import)."""
    return bool(db.session.scalar(select(exists().where(PbParticipation.ballot_id == ballot.id)
                                         | exists().where(PbVote.ballot_id == ballot.id)
                                         | exists().where(PbPaperBatch.ballot_id == ballot.id))))


def vote_rows(ballot):
    """(receipt, project_id, value) of every ballot paper, grouped by paper."""
    return db.session.execute(select(PbVote.receipt, PbVote.project_id, PbVote.value)
                              .where(PbVote.ballot_id == ballot.id).order_by(PbVote.receipt)).all()


# --- ballots ---------------------------------------------------------------------------

def _check_settings(*, style, rule, budget, max_choices, min_spend, min_projects, opens_at, closes_at):
    if style not in STYLES:
        raise ServiceError(_("Choose a voting style from the list."), field="style")
    if rule not in RULES:
        raise ServiceError(_("Choose a rule from the list."), field="rule")
    if not budget or budget < 1:
        raise ServiceError(_("Enter the budget, a whole amount above zero."), field="budget")
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        raise ServiceError(_("The ballot must close after it opens."), field="closes_at")
    if style in (UP_TO_K, POINTS) and (not max_choices or max_choices < 1):
        raise ServiceError(_("Enter how many projects a voter may choose, or how many points a voter has."),
                           field="max_choices")
    if min_spend is not None and min_spend > budget:
        raise ServiceError(_("The minimum spend cannot be more than the budget."), field="min_spend")
    if style == UP_TO_K and min_projects and min_projects > max_choices:
        raise ServiceError(_("The minimum number of projects cannot be more than k."), field="min_projects")


def create_ballot(municipality, by, *, title, description="", style, rule, budget, max_choices=1,
                  min_spend=None, min_projects=None, opens_at, closes_at) -> PbBallot:
    settings = dict(style=style, rule=rule, budget=budget, max_choices=max_choices or 1, min_spend=min_spend,
                    min_projects=min_projects or None, opens_at=opens_at, closes_at=closes_at)
    _check_settings(**settings)
    ballot = PbBallot(municipality_id=municipality.id, title=title, description=description or "",
                      created_by_id=getattr(by, "id", None), **settings)
    db.session.add(ballot)
    db.session.flush()
    audit.record(by, "pb.create", ballot, municipality.id, title)
    return ballot


def _lock(ballot):
    """The ballot's row, locked: a vote (which bumps ``version``) and an edit are ordered, so
    an edit never slips in after the first vote was counted."""
    db.session.execute(select(PbBallot.id).where(PbBallot.id == ballot.id).with_for_update())


def check_editable(ballot):
    _lock(ballot)
    if has_votes(ballot):
        raise ServiceError(_("Votes have been cast: the rule, the budget, the voting style and the projects can "
                             "no longer change."), field="rule")


def update_ballot(ballot, by, *, title, description="", style, rule, budget, max_choices=1, min_spend=None,
                  min_projects=None, opens_at, closes_at):
    settings = dict(style=style, rule=rule, budget=budget, max_choices=max_choices or 1, min_spend=min_spend,
                    min_projects=min_projects or None, opens_at=opens_at, closes_at=closes_at)
    _check_settings(**settings)
    _lock(ballot)
    if has_votes(ballot):
        changed = [name for name in LOCKED_FIELDS if getattr(ballot, name) != settings[name]]
        if changed:
            raise ServiceError(_("Votes have been cast: the rule, the budget, the voting style and the projects "
                                 "can no longer change."), field=changed[0])
        settings["opens_at"] = ballot.opens_at  # voting has started: only the closing time may move
    ballot.title, ballot.description = title, description or ""
    for name, value in settings.items():
        setattr(ballot, name, value)
    ballot.version += 1
    counts.changed(ballot.id)
    db.session.flush()
    audit.record(by, "pb.update", ballot, ballot.municipality_id, title)


def _villages(ballot, village_ids):
    if not village_ids:
        return []
    villages = db.session.scalars(select(Village).where(Village.id.in_(village_ids))).all()
    if len(villages) != len(set(village_ids)) or any(v.municipality_id != ballot.municipality_id for v in villages):
        raise ServiceError(_("Choose villages of this municipality."), field="village_ids")
    return villages


def add_project(ballot, by, *, title, cost, description="", village_ids=(), problem_id=None) -> PbProject:
    check_editable(ballot)
    if len(ballot.projects) >= MAX_PROJECTS:
        raise ServiceError(ngettext("A ballot can have at most %(num)s project.",
                                    "A ballot can have at most %(num)s projects.", MAX_PROJECTS), field="title")
    if not cost or cost < 1:
        raise ServiceError(_("Enter the project's cost, a whole amount above zero."), field="cost")
    if problem_id:
        problem = db.session.get(Problem, problem_id)
        if problem is None or problem.municipality_id != ballot.municipality_id:
            raise ServiceError(_("Choose a problem from this municipality's register."), field="problem_id")
    position = max((p.position for p in ballot.projects), default=0) + 1
    project = PbProject(position=position, title=title, description=description or "", cost=cost,
                        problem_id=problem_id or None)
    project.villages = _villages(ballot, village_ids)
    ballot.projects.append(project)
    ballot.version += 1
    counts.changed(ballot.id)
    db.session.flush()
    audit.record(by, "pb.project_add", ballot, ballot.municipality_id, title)
    return project


def remove_project(ballot, by, project):
    check_editable(ballot)
    ballot.projects.remove(project)
    ballot.version += 1
    counts.changed(ballot.id)
    db.session.flush()
    audit.record(by, "pb.project_remove", ballot, ballot.municipality_id, project.title)


# --- reading and checking a ballot paper -----------------------------------------------

_POINTS = re.compile(r"^points-(\d{1,12})$")


def _tampered():
    return ServiceError(_("The form was changed or damaged and could not be read. Nothing was counted; "
                          "reload the page and vote again."))


def read_choices(ballot, form) -> dict[int, int]:
    """{project_id: value} from the posted form: ``project`` boxes (approval) or
    ``points-<id>`` (points). Anything else that names a project is a tampered form."""
    ids = {p.id for p in ballot.projects}
    choices: dict[int, int] = {}

    def project(raw):
        raw = (raw or "").strip()
        if not re.fullmatch(r"\d{1,12}", raw) or int(raw) not in ids:
            raise ServiceError(_("One of the projects you sent is not on this ballot. Nothing was counted; "
                                 "reload the page and vote again."))
        return int(raw)

    if ballot.style != POINTS:
        if any(_POINTS.match(key) for key in form):
            raise _tampered()
        for raw in form.getlist("project"):
            choices[project(raw)] = 1
        return choices
    if "project" in form:
        raise _tampered()
    for key in form:
        match = _POINTS.match(key)
        if not match:
            continue
        value = (form.get(key) or "").strip()
        pid = project(match.group(1))
        if value in ("", "0"):
            continue
        if not re.fullmatch(r"\d{1,6}", value):
            raise ServiceError(_("Enter points as whole numbers."))
        choices[pid] = int(value)
    return choices


def paper_total(ballot, choices) -> int:
    """The cost of the chosen projects."""
    cost = {p.id: p.cost for p in ballot.projects}
    return sum(cost[pid] for pid in choices)


def choice_problem(ballot, choices: dict[int, int]):
    """What the style does not allow on a paper, as a code with its figures, or None. The one
    rule for both channels: an online paper with a problem is refused (:func:`check_choices`),
    a paper ballot with one is counted as invalid with the reason (budgeting/paper.py)."""
    if not choices:
        return "empty", {}
    total = paper_total(ballot, choices)
    n = len(choices)
    if ballot.style == WITHIN_BUDGET and total > ballot.budget:
        return "over_budget", {"total": total}
    if ballot.style == UP_TO_K and n > ballot.max_choices:
        return "over_k", {"n": n}
    if ballot.style == POINTS and sum(choices.values()) > ballot.max_choices:
        return "over_points", {"n": sum(choices.values())}
    if ballot.min_projects and n < ballot.min_projects:
        return "too_few", {"n": n}
    if ballot.min_spend and total < ballot.min_spend:
        return "under_min_spend", {"total": total}
    return None


def check_choices(ballot, choices: dict[int, int], money):
    """Refuses a paper the style does not allow, saying why. ``money`` formats amounts."""
    problem = choice_problem(ballot, choices)
    if problem is None:
        return
    code, figures = problem
    if code == "empty":
        raise ServiceError(_("Choose at least one project before sending your vote."))
    if code == "over_budget":
        raise ServiceError(_("The projects you chose cost %(total)s, more than the budget of %(budget)s. Untick a "
                             "project and send again.", total=money(figures["total"]), budget=money(ballot.budget)))
    if code == "over_k":
        raise ServiceError(ngettext("You chose %(n)s projects; you may choose at most %(num)s.",
                                    "You chose %(n)s projects; you may choose at most %(num)s.",
                                    ballot.max_choices, n=figures["n"]))
    if code == "over_points":
        raise ServiceError(ngettext("You gave %(n)s points; you have %(num)s point to spread.",
                                    "You gave %(n)s points; you have %(num)s points to spread.",
                                    ballot.max_choices, n=figures["n"]))
    if code == "too_few":
        raise ServiceError(ngettext("Choose at least %(num)s project.", "Choose at least %(num)s projects.",
                                    ballot.min_projects))
    raise ServiceError(_("The projects you chose cost %(total)s; choose projects worth at least %(min)s.",
                         total=money(figures["total"]), min=money(ballot.min_spend)))


# --- voting ----------------------------------------------------------------------------

def receipt_for(ballot_id, user_id) -> str:
    """A keyed hash of ballot and voter (planner/sealing.py's key): the same for every paper
    of this voter on this ballot, so a new one replaces the old, yet pb_votes holds no user id."""
    return mixing.receipt_for(ballot_id, user_id)


def cast_vote(ballot, user, choices: dict[int, int], money, now=None) -> int:
    """Record (or replace) ``user``'s ballot paper; returns its version. The UNIQUE
    (ballot_id, user_id) of the participations makes one row per person even when two tabs
    send at once; its row lock orders them, the last to commit counts."""
    now = now or utcnow()
    if now < ballot.opens_at:
        raise ServiceError(_("Voting has not started yet. Come back when the ballot opens."))
    if now >= ballot.closes_at:
        raise ServiceError(_("Voting has ended. Votes are no longer accepted."))
    membership = resident_membership(user, ballot)
    if membership is None:
        raise ServiceError(_("Only verified residents of %(name)s can vote. Ask to join the municipality; "
                             "staff will verify that you live here.", name=ballot.municipality.name))
    check_choices(ballot, choices, money)
    created = insert_ignore(PbParticipation.__table__, {
        "ballot_id": ballot.id, "user_id": user.id, "channel": ONLINE, "version": 1, "created_at": now,
        "updated_at": now})
    participation_id, version, channel = db.session.execute(
        select(PbParticipation.id, PbParticipation.version, PbParticipation.channel)
        .where(PbParticipation.ballot_id == ballot.id, PbParticipation.user_id == user.id).with_for_update()).one()
    if channel == PAPER:  # marked on the list at a gathering (budgeting/paper.py)
        raise ServiceError(_("You are marked on the list of residents as having voted on paper, so you cannot also "
                             "vote online."))
    if not created:
        version += 1
        db.session.execute(update(PbParticipation).where(PbParticipation.id == participation_id)
                           .values(version=version, updated_at=now))
    # The paper is written only sealed; mixing.mix_ballot moves it into pb_votes later, in a
    # shuffled batch and a transaction of its own (docs/threat-model.md).
    db.session.execute(delete(PbSealedVote).where(PbSealedVote.ballot_id == ballot.id,
                                                  PbSealedVote.tag == mixing.seal_tag(ballot.id, user.id)))
    db.session.add(mixing.seal_vote(ballot, user.id, choices, voter_profile(user, membership)))
    db.session.flush()
    counts.bump(ballot.id)
    audit.record(user, "pb.vote" if created else "pb.vote_change", ballot, ballot.municipality_id)
    after_commit(mixing.mix_after_vote(ballot.id))
    return version


def my_vote(ballot, user) -> tuple[dict[int, int], object]:
    if not getattr(user, "is_authenticated", False):
        return {}, None
    participation = db.session.scalar(select(PbParticipation).where(
        PbParticipation.ballot_id == ballot.id, PbParticipation.user_id == user.id))
    if participation is None:
        return {}, None
    if participation.channel == PAPER:  # their paper is in a ballot box: nothing of it is theirs to see
        return {}, participation
    return mixing.MIX.own_choices(ballot.id, mixing.seal_tag(ballot.id, user.id),
                                  receipt_for(ballot.id, user.id)), participation

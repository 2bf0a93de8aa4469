"""The "my participation" page's queries: one per kind of item, each with what its row shows.

Ballots and residents-only surveys are read from their participation tables only (who took
part, docs/threat-model.md): nothing here touches votes, sealed papers, receipts or
responses, so the page cannot show, and nobody can learn from it, what a person chose."""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, load_only

from ..budgeting.models import PbBallot, PbParticipation
from ..municipalities.models import Municipality
from ..plans.models import Activity, Comment, Plan, Proposal
from ..supports.models import Support
from ..surveys.ballots.models import Ballot, BallotParticipation
from ..surveys.models import Problem, Survey, SurveyParticipation


def _supports(column, target_id):
    return select(func.count()).where(column == target_id).correlate_except(Support).scalar_subquery()


def proposals(user_id):
    """My plan proposals with their plan, municipality and support count, newest first."""
    return (select(Proposal, Plan.title, Municipality.slug, Municipality.name,
                   _supports(Support.proposal_id, Proposal.id))
            .join(Plan, Plan.id == Proposal.plan_id).join(Municipality, Municipality.id == Plan.municipality_id)
            .where(Proposal.author_id == user_id)
            .options(joinedload(Proposal.activity).load_only(Activity.description),
                     joinedload(Proposal.merged_into).load_only(Activity.description),
                     joinedload(Proposal.applied_activity).load_only(Activity.description))
            .order_by(Proposal.id.desc()))


def problems(user_id):
    """The problems I proposed to a register (not those staff typed in from meetings)."""
    return (select(Problem, _supports(Support.problem_id, Problem.id))
            .where(Problem.created_by_id == user_id, Problem.source_kind == "resident")
            .options(joinedload(Problem.municipality).load_only(Municipality.slug, Municipality.name),
                     joinedload(Problem.merged_into).load_only(Problem.text))
            .order_by(Problem.id.desc()))


def comments(user_id):
    return (select(Comment.id, Comment.body, Comment.created_at, Comment.is_review, Comment.activity_id,
                   Activity.description, Plan.id.label("plan_id"), Plan.title, Municipality.slug)
            .select_from(Comment).join(Activity, Activity.id == Comment.activity_id).join(Plan, Plan.id == Comment.plan_id)
            .join(Municipality, Municipality.id == Plan.municipality_id)
            .where(Comment.author_id == user_id).order_by(Comment.id.desc()))


def ballots(user_id):
    """Priority ballots I took part in, online or marked as a paper voter: the ballot, never the paper."""
    return (select(Ballot.id, Ballot.title, Ballot.opens_at, Ballot.closes_at, BallotParticipation.channel,
                   Municipality.slug, Municipality.name)
            .select_from(BallotParticipation).join(Ballot, Ballot.id == BallotParticipation.ballot_id)
            .join(Municipality, Municipality.id == Ballot.municipality_id)
            .where(BallotParticipation.user_id == user_id).order_by(Ballot.closes_at.desc()))


def budgeting_ballots(user_id):
    return (select(PbBallot.id, PbBallot.title, PbBallot.opens_at, PbBallot.closes_at, Municipality.slug,
                   Municipality.name)
            .select_from(PbParticipation).join(PbBallot, PbBallot.id == PbParticipation.ballot_id)
            .join(Municipality, Municipality.id == PbBallot.municipality_id)
            .where(PbParticipation.user_id == user_id).order_by(PbBallot.closes_at.desc()))


def surveys(user_id):
    """Residents-only surveys I answered (a survey open to anyone with its link knows no account)."""
    return (select(Survey).join(SurveyParticipation, SurveyParticipation.survey_id == Survey.id)
            .where(SurveyParticipation.user_id == user_id)
            .options(load_only(Survey.id, Survey.title, Survey.opens_on, Survey.closes_on, Survey.is_public_results,
                               Survey.municipality_id),
                     joinedload(Survey.municipality).load_only(Municipality.slug, Municipality.name))
            .order_by(Survey.closes_on.desc()))


def supports(user_id):
    """What I support: the proposal or problem, its text and where it is."""
    return (select(Support.proposal_id, Support.problem_id, Proposal.plan_id,
                   func.coalesce(Proposal.text, Problem.text).label("text"), Municipality.slug, Municipality.name)
            .select_from(Support)
            .outerjoin(Proposal, Proposal.id == Support.proposal_id).outerjoin(Problem, Problem.id == Support.problem_id)
            .join(Municipality, Municipality.id == Support.municipality_id)
            .where(Support.user_id == user_id).order_by(Support.id.desc()))

"""Named queries for the plan pages, with the eager loading that keeps them flat."""
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from ..auth.models import User

from .models import (
    DRAFT,
    Activity,
    Comment,
    CouncilDecision,
    Hearing,
    InitiativeGroup,
    Plan,
    PlanVersion,
    Proposal,
    Section,
    StageChange,
)


def _version_label():
    """A plan version without its snapshot (which can be large): number and status only."""
    return (PlanVersion.id, PlanVersion.number, PlanVersion.status)


def plans_of(municipality_id, members=False):
    query = select(Plan).where(Plan.municipality_id == municipality_id)
    if not members:
        query = query.where(or_(Plan.stage != DRAFT, Plan.approved_version_id.is_not(None)))
    return query.order_by(Plan.year_from.desc(), Plan.id.desc())


def plans_for_page(municipality_id) -> list:
    """Every plan of the municipality, loaded once per request: the public page's sections
    (plans, monitoring) each filter what their visitor may see from the same list."""
    from flask import g

    from ..extensions import db

    key = f"planner.plans_of.{municipality_id}"
    if key not in g:
        setattr(g, key, db.session.scalars(plans_of(municipality_id, members=True)).all())
    return getattr(g, key)


def plan_in(municipality_id, plan_id):
    """The plan with its SEDP and its approved version's label (and ``created_at``, part of the
    kept snapshot's key, ``sheet_cache.with_kept_snapshot``); the snapshot itself is not loaded."""
    return (select(Plan).where(Plan.id == plan_id, Plan.municipality_id == municipality_id)
            .options(joinedload(Plan.sedp),
                     joinedload(Plan.approved_version).load_only(*_version_label(), PlanVersion.plan_id, PlanVersion.created_at)))


def working_copy(plan_id):
    """Sections (with their group) and activities (with villages and indicators): 2 queries."""
    return (select(Section).where(Section.plan_id == plan_id).order_by(Section.position, Section.id)
            .options(joinedload(Section.group),
                     selectinload(Section.activities).options(joinedload(Activity.villages),
                                                              joinedload(Activity.indicators))))


def timeline(plan_id):
    """Stage changes with their version's number and who made them (the name only: a user's
    memberships, loaded with every user, would cost a statement the timeline never reads)."""
    return (select(StageChange).where(StageChange.plan_id == plan_id).order_by(StageChange.id)
            .options(joinedload(StageChange.by).options(lazyload(User.memberships)).load_only(User.id, User.name),
                     joinedload(StageChange.version).load_only(*_version_label())))


def versions(plan_id):
    return (select(PlanVersion.id, PlanVersion.number, PlanVersion.status, PlanVersion.created_at, PlanVersion.total)
            .where(PlanVersion.plan_id == plan_id).order_by(PlanVersion.number))


def version_by_number(plan_id, number):
    return select(PlanVersion).where(PlanVersion.plan_id == plan_id, PlanVersion.number == number)


def hearings(plan_id):
    return (select(Hearing).where(Hearing.plan_id == plan_id).order_by(Hearing.held_on)
            .options(joinedload(Hearing.version).load_only(*_version_label())))


def decisions(plan_id):
    return (select(CouncilDecision).where(CouncilDecision.plan_id == plan_id).order_by(CouncilDecision.id)
            .options(joinedload(CouncilDecision.version).load_only(*_version_label())))


def groups(plan_id):
    return (select(InitiativeGroup).where(InitiativeGroup.plan_id == plan_id).order_by(InitiativeGroup.id)
            .options(selectinload(InitiativeGroup.members), selectinload(InitiativeGroup.sections)))


def proposals(plan_id):
    return (select(Proposal).where(Proposal.plan_id == plan_id).order_by(Proposal.id.desc())
            .options(joinedload(Proposal.author), joinedload(Proposal.section), joinedload(Proposal.activity),
                     joinedload(Proposal.merged_into), joinedload(Proposal.applied_activity)))


def activity_comments(activity_id):
    return (select(Comment).where(Comment.activity_id == activity_id).order_by(Comment.id)
            .options(joinedload(Comment.author), joinedload(Comment.version).load_only(*_version_label())))


def activity_proposals(activity_id):
    return (select(Proposal).where(Proposal.activity_id == activity_id).order_by(Proposal.id)
            .options(joinedload(Proposal.author), joinedload(Proposal.section), joinedload(Proposal.activity)))

"""Named queries for the plan pages, with the eager loading that keeps them flat."""
import functools

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from .. import page_cache
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
        setattr(g, key, db.session.scalars(_plans_for_page(), {"municipality_id": municipality_id}).all())
    return getattr(g, key)


@functools.cache
def _plans_for_page():
    """``plans_of(members=True)`` built once, as ``_plan_page``: the municipality's public page
    reads it on every visit."""
    return plans_of(bindparam("municipality_id"), members=True)


def _plan_options():
    """The plan with its SEDP and its approved version's label (and ``plan_id``, ``created_at``:
    part of the kept snapshot's key, ``sheet_cache.with_kept_snapshot``); the snapshot itself
    is not loaded."""
    return (joinedload(Plan.sedp),
            joinedload(Plan.approved_version).load_only(*_version_label(), PlanVersion.plan_id, PlanVersion.created_at))


def plan_in(municipality_id, plan_id):
    """The plan ``plan_id`` of the municipality (see ``_plan_options``)."""
    return select(Plan).where(Plan.id == plan_id, Plan.municipality_id == municipality_id).options(*_plan_options())


@functools.cache
def _plan_page():
    return (select(Plan).where(Plan.id == bindparam("plan_id"), Plan.municipality_id == bindparam("municipality_id"))
            .options(*_plan_options()))


def plan_page(municipality_id, plan_id):
    """``plan_in`` as ``(statement, parameters)`` for ``db.session.scalar``, the statement built
    once (on first use, when every model is mapped): every plan page loads its plan, and
    building the statement with its loader options cost about as much as running it."""
    return _plan_page(), {"plan_id": plan_id, "municipality_id": municipality_id}


@functools.cache
def _plan_page_with_version():
    return _plan_page().add_columns(page_cache.version_column())


def plan_page_with_version(municipality_id, plan_id):
    """``plan_page`` with the data version read in the same statement: ``(plan, version)``
    rows for ``db.session.execute`` (the plan page keeps what it draws per data version)."""
    return _plan_page_with_version(), {"plan_id": plan_id, "municipality_id": municipality_id}


def working_copy(plan_id):
    """Sections (with their group) and activities (with villages and indicators): 2 queries."""
    return (select(Section).where(Section.plan_id == plan_id).order_by(Section.position, Section.id)
            .options(joinedload(Section.group),
                     selectinload(Section.activities).options(joinedload(Activity.villages),
                                                              joinedload(Activity.indicators))))


@functools.cache
def _timeline():
    """Stage changes with their version's number and who made them (the name only: a user's
    memberships, loaded with every user, would cost a statement the timeline never reads).
    Built once, as ``_plan_page``."""
    return (select(StageChange).where(StageChange.plan_id == bindparam("plan_id")).order_by(StageChange.id)
            .options(joinedload(StageChange.by).options(lazyload(User.memberships)).load_only(User.id, User.name),
                     joinedload(StageChange.version).load_only(*_version_label())))


def timeline(plan_id):
    """``(statement, parameters)`` for ``db.session.scalars``."""
    return _timeline(), {"plan_id": plan_id}


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

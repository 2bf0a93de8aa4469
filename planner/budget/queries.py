"""Named queries of the budget pages, each with the loading its page needs."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .models import ADOPTED, BudgetLine, BudgetYear


def years(municipality_id: int, with_drafts: bool):
    query = select(BudgetYear).where(BudgetYear.municipality_id == municipality_id).order_by(BudgetYear.year.desc())
    return query if with_drafts else query.where(BudgetYear.status == ADOPTED)


def year_with_figures(municipality_id: int, year: int):
    """The year with its lines, their months and revisions: three more queries, whatever the size."""
    return (select(BudgetYear).where(BudgetYear.municipality_id == municipality_id, BudgetYear.year == year)
            .options(selectinload(BudgetYear.lines).selectinload(BudgetLine.months),
                     selectinload(BudgetYear.lines).selectinload(BudgetLine.revisions)))


def budgets_with_links(municipality_id: int):
    """Every budget of the municipality with its lines, their revisions and linked activities."""
    return (select(BudgetYear).where(BudgetYear.municipality_id == municipality_id)
            .options(selectinload(BudgetYear.lines).selectinload(BudgetLine.activities),
                     selectinload(BudgetYear.lines).selectinload(BudgetLine.revisions)))


def approved_plans(municipality_id: int):
    """The municipality's plans that have an approved version, with it."""
    from ..plans.models import Plan

    return (select(Plan).where(Plan.municipality_id == municipality_id, Plan.approved_version_id.is_not(None))
            .options(selectinload(Plan.approved_version)).order_by(Plan.year_from.desc(), Plan.id))


def plan_activities(activity_ids):
    from ..plans.models import Activity

    return select(Activity).where(Activity.id.in_(activity_ids))

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

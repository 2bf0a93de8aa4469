"""Named queries of the budget pages, each with the loading its page needs."""
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from .models import ADOPTED, EXPENSE, BudgetHearing, BudgetLine, BudgetYear, line_activities


def years(municipality_id: int, with_drafts: bool):
    query = select(BudgetYear).where(BudgetYear.municipality_id == municipality_id).order_by(BudgetYear.year.desc())
    if with_drafts:
        return query
    return query.where(or_(BudgetYear.status == ADOPTED,
                           BudgetYear.hearings.any(BudgetHearing.published_at.is_not(None))))


def year_with_figures(municipality_id: int, year: int):
    """The year with its lines, their months and revisions: three more queries, whatever the size."""
    return (select(BudgetYear).where(BudgetYear.municipality_id == municipality_id, BudgetYear.year == year)
            .options(selectinload(BudgetYear.lines).selectinload(BudgetLine.months),
                     selectinload(BudgetYear.lines).selectinload(BudgetLine.revisions),
                     selectinload(BudgetYear.hearings)))


def year_with_hearings(municipality_id: int, year: int):
    """The year with its hearings and their meetings (the pages show each one's date), in two
    queries, without its lines: the execution pages read those once per data version
    (``kept.lines``)."""
    return (select(BudgetYear).where(BudgetYear.municipality_id == municipality_id, BudgetYear.year == year)
            .options(selectinload(BudgetYear.hearings).joinedload(BudgetHearing.meeting)))


def years_for_summary(municipality_id: int, year: int):
    """The year and the one before, with their lines, revisions and the activities they fund."""
    return (select(BudgetYear).where(BudgetYear.municipality_id == municipality_id,
                                     BudgetYear.year.in_((year, year - 1)))
            .options(selectinload(BudgetYear.lines).selectinload(BudgetLine.revisions),
                     selectinload(BudgetYear.lines).selectinload(BudgetLine.activities),
                     selectinload(BudgetYear.hearings)))


def year_with_lines(municipality_id: int, year: int):
    """The year with its lines only (a hearing's page names them; no figures needed)."""
    return (select(BudgetYear).where(BudgetYear.municipality_id == municipality_id, BudgetYear.year == year)
            .options(selectinload(BudgetYear.lines)))


def hearing(budget_id: int, hearing_id: int):
    """A hearing with its meeting's attendance and its proposals. A proposal's line and
    village come from the identity map (the year's lines and the municipality's villages
    are loaded by the page), not from queries of their own."""
    from ..surveys.models import Meeting

    return (select(BudgetHearing).where(BudgetHearing.id == hearing_id, BudgetHearing.budget_id == budget_id)
            .options(joinedload(BudgetHearing.meeting).selectinload(Meeting.attendance),
                     selectinload(BudgetHearing.proposals)))


def hearing_meetings(municipality_id: int):
    """The municipality's recorded hearings, newest first (a budget hearing is one of them)."""
    from ..surveys.models import Meeting

    return (select(Meeting).where(Meeting.municipality_id == municipality_id, Meeting.kind == "hearing")
            .order_by(Meeting.held_on.desc(), Meeting.id.desc()))


def budgets_with_links(municipality_id: int):
    """Every budget of the municipality with its lines, their revisions and linked activities."""
    return (select(BudgetYear).where(BudgetYear.municipality_id == municipality_id)
            .options(selectinload(BudgetYear.lines).selectinload(BudgetLine.activities),
                     selectinload(BudgetYear.lines).selectinload(BudgetLine.revisions),
                     selectinload(BudgetYear.hearings)))


def adopted_links(plan):
    """(year, activity id) rows, one query: for each year of ``plan`` with an adopted budget,
    the plan's activities an expenditure line of it funds, or one (year, None) row when it
    funds none. Drafts never count: the figures are public."""
    from ..plans.models import Activity

    linked = and_(line_activities.c.line_id == BudgetLine.id,
                  line_activities.c.activity_id.in_(select(Activity.id).where(Activity.plan_id == plan.id)))
    return (select(BudgetYear.year, line_activities.c.activity_id).select_from(BudgetYear)
            .outerjoin(BudgetLine, and_(BudgetLine.budget_id == BudgetYear.id, BudgetLine.kind == EXPENSE,
                                        BudgetLine.is_group.is_(False)))
            .outerjoin(line_activities, linked)
            .where(BudgetYear.municipality_id == plan.municipality_id, BudgetYear.status == ADOPTED,
                   BudgetYear.year.between(plan.year_from, plan.year_to))
            .distinct())


def approved_plans(municipality_id: int, plan_id: int | None = None):
    """The municipality's plans that have an approved version (or the one ``plan_id``), with it."""
    from ..plans.models import Plan

    query = select(Plan) if plan_id is None else select(Plan).where(Plan.id == plan_id)
    return (query.where(Plan.municipality_id == municipality_id, Plan.approved_version_id.is_not(None))
            .options(selectinload(Plan.approved_version)).order_by(Plan.year_from.desc(), Plan.id))


def plan_activities(activity_ids):
    from ..plans.models import Activity

    return select(Activity).where(Activity.id.in_(activity_ids))

"""A year's lines with their figures, read once per data version.

The execution table and the staff's lines page read every line of the year with its months
and revisions (three queries and some hundred ORM objects per request), though the figures
change a few times a month. Here they are read once per data version into plain values
(``LineFigures``, with what ``execution``, ``by_month`` and the tables read of a line) and
kept in the app's cache (per process, or in Redis with ``PLANNER_CACHE_URL``), as survey
results' rows and a plan's working copy are: every write bumps the data version, so a
change shows at once. The version is read before the lines, so what is kept is at least as
new as its key; with writes not yet committed, or before the first version, the lines are
read afresh and not kept."""
from dataclasses import dataclass
from decimal import Decimal

from flask import g
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import page_cache
from ..extensions import db
from .models import BudgetLine


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: int
    plan: Decimal | None
    actual: Decimal | None


@dataclass(frozen=True, slots=True)
class LineFigures:
    """A budget line as the execution tables read it (``BudgetLine``'s names and meaning)."""

    id: int
    parent_id: int | None
    kind: str
    fund: str
    is_group: bool
    position: int
    code: str
    name: str
    names: dict | None
    revised: Decimal | None
    months: tuple

    def label(self, locale: str) -> str:
        return (self.names or {}).get(locale) or self.name


def lines_statement(budget_id: int):
    """The year's lines with their months and revisions: three queries, whatever the size."""
    return (select(BudgetLine).where(BudgetLine.budget_id == budget_id).order_by(BudgetLine.position)
            .options(selectinload(BudgetLine.months), selectinload(BudgetLine.revisions)))


def read_lines(budget_id: int) -> tuple:
    return tuple(
        LineFigures(x.id, x.parent_id, x.kind, x.fund, x.is_group, x.position, x.code, x.name,
                    dict(x.names) if x.names else x.names, x.revised,
                    tuple(MonthFigures(m.month, m.plan, m.actual) for m in x.months))
        for x in db.session.scalars(lines_statement(budget_id)))


def _version():
    """The data version, read once per request (the content and the lines it draws are kept
    under the same one); None with writes not yet committed, or before the first version."""
    if page_cache.uncommitted_writes():
        return None
    if "budget_data_version" not in g:
        g.budget_data_version = page_cache.current_version()
    return g.budget_data_version


def lines(budget) -> tuple:
    """``budget``'s lines with their figures (``LineFigures``), kept per data version."""
    return page_cache.kept("budget-lines", budget.id, _version(), lambda: read_lines(budget.id))


@dataclass(frozen=True, slots=True)
class YearSummary:
    """What the execution page reads of a year besides its content: ``can_read_budget``'s
    facts (``BudgetYear``'s names and meaning), the default scale, the title's year."""

    id: int
    municipality_id: int
    year: int
    scale: str
    is_adopted: bool
    is_presented: bool


def year_summary(municipality_id: int, year: int, read):
    """The year's ``YearSummary`` (None: no such year), kept per data version; ``read()``
    returns the ``BudgetYear`` (or None) when it is not kept."""
    def summary():
        budget = read()
        return None if budget is None else YearSummary(budget.id, budget.municipality_id, budget.year, budget.scale,
                                                       budget.is_adopted, budget.is_presented)

    return page_cache.kept("budget-year-summary", (municipality_id, year), _version(), summary)


def year_content(key: tuple, render) -> Markup:
    """The execution page's content (``budget/_year_content.html``), drawn by ``render()``
    once per data version and ``key``: everything else the content shows (the year, the
    municipality's address and currency, the language, the selection, the viewer's rights).
    Its tables, charts and links cost more than half of the page; no form token is in it."""
    return Markup(page_cache.kept("budget-year", key, _version(), lambda: str(render())))

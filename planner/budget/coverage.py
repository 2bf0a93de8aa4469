"""How much of a plan's local-budget share each year's adopted budget covers.

An activity's local-budget share is spread over the months it runs (start to end month,
both included) and each year takes the months that fall in it; an activity without dates is
spread evenly over the plan's years. An activity is covered in a year when an expenditure
line of that year's adopted budget is linked to it. Decimal throughout; each activity's
share of a year is rounded half up to the cent."""
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .execution import ZERO, percent

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class PlannedActivity:
    """An activity as the plan's approved version states it."""

    id: int
    number: str
    description: str
    local: Decimal
    start: date | None
    end: date | None


def _month(text):
    if not text:
        return None
    year, month = str(text).split("-")[:2]
    return date(int(year), int(month), 1)


def from_snapshot(snapshot: dict) -> list[PlannedActivity]:
    """The activities of a frozen plan version (``plans.snapshots`` shape)."""
    sections = {x["id"]: i for i, x in enumerate(snapshot.get("sections", []), start=1)}
    return [PlannedActivity(a["id"], f'{sections.get(a.get("section_id"), "")}.{a.get("number", "")}'.lstrip("."),
                            a.get("description", ""),
                            Decimal(a.get("funding", {}).get("local") or "0"), _month(a.get("start")),
                            _month(a.get("end")))
            for a in snapshot.get("activities", [])]


def _months(start, end):
    return (end.year - start.year) * 12 + end.month - start.month + 1


def year_share(activity, year: int, plan) -> Decimal:
    """The part of ``activity``'s local-budget share that falls in ``year``."""
    local = activity.local
    if not local:
        return ZERO
    start, end = activity.start, activity.end
    if start is None or end is None or end < start:
        years = plan.year_to - plan.year_from + 1
        return (local / years).quantize(_CENT, ROUND_HALF_UP) if plan.year_from <= year <= plan.year_to else ZERO
    if not start.year <= year <= end.year:
        return ZERO
    first = max(start, date(year, 1, 1))
    last = min(end, date(year, 12, 1))
    return (local * _months(first, last) / _months(start, end)).quantize(_CENT, ROUND_HALF_UP)


@dataclass
class YearCoverage:
    year: int
    adopted: bool = False  # the year has an adopted budget
    share: Decimal = ZERO  # the plan's local-budget share in the year
    covered: Decimal = ZERO  # of which activities with a budget line
    lines_plan: Decimal = ZERO  # the linked lines' revised annual plan
    budget: object = None  # the adopted budget of the year, if any
    missing: list = field(default_factory=list)  # (activity, share) without a budget line

    @property
    def percent(self):
        return percent(self.covered, self.share)


def year_rows(plan, activities, linked: dict[int, set]) -> list[YearCoverage]:
    """One row per year of ``plan``; ``activities``: PlannedActivity of its approved version;
    ``linked``: {year: ids of the activities an expenditure line of that year's adopted
    budget funds}, with a key for every year that has an adopted budget."""
    rows = []
    for year in range(plan.year_from, plan.year_to + 1):
        row, ids = YearCoverage(year, adopted=year in linked), linked.get(year, ())
        for activity in activities:
            share = year_share(activity, year, plan)
            if not share:
                continue
            row.share += share
            if activity.id in ids:
                row.covered += share
            else:
                row.missing.append((activity, share))
        rows.append(row)
    return rows


def plan_coverage(plan, activities, budgets) -> list[YearCoverage]:
    """``year_rows`` with each adopted budget and its linked lines' revised plan;
    ``budgets``: the municipality's budgets with their lines and the lines' activities loaded."""
    by_year = {b.year: b for b in budgets if b.is_adopted}
    lines = {year: [line for line in b.lines if line.kind == "expense" and not line.is_group and line.activities]
             for year, b in by_year.items()}
    rows = year_rows(plan, activities, {year: {a.id for line in ls for a in line.activities}
                                        for year, ls in lines.items()})
    for row in rows:
        row.budget = by_year.get(row.year)
        row.lines_plan = sum((line.revised or ZERO for line in lines.get(row.year, ())), ZERO)
    return rows

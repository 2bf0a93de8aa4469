"""Budget execution as the municipalities publish it: for a month and a part of the budget,
each line's annual (revised) plan, plan to date, actual to date, the percentage of the plan
to date and the deviation, with group subtotals and the total.

Arithmetic is Decimal throughout. Amounts are summed in units and only then shown in
thousands, rounded half up to three decimals; a row's deviation is its shown actual minus
its shown plan, so the printed table adds up. A percentage is the actual to date over the
plan to date, from the same row's (or the total's) sums in units, rounded half up to two
decimals: the total's percentage comes from the totals, never from averaging rows. A plan
to date of zero has no percentage."""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import FUNDS, MONTHS, THOUSANDS

ZERO = Decimal("0.00")
_CENT = Decimal("0.01")
_MILLI = Decimal("0.001")
ROUNDING_NOTE = "half_up"


def scaled(amount: Decimal, scale: str) -> Decimal:
    """An amount in units as shown at ``scale``: thousands with three decimals, or units with two."""
    if scale == THOUSANDS:
        return (amount / 1000).quantize(_MILLI, rounding=ROUND_HALF_UP)
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


def unscaled(amount: Decimal, scale: str) -> Decimal:
    """An amount typed or imported at ``scale``, in units (thousands × 1000)."""
    return (amount * 1000 if scale == THOUSANDS else amount).quantize(_CENT, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, half up to two decimals; None when ``whole`` is 0."""
    if not whole:
        return None
    return (part * 100 / whole).quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """Sums in units."""

    annual: Decimal = ZERO
    plan: Decimal = ZERO  # plan to date
    actual: Decimal = ZERO  # actual to date

    def __add__(self, other):
        return Figures(self.annual + other.annual, self.plan + other.plan, self.actual + other.actual)

    @property
    def percent(self) -> Decimal | None:
        return percent(self.actual, self.plan)

    def shown(self, scale: str) -> "Shown":
        annual, plan, actual = scaled(self.annual, scale), scaled(self.plan, scale), scaled(self.actual, scale)
        return Shown(annual, plan, actual, self.percent, actual - plan)


@dataclass(frozen=True)
class Shown:
    """One row of the table as printed."""

    annual: Decimal
    plan: Decimal
    actual: Decimal
    percent: Decimal | None
    deviation: Decimal


@dataclass
class Row:
    line: object
    depth: int
    figures: Figures


@dataclass
class Table:
    month: int
    kind: str
    fund: str | None
    rows: list = field(default_factory=list)
    total: Figures = field(default_factory=Figures)


def line_figures(line, month: int) -> Figures:
    """One entry line's figures up to ``month`` (its months must be loaded)."""
    plan = sum((m.plan or ZERO for m in line.months if m.month <= month), ZERO)
    actual = sum((m.actual or ZERO for m in line.months if m.month <= month), ZERO)
    return Figures(line.revised or ZERO, plan, actual)


def _tree(lines):
    children = defaultdict(list)
    for line in lines:
        children[line.parent_id].append(line)
    for siblings in children.values():
        siblings.sort(key=lambda x: (x.position, x.code))
    return children


def execution(lines, kind: str, month: int, fund: str | None = None) -> Table:
    """The execution table of ``lines`` (one year's, months and revisions loaded) for one
    kind (revenue or expense), up to ``month``, of one fund or (None) both."""
    if fund is not None and fund not in FUNDS:
        raise ValueError(fund)
    table = Table(month=month, kind=kind, fund=fund)
    children = _tree([x for x in lines if x.kind == kind])

    def walk(line, depth):
        if not line.is_group:
            if fund is not None and line.fund != fund:
                return None
            figures = line_figures(line, month)
            table.rows.append(Row(line, depth, figures))
            table.total = table.total + figures
            return figures
        at = len(table.rows)
        table.rows.append(None)  # the group's row, filled once its lines are summed
        found = [f for child in children.get(line.id, ()) if (f := walk(child, depth + 1)) is not None]
        if not found:
            del table.rows[at:]
            return None
        subtotal = sum(found, Figures())
        table.rows[at] = Row(line, depth, subtotal)
        return subtotal

    for top in children.get(None, ()):
        walk(top, 0)
    return table


@dataclass
class MonthRow:
    month: int
    plan: Decimal
    actual: Decimal
    plan_to_date: Decimal
    actual_to_date: Decimal

    @property
    def percent(self):
        return percent(self.actual_to_date, self.plan_to_date)


def by_month(lines, kind: str, fund: str | None = None) -> list[MonthRow]:
    """Month by month: the plan and actual of each month and the running sums, for one kind."""
    plan, actual = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for line in lines:
        if line.kind != kind or line.is_group or (fund is not None and line.fund != fund):
            continue
        for m in line.months:
            plan[m.month] += m.plan or ZERO
            actual[m.month] += m.actual or ZERO
    rows, plan_sum, actual_sum = [], ZERO, ZERO
    for month in MONTHS:
        plan_sum += plan[month]
        actual_sum += actual[month]
        rows.append(MonthRow(month, plan[month], actual[month], plan_sum, actual_sum))
    return rows


def last_month_with_actuals(lines) -> int | None:
    months = [m.month for line in lines for m in line.months if m.actual is not None]
    return max(months) if months else None

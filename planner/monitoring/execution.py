"""Budget execution as pure arithmetic: plan, actual, % of plan, deviation.

The table follows the municipal budget reports (seed 002): for every line the planned
amount, the actual amount, the actual as a percentage of the plan (two decimals) and the
deviation ``actual - plan`` (negative: under-spent). Spending above the plan is allowed and
flagged. Lines are computed per activity, per section, per funding source and for the
whole plan; the community's own contribution (cash and labour) is also shown on its own.

Nothing here touches the database (the funding sources are the plan's constants): callers pass plain values, tests pass hand-made ones."""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..plans.models import COMMUNITY_SOURCES, FUNDING_SOURCES

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# The plan's funding sources, in the order the plan and the reports show them.
SOURCES = FUNDING_SOURCES
COMMUNITY_CASH, COMMUNITY_KIND = COMMUNITY_SOURCES


def money(value) -> Decimal:
    """Any number as a Decimal rounded to the cent (floats go through ``str``)."""
    if value is None:
        return ZERO
    if isinstance(value, float):
        value = str(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    """One row of the execution table."""

    planned: Decimal
    actual: Decimal

    @property
    def percent(self) -> Decimal | None:
        """Actual as % of plan, two decimals; None when nothing was planned."""
        if self.planned == 0:
            return None
        return (self.actual * 100 / self.planned).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def deviation(self) -> Decimal:
        return self.actual - self.planned

    @property
    def is_overspent(self) -> bool:
        return self.actual > self.planned

    def __add__(self, other: "Line") -> "Line":
        return Line(self.planned + other.planned, self.actual + other.actual)


EMPTY = Line(ZERO, ZERO)


def line(planned, actual) -> Line:
    return Line(money(planned), money(actual))


@dataclass(frozen=True)
class ActivityCosts:
    """What the execution needs to know about one activity of the plan."""

    id: int
    section_id: int | None
    planned: dict  # source -> amount


@dataclass
class Execution:
    """The whole table for one plan."""

    by_activity: dict = field(default_factory=dict)  # activity id -> Line
    by_activity_source: dict = field(default_factory=dict)  # (activity id, source) -> Line
    by_section: dict = field(default_factory=dict)  # section id -> Line
    by_source: dict = field(default_factory=dict)  # source -> Line
    community: Line = EMPTY
    total: Line = EMPTY


def compute(activities, actuals) -> Execution:
    """The execution table.

    ``activities``: iterable of ActivityCosts; ``actuals``: mapping ``(activity id, source)
    -> amount`` spent (already restricted to approved reports and imports). Actual amounts
    for an activity that is not in ``activities`` are ignored (a tampered or removed row)."""
    result = Execution()
    by_section = defaultdict(lambda: EMPTY)
    source_planned = {source: ZERO for source in SOURCES}
    source_actual = {source: ZERO for source in SOURCES}
    total_planned = total_actual = ZERO
    # Sums kept as Decimals and made Lines once: a source with nothing planned and nothing
    # spent adds 0.00 and is skipped (a plan's activities use two or three of the sources).
    for activity in activities:
        planned_sum = actual_sum = ZERO
        for source in SOURCES:
            planned, actual = activity.planned.get(source), actuals.get((activity.id, source))
            if not planned and not actual:
                continue
            ln = line(planned, actual)
            if ln.planned or ln.actual:
                result.by_activity_source[(activity.id, source)] = ln
            planned_sum += ln.planned
            actual_sum += ln.actual
            source_planned[source] += ln.planned
            source_actual[source] += ln.actual
        activity_line = result.by_activity[activity.id] = Line(planned_sum, actual_sum)
        by_section[activity.section_id] = by_section[activity.section_id] + activity_line
        total_planned += planned_sum
        total_actual += actual_sum
    result.total = Line(total_planned, total_actual)
    result.by_section = dict(by_section)
    result.by_source = by_source = {source: Line(source_planned[source], source_actual[source]) for source in SOURCES}
    result.community = by_source[COMMUNITY_CASH] + by_source[COMMUNITY_KIND]
    return result


def weighted_progress(items) -> Decimal:
    """Overall physical progress, % (one decimal), activities weighted by their cost.

    ``items``: iterable of ``(cost, progress 0..100)``. Activities without a cost weigh
    nothing; if no activity has a cost, the plain mean is used."""
    items = [(money(cost), Decimal(progress or 0)) for cost, progress in items]
    if not items:
        return Decimal("0.0")
    weight = sum((cost for cost, _p in items), ZERO)
    if weight == 0:
        value = sum((p for _c, p in items), Decimal(0)) / len(items)
    else:
        value = sum((cost * p for cost, p in items), Decimal(0)) / weight
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

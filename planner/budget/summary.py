"""The citizen's budget: one page in plain words — where the money comes from, what it is
spent on, what changed from last year and which plan activities it funds. Built from the
year's lines (annual revised plan) and, when there is one, the year before."""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .execution import ZERO

_TENTH = Decimal("0.1")


def percent(part, whole):
    """Half up to one decimal; None when ``whole`` is 0."""
    return (part * 100 / whole).quantize(_TENTH, ROUND_HALF_UP) if whole else None

TOP = 6


@dataclass
class Share:
    line: object
    amount: Decimal
    percent: Decimal | None


@dataclass
class Change:
    line: object
    before: Decimal
    now: Decimal

    @property
    def difference(self) -> Decimal:
        return self.now - self.before


@dataclass
class Summary:
    revenue: Decimal = ZERO
    expense: Decimal = ZERO
    sources: list = field(default_factory=list)
    uses: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    revenue_before: Decimal | None = None
    expense_before: Decimal | None = None
    activities: list = field(default_factory=list)  # (line, activity)


def _entries(lines, kind):
    return [x for x in lines if x.kind == kind and not x.is_group]


def _shares(lines, kind):
    entries = sorted(_entries(lines, kind), key=lambda x: (-(x.revised or ZERO), x.code))
    total = sum((x.revised or ZERO for x in entries), ZERO)
    shares = [Share(x, x.revised or ZERO, percent(x.revised or ZERO, total)) for x in entries[:TOP]]
    rest = entries[TOP:]
    if rest:
        amount = sum((x.revised or ZERO for x in rest), ZERO)
        shares.append(Share(None, amount, percent(amount, total)))
    return total, shares


def build(budget, previous=None) -> Summary:
    summary = Summary()
    summary.revenue, summary.sources = _shares(budget.lines, "revenue")
    summary.expense, summary.uses = _shares(budget.lines, "expense")
    if previous is not None:
        summary.revenue_before = sum((x.revised or ZERO for x in _entries(previous.lines, "revenue")), ZERO)
        summary.expense_before = sum((x.revised or ZERO for x in _entries(previous.lines, "expense")), ZERO)
        before = {x.code: x.revised or ZERO for x in previous.lines if not x.is_group}
        changes = [Change(x, before.get(x.code, ZERO), x.revised or ZERO) for x in budget.lines if not x.is_group]
        changes += [Change(x, x.revised or ZERO, ZERO) for x in previous.lines
                    if not x.is_group and x.code not in {y.code for y in budget.lines}]
        summary.changes = sorted((c for c in changes if c.difference), key=lambda c: -abs(c.difference))[:TOP]
    summary.activities = [(x, a) for x in _entries(budget.lines, "expense") for a in x.activities]
    return summary

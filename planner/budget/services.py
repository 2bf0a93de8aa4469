"""Changes to the community budget: plain functions that add, flush and audit; never commit.

Once a year's budget is adopted by the council, its annual plan changes only through
revisions, each naming its council decision; the monthly plan and actual are entered by hand
or imported month by month, the import replacing that month's figures of the lines it names."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit, checks
from ..errors import ServiceError
from ..extensions import db
from .execution import ZERO
from .models import ADOPTED, FUNDS, KINDS, MAX_AMOUNT, MONTHS, SCALES, BudgetLine, BudgetMonth, BudgetRevision, BudgetYear

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _amount(value, field_name):
    """A budget amount (negative ones too: revisions and corrections), None if not given."""
    return checks.amount(value, field_name, blank=None, negative=True, maximum=MAX_AMOUNT)


def create_year(municipality, by, year: int, scale: str) -> BudgetYear:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(_("Give a year between %(a)s and %(b)s.", a=FIRST_YEAR, b=LAST_YEAR), field="year")
    if scale not in SCALES:
        raise ServiceError(_("Choose how amounts are shown."), field="scale")
    exists = db.session.scalar(select(BudgetYear.id).where(BudgetYear.municipality_id == municipality.id,
                                                           BudgetYear.year == year))
    if exists:
        raise ServiceError(_("The budget of %(year)s already exists.", year=year), field="year")
    budget = BudgetYear(municipality_id=municipality.id, year=year, scale=scale)
    db.session.add(budget)
    db.session.flush()
    audit.record(by, "budget.create", budget, municipality.id, str(year))
    return budget


def set_scale(budget, by, scale: str) -> None:
    if scale not in SCALES:
        raise ServiceError(_("Choose how amounts are shown."), field="scale")
    budget.scale = scale
    audit.record(by, "budget.scale", budget, budget.municipality_id, scale)


def adopt(budget, by, decision: str, adopted_on: date) -> None:
    """The council adopted the budget: it becomes public and its annual plan is fixed."""
    if budget.is_adopted:
        raise ServiceError(_("This budget is already adopted."))
    decision = (decision or "").strip()
    if not decision:
        raise ServiceError(_("Give the council decision that adopted the budget."), field="decision")
    if not any(not x.is_group for x in budget.lines):
        raise ServiceError(_("The budget has no lines yet."))
    budget.status, budget.decision, budget.adopted_on = ADOPTED, decision[:200], adopted_on
    audit.record(by, "budget.adopt", budget, budget.municipality_id, decision[:200])


def _check_line(budget, line, kind, fund, code, parent):
    if kind not in KINDS:
        raise ServiceError(_("Choose revenue or expenditure."), field="kind")
    if fund not in FUNDS:
        raise ServiceError(_("Choose the administrative or the capital part."), field="fund")
    code = (code or "").strip()
    if not code:
        raise ServiceError(_("Give the line's code from the budget classification."), field="code")
    clash = db.session.scalar(select(BudgetLine.id).where(BudgetLine.budget_id == budget.id, BudgetLine.code == code))
    if clash and (line is None or clash != line.id):
        raise ServiceError(_("Another line of this budget has the code %(code)s.", code=code), field="code")
    if parent is not None:
        if parent.budget_id != budget.id or not parent.is_group or parent.kind != kind:
            raise ServiceError(_("A line can only be under a group of the same kind."), field="parent")
        ancestor = parent
        while ancestor is not None:
            if line is not None and ancestor.id == line.id:
                raise ServiceError(_("A group cannot be under itself."), field="parent")
            ancestor = db.session.get(BudgetLine, ancestor.parent_id) if ancestor.parent_id else None
    return code


def add_line(budget, by, *, kind, fund, code, name, names=None, parent=None, is_group=False,
             approved=None) -> BudgetLine:
    code = _check_line(budget, None, kind, fund, code, parent)
    if budget.is_adopted and approved:
        raise ServiceError(_("The budget is adopted: a new line's annual plan is set by a revision."),
                           field="approved")
    siblings = [x.position for x in budget.lines if x.parent_id == (parent.id if parent else None)]
    line = BudgetLine(budget=budget, kind=kind, fund=fund, code=code, name=(name or "").strip()[:300] or code,
                      names={k: v.strip()[:300] for k, v in (names or {}).items() if v and v.strip()},
                      parent_id=parent.id if parent else None, is_group=is_group,
                      approved=None if is_group else _amount(approved or ZERO, "approved"),
                      position=max(siblings, default=0) + 1)
    db.session.add(line)
    db.session.flush()
    audit.record(by, "budget.line_add", line, budget.municipality_id, code)
    return line


def update_line(line, by, *, kind, fund, code, name, names=None, parent=None, approved=None) -> None:
    budget = line.budget
    if line.is_group and kind != line.kind and any(x.parent_id == line.id for x in budget.lines):
        raise ServiceError(_("Move the group's lines first: they must be of the same kind."), field="kind")
    code = _check_line(budget, line, kind, fund, code, parent)
    if not line.is_group:
        approved = _amount(approved if approved is not None else ZERO, "approved")
        if budget.is_adopted and approved != (line.approved or ZERO):
            raise ServiceError(_("The budget is adopted: change the annual plan by a revision."), field="approved")
        line.approved = approved
    line.kind, line.fund, line.code = kind, fund, code
    line.name = (name or "").strip()[:300] or code
    line.names = {k: v.strip()[:300] for k, v in (names or {}).items() if v and v.strip()}
    line.parent_id = parent.id if parent else None
    audit.record(by, "budget.line_edit", line, budget.municipality_id, code)


def delete_line(line, by) -> None:
    budget = line.budget
    if budget.is_adopted:
        raise ServiceError(_("The budget is adopted: its lines stay (set their figures to zero if needed)."))
    if any(x.parent_id == line.id for x in budget.lines):
        raise ServiceError(_("The group still has lines under it."))
    audit.record(by, "budget.line_delete", line, budget.municipality_id, line.code)
    budget.lines.remove(line)
    db.session.delete(line)
    db.session.flush()


def set_months(line, by, plans: dict, actuals: dict) -> None:
    """The line's plan and actual for each month (None clears a figure)."""
    if line.is_group:
        raise ServiceError(_("A group's figures are the sums of its lines."))
    stored = {m.month: m for m in line.months}
    for month in MONTHS:
        plan = _amount(plans.get(month), f"plan_{month}")
        actual = _amount(actuals.get(month), f"actual_{month}")
        row = stored.get(month)
        if plan is None and actual is None:
            if row is not None:
                line.months.remove(row)
            continue
        if row is None:
            row = BudgetMonth(month=month)
            line.months.append(row)
        row.plan, row.actual = plan, actual
    db.session.flush()
    audit.record(by, "budget.months", line, line.budget.municipality_id, line.code)


def add_revision(line, by, amount: Decimal, decision: str, decided_on: date) -> BudgetRevision:
    if line.is_group:
        raise ServiceError(_("A group's figures are the sums of its lines."))
    decision = (decision or "").strip()
    if not decision:
        raise ServiceError(_("Give the council decision that revised the plan."), field="decision")
    if decided_on.year != line.budget.year:
        raise ServiceError(_("The decision must be of the budget's year."), field="decided_on")
    revision = BudgetRevision(line=line, amount=_amount(amount, "amount"), decision=decision[:200],
                              decided_on=decided_on, created_by_id=getattr(by, "id", None))
    db.session.add(revision)
    db.session.flush()
    db.session.refresh(line, ["revisions"])
    audit.record(by, "budget.revise", line, line.budget.municipality_id, f"{line.code}: {revision.amount}")
    return revision


@dataclass
class Change:
    line: BudgetLine
    plan_before: Decimal | None
    plan_after: Decimal | None
    actual_before: Decimal | None
    actual_after: Decimal | None


@dataclass
class ImportResult:
    month: int
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0


def import_month(budget, by, preview, month: int, cumulative: bool) -> ImportResult:
    """Store ``preview``'s figures as ``month``'s, replacing what that month had for the lines
    the file names; a cumulative file's month is its figure less the months before."""
    if not preview.is_importable:
        raise ServiceError(_("Some rows are not matched: nothing was imported."))
    if month not in MONTHS:
        raise ServiceError(_("Choose the month."), field="month")
    lines = {x.id: x for x in budget.lines}
    result = ImportResult(month)
    for row in preview.rows:
        line = lines.get(row.line.id)
        if line is None or line.is_group:
            raise ServiceError(_("The budget's lines changed since the file was checked: check it again."))
        stored = next((m for m in line.months if m.month == month), None)
        before = (stored.plan, stored.actual) if stored else (None, None)
        plan, actual = before
        if preview.has_plan and row.plan is not None:
            plan = row.plan - (_earlier(line, month, "plan") if cumulative else ZERO)
        if preview.has_actual and row.actual is not None:
            actual = row.actual - (_earlier(line, month, "actual") if cumulative else ZERO)
        plan, actual = _amount(plan, "file"), _amount(actual, "file")
        if stored is None:
            line.months.append(BudgetMonth(month=month, plan=plan, actual=actual))
            result.new.append(Change(line, None, plan, None, actual))
        elif (plan, actual) != before:
            stored.plan, stored.actual = plan, actual
            result.changed.append(Change(line, before[0], plan, before[1], actual))
        else:
            result.unchanged += 1
    db.session.flush()
    audit.record(by, "budget.import", budget, budget.municipality_id,
                 f"month {month}: {len(result.new)} new, {len(result.changed)} changed, {result.unchanged} unchanged")
    return result


def _earlier(line, month, name):
    return sum((getattr(m, name) or ZERO for m in line.months if m.month < month), ZERO)


def link_activities(line, by, activities, allowed_ids) -> None:
    """Link an expenditure line to the plan activities it funds (``allowed_ids``: the
    activities of the municipality's approved plans)."""
    if line.kind != "expense" or line.is_group:
        raise ServiceError(_("Only an expenditure line with figures can fund plan activities."))
    if any(a.id not in allowed_ids for a in activities):
        raise ServiceError(_("Choose activities of this municipality's approved plans."), field="activity_ids")
    line.activities = list(activities)
    db.session.flush()
    audit.record(by, "budget.link", line, line.budget.municipality_id,
                 f"{line.code}: {', '.join(str(a.id) for a in activities)}"[:500])

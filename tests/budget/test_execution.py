"""The execution table's arithmetic against the published seed table and hand-computed cases."""
from datetime import date
from decimal import Decimal as D

import pytest

from planner.budget import services
from planner.budget.execution import by_month, execution, percent, scaled, unscaled

# Seed 002 (a community's published September execution, thousand drams): line, annual,
# plan to September, actual to September, % and deviation exactly as printed there.
SEED_TOTAL = ("760414.500", "519225.790", "389782.993", "75.07", "-129442.797")
SEED_LINES = [
    ("1.1", "65440.600", "34311.200", "26693.126", "77.80", "-7618.074"),
    ("1.2", "41679.400", "23000.000", "21232.078", "92.31", "-1767.922"),
    ("1.3", "16402.000", "12842.000", "10365.873", "80.72", "-2476.127"),
]


def _months(line, by, plans, actuals):
    services.set_months(line, by, dict(enumerate(plans, start=1)), dict(enumerate(actuals, start=1)))


def _spread(total, n):
    each = (total / n).quantize(D("1"))
    return [each] * (n - 1) + [total - each * (n - 1)]


def test_seed_table_to_the_last_digit(db, staff_and_budget):
    """The seed's three lines, plus one line holding the rest of its total, entered month by
    month (nine months that add up to the published figures): every printed figure matches."""
    municipality, staff, budget = staff_and_budget
    group = services.add_line(budget, staff, kind="revenue", fund="administrative", code="1", name="Revenue",
                              is_group=True)
    rest = ("9", str(D(SEED_TOTAL[0]) - sum(D(x[1]) for x in SEED_LINES)),
            str(D(SEED_TOTAL[1]) - sum(D(x[2]) for x in SEED_LINES)),
            str(D(SEED_TOTAL[2]) - sum(D(x[3]) for x in SEED_LINES)))
    for code, annual, plan, actual, *_ in [*SEED_LINES, rest]:
        line = services.add_line(budget, staff, kind="revenue", fund="administrative", code=code, name=code,
                                 parent=group, approved=unscaled(D(annual), "thousands"))
        _months(line, staff, _spread(unscaled(D(plan), "thousands"), 9), _spread(unscaled(D(actual), "thousands"), 9))
    db.session.commit()

    table = execution(budget.lines, "revenue", 9)
    total = table.total.shown("thousands")
    assert (str(total.annual), str(total.plan), str(total.actual), str(total.percent), str(total.deviation)) == SEED_TOTAL
    by_code = {r.line.code: r.figures.shown("thousands") for r in table.rows}
    for code, *expected in SEED_LINES:
        s = by_code[code]
        assert [str(s.annual), str(s.plan), str(s.actual), str(s.percent), str(s.deviation)] == expected
    assert by_code["1"] == total  # the group's subtotal is the total here
    # the total's % comes from the totals, not from averaging the lines' %
    average = sum(r.figures.percent for r in table.rows if not r.line.is_group) / 4
    assert total.percent != average.quantize(D("0.01"))


def test_hand_computed_over_plan_zero_plan_and_negative(db, staff_and_budget):
    municipality, staff, budget = staff_and_budget
    over = services.add_line(budget, staff, kind="revenue", fund="administrative", code="A", name="Over",
                             approved=D("120000"))
    zero = services.add_line(budget, staff, kind="revenue", fund="administrative", code="B", name="No plan",
                             approved=D("0"))
    capital = services.add_line(budget, staff, kind="revenue", fund="capital", code="C", name="Capital",
                                approved=D("50000"))
    _months(over, staff, [D("10000")] * 12, [D("12500"), D("9000"), D("11000")])
    _months(zero, staff, [], [D("333.33")])
    _months(capital, staff, [D("0"), D("0"), D("30000")], [None, None, D("1000")])
    db.session.commit()

    table = execution(budget.lines, "revenue", 3)
    rows = {r.line.code: r.figures for r in table.rows}
    # over plan: 32,500 against 30,000 -> 108.33 %, +2,500
    assert rows["A"].shown("units") == _shown("120000.00", "30000.00", "32500.00", "108.33", "2500.00")
    # no plan to date: no percentage, the whole actual is the deviation
    assert rows["B"].shown("units") == _shown("0.00", "0.00", "333.33", None, "333.33")
    # negative deviation
    assert rows["C"].shown("units") == _shown("50000.00", "30000.00", "1000.00", "3.33", "-29000.00")
    # total: 33,833.33 of 60,000 = 56.388… -> 56.39 (half up), in thousands 33.833 and 60.000
    assert table.total.shown("thousands") == _shown("170.000", "60.000", "33.833", "56.39", "-26.167")
    # one part only
    admin = execution(budget.lines, "revenue", 3, "administrative")
    assert [r.line.code for r in admin.rows] == ["A", "B"]
    assert admin.total.shown("units").percent == D("109.44")  # 32,833.33 / 30,000


def _shown(annual, plan, actual, pct, deviation):
    from planner.budget.execution import Shown

    return Shown(D(annual), D(plan), D(actual), D(pct) if pct is not None else None, D(deviation))


def test_rounding_is_half_up_and_stated():
    assert percent(D("28.75"), D("100")) == D("28.75")
    assert percent(D("1"), D("8")) == D("12.50")
    assert percent(D("2"), D("3")) == D("66.67")
    assert percent(D("1"), D("0")) is None
    assert scaled(D("1234.50"), "thousands") == D("1.235")  # half up, not to even
    assert scaled(D("1233.50"), "thousands") == D("1.234")
    assert unscaled(D("26693.126"), "thousands") == D("26693126.00")


def test_revision_changes_the_annual_plan_and_keeps_history(db, staff_and_budget):
    municipality, staff, budget = staff_and_budget
    line = services.add_line(budget, staff, kind="expense", fund="capital", code="05-01-01 × 5112",
                             name="Water pipe", approved=D("1000000"))
    services.adopt(budget, staff, "N 1-Ն", date(2026, 1, 5))
    services.add_revision(line, staff, D("1400000"), "N 17-Ն", date(2026, 6, 12))
    db.session.commit()
    assert execution(budget.lines, "expense", 6).total.annual == D("1400000")
    assert [r.amount for r in line.revisions] == [D("1400000.00")]
    assert line.approved == D("1000000")


def test_month_by_month_running_sums(db, staff_and_budget):
    municipality, staff, budget = staff_and_budget
    a = services.add_line(budget, staff, kind="expense", fund="administrative", code="701", name="A", approved=D("1200"))
    b = services.add_line(budget, staff, kind="expense", fund="capital", code="706", name="B", approved=D("600"))
    _months(a, staff, [D("100")] * 12, [D("90"), D("110")])
    _months(b, staff, [D("50")] * 12, [D("0"), D("200")])
    db.session.commit()
    rows = by_month(budget.lines, "expense")
    assert [(r.plan, r.actual, r.plan_to_date, r.actual_to_date, r.percent) for r in rows[:3]] == [
        (D("150"), D("90"), D("150"), D("90"), D("60.00")),
        (D("150"), D("310"), D("300"), D("400"), D("133.33")),
        (D("150"), D("0"), D("450"), D("400"), D("88.89")),
    ]
    assert rows[-1].plan_to_date == D("1800")
    assert by_month(budget.lines, "expense", "capital")[1].actual_to_date == D("200")


def test_adopted_plan_changes_only_by_revision(db, staff_and_budget):
    from planner.errors import ServiceError

    municipality, staff, budget = staff_and_budget
    line = services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.1", name="Tax",
                             approved=D("1000"))
    services.adopt(budget, staff, "N 1", date(2026, 1, 5))
    db.session.commit()
    with pytest.raises(ServiceError):
        services.update_line(line, staff, kind="revenue", fund="administrative", code="1.1", name="Tax",
                             approved=D("2000"))
    with pytest.raises(ServiceError):
        services.delete_line(line, staff)
    with pytest.raises(ServiceError):
        services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.2", name="New",
                          approved=D("5"))


def test_codes_unique_and_groups_of_the_same_kind(db, staff_and_budget):
    from planner.errors import ServiceError

    municipality, staff, budget = staff_and_budget
    group = services.add_line(budget, staff, kind="revenue", fund="administrative", code="1", name="R", is_group=True)
    services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.1", name="Tax", parent=group)
    with pytest.raises(ServiceError) as error:
        services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.1", name="Again")
    assert error.value.field == "code"
    with pytest.raises(ServiceError) as error:
        services.add_line(budget, staff, kind="expense", fund="administrative", code="7.1", name="E", parent=group)
    assert error.value.field == "parent"
    with pytest.raises(ServiceError):
        services.update_line(group, staff, kind="revenue", fund="administrative", code="1", name="R",
                             parent=group)


def test_citizens_summary_shares_and_changes(db, staff_and_budget):
    from planner.budget import summary

    municipality, staff, budget = staff_and_budget
    for code, amount in (("1.1", "600"), ("1.2", "300"), ("1.3", "100")):
        services.add_line(budget, staff, kind="revenue", fund="administrative", code=code, name=code, approved=D(amount))
    services.add_line(budget, staff, kind="expense", fund="administrative", code="7", name="Schools", approved=D("700"))
    previous = services.create_year(municipality, staff, 2025, "units")
    services.add_line(previous, staff, kind="revenue", fund="administrative", code="1.1", name="1.1", approved=D("500"))
    services.add_line(previous, staff, kind="expense", fund="administrative", code="8", name="Roads", approved=D("50"))
    db.session.commit()
    s = summary.build(budget, previous)
    assert (s.revenue, s.expense, s.revenue_before, s.expense_before) == (D("1000"), D("700"), D("500"), D("50"))
    assert [(x.line.code, x.percent) for x in s.sources] == [("1.1", D("60.0")), ("1.2", D("30.0")), ("1.3", D("10.0"))]
    # the largest changes first: Schools +700, Roads −50 (gone), 1.2 +300, 1.1 +100, 1.3 +100
    assert [(c.line.code, c.difference) for c in s.changes] == [
        ("7", D("700")), ("1.2", D("300")), ("1.1", D("100")), ("1.3", D("100")), ("8", D("-50"))]
    assert summary.percent(D("1"), D("3")) == D("33.3") and summary.percent(D("1"), D("8")) == D("12.5")
    assert summary.percent(D("5"), D("0")) is None

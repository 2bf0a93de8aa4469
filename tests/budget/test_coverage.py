"""The plan's local-budget share covered by the adopted budget, against hand-computed figures."""
from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

from planner.budget.coverage import PlannedActivity, from_snapshot, plan_coverage, year_share

PLAN = SimpleNamespace(year_from=2026, year_to=2028)


def _a(i, local, start=None, end=None):
    return PlannedActivity(i, str(i), f"Activity {i}", D(local), start, end)


def test_year_share_by_months():
    across = _a(1, "1200", date(2026, 7, 1), date(2027, 6, 1))  # 12 months, 6 in each year
    assert [year_share(across, y, PLAN) for y in (2025, 2026, 2027, 2028)] == [D("0"), D("600.00"), D("600.00"), D("0")]
    thirds = _a(2, "100", date(2025, 12, 1), date(2026, 2, 1))
    assert year_share(thirds, 2025, PLAN) == D("33.33") and year_share(thirds, 2026, PLAN) == D("66.67")
    undated = _a(3, "900")
    assert [year_share(undated, y, PLAN) for y in (2026, 2027, 2028, 2029)] == [D("300.00")] * 3 + [D("0")]
    assert year_share(_a(4, "0", date(2026, 1, 1), date(2026, 2, 1)), 2026, PLAN) == D("0")


def _budget(year, adopted, lines):
    return SimpleNamespace(year=year, is_adopted=adopted, lines=lines)


def _line(kind, revised, activity_ids, is_group=False):
    return SimpleNamespace(kind=kind, is_group=is_group, revised=D(revised),
                           activities=[SimpleNamespace(id=i) for i in activity_ids], id=id(activity_ids))


def test_plan_coverage_hand_computed():
    activities = [_a(1, "1200", date(2026, 7, 1), date(2027, 6, 1)), _a(2, "1000", date(2026, 2, 1), date(2026, 4, 1)),
                  _a(3, "900"), _a(4, "500", date(2027, 1, 1), date(2027, 12, 1))]
    budgets = [
        _budget(2026, True, [_line("expense", "800", [2]), _line("revenue", "99", [1]), _line("expense", "5", [])]),
        _budget(2027, False, [_line("expense", "10000", [1, 3, 4])]),  # a draft covers nothing
        _budget(2028, True, [_line("expense", "300", [3])]),
    ]
    rows = plan_coverage(PLAN, activities, budgets)
    # 2026: shares 600 + 1000 + 300 = 1,900; only activity 2 (1,000) is on an expenditure line
    assert (rows[0].share, rows[0].covered, rows[0].percent, rows[0].lines_plan) == (D("1900.00"), D("1000.00"), D("52.63"), D("800"))
    assert [a.id for a, _ in rows[0].missing] == [1, 3]  # the revenue line's link does not count
    # 2027: 600 + 300 + 500 = 1,400, no adopted budget
    assert (rows[1].share, rows[1].covered, rows[1].percent) == (D("1400.00"), D("0"), D("0.00"))
    # 2028: only the undated activity, fully covered
    assert (rows[2].share, rows[2].covered, rows[2].percent) == (D("300.00"), D("300.00"), D("100.00"))


def test_from_snapshot_numbers_and_months():
    snapshot = {"sections": [{"id": 7, "title": "Water"}, {"id": 9, "title": "Roads"}],
                "activities": [{"id": 5, "section_id": 9, "number": 2, "description": "Bridge",
                                "funding": {"local": "350000.00"}, "start": "2026-06", "end": "2026-09"}]}
    assert from_snapshot(snapshot) == [PlannedActivity(5, "2.2", "Bridge", D("350000.00"), date(2026, 6, 1), date(2026, 9, 1))]

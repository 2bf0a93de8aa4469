"""The dashboard's figures: the same numbers as the tables (script safety: tests/test_numbers_pages.py)."""
from decimal import Decimal as D

from planner.monitoring import charts


def test_plan_vs_actual_figure():
    figure = charts.plan_vs_actual("t", ["Water", "Roads"], [D("100"), D("50")], [D("80"), D("75")], "Plan", "Actual")
    plan, actual = figure["data"]
    assert plan["x"] == [100.0, 50.0] and actual["x"] == [80.0, 75.0]
    assert actual["marker"]["color"][1] == charts.OVER_COLOUR  # overspent bar in red
    assert figure["layout"]["showlegend"] is False  # the key is drawn in HTML


def test_timeline_figure_bases_and_widths():
    month = 2026 * 12
    rows = [("1.1", month, month + 5, month, month + 2), ("1.2", month + 3, month + 3, None, None)]
    figure = charts.timeline("t", rows, "Planned", "Actual", lambda m: f"{m // 12}-{m % 12 + 1:02d}")
    planned, actual = figure["data"]
    assert planned["base"] == [month, month + 3] and planned["x"] == [6, 1]
    assert actual["base"][0] == month and actual["x"] == [3, 0]


def test_cached_figure_reuses_figures():
    args = ("t", ("A",), (D("1"),), (D("2"),), "Plan", "Actual")
    first = charts.cached_figure("plan_vs_actual", *args)
    assert charts.cached_figure("plan_vs_actual", *args) is first

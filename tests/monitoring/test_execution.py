"""The execution arithmetic, checked against figures computed by hand."""
from decimal import Decimal as D

from planner.monitoring.execution import ActivityCosts, compute, line, weighted_progress


def _plan():
    activities = [
        ActivityCosts(1, 10, {"local": D("100000"), "community_kind": D("20000")}),
        ActivityCosts(2, 10, {"republican": D("50000")}),
        ActivityCosts(3, 20, {"donor": D("30000"), "community_cash": D("5000")}),
    ]
    actuals = {
        (1, "local"): D("75000"),
        (1, "community_kind"): D("25000"),
        (2, "republican"): D("60000"),
        (99, "donor"): D("1000"),  # not an activity of this plan: ignored
    }
    return compute(activities, actuals)


def test_seed_row():
    # 002_28cc52a8405af1ad: plan 519225.790, actual 389782.993 -> 75.07 %, deviation -129442.797
    row = line("519225.79", "389782.99")
    assert row.percent == D("75.07")
    assert row.deviation == D("-129442.80")
    assert not row.is_overspent


def test_per_activity():
    ex = _plan()
    a1, a2, a3 = ex.by_activity[1], ex.by_activity[2], ex.by_activity[3]
    assert (a1.planned, a1.actual, a1.percent, a1.deviation) == (D("120000"), D("100000"), D("83.33"), D("-20000"))
    assert (a2.planned, a2.actual, a2.percent, a2.deviation) == (D("50000"), D("60000"), D("120.00"), D("10000"))
    assert (a3.planned, a3.actual, a3.percent, a3.deviation) == (D("35000"), D("0"), D("0.00"), D("-35000"))
    assert [aid for aid, ln in ex.by_activity.items() if ln.is_overspent] == [2]
    assert a2.is_overspent and not a1.is_overspent


def test_per_section_source_and_total():
    ex = _plan()
    assert ex.by_section[10].planned == D("170000") and ex.by_section[10].actual == D("160000")
    assert ex.by_section[10].percent == D("94.12")
    assert ex.by_section[20].percent == D("0.00")
    assert ex.by_source["local"].percent == D("75.00")
    assert ex.by_source["republican"].is_overspent
    assert ex.by_source["community_kind"].percent == D("125.00")
    assert ex.by_source["private"].percent is None  # nothing planned: no percentage
    assert ex.total.planned == D("205000") and ex.total.actual == D("160000")
    assert ex.total.percent == D("78.05") and ex.total.deviation == D("-45000")


def test_community_contribution_apart():
    ex = _plan()
    assert ex.community.planned == D("25000") and ex.community.actual == D("25000")
    assert ex.community.percent == D("100.00")


def test_weighted_progress():
    assert weighted_progress([(D("120000"), 50), (D("50000"), 100), (D("35000"), 0)]) == D("53.7")
    assert weighted_progress([(0, 40), (0, 60)]) == D("50.0")  # no costs: plain mean
    assert weighted_progress([]) == D("0.0")

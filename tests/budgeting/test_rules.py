"""The rules against pabutools called directly (plain profiles, documented parameters) and
against hand-written references (greedy by votes, brute-force knapsack), on random profiles."""
import itertools
import random

import pytest
from pabutools.election import Cost_Sat
from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares

from planner.budgeting.rules import Election, count, winners


def _random_election(seed, points=False):
    rng = random.Random(seed)
    n_projects = rng.randint(3, 8)
    projects = [(i, rng.randint(1, 40)) for i in range(1, n_projects + 1)]
    budget = rng.randint(20, 90)
    ballots = []
    for _ in range(rng.randint(1, 25)):
        chosen = rng.sample([p for p, _ in projects], rng.randint(1, n_projects))
        ballots.append({p: (rng.randint(1, 3) if points else 1) for p in chosen})
    return Election(budget, projects, ballots, points=points)


def _greedy_by_votes(e):
    scores, cost = e.scores(), dict(e.projects)
    left, chosen = e.budget, []
    for p in sorted(cost, key=lambda p: (-scores[p], e.by_id[p].name)):
        if scores[p] > 0 and cost[p] <= left:
            chosen.append(p)
            left -= cost[p]
    return chosen


def _best_knapsack_value(e):
    scores, cost = e.scores(), dict(e.projects)
    best = 0
    for r in range(len(cost) + 1):
        for subset in itertools.combinations(cost, r):
            if sum(cost[p] for p in subset) <= e.budget:
                best = max(best, sum(scores[p] for p in subset))
    return best


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("points", [False, True])
def test_greedy_is_greedy_by_votes(seed, points):
    e = _random_election(seed, points)
    assert sorted(winners(e, "greedy")) == sorted(_greedy_by_votes(e))


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("points", [False, True])
def test_knapsack_is_the_best_combination_that_fits(seed, points):
    e = _random_election(seed, points)
    chosen = winners(e, "knapsack")
    scores, cost = e.scores(), dict(e.projects)
    assert sum(cost[p] for p in chosen) <= e.budget
    assert sum(scores[p] for p in chosen) == _best_knapsack_value(e)


@pytest.mark.parametrize("seed", range(25))
def test_equal_shares_match_pabutools_on_the_plain_profile(seed):
    e = _random_election(seed)
    scores = e.scores()
    add1 = method_of_equal_shares(e.instance, e.profile, sat_class=Cost_Sat, voter_budget_increment=1)
    assert sorted(winners(e, "mes_add1")) == sorted(e.id_of[p.name] for p in add1 if scores[e.id_of[p.name]])
    completed = completion_by_rule_combination(
        e.instance, e.profile, [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat}, {"sat_class": Cost_Sat}])
    assert sorted(winners(e, "mes_greedy")) == sorted(e.id_of[p.name] for p in completed if scores[e.id_of[p.name]])
    for rule in ("mes_add1", "mes_greedy"):
        assert sum(dict(e.projects)[p] for p in winners(e, rule)) <= e.budget


def test_equal_shares_and_greedy_differ_where_a_majority_would_take_everything():
    # 6 voters want the three "centre" projects, 4 want the two "edge" ones; budget for three.
    projects = [(1, 10), (2, 10), (3, 10), (4, 10), (5, 10)]
    ballots = [{1: 1, 2: 1, 3: 1}] * 6 + [{4: 1, 5: 1}] * 4
    e = Election(30, projects, ballots)
    assert sorted(winners(e, "greedy")) == [1, 2, 3]
    assert 4 in winners(e, "mes_greedy") or 5 in winners(e, "mes_greedy")


def test_reasons_name_the_budget_left_after_the_projects_above():
    projects = [(1, 60), (2, 50), (3, 30)]
    ballots = [{1: 1, 2: 1}] * 5 + [{3: 1}] * 2
    counted = count(Election(100, projects, ballots), "greedy")
    assert counted["picks"]["greedy"] == [1, 3]
    assert counted["projects"][1]["reason"] == ("greedy_won", {"left": 40})
    assert counted["projects"][2]["reason"] == ("greedy_lost", {"n": 1, "left": 40})
    assert counted["projects"][3]["reason"] == ("greedy_won", {"left": 10})
    mes = count(Election(100, projects, ballots), "mes_greedy")
    lost = [p for p, row in mes["projects"].items() if not row["won"]]
    assert all(mes["projects"][p]["reason"][0].startswith("mes_lost") for p in lost)


def test_no_votes_no_winners():
    counted = count(Election(100, [(1, 10)], []), "mes_add1")
    assert counted["picks"]["mes_add1"] == [] and counted["projects"][1]["reason"] == ("no_votes", {})


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("points", [False, True])
def test_the_count_runs_equal_shares_once_and_picks_what_each_rule_picks_alone(seed, points, monkeypatch):
    """rules.count hands one run of equal shares to both completions and the reasons; what
    it picks is what each rule picks on its own (itself checked against pabutools above)."""
    import planner.budgeting.rules as rules

    e = _random_election(seed, points)
    alone = {rule: winners(e, rule) for rule in rules.RULES}
    runs = []
    real = rules.method_of_equal_shares
    monkeypatch.setattr(rules, "method_of_equal_shares",
                        lambda instance, *a, **kw: runs.append(instance.budget_limit) or real(instance, *a, **kw))
    counted = count(e, "mes_add1")
    assert counted["picks"] == alone
    assert runs.count(e.budget) == 1  # the add1 search's rises run on larger budgets

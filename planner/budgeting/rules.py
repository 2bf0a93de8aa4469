"""The winner rules, through pabutools' public API, and why each project won or lost.

A ballot's votes become a pabutools ``Instance`` (the projects, named by their id, and the
budget) and a profile: approval ballots for the approval styles, cumulative ballots for
points. Satisfaction: approval uses cost utilities for equal shares (as equalshares.net and the
Polish cities do) and the number of votes for greedy and knapsack; points use the points.

- greedy (CONSUL's): by votes (points), skipping what no longer fits;
- mes_add1: the Method of Equal Shares, every voter's share raised by one currency unit until
  the budget is spent (pabutools' ``voter_budget_increment=1``, its first stop found by
  doubling and halving the rise rather than one unit at a time: ``_mes_add1``);
- mes_greedy: the Method of Equal Shares, completed by greedy;
- knapsack: the combination with the most votes (points) that fits the budget (exact)."""
from dataclasses import dataclass, field

from pabutools.election import (
    AdditiveSatisfaction,
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    Project,
)
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    max_additive_utilitarian_welfare,
    method_of_equal_shares,
)

from .models import GREEDY, KNAPSACK, MES_ADD1, MES_GREEDY, POINTS, RULES


def _points_times_cost(instance, profile, ballot, project, precomputed_values):
    return ballot[project] * project.cost if project in ballot else 0


class PointsCostSat(AdditiveSatisfaction):
    """Points × cost: greedy's density (satisfaction per unit of cost) is then the points,
    which makes pabutools' greedy rule greedy by points."""

    def __init__(self, instance, profile, ballot):
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _points_times_cost)


@dataclass
class Election:
    """What the rules need: projects (id, cost, position), the budget and the ballots
    ({project_id: value} each), and whether values are points."""

    budget: int
    projects: list[tuple[int, int]]  # (id, cost), in ballot order
    ballots: list[dict[int, int]]
    points: bool = False
    instance: Instance = field(init=False)
    profile: object = field(init=False)
    multi: object = field(init=False)  # identical ballots merged: equal shares runs far faster on it
    by_id: dict = field(init=False)
    id_of: dict = field(init=False)

    def __post_init__(self):
        # named by their place on the ballot: pabutools breaks ties by name, so ties go to the
        # project listed first, whatever its database id
        self.by_id = {pid: Project(f"{i:05d}", cost) for i, (pid, cost) in enumerate(self.projects, 1)}
        self.id_of = {project.name: pid for pid, project in self.by_id.items()}
        self.instance = Instance(self.by_id.values(), budget_limit=self.budget)
        if self.points:
            self.profile = CumulativeProfile(
                [CumulativeBallot({self.by_id[p]: v for p, v in b.items()}) for b in self.ballots],
                instance=self.instance)
        else:
            self.profile = ApprovalProfile([ApprovalBallot(self.by_id[p] for p in b) for b in self.ballots],
                                           instance=self.instance)
        self.multi = self.profile.as_multiprofile()

    @classmethod
    def of(cls, ballot, votes):
        """From a PbBallot and its [(receipt, project_id, value)] rows."""
        papers: dict[str, dict[int, int]] = {}
        for receipt, project_id, value in votes:
            papers.setdefault(receipt, {})[project_id] = value
        return cls(ballot.budget, [(p.id, p.cost) for p in ballot.projects], list(papers.values()),
                   points=ballot.style == POINTS)

    def scores(self) -> dict[int, int]:
        totals = {pid: 0 for pid, _ in self.projects}
        for b in self.ballots:
            for pid, value in b.items():
                totals[pid] += value if self.points else 1
        return totals


def _ids(e, allocation) -> list[int]:
    return [e.id_of[p.name] for p in allocation]


def _greedy(e, **kw):
    sat = PointsCostSat if e.points else Cost_Sat
    return greedy_utilitarian_welfare(e.instance, e.profile, sat_class=sat, **kw)


def _mes_sat(e):
    return Additive_Cardinal_Sat if e.points else Cost_Sat


def _equal_shares(e: Election):
    """Equal shares without completion (pabutools' outcome)."""
    return method_of_equal_shares(e.instance, e.multi, sat_class=_mes_sat(e))


def winners(e: Election, rule: str, mes=None) -> list[int]:
    """The ids of the projects ``rule`` picks, in the order it picked them. A project no one
    voted for never wins: pabutools' greedy and knapsack would fund it with budget left over
    (it comes last in their order, so leaving it out changes nothing else). ``mes``: equal
    shares' outcome on ``e`` if already computed (both completions start from it)."""
    if not e.ballots:
        return []
    scores = e.scores()
    return [p for p in _picked(e, rule, mes) if scores[p] > 0]


def _picked(e: Election, rule: str, mes=None) -> list[int]:
    if rule == GREEDY:
        return _ids(e, _greedy(e))
    if rule == MES_ADD1:
        return _ids(e, _mes_add1(e, mes))
    if rule == MES_GREEDY:
        # pabutools' completion_by_rule_combination([equal shares, greedy]) is greedy started
        # from equal shares' outcome unless that is exhaustive (then greedy adds nothing)
        greedy_sat = PointsCostSat if e.points else Cost_Sat
        return _ids(e, completion_by_rule_combination(
            e.instance, e.multi, [greedy_utilitarian_welfare], [{"sat_class": greedy_sat}],
            initial_budget_allocation=_equal_shares(e) if mes is None else mes))
    if rule == KNAPSACK:
        sat = Additive_Cardinal_Sat if e.points else Cardinality_Sat
        return _ids(e, max_additive_utilitarian_welfare(e.instance, e.profile, sat_class=sat))
    raise ValueError(rule)


def _mes_add1(e: Election, mes=None):
    """pabutools' add1 completion (``voter_budget_increment=1``) without its one-unit steps.

    pabutools runs equal shares with every voter's share raised by 1, 2, 3... currency units
    and stops at the first rise whose outcome spends more than the budget (taking the outcome
    before it) or leaves nothing affordable unfunded (taking it). With budgets in millions of
    soms or drams that is up to a million runs. The outcome at a rise of ``k`` units is equal
    shares on the same ballots with ``k`` × voters added to the budget, so the first stopping
    rise is found by doubling, then halving, in about 2 × log2(k) runs. That finds pabutools'
    stop when a rise that stops is followed only by rises that stop (more per voter funds more,
    as it does on the profiles tested against pabutools' own add1: tests/budgeting/test_rules.py
    and bench/pb_count.py's check)."""
    sat = _mes_sat(e)
    voters = e.multi.num_ballots()
    supported = [p for p in e.instance if any(p in b for b in e.multi)]
    outcomes = {} if mes is None else {0: mes}  # no rise: equal shares itself

    def outcome(k):
        if k not in outcomes:
            if k < 0:  # before the first run: the projects that cost nothing
                outcomes[k] = [p for p in supported if p.cost == 0]
            else:
                raised = Instance(e.instance, budget_limit=e.instance.budget_limit + k * voters)
                outcomes[k] = method_of_equal_shares(raised, e.multi, sat_class=sat)
        return outcomes[k]

    def stops(k):
        chosen = outcome(k)
        return (not e.instance.is_feasible(chosen)
                or e.instance.is_exhaustive(chosen, available_projects=supported))

    low, high = -1, 0  # stops(low) is false (by definition for -1); find the first k that stops
    while not stops(high):
        low, high = high, max(1, 2 * high)
    while high - low > 1:
        middle = (low + high) // 2
        if stops(middle):
            high = middle
        else:
            low = middle
    return outcome(high) if e.instance.is_feasible(outcome(high)) else outcome(high - 1)




def count(e: Election, chosen_rule: str) -> dict:
    """Everything the results page shows, as plain data (cacheable): per rule its winners,
    and per project its score, whether it won under the chosen rule and why (a reason code
    with its figures, turned into words by the page in the reader's language)."""
    mes = _equal_shares(e) if e.ballots else None  # run once for both completions and the reasons
    picks = {rule: winners(e, rule, mes) for rule in RULES}
    scores = e.scores()
    cost = dict(e.projects)
    position = {pid: i for i, (pid, _) in enumerate(e.projects)}
    won = set(picks[chosen_rule])
    spent = sum(cost[p] for p in won)
    left = e.budget - spent
    mes_phase = set(_ids(e, mes)) if mes is not None and chosen_rule in (MES_ADD1, MES_GREEDY) else set()
    # greedy's order: score, then pabutools' lexicographic tie-breaking on the project name
    greedy_order = sorted(cost, key=lambda p: (-scores[p], e.by_id[p].name))
    reasons = {}
    for pid in cost:
        if scores[pid] == 0:
            reasons[pid] = ("no_votes", {})
        elif cost[pid] > e.budget:
            reasons[pid] = ("over_budget", {})
        elif chosen_rule == GREEDY:
            above = [p for p in greedy_order[:greedy_order.index(pid)] if p in won]
            remaining = e.budget - sum(cost[p] for p in above)
            reasons[pid] = (("greedy_won", {"left": remaining - cost[pid]}) if pid in won
                            else ("greedy_lost", {"n": len(above), "left": remaining}))
        elif chosen_rule == KNAPSACK:
            reasons[pid] = ("knapsack_won", {}) if pid in won else ("knapsack_lost", {})
        elif pid in won:
            reasons[pid] = ("mes_won", {}) if pid in mes_phase or chosen_rule == MES_ADD1 else ("completion_won", {})
        else:
            reasons[pid] = ("mes_lost_budget", {"left": left}) if cost[pid] > left else ("mes_lost", {})
    order = sorted(cost, key=lambda p: (p not in won, picks[chosen_rule].index(p) if p in won else 0,
                                        -scores[p], position[p]))
    return {
        "rule": chosen_rule, "budget": e.budget, "spent": spent, "ballots": len(e.ballots),
        "picks": picks, "order": order,
        "projects": {pid: {"score": scores[pid], "cost": cost[pid], "won": pid in won, "reason": reasons[pid]}
                     for pid in cost},
    }

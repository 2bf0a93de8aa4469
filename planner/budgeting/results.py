"""A budgeting ballot's results, computed once per change of the ballot.

The ballot's result counts the online papers and the paper ballots of confirmed batches
together, under every rule (rules.count); beside it, each channel's papers, votes and the
winners the ballot's rule picks from that channel alone. They are kept in the shared
cache (Redis with PLANNER_CACHE_URL) under the ballot's ``version``, which every vote,
every mix, every confirmed paper batch and every edit bumps in the same transaction: a page
view after a change computes them once, every other view reads them."""
from ..disclosure import MIN_GROUP
from ..extensions import cache
from . import paper, rules, services
from .models import CHANNELS

def key(ballot) -> str:
    return f"pb-results-5:{ballot.id}:{ballot.created_at:%Y%m%d%H%M%S%f}:{ballot.version}"


def papers(ballot) -> dict[str, list]:
    """The (paper key, project_id, value) rows of each channel."""
    online = [(receipt, pid, value) for receipt, pid, value in services.vote_rows(ballot)]
    on_paper = [(f"paper-{paper_id}", pid, value) for paper_id, pid, value, _village in paper.paper_rows(ballot)]
    return {"online": online, "paper": on_paper, "all": online + on_paper}


def by_channel(ballot) -> dict:
    """{"all": rules.count of every paper, "online" and "paper": {"ballots": n, "scores":
    {project_id: votes or points}, "winners": [project ids the ballot's rule picks from
    that channel's papers alone, or None when not shown]}, "apart": whether the channels'
    figures may be shown}.
    Every rule runs on all papers (the other rules' outcome is shown beside the chosen one);
    each channel runs the ballot's rule only, and not at all when the other channel is empty
    (its winners are then the overall ones). ``apart`` is false when both channels have
    papers and one has fewer than the small-group minimum (docs/small-groups.md): its
    figures would show how those few voted, and hiding them alone would not do, as the
    total minus the other channel gives them back."""
    stored = cache.get(key(ballot))
    if stored is not None:
        return stored
    rows = papers(ballot)
    counted = {"all": rules.count(rules.Election.of(ballot, rows["all"]), ballot.rule)}
    elections = {channel: rules.Election.of(ballot, rows[channel]) for channel in CHANNELS}
    sizes = [len(e.ballots) for e in elections.values()]
    counted["apart"] = not (all(sizes) and min(sizes) < MIN_GROUP)
    for channel, election in elections.items():
        others = [e for c, e in elections.items() if c != channel]
        if not election.ballots:
            winners = []
        elif not any(e.ballots for e in others):
            winners = counted["all"]["picks"][ballot.rule]
        else:  # None: not shown, so not counted
            winners = rules.winners(election, ballot.rule) if counted["apart"] else None
        counted[channel] = {"ballots": len(election.ballots), "scores": election.scores(), "winners": winners}
    cache.set(key(ballot), counted, timeout=0)
    return counted


def results(ballot) -> dict:
    """The ballot's result: online and paper ballots together."""
    return by_channel(ballot)["all"]

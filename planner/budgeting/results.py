"""A budgeting ballot's results, computed once per change of the ballot.

The ballot's result counts the online papers and the paper ballots of confirmed batches
together, under every rule (rules.count); beside it, each channel's papers and votes. They are kept in the shared
cache (Redis with PLANNER_CACHE_URL) under the ballot's ``version``, which every vote,
every mix, every confirmed paper batch and every edit bumps in the same transaction: a page
view after a change computes them once, every other view reads them."""
from ..extensions import cache
from . import paper, rules, services

def key(ballot) -> str:
    return f"pb-results-4:{ballot.id}:{ballot.created_at:%Y%m%d%H%M%S%f}:{ballot.version}"


def papers(ballot) -> dict[str, list]:
    """The (paper key, project_id, value) rows of each channel."""
    online = [(receipt, pid, value) for receipt, pid, value in services.vote_rows(ballot)]
    on_paper = [(f"paper-{paper_id}", pid, value) for paper_id, pid, value, _village in paper.paper_rows(ballot)]
    return {"online": online, "paper": on_paper, "all": online + on_paper}


def by_channel(ballot) -> dict:
    """{"all": rules.count of every paper, "online" and "paper": {"ballots": n, "scores":
    {project_id: votes or points}}}. The rules run once, on all papers: a channel alone can
    be a handful of papers, for which equal shares' add1 completion (a rise of one unit per
    voter at a time) takes minutes (bench/README.md)."""
    stored = cache.get(key(ballot))
    if stored is not None:
        return stored
    rows = papers(ballot)
    counted = {"all": rules.count(rules.Election.of(ballot, rows["all"]), ballot.rule)}
    for channel in ("online", "paper"):
        election = rules.Election.of(ballot, rows[channel])
        counted[channel] = {"ballots": len(election.ballots), "scores": election.scores()}
    cache.set(key(ballot), counted, timeout=0)
    return counted


def results(ballot) -> dict:
    """The ballot's result: online and paper ballots together."""
    return by_channel(ballot)["all"]

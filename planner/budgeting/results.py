"""A budgeting ballot's results, computed once per change of the ballot.

The count (rules.count) is kept in the shared cache (Redis with PLANNER_CACHE_URL) under the
ballot's ``version``, which every vote and every edit bumps in the same transaction: a page
view after a change computes it once, every other view reads it."""
from ..extensions import cache
from . import rules, services


def key(ballot) -> str:
    return f"pb-results:{ballot.id}:{ballot.created_at:%Y%m%d%H%M%S%f}:{ballot.version}"


def results(ballot) -> dict:
    stored = cache.get(key(ballot))
    if stored is not None:
        return stored
    counted = rules.count(rules.Election.of(ballot, services.vote_rows(ballot)), ballot.rule)
    cache.set(key(ballot), counted, timeout=0)
    return counted

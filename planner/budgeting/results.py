"""A budgeting ballot's results, counted once per change of the ballot and stored.

The ballot's result counts the online papers and the paper ballots of confirmed batches
together, under every rule (rules.count); beside it, each channel's papers, votes and the
winners the ballot's rule picks from that channel alone. A count is stored in ``pb_counts``
under the ballot's ``version``, which every vote, every mix, every confirmed paper batch and
every edit bumps in the same transaction (and which queues the next count: counts.py).

- :func:`for_page`: what the results page shows; never counts a large ballot in the request
  (the stored count, saying whether it is out of date);
- :func:`by_channel` and :func:`results`: a count of the current version ("winners to plan"):
  the stored one if it is current, else counted now; :func:`current` stores such a count
  (exports).

None of them commits: the page and the export perform them (``actions.perform``), the job
runner commits the job's work."""
import json
import time

from sqlalchemy import select, update

from ..disclosure import MIN_GROUP
from ..extensions import db
from ..models import utcnow
from ..page_cache import uncommitted_writes
from . import counts, paper, rules, services
from .models import CHANNELS, PbBallot, PbCount

CURRENT, RECOUNTING, COUNTING = "current", "recounting", "counting"


def papers(ballot) -> dict[str, list]:
    """The (paper key, project_id, value) rows of each channel."""
    online = [(receipt, pid, value) for receipt, pid, value in services.vote_rows(ballot)]
    on_paper = [(f"paper-{paper_id}", pid, value) for paper_id, pid, value, _village in paper.paper_rows(ballot)]
    return {"online": online, "paper": on_paper, "all": online + on_paper}


def compute(ballot) -> dict:
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
    return counted


def _decoded(stored: dict) -> dict:
    """A count as stored (JSON: keys are strings, tuples are lists) back to :func:`compute`'s form."""
    counted = stored["all"]
    counted["projects"] = {int(pid): {**row, "reason": tuple(row["reason"])} for pid, row in counted["projects"].items()}
    for channel in CHANNELS:
        stored[channel]["scores"] = {int(pid): n for pid, n in stored[channel]["scores"].items()}
    return stored


def _counted_now(ballot) -> dict:
    """:func:`compute` in the form a stored count is read back in, so both compare equal."""
    return _decoded(json.loads(json.dumps(compute(ballot))))


def count_and_store(ballot) -> dict:
    """Count the ballot as its data is now and store it under its version (read before the
    data, so the count is never older than it), unless a newer count is stored already.
    The caller commits (``perform``, or the job runner); when the transaction has written
    something already (a service's), it only counts: that data is not of any version yet."""
    version = db.session.scalar(select(PbBallot.version).where(PbBallot.id == ballot.id))
    start = time.perf_counter()
    counted = _counted_now(ballot)
    seconds = time.perf_counter() - start
    if uncommitted_writes():  # inside a service's transaction: its data is not of any version yet
        return counted
    counts.ensure_row(ballot.id)
    db.session.execute(update(PbCount).where(PbCount.ballot_id == ballot.id, PbCount.version < version)
                       .values(version=version, result=counted, counted_at=utcnow(), seconds=seconds))
    return counted


def stored(ballot):
    """(the stored count or None, its version: 0 when there is none)."""
    row = db.session.execute(select(PbCount.result, PbCount.version).where(PbCount.ballot_id == ballot.id)).first()
    if row is None or row.result is None:
        return None, 0
    return _decoded(row.result), row.version


def _current_stored(ballot):
    """The stored count if it is of the ballot's current version, else None."""
    counted, version = stored(ballot)
    return counted if version >= ballot.version else None


def by_channel(ballot) -> dict:
    """The count of the ballot's current version: stored, or counted now (not stored: this
    reads only; :func:`current` stores)."""
    return _current_stored(ballot) or _counted_now(ballot)


def current(ballot) -> dict:
    """Service: :func:`by_channel`, storing a count it had to make (an export performs it)."""
    return _current_stored(ballot) or count_and_store(ballot)


def for_page(ballot) -> tuple[dict | None, str]:
    """(the count to show or None, CURRENT, RECOUNTING or COUNTING). A small ballot is
    counted in the request (counts.cheap); a large one never is: the stored count is shown,
    said to be out of date, and a count is queued if none is (a job lost, or the ballot
    counted before this storage existed). A service: the page performs it, which stores
    the count or the queued mark."""
    counted, version = stored(ballot)
    if counted is not None and version >= ballot.version:
        return counted, CURRENT
    if counts.cheap(ballot):
        return count_and_store(ballot), CURRENT
    counts.request(ballot.id)
    return counted, RECOUNTING if counted is not None else COUNTING


def results(ballot) -> dict:
    """The ballot's result: online and paper ballots together."""
    return by_channel(ballot)["all"]

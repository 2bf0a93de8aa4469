"""Counting a ballot, in SQL: every aggregate over votes is a GROUP BY in the database.

The online vote is read in one pass: one GROUP BY over (option, value, village, sex, age
band), answered from the covering index ``ix_ballot_votes_tally`` without reading the table,
gives at most options × values × cells rows (about 1,300 for 11 options ranked up to 3);
Python adds them up into the totals, the ranks' counts, the breakdowns and, for single and
ranking ballots, the voters per cell (each paper has exactly one row of value 1: its choice,
or its first rank). Approval and dots ballots count their voters per cell with a second
GROUP BY. Python then ranks the options and works out shares (``planner.numbers``: exact,
half up, one decimal). Ranking ballots are scored by the house's one ranking rule
(``planner.numbers.borda_points``, the same as survey ranking questions). Paper counts come
only from confirmed protocols, kept apart from online votes up to the total.

The tally (these sums, before any suppression or ranking) is kept in the app's cache under
the data version (``planner.page_cache``), which every committed write bumps, the mixing of
votes and the confirmation of a protocol included: a ballot is counted once per change of
the data, not once per request."""
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import bindparam, func, literal, select, union_all

from ... import disclosure, page_cache
from ...extensions import db
from ...municipalities.models import ACTIVE, RESIDENT, Membership
from ...numbers import borda_points, percent
from .models import (
    APPROVAL,
    DOTS,
    ONLINE,
    PAPER,
    RANKING,
    SINGLE,
    Ballot,
    BallotParticipation,
    BallotVote,
    PaperCount,
    PaperTally,
    ballot_villages,
)

MIN_GROUP = disclosure.MIN_GROUP  # groups smaller than this are hidden, and enough others with them


@dataclass
class OptionResult:
    option: object
    online: int = 0
    paper: int = 0
    rank: int = 0
    percent: Decimal = Decimal(0)  # share of the denominator, 0..100, rounded half up
    tied: bool = False
    by_value: dict = field(default_factory=dict)  # ranking: rank -> ballots (online + paper)

    @property
    def total(self) -> int:
        return self.online + self.paper


@dataclass
class Turnout:
    online_voters: int = 0
    paper_marked: int = 0
    paper_issued: int = 0
    paper_valid: int = 0
    paper_invalid: int = 0
    eligible: int = 0
    paper_places: int = 0

    @property
    def ballots_counted(self) -> int:
        return self.online_voters + self.paper_valid

    @property
    def online_percent(self) -> Decimal | None:
        return percent(self.online_voters, self.eligible) if self.eligible else None


@dataclass
class Breakdown:
    dimension: str  # village, sex, age_band
    groups: list  # [(key, voters, {option_id: score}), or (key, None, None) if hidden]


@dataclass
class Result:
    ballot: Ballot
    rows: list
    turnout: Turnout
    total_score: int
    breakdowns: list
    too_few: bool = False  # fewer than MIN_GROUP ballots counted: no figure per option is public
    channels_hidden: bool = False  # the online/paper split would single out a small group
    version: int | None = None  # the data version its tally is kept under (None: counted afresh, not kept)


def profile_query(ballot):
    """Online voters per village, sex and age band (the cells the breakdowns add up)."""
    return (select(BallotVote.village_id, BallotVote.sex, BallotVote.age_band,
                   func.count(func.distinct(BallotVote.receipt)))
            .where(BallotVote.ballot_id == ballot.id)
            .group_by(BallotVote.village_id, BallotVote.sex, BallotVote.age_band))


def online_profile(ballot):
    """{(village, sex, age_band): voters} of the online vote, keys as text like the breakdowns'."""
    return {tuple(None if v is None else str(v) for v in (village, sex, age)): int(n)
            for village, sex, age, n in db.session.execute(profile_query(ballot))}


def online_weight(ballot):
    """What one stored vote row adds to its option's score."""
    if ballot.method == DOTS:
        return BallotVote.value
    if ballot.method == RANKING:
        return borda_points(BallotVote.value, len(ballot.options))
    return literal(1)


def paper_weight(ballot):
    if ballot.method == RANKING:
        return PaperCount.amount * borda_points(PaperCount.rank, len(ballot.options))
    return PaperCount.amount


def eligible_query(ballot):
    """How many verified residents may vote on this ballot."""
    query = select(func.count(Membership.id)).where(
        Membership.municipality_id == ballot.municipality_id,
        Membership.role == RESIDENT,
        Membership.status == ACTIVE,
    )
    if ballot.villages:
        query = query.where(Membership.village_id.in_(
            select(ballot_villages.c.village_id).where(ballot_villages.c.ballot_id == ballot.id)))
    return query


def turnout_query(ballot):
    def participants(channel):
        return (select(func.count(BallotParticipation.id))
                .where(BallotParticipation.ballot_id == ballot.id, BallotParticipation.channel == channel)
                .scalar_subquery())

    def tally_sum(column):
        return (select(func.coalesce(func.sum(column), 0))
                .where(PaperTally.ballot_id == ballot.id, PaperTally.confirmed_at.is_not(None))
                .scalar_subquery())

    places = (select(func.count(PaperTally.id))
              .where(PaperTally.ballot_id == ballot.id, PaperTally.confirmed_at.is_not(None)).scalar_subquery())
    return select(participants(ONLINE), participants(PAPER), tally_sum(PaperTally.issued),
                  tally_sum(PaperTally.valid), tally_sum(PaperTally.invalid),
                  eligible_query(ballot).scalar_subquery(), places)


DIMENSIONS = (("village", BallotVote.village_id), ("sex", BallotVote.sex), ("age_band", BallotVote.age_band))


def too_few_counted(ballot_ids):
    """The ballots among ``ballot_ids`` with fewer than MIN_GROUP ballots counted (online
    voters and valid paper ballots of confirmed protocols, as ``Turnout.ballots_counted``),
    in one query: their scores are not public anywhere, the priority list included."""
    ids = list(ballot_ids)
    if not ids:
        return set()
    counted = dict(db.session.execute(_counted(), {"ids": ids}).all())
    return {i for i in ids if int(counted.get(i) or 0) < MIN_GROUP}


@functools.cache
def _counted():
    """(ballot id, ballots counted) for the ballots ``ids``: built once (the priority list asks it
    on every visit)."""
    ids = bindparam("ids", expanding=True)
    online = (select(BallotParticipation.ballot_id.label("ballot_id"), func.count().label("n"))
              .where(BallotParticipation.ballot_id.in_(ids), BallotParticipation.channel == ONLINE)
              .group_by(BallotParticipation.ballot_id))
    on_paper = (select(PaperTally.ballot_id, func.sum(PaperTally.valid))
                .where(PaperTally.ballot_id.in_(ids), PaperTally.confirmed_at.is_not(None))
                .group_by(PaperTally.ballot_id))
    both = union_all(online, on_paper).subquery()
    return select(both.c.ballot_id, func.sum(both.c.n)).group_by(both.c.ballot_id)


def rank_rows(rows):
    """Competition ranking (1, 1, 3): equal totals share a rank and are marked as tied."""
    rows.sort(key=lambda r: (-r.total, r.option.position))
    previous = None
    for index, row in enumerate(rows, start=1):
        if previous is not None and row.total == previous.total:
            row.rank = previous.rank
            row.tied = previous.tied = True
        else:
            row.rank = index
        previous = row
    return rows


def tally_query(ballot):
    """Rows (option_id, value, village_id, sex, age_band, ballots, score) of the online vote:
    one pass over the covering index."""
    return (select(BallotVote.option_id, BallotVote.value, BallotVote.village_id, BallotVote.sex,
                   BallotVote.age_band, func.count(), func.sum(online_weight(ballot)))
            .where(BallotVote.ballot_id == ballot.id)
            .group_by(BallotVote.option_id, BallotVote.value, BallotVote.village_id, BallotVote.sex,
                      BallotVote.age_band))


def paper_scores_query(ballot):
    """Rows (option_id, rank or 0, ballots, score) of the confirmed paper protocols."""
    return (select(PaperCount.option_id, PaperCount.rank, func.sum(PaperCount.amount), func.sum(paper_weight(ballot)))
            .join(PaperTally, PaperTally.id == PaperCount.tally_id)
            .where(PaperCount.ballot_id == ballot.id, PaperTally.confirmed_at.is_not(None))
            .group_by(PaperCount.option_id, PaperCount.rank))


def _key(value):
    return None if value is None else str(value)


def tally(ballot) -> dict:
    """The ballot's sums, in plain values: {"online": {option_id: score}, "paper": {...},
    "by_value": {option_id: {value: ballots}}, "turnout": (...), "profile": {cell: voters},
    "breakdowns": {(dimension, key): {option_id: score}}}. Three queries (four for approval
    and dots ballots)."""
    online, paper, by_value, profile, breakdowns = {}, {}, {}, {}, {}
    one_row_per_paper = ballot.method in (SINGLE, RANKING)
    for option_id, value, village, sex, age, ballots, score in db.session.execute(tally_query(ballot)):
        score, ballots, cell = int(score or 0), int(ballots or 0), (_key(village), _key(sex), _key(age))
        online[option_id] = online.get(option_id, 0) + score
        if ballot.method == RANKING:
            by_value.setdefault(option_id, {})[value] = by_value.get(option_id, {}).get(value, 0) + ballots
        if one_row_per_paper and value == 1:
            profile[cell] = profile.get(cell, 0) + ballots
        for (name, _column), key in zip(DIMENSIONS, cell):
            group = breakdowns.setdefault((name, key), {})
            group[option_id] = group.get(option_id, 0) + score
    if not one_row_per_paper:
        profile = online_profile(ballot)
    for option_id, rank, ballots, score in db.session.execute(paper_scores_query(ballot)):
        paper[option_id] = paper.get(option_id, 0) + int(score or 0)
        if ballot.method == RANKING:
            by_value.setdefault(option_id, {})[rank] = by_value.get(option_id, {}).get(rank, 0) + int(ballots or 0)
    turnout = tuple(int(v or 0) for v in db.session.execute(turnout_query(ballot)).one())
    return {"online": online, "paper": paper, "by_value": by_value, "turnout": turnout, "profile": profile,
            "breakdowns": breakdowns}


def kept_tally(ballot) -> dict:
    """``tally(ballot)``, counted once per data version and kept in the app's cache (per
    process, or in Redis with ``PLANNER_CACHE_URL``). Before the first write there is no
    version, and the ballot is counted every time; so it is in a transaction that wrote
    something not yet committed (its counts belong to no data version yet)."""
    return _kept_tally(ballot)[0]


def _kept_tally(ballot, version=page_cache.NOT_READ):
    """``(tally, data version it is kept under, or None when counted afresh)``; ``version``:
    the data version when the caller read it (with the ballot), else it is read here."""
    version = page_cache.version_for_keeping(version)
    if version is None:
        return tally(ballot), None
    return page_cache.kept("ballot-tally", (ballot.id, ballot.method, len(ballot.options)), version,
                           lambda: tally(ballot)), version


def count(ballot, with_breakdowns=True, kept=True, version=page_cache.NOT_READ) -> Result:
    """The full result of ``ballot`` (options loaded): the tally (kept, see the module),
    ranked, shared out and with the small groups hidden. ``kept=False`` counts afresh;
    ``version``: the data version when the caller read it with the ballot."""
    sums, version = _kept_tally(ballot, version) if kept else (tally(ballot), None)
    rows = {o.id: OptionResult(option=o, online=sums["online"].get(o.id, 0), paper=sums["paper"].get(o.id, 0),
                               by_value=dict(sums["by_value"].get(o.id, {})))
            for o in ballot.options}
    t = Turnout(*sums["turnout"])
    total_score = sum(r.total for r in rows.values())
    if ballot.method in (SINGLE, APPROVAL):
        denominator = t.ballots_counted
    else:
        denominator = total_score
    for row in rows.values():
        row.percent = percent(row.total, denominator)
    profile = sums["profile"]
    hidden = disclosure.ballot_hidden(profile, t.paper_valid)
    breakdowns = breakdowns_for(hidden, profile, sums["breakdowns"]) if with_breakdowns else []
    return Result(ballot=ballot, rows=rank_rows(list(rows.values())), turnout=t,
                  total_score=total_score, breakdowns=breakdowns,
                  too_few=t.ballots_counted < MIN_GROUP, channels_hidden=bool({"online", "paper"} & hidden),
                  version=version)


def breakdowns_for(hidden, profile, scores):
    """Per dimension the groups (key, voters, {option_id: score}), or (key, None, None)
    for a group the suppression hides (``hidden``, from planner.disclosure)."""
    sizes: dict = {}
    for cell, voters in profile.items():
        for position, (name, _column) in enumerate(DIMENSIONS):
            sizes[(name, cell[position])] = sizes.get((name, cell[position]), 0) + voters
    result = []
    for name, _column in DIMENSIONS:
        groups = []
        for (dimension, key), voters in sizes.items():
            if dimension != name:
                continue
            if (dimension, key) in hidden or voters < MIN_GROUP:
                groups.append((key, None, None))
            else:
                groups.append((key, voters, dict(scores.get((dimension, key), {}))))
        groups.sort(key=lambda g: (g[0] is None, str(g[0])))
        result.append(Breakdown(dimension=name, groups=groups))
    return result

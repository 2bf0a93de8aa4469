"""Counting a ballot, in SQL: every aggregate over votes is a GROUP BY in the database.

Python only combines the per-option group rows (a few dozen at most), ranks them and
works out shares (``planner.numbers``: exact, half up, one decimal). Ranking ballots are
scored by the house's one ranking rule (``planner.numbers.borda_points``, the same as
survey ranking questions). Paper counts come only from confirmed protocols, kept apart
from online votes up to the total."""
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import String, cast, func, literal, select, union_all

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

MIN_GROUP = 5  # breakdown groups smaller than this are hidden


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
    groups: list  # [(key, voters, {option_id: score} or None if hidden)]


@dataclass
class Result:
    ballot: Ballot
    rows: list
    turnout: Turnout
    total_score: int
    breakdowns: list


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


def scores_query(ballot):
    """Rows (channel, option_id, value, ballots, score), grouped by option and value/rank.

    online: value is 1 (single, approval), the points (dots) or the rank (ranking) and
    ballots counts the rows; paper: value is the rank (ranking) or 0."""
    online = (
        select(literal(ONLINE).label("channel"), BallotVote.option_id, BallotVote.value.label("value"),
               func.count().label("ballots"), func.sum(online_weight(ballot)).label("score"))
        .where(BallotVote.ballot_id == ballot.id)
        .group_by(BallotVote.option_id, BallotVote.value)
    )
    paper = (
        select(literal(PAPER).label("channel"), PaperCount.option_id, PaperCount.rank.label("value"),
               func.sum(PaperCount.amount).label("ballots"), func.sum(paper_weight(ballot)).label("score"))
        .join(PaperTally, PaperTally.id == PaperCount.tally_id)
        .where(PaperCount.ballot_id == ballot.id, PaperTally.confirmed_at.is_not(None))
        .group_by(PaperCount.option_id, PaperCount.rank)
    )
    return union_all(online, paper)


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


def breakdown_query(ballot):
    """Rows (dimension, key, option_id, score, voters): per group and option the score,
    and per group (option_id NULL) the number of voters."""
    parts = []
    weight = online_weight(ballot)
    for name, column in DIMENSIONS:
        key = cast(column, String).label("key")
        parts.append(
            select(literal(name).label("dimension"), key, BallotVote.option_id.label("option_id"),
                   func.sum(weight).label("score"), func.count(func.distinct(BallotVote.receipt)).label("voters"))
            .where(BallotVote.ballot_id == ballot.id)
            .group_by(column, BallotVote.option_id)
        )
        parts.append(
            select(literal(name).label("dimension"), key, cast(literal(None), BallotVote.option_id.type).label("option_id"),
                   literal(0).label("score"), func.count(func.distinct(BallotVote.receipt)).label("voters"))
            .where(BallotVote.ballot_id == ballot.id)
            .group_by(column)
        )
    return union_all(*parts)


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


def count(ballot, with_breakdowns=True) -> Result:
    """The full result of ``ballot`` (options loaded) in three or four SQL queries."""
    rows = {o.id: OptionResult(option=o) for o in ballot.options}
    for channel, option_id, value, ballots, score in db.session.execute(scores_query(ballot)):
        row = rows.get(option_id)
        if row is None:
            continue
        if channel == ONLINE:
            row.online += int(score or 0)
        else:
            row.paper += int(score or 0)
        if ballot.method == RANKING:
            row.by_value[value] = row.by_value.get(value, 0) + int(ballots or 0)
    t = Turnout(*[int(v or 0) for v in db.session.execute(turnout_query(ballot)).one()])
    total_score = sum(r.total for r in rows.values())
    if ballot.method in (SINGLE, APPROVAL):
        denominator = t.ballots_counted
    else:
        denominator = total_score
    for row in rows.values():
        row.percent = percent(row.total, denominator)
    breakdowns = breakdowns_for(ballot) if with_breakdowns else []
    return Result(ballot=ballot, rows=rank_rows(list(rows.values())), turnout=t,
                  total_score=total_score, breakdowns=breakdowns)


def breakdowns_for(ballot):
    sizes: dict = {}
    scores: dict = {}
    for dimension, key, option_id, score, voters in db.session.execute(breakdown_query(ballot)):
        if option_id is None:
            sizes[(dimension, key)] = int(voters)
        else:
            scores.setdefault((dimension, key), {})[option_id] = int(score or 0)
    result = []
    for name, _column in DIMENSIONS:
        groups = []
        for (dimension, key), voters in sizes.items():
            if dimension != name:
                continue
            shown = scores.get((dimension, key), {}) if voters >= MIN_GROUP else None
            groups.append((key, voters, shown))
        groups.sort(key=lambda g: (g[0] is None, str(g[0])))
        result.append(Breakdown(dimension=name, groups=groups))
    return result

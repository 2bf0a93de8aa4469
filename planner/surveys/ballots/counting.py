"""Counting a ballot, in SQL: every aggregate over votes is a GROUP BY in the database.

Python only combines the per-option group rows (a few dozen at most), ranks them and
works out shares (``planner.numbers``: exact, half up, one decimal). Ranking ballots are
scored by the house's one ranking rule (``planner.numbers.borda_points``, the same as
survey ranking questions). Paper counts come only from confirmed protocols, kept apart
from online votes up to the total."""
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import String, cast, func, literal, select, union_all

from ... import disclosure
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
    """Rows (dimension, key, option_id, score): per group and option the score. The
    groups' numbers of voters come from ``profile_query``, which the suppression needs
    anyway."""
    weight = online_weight(ballot)
    return union_all(*[
        select(literal(name).label("dimension"), cast(column, String).label("key"),
               BallotVote.option_id.label("option_id"), func.sum(weight).label("score"))
        .where(BallotVote.ballot_id == ballot.id)
        .group_by(column, BallotVote.option_id)
        for name, column in DIMENSIONS
    ])


def too_few_counted(ballot_ids):
    """The ballots among ``ballot_ids`` with fewer than MIN_GROUP ballots counted (online
    voters and valid paper ballots of confirmed protocols, as ``Turnout.ballots_counted``),
    in one query: their scores are not public anywhere, the priority list included."""
    ids = list(ballot_ids)
    if not ids:
        return set()
    online = (select(BallotParticipation.ballot_id.label("ballot_id"), func.count().label("n"))
              .where(BallotParticipation.ballot_id.in_(ids), BallotParticipation.channel == ONLINE)
              .group_by(BallotParticipation.ballot_id))
    on_paper = (select(PaperTally.ballot_id, func.sum(PaperTally.valid))
                .where(PaperTally.ballot_id.in_(ids), PaperTally.confirmed_at.is_not(None))
                .group_by(PaperTally.ballot_id))
    both = union_all(online, on_paper).subquery()
    counted = dict(db.session.execute(select(both.c.ballot_id, func.sum(both.c.n)).group_by(both.c.ballot_id)).all())
    return {i for i in ids if int(counted.get(i) or 0) < MIN_GROUP}


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
    profile = online_profile(ballot)
    hidden = disclosure.ballot_hidden(profile, t.paper_valid)
    breakdowns = breakdowns_for(ballot, hidden, profile) if with_breakdowns else []
    return Result(ballot=ballot, rows=rank_rows(list(rows.values())), turnout=t,
                  total_score=total_score, breakdowns=breakdowns,
                  too_few=t.ballots_counted < MIN_GROUP, channels_hidden=bool({"online", "paper"} & hidden))


def breakdowns_for(ballot, hidden, profile):
    """Per dimension the groups (key, voters, {option_id: score}), or (key, None, None)
    for a group the suppression hides (``hidden``, from planner.disclosure)."""
    sizes: dict = {}
    for cell, voters in profile.items():
        for position, (name, _column) in enumerate(DIMENSIONS):
            sizes[(name, cell[position])] = sizes.get((name, cell[position]), 0) + voters
    scores: dict = {}
    for dimension, key, option_id, score in db.session.execute(breakdown_query(ballot)):
        scores.setdefault((dimension, key), {})[option_id] = int(score or 0)
    result = []
    for name, _column in DIMENSIONS:
        groups = []
        for (dimension, key), voters in sizes.items():
            if dimension != name:
                continue
            if (dimension, key) in hidden or voters < MIN_GROUP:
                groups.append((key, None, None))
            else:
                groups.append((key, voters, scores.get((dimension, key), {})))
        groups.sort(key=lambda g: (g[0] is None, str(g[0])))
        result.append(Breakdown(dimension=name, groups=groups))
    return result

"""Ballots, who took part, what was chosen, paper protocols, the priority list.

Who took part (``ballot_participations``, one row per person and ballot, UNIQUE) is kept
apart from what was chosen. The voter's transaction writes the choice only sealed
(``ballot_sealed_votes``: encrypted, random id, no time); a transaction of its own later
moves sealed votes in shuffled batches into ``ballot_votes``, keyed by a receipt that is a
keyed hash of ballot and voter: without the receipt key the database cannot tell whose
choice a row is, neither by ids, times, row order nor transaction ids (docs/threat-model.md)."""
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    LargeBinary,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from ...models import utcnow
from ...numbers import borda_points

SINGLE = "single"
APPROVAL = "approval"
DOTS = "dots"
RANKING = "ranking"
METHODS = (SINGLE, APPROVAL, DOTS, RANKING)

ONLINE = "online"
PAPER = "paper"
CHANNELS = (ONLINE, PAPER)


ballot_villages = Table(
    "ballot_villages",
    db.metadata,
    Column("ballot_id", Integer, ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True),
    Column("village_id", Integer, ForeignKey("villages.id", ondelete="CASCADE"), primary_key=True),
)


class Ballot(db.Model):
    __tablename__ = "ballots"
    __table_args__ = (
        CheckConstraint("method IN ('single', 'approval', 'dots', 'ranking')", name="method"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("max_choices >= 1", name="max_choices"),
        CheckConstraint("max_per_option >= 1", name="max_per_option"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    explanation: Mapped[str] = mapped_column(String(4000), default="")
    method: Mapped[str] = mapped_column(String(10))
    # single: 1; approval: up to k options; dots: k points; ranking: rank up to r options.
    max_choices: Mapped[int] = mapped_column(default=1)
    # dots only: at most m points on one option.
    max_per_option: Mapped[int] = mapped_column(default=1)
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    is_results_live: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    municipality = relationship("Municipality")
    options = relationship("BallotOption", back_populates="ballot", order_by="BallotOption.position",
                           cascade="all, delete-orphan")
    villages = relationship("Village", secondary=ballot_villages, order_by="Village.name")
    created_by = relationship("User")

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now: datetime) -> bool:
        return now >= self.closes_at

    def results_visible(self, now: datetime) -> bool:
        return self.is_closed(now) or (self.is_results_live and now >= self.opens_at)

    @property
    def points_per_rank(self) -> dict[int, int]:
        """Points for each rank a voter may give (planner.numbers' Borda rule, n options):
        rank 1 gets n − 1 points, each further rank one less."""
        return {rank: borda_points(rank, len(self.options)) for rank in range(1, self.max_choices + 1)}


class BallotOption(db.Model):
    __tablename__ = "ballot_options"
    __table_args__ = (
        # Lets votes and tally counts name (ballot, option) together: an option of another
        # ballot cannot be stored against this one.
        UniqueConstraint("ballot_id", "id"),
        UniqueConstraint("ballot_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(1000))  # a snapshot: later edits of the source do not change the ballot
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)

    ballot = relationship("Ballot", back_populates="options")
    problem = relationship("Problem")
    activity = relationship("Activity")


class BallotParticipation(db.Model):
    """Who took part, online or on paper; one row per person and ballot, enforced here."""

    __tablename__ = "ballot_participations"
    __table_args__ = (
        UniqueConstraint("ballot_id", "user_id"),
        CheckConstraint("channel IN ('online', 'paper')", name="channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(6))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)  # how many times the vote was sent
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id])
    village = relationship("Village")


class BallotVote(db.Model):
    """One chosen option of one online ballot paper. ``value``: 1 (single, approval), the
    points (dots) or the rank (ranking). The voter's village, sex and age band are copied
    for the breakdowns; results hide groups under 5 people."""

    __tablename__ = "ballot_votes"
    __table_args__ = (
        ForeignKeyConstraint(["ballot_id", "option_id"], ["ballot_options.ballot_id", "ballot_options.id"],
                             ondelete="CASCADE", name="fk_ballot_votes_ballot_option"),
        UniqueConstraint("ballot_id", "receipt", "option_id"),
        CheckConstraint("value >= 1", name="value"),
        # Counting reads this index alone, never the table (planner/surveys/ballots/counting.py).
        Index("ix_ballot_votes_tally", "ballot_id", "option_id", "value", "village_id", "sex", "age_band"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"))
    receipt: Mapped[str] = mapped_column(String(32))
    option_id: Mapped[int] = mapped_column(index=True)
    value: Mapped[int] = mapped_column(default=1)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"))
    sex: Mapped[str | None] = mapped_column(String(1))
    age_band: Mapped[str | None] = mapped_column(String(8))


class SealedVote(db.Model):
    """An online vote waiting to be mixed: its content encrypted (planner/sealing.py), found
    by the app through ``tag`` (a keyed hash of ballot and voter, not the receipt)."""

    __tablename__ = "ballot_sealed_votes"
    __table_args__ = (UniqueConstraint("ballot_id", "tag"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(32))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class PaperTally(db.Model):
    """A polling place's protocol; counts only once a second staff member confirms it.

    ``version`` is the protocol's version: a change to a confirmed protocol is a correction,
    version + 1, and the confirmed figures it replaces stay in ``paper_tally_versions``.
    ``lock_version`` grows with every change (saving, confirming): forms carry the value they
    showed and every UPDATE names it, so of two staff saving or confirming at once one wins and
    the other is told, instead of one overwriting the other unseen."""

    __tablename__ = "paper_tallies"
    __table_args__ = (
        UniqueConstraint("ballot_id", "village_id"),
        CheckConstraint("issued >= 0 AND valid >= 0 AND invalid >= 0", name="non_negative"),
        CheckConstraint("valid + invalid <= issued", name="cast_within_issued"),
        CheckConstraint("confirmed_by_id IS NULL OR confirmed_by_id <> entered_by_id", name="second_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id", ondelete="CASCADE"))
    issued: Mapped[int]
    valid: Mapped[int]
    invalid: Mapped[int]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")

    ballot = relationship("Ballot")
    village = relationship("Village")
    entered_by = relationship("User", foreign_keys=[entered_by_id])
    confirmed_by = relationship("User", foreign_keys=[confirmed_by_id])
    counts = relationship("PaperCount", back_populates="tally", cascade="all, delete-orphan")
    history = relationship("PaperTallyVersion", back_populates="tally", cascade="all, delete-orphan",
                           order_by="PaperTallyVersion.version.desc()")

    # Set by hand (paper.bump), so that every save changes it even when no figure changed.
    __mapper_args__ = {"version_id_col": lock_version, "version_id_generator": False}

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class PaperTallyVersion(db.Model):
    """A confirmed protocol version replaced by a correction, kept as it was confirmed.
    ``counts``: the per-option figures as canonical JSON (see paper.canonical_figures)."""

    __tablename__ = "paper_tally_versions"
    __table_args__ = (UniqueConstraint("tally_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tally_id: Mapped[int] = mapped_column(ForeignKey("paper_tallies.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    issued: Mapped[int]
    valid: Mapped[int]
    invalid: Mapped[int]
    counts: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None]
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)

    tally = relationship("PaperTally", back_populates="history")
    entered_by = relationship("User", foreign_keys=[entered_by_id])
    confirmed_by = relationship("User", foreign_keys=[confirmed_by_id])
    replaced_by = relationship("User", foreign_keys=[replaced_by_id])


class PaperCount(db.Model):
    """Per option: ballots marking it (single, approval), points (dots), or the number of
    ballots giving it rank ``rank`` (ranking)."""

    __tablename__ = "paper_counts"
    __table_args__ = (
        ForeignKeyConstraint(["ballot_id", "option_id"], ["ballot_options.ballot_id", "ballot_options.id"],
                             ondelete="CASCADE", name="fk_paper_counts_ballot_option"),
        UniqueConstraint("tally_id", "option_id", "rank"),
        CheckConstraint("amount >= 0", name="amount"),
        CheckConstraint("rank >= 0", name="rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tally_id: Mapped[int] = mapped_column(ForeignKey("paper_tallies.id", ondelete="CASCADE"), index=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"))
    option_id: Mapped[int]
    rank: Mapped[int] = mapped_column(default=0)  # 0 unless the method is ranking
    amount: Mapped[int]

    tally = relationship("PaperTally", back_populates="counts")


class Priority(db.Model):
    """The ranked priority list made from a ballot's result; plan activities link here."""

    __tablename__ = "priorities"
    __table_args__ = (UniqueConstraint("ballot_id", "option_id"), CheckConstraint("rank >= 1", name="rank"))

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    ballot_id: Mapped[int | None] = mapped_column(ForeignKey("ballots.id", ondelete="SET NULL"))
    option_id: Mapped[int | None] = mapped_column(ForeignKey("ballot_options.id", ondelete="SET NULL"))
    rank: Mapped[int]
    title: Mapped[str] = mapped_column(String(1000))
    score: Mapped[int] = mapped_column(default=0)
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    ballot = relationship("Ballot")

"""Participatory budgeting: a ballot of projects with costs, a budget, a voting style and a
rule that picks the winners.

Costs and the budget are whole units of the municipality's currency (soms, drams): PB
projects are costed in whole units and pabulib files carry integers. The rule is chosen
before the ballot opens and cannot change once a vote is cast (services.update_ballot).

Secrecy as in the priority ballots (docs/threat-model.md): who took part
(``pb_participations``, one row per person and ballot, UNIQUE) is kept apart from what was
chosen. A paper is written in the voter's transaction only sealed (``pb_sealed_votes``) and
moved into ``pb_votes`` (keyed by a receipt, a keyed hash of ballot and voter) in shuffled
batches of at least ten by budgeting/mixing.py; votes imported from a .pb file or loaded by
the demo go straight to ``pb_votes``.
``version`` grows with every vote and every change, so results are computed once per change."""
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Float,
    ForeignKeyConstraint,
    Integer,
    JSON,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from ..models import one_of as _in
from ..models import utcnow

# Voting styles
WITHIN_BUDGET, UP_TO_K, POINTS = "budget", "up_to_k", "points"
STYLES = (WITHIN_BUDGET, UP_TO_K, POINTS)
# Rules that pick the winners
GREEDY, MES_ADD1, MES_GREEDY, KNAPSACK = "greedy", "mes_add1", "mes_greedy", "knapsack"
RULES = (GREEDY, MES_ADD1, MES_GREEDY, KNAPSACK)
# How a resident voted
ONLINE, PAPER = "online", "paper"
CHANNELS = (ONLINE, PAPER)

pb_project_villages = Table(
    "pb_project_villages",
    db.metadata,
    Column("project_id", Integer, ForeignKey("pb_projects.id", ondelete="CASCADE"), primary_key=True),
    Column("village_id", Integer, ForeignKey("villages.id", ondelete="CASCADE"), primary_key=True),
)


class PbBallot(db.Model):
    """A budgeting ballot. ``max_choices``: k for "up to k", the points for "points"."""

    __tablename__ = "pb_ballots"
    __table_args__ = (
        CheckConstraint(_in("style", STYLES), name="style"),
        CheckConstraint(_in("rule", RULES), name="rule"),
        CheckConstraint("budget > 0", name="budget"),
        CheckConstraint("max_choices >= 1", name="max_choices"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("min_spend IS NULL OR min_spend >= 0", name="min_spend"),
        CheckConstraint("min_projects IS NULL OR min_projects >= 0", name="min_projects"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(4000), default="")
    budget: Mapped[int] = mapped_column(BigInteger)
    style: Mapped[str] = mapped_column(String(10), default=WITHIN_BUDGET)
    max_choices: Mapped[int] = mapped_column(default=1)
    min_spend: Mapped[int | None] = mapped_column(BigInteger)
    min_projects: Mapped[int | None]
    rule: Mapped[str] = mapped_column(String(12), default=GREEDY)
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(Text, default="")  # an imported file's META, as "key: value" lines
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality = relationship("Municipality")
    projects: Mapped[list["PbProject"]] = relationship(back_populates="ballot", cascade="all, delete-orphan",
                                                       order_by="PbProject.position")

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now: datetime) -> bool:
        return now >= self.closes_at


class PbProject(db.Model):
    __tablename__ = "pb_projects"
    __table_args__ = (
        UniqueConstraint("ballot_id", "id"),
        UniqueConstraint("ballot_id", "position"),
        CheckConstraint("cost > 0", name="cost"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("pb_ballots.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(String(4000), default="")
    cost: Mapped[int] = mapped_column(BigInteger)
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"), index=True)
    # the plan activity a winning project became (planning.to_plan_section)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)

    ballot: Mapped[PbBallot] = relationship(back_populates="projects")
    villages = relationship("Village", secondary=pb_project_villages, order_by="Village.name")
    problem = relationship("Problem")
    activity = relationship("Activity")


class PbParticipation(db.Model):
    """Who voted on a budgeting ballot, online or on paper (marked on the list of residents by
    ``marked_by``): one row per person and ballot, enforced here, so nobody votes both ways."""

    __tablename__ = "pb_participations"
    __table_args__ = (
        UniqueConstraint("ballot_id", "user_id"),
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("pb_ballots.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(default=1)  # how many times the vote was sent
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    channel: Mapped[str] = mapped_column(String(6), default=ONLINE, server_default=ONLINE)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id])


class PbVote(db.Model):
    """One chosen project of one ballot paper, without the voter: ``value`` is 1 (approval)
    or the points given. The voter's village, sex and age band are copied from the sealed
    paper for the breakdowns and the export (docs/threat-model.md, "Profile columns")."""

    __tablename__ = "pb_votes"
    __table_args__ = (
        ForeignKeyConstraint(["ballot_id", "project_id"], ["pb_projects.ballot_id", "pb_projects.id"],
                             ondelete="CASCADE", name="fk_pb_votes_ballot_project"),
        UniqueConstraint("ballot_id", "receipt", "project_id"),
        CheckConstraint("value >= 1", name="value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("pb_ballots.id", ondelete="CASCADE"), index=True)
    receipt: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(index=True)
    value: Mapped[int] = mapped_column(default=1)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"))
    sex: Mapped[str | None] = mapped_column(String(1))
    age_band: Mapped[str | None] = mapped_column(String(8))


class PbSealedVote(db.Model):
    """A ballot paper waiting to be mixed: its content encrypted (planner/sealing.py), found by
    the app through ``tag`` (a keyed hash of ballot and voter)."""

    __tablename__ = "pb_sealed_votes"
    __table_args__ = (UniqueConstraint("ballot_id", "tag"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("pb_ballots.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(32))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class PbPaperBatch(db.Model):
    """Paper ballots of one polling place entered together, with the place's reconciliation
    for them: ``issued`` = valid + invalid (the papers entered) + ``spoiled`` + ``unused``
    (returned). Counts only once confirmed by a second staff member (budgeting/paper.py);
    ``lock_version`` grows with every change, and every UPDATE names the one it read.

    A correction (budgeting/corrections.py) is a new batch that ``corrects`` a confirmed one,
    starting as its copy, with the ``reason`` staff gave; once it is confirmed in turn, the
    batch it corrects is ``superseded_at`` and no longer counts (until then, it still does)."""

    __tablename__ = "pb_paper_batches"
    __table_args__ = (
        UniqueConstraint("ballot_id", "village_id", "number"),
        UniqueConstraint("corrects_id"),  # one correction of a batch at a time
        CheckConstraint("issued >= 0 AND spoiled >= 0 AND unused >= 0", name="non_negative"),
        CheckConstraint("confirmed_by_id IS NULL OR confirmed_by_id <> entered_by_id", name="second_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("pb_ballots.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id", ondelete="CASCADE"))
    number: Mapped[int]  # 1, 2 ... per polling place
    issued: Mapped[int] = mapped_column(default=0)
    spoiled: Mapped[int] = mapped_column(default=0)
    unused: Mapped[int] = mapped_column(default=0)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None]
    lock_version: Mapped[int] = mapped_column(default=1)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("pb_paper_batches.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(1000), default="", server_default="")
    superseded_at: Mapped[datetime | None]

    ballot = relationship("PbBallot")
    village = relationship("Village")
    corrects = relationship("PbPaperBatch", remote_side=[id], foreign_keys=[corrects_id],
                            backref=backref("correction", uselist=False))
    entered_by = relationship("User", foreign_keys=[entered_by_id])
    confirmed_by = relationship("User", foreign_keys=[confirmed_by_id])
    papers: Mapped[list["PbPaperBallot"]] = relationship(back_populates="batch", cascade="all, delete-orphan",
                                                         order_by="PbPaperBallot.number")

    # Set by hand (surveys/ballots/paper.bump), so that every change moves it on.
    __mapper_args__ = {"version_id_col": lock_version, "version_id_generator": False}

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def counts(self) -> bool:
        """Confirmed, and not replaced by a confirmed correction."""
        return self.confirmed_at is not None and self.superseded_at is None


class PbPaperBallot(db.Model):
    """One paper ballot as marked, entered by ``entered_by``; ``problem`` names why it is
    invalid (services.choice_problem's code, or "unclear" when staff say so), None if valid.
    No voter and no time of its own: the batch's papers come from a shaken ballot box."""

    __tablename__ = "pb_paper_ballots"
    __table_args__ = (UniqueConstraint("batch_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("pb_paper_batches.id", ondelete="CASCADE"), index=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("pb_ballots.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    problem: Mapped[str | None] = mapped_column(String(20))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    batch: Mapped[PbPaperBatch] = relationship(back_populates="papers")
    choices: Mapped[list["PbPaperChoice"]] = relationship(cascade="all, delete-orphan",
                                                          order_by="PbPaperChoice.project_id")

    @property
    def is_valid(self) -> bool:
        return self.problem is None


class PbPaperChoice(db.Model):
    """A project marked on a paper ballot: ``value`` 1 (approval) or the points written."""

    __tablename__ = "pb_paper_choices"
    __table_args__ = (
        ForeignKeyConstraint(["ballot_id", "project_id"], ["pb_projects.ballot_id", "pb_projects.id"],
                             ondelete="CASCADE", name="fk_pb_paper_choices_ballot_project"),
        CheckConstraint("value >= 1", name="value"),
    )

    paper_id: Mapped[int] = mapped_column(ForeignKey("pb_paper_ballots.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("pb_ballots.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(default=1)


class PbCount(db.Model):
    """A ballot's results as last counted (budgeting/results.py), and the mark that a count is
    queued (budgeting/counts.py). One row per ballot: ``version`` is the ballot's version the
    count is of (0: none yet), so a page knows whether what it shows is current."""

    __tablename__ = "pb_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("pb_ballots.id", ondelete="CASCADE"), unique=True)
    version: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict | None] = mapped_column(JSON)
    counted_at: Mapped[datetime | None]
    seconds: Mapped[float | None] = mapped_column(Float)  # how long the count took
    queued_at: Mapped[datetime | None]  # a count is queued since then

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
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import one_of as _in
from ..models import utcnow

# Voting styles
WITHIN_BUDGET, UP_TO_K, POINTS = "budget", "up_to_k", "points"
STYLES = (WITHIN_BUDGET, UP_TO_K, POINTS)
# Rules that pick the winners
GREEDY, MES_ADD1, MES_GREEDY, KNAPSACK = "greedy", "mes_add1", "mes_greedy", "knapsack"
RULES = (GREEDY, MES_ADD1, MES_GREEDY, KNAPSACK)

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
    """Who voted on a budgeting ballot: one row per person and ballot, enforced here."""

    __tablename__ = "pb_participations"
    __table_args__ = (UniqueConstraint("ballot_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("pb_ballots.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(default=1)  # how many times the vote was sent
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PbVote(db.Model):
    """One chosen project of one ballot paper, without the voter: ``value`` is 1 (approval)
    or the points given. The voter's village is copied for the breakdowns and the export."""

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


class PbSealedVote(db.Model):
    """A ballot paper waiting to be mixed: its content encrypted (planner/sealing.py), found by
    the app through ``tag`` (a keyed hash of ballot and voter)."""

    __tablename__ = "pb_sealed_votes"
    __table_args__ = (UniqueConstraint("ballot_id", "tag"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("pb_ballots.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(32))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)

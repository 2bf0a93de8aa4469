"""Plans, their sections and activities, initiative groups, resident input, hearings,
council review and frozen versions.

Version storage
---------------
The *working copy* of a plan lives in ordinary rows (``plan_sections``, ``activities``,
``indicators``, ``activity_villages``) and is what drafters edit. Freezing a version
(for a public hearing, or on submission to the council) copies the whole working copy into
one ``plan_versions`` row as a JSON *snapshot* (see ``services.snapshot``): sections with
their activities, funding split and indicators, money as decimal strings. A snapshot is
never written again: an ORM guard refuses any update of ``PlanVersion.snapshot``, and the
working copy of an approved plan cannot be edited (stage check in services and
permissions). Changing an approved plan starts an *amendment*: the plan goes back to draft,
the approved snapshot stays the public, citable version until a newer one is approved.
Comparing two versions is then a pure function of two snapshots (the working copy can be
snapshotted on the fly), matched by activity id.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, attributes, mapped_column, relationship

from ..extensions import db
from ..models import one_of as _in
from ..models import utcnow

SEDP = "sedp"
JAP = "jap"
KINDS = (SEDP, JAP)

DRAFT = "draft"
DISCUSSION = "discussion"
SUBMITTED = "submitted"
APPROVED = "approved"
IMPLEMENTATION = "implementation"
COMPLETED = "completed"
STAGES = (DRAFT, DISCUSSION, SUBMITTED, APPROVED, IMPLEMENTATION, COMPLETED)
EDITABLE_STAGES = (DRAFT, DISCUSSION)

# The six funding sources (DESIGN.md §2 step 5); column name on Activity = "fund_" + key.
FUNDING_SOURCES = ("local", "republican", "community_cash", "community_kind", "donor", "private")
COMMUNITY_SOURCES = ("community_cash", "community_kind")

PROPOSAL_KINDS = ("new", "change")
PROPOSAL_STATES = ("open", "accepted", "merged", "declined")

VERSION_PRESENTED = "presented"  # frozen for a public hearing
VERSION_SUBMITTED = "submitted"
VERSION_APPROVED = "approved"
VERSION_RETURNED = "returned"
VERSION_STATES = (VERSION_PRESENTED, VERSION_SUBMITTED, VERSION_APPROVED, VERSION_RETURNED)

SEXES = ("f", "m")

TITLE_MAX = 200
TEXT_MAX = 2000
SHORT_MAX = 300



class Plan(db.Model):
    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("stage", STAGES), name="stage"),
        CheckConstraint("year_to >= year_from", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    year_from: Mapped[int]
    year_to: Mapped[int]
    sedp_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    stage: Mapped[str] = mapped_column(String(20), default=DRAFT)
    is_amendment: Mapped[bool] = mapped_column(default=False)
    discussion_ends_on: Mapped[date | None]  # set when the public discussion opens
    approved_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="SET NULL", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    municipality = relationship("Municipality")
    sedp = relationship("Plan", remote_side=[id])
    sections = relationship("Section", back_populates="plan", order_by="Section.position",
                            cascade="all, delete-orphan")
    approved_version = relationship("PlanVersion", foreign_keys=[approved_version_id], post_update=True)

    @property
    def is_public(self) -> bool:
        """Anyone may read the working copy from public discussion onward."""
        return self.stage != DRAFT

    @property
    def has_public_version(self) -> bool:
        return self.stage != DRAFT or self.approved_version_id is not None


class Section(db.Model):
    """A priority area or sector of a plan, in order."""

    __tablename__ = "plan_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("initiative_groups.id", ondelete="SET NULL"))

    plan = relationship("Plan", back_populates="sections")
    group = relationship("InitiativeGroup", back_populates="sections")
    activities = relationship("Activity", back_populates="section", order_by="Activity.position")


activity_villages = Table(
    "activity_villages",
    db.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    Column("village_id", ForeignKey("villages.id", ondelete="CASCADE"), primary_key=True),
)


def _money_column():
    return mapped_column(Numeric(14, 2), default=Decimal("0"))


class Activity(db.Model):
    """A row of the plan. ``version`` counts saved edits (optimistic locking)."""

    __tablename__ = "activities"
    __table_args__ = tuple(
        CheckConstraint(f"fund_{key} >= 0", name=f"fund_{key}") for key in FUNDING_SOURCES
    ) + (
        CheckConstraint("end_month >= start_month", name="months"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    problem: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    description: Mapped[str] = mapped_column(String(TEXT_MAX))
    responsible: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    partners: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    start_month: Mapped[date | None] = mapped_column(Date)
    end_month: Mapped[date | None] = mapped_column(Date)
    expected_result: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    fund_local: Mapped[Decimal] = _money_column()
    fund_republican: Mapped[Decimal] = _money_column()
    fund_community_cash: Mapped[Decimal] = _money_column()
    fund_community_kind: Mapped[Decimal] = _money_column()
    fund_donor: Mapped[Decimal] = _money_column()
    fund_private: Mapped[Decimal] = _money_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    plan = relationship("Plan")
    section = relationship("Section", back_populates="activities")
    villages = relationship("Village", secondary=activity_villages, order_by="Village.name")
    indicators = relationship("Indicator", back_populates="activity", order_by="Indicator.position",
                              cascade="all, delete-orphan")
    updated_by = relationship("User")

    def funding(self) -> dict:
        return {key: getattr(self, f"fund_{key}") or Decimal("0") for key in FUNDING_SOURCES}

    @property
    def total(self) -> Decimal:
        return sum(self.funding().values(), Decimal("0"))


class Indicator(db.Model):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(SHORT_MAX))
    unit: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    target: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))

    activity = relationship("Activity", back_populates="indicators")


class InitiativeGroup(db.Model):
    """Volunteers who take up one or more priorities (sections) of a plan."""

    __tablename__ = "initiative_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(TITLE_MAX))
    gathering_date: Mapped[date | None] = mapped_column(Date)
    gathering_place: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    gathering_note: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan = relationship("Plan")
    sections = relationship("Section", back_populates="group", order_by="Section.position")
    members = relationship("GroupMember", back_populates="group", order_by="GroupMember.id",
                           cascade="all, delete-orphan")


class GroupMember(db.Model):
    __tablename__ = "group_members"
    __table_args__ = (CheckConstraint(_in("sex", SEXES), name="sex"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("initiative_groups.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(80), default="")
    sex: Mapped[str] = mapped_column(String(1))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    group = relationship("InitiativeGroup", back_populates="members")
    user = relationship("User")


class Comment(db.Model):
    """A resident's comment on an activity, or a deputy's review comment (``is_review``)."""

    __tablename__ = "activity_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("plan_versions.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_review: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(String(TEXT_MAX))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User")
    activity = relationship("Activity")
    version = relationship("PlanVersion")


class Proposal(db.Model):
    """A resident's proposal: a new activity in a section, or a new wording of an activity."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(_in("kind", PROPOSAL_KINDS), name="kind"),
        CheckConstraint(_in("status", PROPOSAL_STATES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("plan_sections.id", ondelete="SET NULL"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(TEXT_MAX))
    reason: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="open")
    answer: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))
    applied_activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))

    author = relationship("User", foreign_keys=[author_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    section = relationship("Section")
    activity = relationship("Activity", foreign_keys=[activity_id])
    merged_into = relationship("Activity", foreign_keys=[merged_into_id])
    applied_activity = relationship("Activity", foreign_keys=[applied_activity_id])


class PlanVersion(db.Model):
    """A frozen copy of a plan's working copy (see the module docstring)."""

    __tablename__ = "plan_versions"
    __table_args__ = (
        UniqueConstraint("plan_id", "number"),
        CheckConstraint(_in("status", VERSION_STATES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(12))
    snapshot: Mapped[dict] = mapped_column(JSON)
    total: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    plan = relationship("Plan", foreign_keys=[plan_id])
    created_by = relationship("User")


@event.listens_for(PlanVersion, "before_update")
def _snapshot_is_immutable(_mapper, _connection, target):
    if attributes.get_history(target, "snapshot").has_changes():
        raise ValueError("a frozen plan version cannot be changed")


class StageChange(db.Model):
    """One move of a plan along its stages: the plan's timeline."""

    __tablename__ = "plan_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("plan_versions.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    by = relationship("User")
    version = relationship("PlanVersion")


class Hearing(db.Model):
    """A public hearing or village gathering where a frozen version was presented."""

    __tablename__ = "plan_hearings"
    __table_args__ = (
        CheckConstraint("women >= 0 AND men >= 0", name="attendance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(SHORT_MAX))
    women: Mapped[int] = mapped_column(default=0)
    men: Mapped[int] = mapped_column(default=0)
    age_18_29: Mapped[int | None]
    age_30_44: Mapped[int | None]
    age_45_59: Mapped[int | None]
    age_60_plus: Mapped[int | None]
    minutes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    version = relationship("PlanVersion")

    @property
    def total(self) -> int:
        return (self.women or 0) + (self.men or 0)


class CouncilDecision(db.Model):
    __tablename__ = "council_decisions"
    __table_args__ = (
        CheckConstraint("outcome IN ('approved', 'returned')", name="outcome"),
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND votes_abstained >= 0", name="votes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"))
    session_date: Mapped[date] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(40))
    votes_for: Mapped[int] = mapped_column(default=0)
    votes_against: Mapped[int] = mapped_column(default=0)
    votes_abstained: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[str] = mapped_column(String(10))
    remarks: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    document_path: Mapped[str | None] = mapped_column(String(200))
    document_name: Mapped[str | None] = mapped_column(String(200))
    document_type: Mapped[str | None] = mapped_column(String(40))
    document_size: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    version = relationship("PlanVersion")

"""Joint monitoring: groups, yearly monitoring plans, reports, spending and photos."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    LargeBinary,
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
from .execution import SOURCES

MEMBER_KINDS = ("resident", "deputy", "staff", "other")
SEXES = ("f", "m")
FREQUENCIES = ("monthly", "quarterly", "twice_a_year", "yearly")
PERIOD_KINDS = ("month", "quarter")
STATUSES = ("not_started", "on_track", "delayed", "done", "cancelled")
DRAFT, APPROVED, RETURNED = "draft", "approved", "returned"
STATES = (DRAFT, APPROVED, RETURNED)



class MonitoringGroup(db.Model):
    """The joint monitoring and evaluation group of a municipality, or of one plan."""

    __tablename__ = "monitoring_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    formed_on: Mapped[date | None] = mapped_column(Date)
    # The gathering that approved the group: a recorded meeting when there is one, and/or a
    # free description (a gathering held before the municipality used the app).
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    approved_at: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality = relationship("Municipality")
    plan = relationship("Plan")
    meeting = relationship("Meeting")
    members = relationship("MonitoringMember", back_populates="group", order_by="MonitoringMember.id",
                           cascade="all, delete-orphan")
    monitoring_plans = relationship("MonitoringPlan", back_populates="group", order_by="MonitoringPlan.year",
                                    cascade="all, delete-orphan")


class MonitoringMember(db.Model):
    __tablename__ = "monitoring_group_members"
    __table_args__ = (
        CheckConstraint(_in("kind", MEMBER_KINDS), name="kind"),
        CheckConstraint(_in("sex", SEXES), name="sex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("monitoring_groups.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(10))
    sex: Mapped[str] = mapped_column(String(1))
    role: Mapped[str] = mapped_column(String(120), default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    group = relationship("MonitoringGroup", back_populates="members")
    user = relationship("User")


class MonitoringPlan(db.Model):
    """A group's plan for one year: which activities it visits, how often, and who goes."""

    __tablename__ = "monitoring_plans"
    __table_args__ = (UniqueConstraint("group_id", "year"),
                      CheckConstraint("year BETWEEN 2000 AND 2100", name="year"))

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("monitoring_groups.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    group = relationship("MonitoringGroup", back_populates="monitoring_plans")
    items = relationship("MonitoringPlanItem", back_populates="monitoring_plan", order_by="MonitoringPlanItem.id",
                         cascade="all, delete-orphan")


class MonitoringPlanItem(db.Model):
    __tablename__ = "monitoring_plan_items"
    __table_args__ = (UniqueConstraint("monitoring_plan_id", "activity_id"),
                      CheckConstraint(_in("frequency", FREQUENCIES), name="frequency"))

    id: Mapped[int] = mapped_column(primary_key=True)
    monitoring_plan_id: Mapped[int] = mapped_column(ForeignKey("monitoring_plans.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    frequency: Mapped[str] = mapped_column(String(20))
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("monitoring_group_members.id", ondelete="SET NULL"))

    monitoring_plan = relationship("MonitoringPlan", back_populates="items")
    activity = relationship("Activity")
    visitor = relationship("MonitoringMember")


report_members = Table(
    "monitoring_report_members",
    db.metadata,
    Column("report_id", ForeignKey("monitoring_reports.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("monitoring_group_members.id", ondelete="CASCADE"), primary_key=True),
)


class MonitoringReport(db.Model):
    """What the group saw at one activity for one period. Approved reports never change;
    a correction is a new report that names the one it corrects."""

    __tablename__ = "monitoring_reports"
    __table_args__ = (
        CheckConstraint(_in("state", STATES), name="state"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("period_kind", PERIOD_KINDS), name="period_kind"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        CheckConstraint("(period_kind = 'month' AND period_number BETWEEN 1 AND 12) OR "
                        "(period_kind = 'quarter' AND period_number BETWEEN 1 AND 4)", name="period_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("monitoring_groups.id", ondelete="CASCADE"), index=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("monitoring_reports.id", ondelete="SET NULL"), index=True)
    period_year: Mapped[int]
    period_kind: Mapped[str] = mapped_column(String(10))
    period_number: Mapped[int]
    visit_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    progress: Mapped[int]
    findings: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default=DRAFT, index=True)
    return_reason: Mapped[str] = mapped_column(String(1000), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]

    plan = relationship("Plan")
    activity = relationship("Activity")
    group = relationship("MonitoringGroup")
    corrects = relationship("MonitoringReport", remote_side=[id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    members_present = relationship("MonitoringMember", secondary=report_members, order_by="MonitoringMember.id")
    expenses = relationship("Expense", back_populates="report", order_by="Expense.id", cascade="all, delete-orphan")
    indicator_values = relationship("IndicatorValue", back_populates="report", order_by="IndicatorValue.id",
                                    cascade="all, delete-orphan")
    photos = relationship("Photo", back_populates="report", order_by="Photo.id", cascade="all, delete-orphan")

    @property
    def is_approved(self) -> bool:
        return self.state == APPROVED

    @property
    def is_editable(self) -> bool:
        return self.state in (DRAFT, RETURNED)

    @property
    def period_label(self) -> str:
        """The period in the reader's language, through Babel ("2nd quarter 2026", "апрель 2026 г.")."""
        from ..i18n import period_text

        return period_text(self.period_kind, self.period_year, self.period_number)

    @property
    def period_code(self) -> str:
        """The period as data, the same in every language ("2026 Q1", "2026-04"): for the audit log."""
        if self.period_kind == "quarter":
            return f"{self.period_year} Q{self.period_number}"
        return f"{self.period_year}-{self.period_number:02d}"


class SpendingImport(db.Model):
    """One CSV file of actual spending taken from the municipality's accounting."""

    __tablename__ = "monitoring_spending_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200), default="")
    rows: Mapped[int]
    total: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by = relationship("User")


class Expense(db.Model):
    """Money spent on an activity from one source: reported by the group, or imported."""

    __tablename__ = "monitoring_expenses"
    __table_args__ = (
        CheckConstraint(_in("source", SOURCES), name="source"),
        CheckConstraint("amount >= 0", name="amount"),
        CheckConstraint("(report_id IS NULL) <> (import_id IS NULL)", name="origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("monitoring_reports.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("monitoring_spending_imports.id", ondelete="CASCADE"),
                                                  index=True)
    source: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    spent_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")

    report = relationship("MonitoringReport", back_populates="expenses")


class IndicatorValue(db.Model):
    __tablename__ = "monitoring_indicator_values"
    __table_args__ = (UniqueConstraint("report_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("monitoring_reports.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    report = relationship("MonitoringReport", back_populates="indicator_values")
    indicator = relationship("Indicator")


class Photo(db.Model):
    """A cleaned photo (see photos.py), kept in the database so every app server has it."""

    __tablename__ = "monitoring_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("monitoring_reports.id", ondelete="CASCADE"), index=True)
    caption: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(20))
    width: Mapped[int]
    height: Mapped[int]
    has_location: Mapped[bool] = mapped_column(default=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    thumb: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report = relationship("MonitoringReport", back_populates="photos")


@event.listens_for(MonitoringReport, "before_update")
def _approved_report_is_immutable(_mapper, _connection, target):
    """A last guard under the services: an approved report's own columns never change."""
    state = attributes.get_history(target, "state")
    was_approved = (APPROVED in (state.deleted or ())) or (not state.has_changes() and target.state == APPROVED)
    if was_approved and db.session.is_modified(target, include_collections=False):
        changed = [a.key for a in db.inspect(target).attrs if a.history.has_changes()]
        raise ValueError(f"an approved monitoring report cannot be changed: {changed}")

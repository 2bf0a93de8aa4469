"""The community budget: a year of revenue and expenditure lines, their annual plan and its
revisions, and the plan and actual of each month.

Amounts are stored in the currency's units (drams, soms) with two decimals; the pages show
them in units or in thousands, as the municipality chooses for the year. A line is either a
group (it has lines under it and its figures are their sums) or an entry line that carries
figures. Codes come from the country's budget classification and are unique within a year."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Column, Date, ForeignKey, Numeric, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import one_of as _in
from ..models import utcnow

REVENUE, EXPENSE = "revenue", "expense"
KINDS = (REVENUE, EXPENSE)
ADMINISTRATIVE, CAPITAL = "administrative", "capital"
FUNDS = (ADMINISTRATIVE, CAPITAL)
UNITS, THOUSANDS = "units", "thousands"
SCALES = (UNITS, THOUSANDS)
DRAFT, ADOPTED = "draft", "adopted"
MONTHS = tuple(range(1, 13))
AMOUNT = Numeric(18, 2)
MAX_AMOUNT = Decimal("9999999999999.99")  # what the forms, services and imports accept


line_activities = Table(
    "budget_line_activities",
    db.metadata,
    Column("line_id", ForeignKey("budget_lines.id", ondelete="CASCADE"), primary_key=True),
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class BudgetYear(db.Model):
    """A municipality's budget for one year: drafted by staff, public once adopted."""

    __tablename__ = "budget_years"
    __table_args__ = (
        UniqueConstraint("municipality_id", "year", name="uq_budget_year"),
        CheckConstraint(_in("scale", SCALES), name="scale"),
        CheckConstraint(_in("status", (DRAFT, ADOPTED)), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    scale: Mapped[str] = mapped_column(String(10), default=THOUSANDS)
    status: Mapped[str] = mapped_column(String(10), default=DRAFT)
    decision: Mapped[str] = mapped_column(String(200), default="")  # the council decision adopting it
    adopted_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality = relationship("Municipality")
    lines: Mapped[list["BudgetLine"]] = relationship(back_populates="budget", cascade="all, delete-orphan",
                                                     order_by="BudgetLine.position")
    hearings: Mapped[list["BudgetHearing"]] = relationship(back_populates="budget", cascade="all, delete-orphan",
                                                           order_by="BudgetHearing.id")

    @property
    def is_adopted(self) -> bool:
        return self.status == ADOPTED

    @property
    def is_presented(self) -> bool:
        """A published hearing presented the draft: everyone may read it."""
        return any(h.published_at is not None for h in self.hearings)


class BudgetLine(db.Model):
    """One line of the classification: a group with lines under it, or a line with figures."""

    __tablename__ = "budget_lines"
    __table_args__ = (
        UniqueConstraint("budget_id", "code", name="uq_budget_line_code"),
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("fund", FUNDS), name="fund"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget_years.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    fund: Mapped[str] = mapped_column(String(16), default=ADMINISTRATIVE)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    names: Mapped[dict] = mapped_column(JSON, default=dict)  # {locale: name} in the municipality's languages
    position: Mapped[int] = mapped_column(default=0)
    is_group: Mapped[bool] = mapped_column(default=False)
    approved: Mapped[Decimal | None] = mapped_column(AMOUNT)  # the annual plan as adopted

    budget: Mapped[BudgetYear] = relationship(back_populates="lines")
    activities = relationship("Activity", secondary=line_activities, order_by="Activity.id")
    months: Mapped[list["BudgetMonth"]] = relationship(back_populates="line", cascade="all, delete-orphan",
                                                       order_by="BudgetMonth.month")
    revisions: Mapped[list["BudgetRevision"]] = relationship(
        back_populates="line", cascade="all, delete-orphan",
        order_by="(BudgetRevision.decided_on, BudgetRevision.id)")

    def label(self, locale: str) -> str:
        return (self.names or {}).get(locale) or self.name

    @property
    def revised(self) -> Decimal | None:
        """The annual plan after the latest revision (the adopted one if none)."""
        return self.revisions[-1].amount if self.revisions else self.approved


class BudgetMonth(db.Model):
    """The plan and the actual of one line in one month (not cumulative)."""

    __tablename__ = "budget_months"
    __table_args__ = (
        UniqueConstraint("line_id", "month", name="uq_budget_month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id", ondelete="CASCADE"), index=True)
    month: Mapped[int]
    plan: Mapped[Decimal | None] = mapped_column(AMOUNT)
    actual: Mapped[Decimal | None] = mapped_column(AMOUNT)

    line: Mapped[BudgetLine] = relationship(back_populates="months")


class BudgetRevision(db.Model):
    """A change of a line's annual plan during the year, by a council decision."""

    __tablename__ = "budget_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(AMOUNT)  # the new annual plan
    decision: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    line: Mapped[BudgetLine] = relationship(back_populates="revisions")


OPEN, ACCEPTED, DECLINED = "open", "accepted", "declined"
ANSWERS = (OPEN, ACCEPTED, DECLINED)


class BudgetHearing(db.Model):
    """A public hearing of the draft budget: a recorded meeting (its attendance by sex and
    age band is the meeting's), what was presented, and the residents' proposals with
    their answers. Published, it makes the draft budget readable by everyone."""

    __tablename__ = "budget_hearings"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget_years.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    presented: Mapped[str] = mapped_column(String(4000), default="")
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    budget: Mapped[BudgetYear] = relationship(back_populates="hearings")
    meeting = relationship("Meeting")
    proposals: Mapped[list["HearingProposal"]] = relationship(back_populates="hearing", cascade="all, delete-orphan",
                                                              order_by="HearingProposal.id")


class HearingProposal(db.Model):
    """A resident's proposal at a hearing and the municipality's answer."""

    __tablename__ = "budget_hearing_proposals"
    __table_args__ = (CheckConstraint(_in("status", ANSWERS), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("budget_hearings.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(2000))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"))
    line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id", ondelete="SET NULL"))
    amount: Mapped[Decimal | None] = mapped_column(AMOUNT)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    answer: Mapped[str] = mapped_column(String(2000), default="")
    answered_at: Mapped[datetime | None]

    hearing: Mapped[BudgetHearing] = relationship(back_populates="proposals")
    village = relationship("Village")
    line = relationship("BudgetLine")

"""Workshops (trainings) a trainer runs: the workshop, its PDF materials, its participants
and their attendance per day."""
from datetime import date, datetime, timedelta

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import one_of, utcnow

# The curriculum (the SEDP method's training modules), in the order they are taught.
TOPICS = ("sedp_kinds", "legal", "participation", "sedp_method", "jap", "organising", "monitoring", "council")
SEXES = ("f", "m")
AGE_BANDS = ("under-18", "18-29", "30-44", "45-59", "60+")
PARTICIPANT_ROLES = ("staff", "deputy", "initiative_group", "monitoring_group", "head", "resident", "other")
LANGUAGES = ("ky", "ru", "hy", "en")
MAX_DAYS = 14

workshop_municipalities = Table(
    "workshop_municipalities", db.metadata,
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True),
)


class Workshop(db.Model):
    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint(one_of("language", LANGUAGES), name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    topics: Mapped[list] = mapped_column(JSON, default=list)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(5), default="ky")
    agenda: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    trainer = relationship("User")
    municipalities = relationship("Municipality", secondary=workshop_municipalities, order_by="Municipality.name")
    materials = relationship("Material", back_populates="workshop", cascade="all, delete-orphan",
                             order_by="Material.id")
    participants = relationship("Participant", back_populates="workshop", cascade="all, delete-orphan",
                                order_by="Participant.id")

    @property
    def days(self) -> list[date]:
        return [self.starts_on + timedelta(days=i) for i in range((self.ends_on - self.starts_on).days + 1)]

    def is_past(self, today: date) -> bool:
        return self.ends_on < today


class Material(db.Model):
    """A PDF handed out at the workshop; the file lives in the upload folder."""

    __tablename__ = "workshop_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    pages: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop = relationship("Workshop", back_populates="materials")


class Participant(db.Model):
    """One person on the workshop's list: registered online (``user_id``) or typed in from
    the printed sign-in sheet."""

    __tablename__ = "workshop_participants"
    __table_args__ = (
        CheckConstraint(one_of("sex", SEXES), name="sex_known"),
        CheckConstraint(one_of("age_band", AGE_BANDS), name="age_band_known"),
        CheckConstraint(one_of("role", PARTICIPANT_ROLES), name="role_known"),
        CheckConstraint(one_of("locale", LANGUAGES), name="locale_known"),
        UniqueConstraint("workshop_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))
    sex: Mapped[str] = mapped_column(String(1))
    age_band: Mapped[str] = mapped_column(String(8))
    role: Mapped[str] = mapped_column(String(20))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop = relationship("Workshop", back_populates="participants")
    municipality = relationship("Municipality")
    attendance = relationship("Attendance", cascade="all, delete-orphan", order_by="Attendance.day")


class Attendance(db.Model):
    """The participant was there on ``day``."""

    __tablename__ = "workshop_attendance"
    __table_args__ = (UniqueConstraint("participant_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("workshop_participants.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]

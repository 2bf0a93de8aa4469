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


# --- practice municipalities and live exercises --------------------------------------------
PRACTICE_ROLES = ("resident", "group_member", "staff", "deputy", "monitor")
EXERCISE_KINDS = ("poll", "priority", "brainstorm", "evaluation")


class PracticeMunicipality(db.Model):
    """A sandbox municipality a trainer made for a workshop from the template; it is deleted
    (with its practice accounts) when the trainer says so or once ``expires_at`` has passed.
    ``municipality_id`` is empty only while a reset replaces the municipality."""

    __tablename__ = "practice_municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="SET NULL"), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    language: Mapped[str] = mapped_column(String(5))
    expires_at: Mapped[datetime] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop = relationship("Workshop")
    municipality = relationship("Municipality")
    accounts = relationship("PracticeAccount", back_populates="practice", cascade="all, delete-orphan",
                            order_by="PracticeAccount.position")


class PracticeAccount(db.Model):
    """A participant's practice login; its password is derived from the app's secret key and
    ``salt`` (never stored in clear), so a lost login card can be printed again."""

    __tablename__ = "practice_accounts"
    __table_args__ = (CheckConstraint(one_of("role", PRACTICE_ROLES), name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice_municipalities.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int]
    role: Mapped[str] = mapped_column(String(20))
    salt: Mapped[str] = mapped_column(String(32))

    practice = relationship("PracticeMunicipality", back_populates="accounts")
    user = relationship("User")


class Exercise(db.Model):
    """A quick exercise during a workshop (a poll, a priority vote, a brainstorm) or the
    evaluation questionnaire after it; participants join it with ``code``."""

    __tablename__ = "workshop_exercises"
    __table_args__ = (CheckConstraint(one_of("kind", EXERCISE_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    code: Mapped[str] = mapped_column(String(12), unique=True)
    question: Mapped[str] = mapped_column(String(500), default="")
    options: Mapped[list] = mapped_column(JSON, default=list)
    max_choices: Mapped[int] = mapped_column(default=1)
    is_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop = relationship("Workshop")
    answers = relationship("ExerciseAnswer", cascade="all, delete-orphan", order_by="ExerciseAnswer.id")


class ExerciseAnswer(db.Model):
    """One browser's answer; ``browser`` is the random id in the browser's signed cookie."""

    __tablename__ = "workshop_exercise_answers"
    __table_args__ = (UniqueConstraint("exercise_id", "browser"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("workshop_exercises.id", ondelete="CASCADE"), index=True)
    browser: Mapped[str] = mapped_column(String(64))
    value: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

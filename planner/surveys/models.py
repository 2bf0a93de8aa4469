"""Resident input: questionnaires and their anonymous responses, meetings with attendance,
and the problem register (DESIGN.md §2 steps 2 and 6).

Anonymity is a property of the schema: ``survey_responses`` and ``survey_answers`` have no
column that points at the respondent's account. Who has already answered is kept apart in
``survey_participations`` (no id, no timestamp). A residents-only answer is written in the
respondent's transaction only sealed (``survey_sealed_responses``) and moved into the
responses in shuffled batches of at least ten by a transaction of its own, so neither row
order nor PostgreSQL transaction ids line it up with the participation (docs/threat-model.md). A paper response records the staff member who typed it in (``entered_by_id``),
which a check constraint allows only for paper."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..extensions import db
from ..models import one_of as _in
from ..models import utcnow

# --- surveys -------------------------------------------------------------------------------

SINGLE = "single"
MULTIPLE = "multiple"
SCALE = "scale"
NUMBER = "number"
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"
RANKING = "ranking"
QUESTION_KINDS = (SINGLE, MULTIPLE, SCALE, NUMBER, SHORT_TEXT, LONG_TEXT, RANKING)
CHOICE_KINDS = (SINGLE, MULTIPLE, RANKING)
TEXT_KINDS = (SHORT_TEXT, LONG_TEXT)
SCALE_VALUES = (1, 2, 3, 4, 5)

ACCESS_LINK = "link"
DRAFT = "draft"  # the state of a survey not yet published
ACCESS_RESIDENTS = "residents"
ACCESS_MODES = (ACCESS_LINK, ACCESS_RESIDENTS)
PAGING_ONE = "one"
PAGING_SECTIONS = "sections"
PAGING_MODES = (PAGING_ONE, PAGING_SECTIONS)

ONLINE = "online"
PAPER = "paper"
CHANNELS = (ONLINE, PAPER)

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 4000



class Survey(db.Model):
    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint(_in("access", ACCESS_MODES), name="access"),
        CheckConstraint(_in("paging", PAGING_MODES), name="paging"),
        CheckConstraint("closes_on >= opens_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    access: Mapped[str] = mapped_column(String(10), default=ACCESS_LINK)
    paging: Mapped[str] = mapped_column(String(10), default=PAGING_ONE)
    asks_profile: Mapped[bool] = mapped_column(default=True)
    is_public_results: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # None while the survey is a draft (services.create_survey(draft=True), the web form):
    # only its managers see it, nobody can answer it.
    published_at: Mapped[datetime | None] = mapped_column()

    municipality = relationship("Municipality")
    sections = relationship("SurveySection", back_populates="survey", order_by="SurveySection.position",
                            cascade="all, delete-orphan")
    questions = relationship("Question", back_populates="survey", order_by="Question.position",
                             cascade="all, delete-orphan")

    def __init__(self, **fields):
        # Published unless told otherwise (``published_at=None`` makes a draft).
        fields.setdefault("published_at", utcnow())
        super().__init__(**fields)

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @classmethod
    def published(cls):
        """The condition that keeps drafts out of lists."""
        return cls.published_at.is_not(None)

    def state(self, today: date) -> str:
        if self.published_at is None:
            return DRAFT
        if today < self.opens_on:
            return "upcoming"
        if today > self.closes_on:
            return "closed"
        return "open"

    def is_open(self, today: date) -> bool:
        return self.state(today) == "open"


class SurveySection(db.Model):
    __tablename__ = "survey_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    survey = relationship("Survey", back_populates="sections")
    questions = relationship("Question", back_populates="section", order_by="Question.position")


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint(_in("kind", QUESTION_KINDS), name="kind"),
        CheckConstraint("max_choices IS NULL OR max_choices >= 1", name="max_choices"),
        CheckConstraint("min_value IS NULL OR max_value IS NULL OR min_value <= max_value", name="range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("survey_sections.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(String(500))
    help: Mapped[str] = mapped_column(String(500), default="")
    is_required: Mapped[bool] = mapped_column(default=False)
    max_choices: Mapped[int | None]  # multiple: how many may be ticked; ranking: how many to rank
    allows_other: Mapped[bool] = mapped_column(default=False)  # single/multiple: an "other" text box
    min_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    max_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))

    survey = relationship("Survey", back_populates="questions")
    section = relationship("SurveySection", back_populates="questions")
    choices = relationship("Choice", back_populates="question", order_by="Choice.position",
                           cascade="all, delete-orphan")

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def field_name(self) -> str:
        return f"q{self.id}"


class Choice(db.Model):
    __tablename__ = "choices"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(300))

    question = relationship("Question", back_populates="choices")


class SurveyResponse(db.Model):
    """One filled questionnaire. Nothing here points at the respondent."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint("channel = 'paper' OR entered_by_id IS NULL", name="entered_by_paper_only"),
        CheckConstraint("sex IS NULL OR sex IN ('f', 'm')", name="sex"),
        CheckConstraint("age_band IS NULL OR age_band IN ('18-29', '30-44', '45-59', '60+')", name="age_band"),
        Index("ix_survey_responses_survey_village", "survey_id", "village_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(6), default=ONLINE)
    # A day, not a moment: a time stamp could be lined up with the logs of who answered.
    submitted_on: Mapped[date] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    age_band: Mapped[str | None] = mapped_column(String(8))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"))
    # Staff who typed in a paper questionnaire (never the respondent).
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    survey = relationship("Survey")
    village = relationship("Village")
    entered_by = relationship("User")
    answers = relationship("Answer", back_populates="response", cascade="all, delete-orphan")


class Answer(db.Model):
    """One value of a response: a ticked choice (with its rank for ranking questions), the
    "other" text (choice_id NULL), a scale or number value, or a text."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        # Covering indexes for the results page: counts per choice and rank, and values.
        Index("ix_survey_answers_question_choice", "question_id", "choice_id", "rank"),
        Index("ix_survey_answers_question_value", "question_id", "value"),
        CheckConstraint("rank IS NULL OR rank >= 1", name="rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    choice_id: Mapped[int | None] = mapped_column(ForeignKey("choices.id", ondelete="CASCADE"))
    rank: Mapped[int | None]
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    text: Mapped[str | None] = mapped_column(Text)

    response = relationship("SurveyResponse", back_populates="answers")
    question = relationship("Question")
    choice = relationship("Choice")


class SurveyParticipation(db.Model):
    """That an account has answered a survey, and nothing else: no id, no time, no response."""

    __tablename__ = "survey_participations"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class SealedResponse(db.Model):
    """A residents-only questionnaire waiting to be mixed (planner/surveys/sealed_answers.py):
    encrypted, random id, no time; ``key_tag`` is a keyed hash of its submission key, so a
    form sent twice is recognised without storing the key itself."""

    __tablename__ = "survey_sealed_responses"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    key_tag: Mapped[str] = mapped_column(String(32), unique=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class SurveyDraft(db.Model):
    """A half-filled questionnaire, keyed by its submission key (never by account): pages
    already answered, or what was typed when the login had expired."""

    __tablename__ = "survey_drafts"

    submission_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# --- meetings ------------------------------------------------------------------------------

MEETING_KINDS = ("needs_assessment", "focus_group", "gathering", "hearing")
TARGET_GROUPS = ("everyone", "women", "youth", "elderly", "poorest", "disabled", "farmers", "other")


class Meeting(db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(_in("kind", MEETING_KINDS), name="kind"),
        CheckConstraint(_in("target_group", TARGET_GROUPS), name="target_group"),
        CheckConstraint("deputies_present >= 0", name="deputies_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"))
    place: Mapped[str] = mapped_column(String(200), default="")
    target_group: Mapped[str] = mapped_column(String(20), default="everyone")
    deputies_present: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    municipality = relationship("Municipality")
    village = relationship("Village")
    attendance = relationship("MeetingAttendance", back_populates="meeting", cascade="all, delete-orphan")
    photos = relationship("MeetingPhoto", back_populates="meeting", cascade="all, delete-orphan",
                          order_by="MeetingPhoto.id")

    @property
    def total(self) -> int:
        return sum(a.count for a in self.attendance)

    @property
    def women(self) -> int:
        return sum(a.count for a in self.attendance if a.sex == "f")


class MeetingAttendance(db.Model):
    """How many people of one sex and age band came (one row per cell of the sign-in sheet)."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "sex", "age_band"),
        CheckConstraint("sex IN ('f', 'm')", name="sex"),
        CheckConstraint("age_band IN ('under-18', '18-29', '30-44', '45-59', '60+')", name="age_band"),
        CheckConstraint("count >= 0", name="count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    sex: Mapped[str] = mapped_column(String(1))
    age_band: Mapped[str] = mapped_column(String(8))
    count: Mapped[int] = mapped_column(default=0)

    meeting = relationship("Meeting", back_populates="attendance")


class MeetingPhoto(db.Model):
    __tablename__ = "meeting_photos"
    __table_args__ = (CheckConstraint("content_type IN ('image/jpeg', 'image/png')", name="content_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    content_type: Mapped[str] = mapped_column(String(20))
    caption: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(default=0)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    meeting = relationship("Meeting", back_populates="photos")


# --- problem register ----------------------------------------------------------------------

SECTORS = ("water", "roads", "education", "health", "culture_sport", "agriculture", "energy",
           "waste", "social", "economy", "governance", "other")
SOURCE_KINDS = ("meeting", "survey", "resident", "other")
PROBLEM_STATUSES = ("accepted", "pending", "rejected")


class Problem(db.Model):
    __tablename__ = "problems"
    __table_args__ = (
        CheckConstraint(_in("sector", SECTORS), name="sector"),
        CheckConstraint(_in("source_kind", SOURCE_KINDS), name="source_kind"),
        CheckConstraint(_in("status", PROBLEM_STATUSES), name="status"),
        CheckConstraint("times_raised >= 1", name="times_raised"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(1000))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"))
    sector: Mapped[str] = mapped_column(String(20), default="other")
    source_kind: Mapped[str] = mapped_column(String(10), default="other")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    times_raised: Mapped[int] = mapped_column(default=1)
    is_for_vote: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="accepted")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    municipality = relationship("Municipality")
    village = relationship("Village")
    meeting = relationship("Meeting")
    survey = relationship("Survey")
    created_by = relationship("User")
    merged_into = relationship("Problem", remote_side=[id], back_populates="merged")
    merged = relationship("Problem", back_populates="merged_into", order_by="Problem.id")

    @property
    def is_active(self) -> bool:
        """In the register: accepted and not folded into another problem."""
        return self.status == "accepted" and self.merged_into_id is None

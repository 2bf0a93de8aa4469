"""Notifications and what decides them.

- :class:`Notification`: one item in an account's list (the unread count is kept on the user
  row, ``users.unread_notifications``, so the header shows it without another query).
- :class:`Follow`: an account follows a municipality, one of its plans or one of its ballots.
- :class:`Preference`: how an account wants one kind of event (``kinds.DELIVERIES``); a kind
  without a row takes its default (``kinds.DEFAULTS``).
- :class:`Delivery`: the record that an event reached an account. Its unique (user, event key)
  is what makes each event reach each follower once, however many processes dispatch at the
  same time: the row is inserted or skipped before anything is sent."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import one_of, utcnow
from .kinds import DELIVERIES, NOTIFICATION_KINDS, PREFERENCE_KINDS


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (CheckConstraint(one_of("kind", NOTIFICATION_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))  # an answer: accepted, merged, declined, rejected; else ""
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    object_id: Mapped[int]  # the proposal, problem, plan, ballot, survey, report, meeting or workshop
    excerpt: Mapped[str] = mapped_column(String(200), default="")  # an answer's text, or the object's title
    event_key: Mapped[str | None] = mapped_column(String(160))  # a followed event (``Delivery.event_key``)
    event_on: Mapped[date | None]  # the date an event names (a meeting's day, a closing day)
    link: Mapped[str] = mapped_column(String(500), default="")  # the path to open (an event's)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    municipality = relationship("Municipality")

    @property
    def title(self) -> str:
        """The followed object's title an event's text names (an answer's excerpt is its own)."""
        return "" if self.status else self.excerpt


class Follow(db.Model):
    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "municipality_id", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(40))  # "municipality", "plan-<id>" or "ballot-<id>"
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    ballot_id: Mapped[int | None] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Preference(db.Model):
    __tablename__ = "notification_preferences"
    __table_args__ = (CheckConstraint(one_of("kind", PREFERENCE_KINDS), name="kind"),
                      CheckConstraint(one_of("delivery", DELIVERIES), name="delivery"))

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    delivery: Mapped[str] = mapped_column(String(10))


class Delivery(db.Model):
    """An event that reached an account (or a daily digest sent to it). ``mode`` is what was
    done: ``email`` (sent at once), ``digest`` (waiting for the digest until ``sent_at``),
    ``app`` (in the list only), ``off`` (the account does not want this kind)."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (UniqueConstraint("user_id", "event_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_key: Mapped[str] = mapped_column(String(160))
    mode: Mapped[str] = mapped_column(String(10))
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)

    notification = relationship(Notification)

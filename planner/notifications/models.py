"""One notification for one account. The unread count is kept on the user row
(``users.unread_notifications``), so the header shows it without another query."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import one_of, utcnow

KINDS = ("proposal_answered", "problem_answered")


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (CheckConstraint(one_of("kind", KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))  # the answer: accepted, merged, declined, rejected
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    object_id: Mapped[int]  # the proposal or problem
    excerpt: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    municipality = relationship("Municipality")

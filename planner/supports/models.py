"""The support a verified resident gives a plan proposal or a registered problem."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import utcnow

KINDS = ("proposal", "problem")


class Support(db.Model):
    """One resident's support of one proposal or one problem. The database, not Python, keeps
    it to one: two tabs or a double POST meet the unique constraint."""

    __tablename__ = "supports"
    __table_args__ = (
        UniqueConstraint("proposal_id", "user_id"),
        UniqueConstraint("problem_id", "user_id"),
        CheckConstraint("(proposal_id IS NULL) <> (problem_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # (the unique constraints index proposal_id and problem_id)

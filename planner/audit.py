"""The audit log: one row per change of state, written by the services."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db
from .models import utcnow


# Entries of these kinds keep the day only: a time would let the log be matched with the
# order in which secret votes and answers were mixed (docs/threat-model.md).
DAY_ONLY = frozenset({"ballot.vote", "ballot.vote_change", "survey.answer", "pb.vote", "pb.vote_change"})


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(String(500), default="")

    user = relationship("User")
    municipality = relationship("Municipality")  # its time zone and address, for the log page

    @property
    def day_only(self) -> bool:
        return self.action in DAY_ONLY


def record(by, action, obj, municipality_id=None, detail=""):
    """Add an audit row for ``action`` on ``obj`` (flushed with the caller's transaction)."""
    if obj is not None and getattr(obj, "id", None) is None:
        db.session.flush()
    entry = AuditEntry(
        user_id=getattr(by, "id", None),
        municipality_id=municipality_id,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        detail=(detail or "")[:500],
    )
    if action in DAY_ONLY:
        entry.created_at = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    db.session.add(entry)
    return entry


PAGE_SIZE = 50


def entries_for(municipality_id=None, limit=PAGE_SIZE + 1, before=None):
    """Newest first; ``before``: only entries older than that id (the next page)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if municipality_id is not None:
        query = query.where(AuditEntry.municipality_id == municipality_id)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    return query

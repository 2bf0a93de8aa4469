"""Municipalities, their villages, memberships (a role per user and municipality) and
invitations."""
import hashlib
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import utcnow

CURRENCIES = ("KGS", "AMD")

from ..roles import (  # noqa: F401  (re-exported for the features)
    ACTIVE,
    DEPUTY,
    GROUP_MEMBER,
    INVITABLE_ROLES,
    MONITOR,
    PENDING,
    RESIDENT,
    ROLES,
    STAFF,
)


class Municipality(db.Model):
    __tablename__ = "municipalities"
    __table_args__ = (
        CheckConstraint("currency IN ('KGS', 'AMD')", name="currency"),
        CheckConstraint("country IN ('KG', 'AM')", name="country"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str] = mapped_column(String(120), default="")
    district: Mapped[str] = mapped_column(String(120), default="")
    currency: Mapped[str] = mapped_column(String(3))
    default_locale: Mapped[str] = mapped_column(String(5))
    description: Mapped[str] = mapped_column(String(2000), default="")
    is_sandbox: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    villages = relationship("Village", back_populates="municipality", order_by="Village.name")

    def __repr__(self):
        return f"<Municipality {self.slug}>"


class Village(db.Model):
    __tablename__ = "villages"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    population: Mapped[int | None]

    municipality = relationship("Municipality", back_populates="villages")


class Membership(db.Model):
    """A user's role in a municipality. A user may hold several roles, one row each."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "municipality_id", "role"),
        CheckConstraint(
            "role IN ('resident', 'group_member', 'staff', 'deputy', 'monitor')", name="role"
        ),
        CheckConstraint("status IN ('pending', 'active')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user = relationship("User", back_populates="memberships", foreign_keys=[user_id])
    municipality = relationship("Municipality", lazy="joined")
    village = relationship("Village")
    verified_by = relationship("User", foreign_keys=[verified_by_id])

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE


class Invitation(db.Model):
    """A link that lets its holder take a role in a municipality until it expires.

    Only a hash of the token is stored; the link itself is shown once, to the staff
    member who made it."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint("role IN ('group_member', 'staff', 'deputy', 'monitor')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    municipality = relationship("Municipality")
    created_by = relationship("User", foreign_keys=[created_by_id])
    accepted_by = relationship("User", foreign_keys=[accepted_by_id])

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def is_usable(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at

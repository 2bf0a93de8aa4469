"""The user account (password hash, language, session nonce, administrator and trainer flags)
and e-mail lookups."""
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import utcnow

SEXES = ("f", "m")
AGE_BANDS = ("18-29", "30-44", "45-59", "60+")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a resident staff added from the municipality's list (a paper voter without an
    # e-mail address): such an account cannot log in, but is one person for the ballots.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int | None]
    password_hash: Mapped[str] = mapped_column(String(255))
    # Changing it logs out every other session of the user (see get_id).
    session_nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(8))
    locale: Mapped[str | None] = mapped_column(String(5))
    sex: Mapped[str | None] = mapped_column(String(1))
    age_band: Mapped[str | None] = mapped_column(String(8))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_trainer: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the owner proved the address is theirs (planner/auth/confirm.py); None: unconfirmed.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(default=None)
    unread_notifications: Mapped[int] = mapped_column(default=0, server_default="0")  # planner/notifications

    memberships = relationship(
        "Membership", back_populates="user", foreign_keys="Membership.user_id", lazy="selectin"
    )
    # What the account follows (planner/notifications): loaded with the account on every
    # request (planner/auth/views.py), so that a page's follow button costs no query.
    follows = relationship(lambda: _follow_model(), viewonly=True)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.session_nonce = secrets.token_hex(8)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    def __repr__(self):
        return f"<User {self.id} {self.email}>"


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def user_by_email(email: str):
    return select(User).where(func.lower(User.email) == normalize_email(email))


def _follow_model():
    from ..notifications.models import Follow  # imported late: notifications builds on accounts

    return Follow

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from .. import audit
from ..errors import ServiceError
from ..extensions import db
from .confirm import send_confirmation
from .models import User, normalize_email, user_by_email
from .passwords import password_problems

# Checked when the email is unknown, so that a wrong email takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def register_user(email, name, password, locale=None) -> User:
    """A new account, and a mail with a link to confirm its address (sent once the account is saved)."""
    email = normalize_email(email)
    if db.session.scalar(user_by_email(email)) is not None:
        raise ServiceError(_("An account with this email already exists. Log in instead."), field="email")
    problems = password_problems(password, (email, name))
    if problems:
        raise ServiceError(" ".join(problems), field="password")
    user = User(email=email, name=name, locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(user, "user.register", user)
    send_confirmation(user)
    return user


def authenticate(email, password) -> User | None:
    user = db.session.scalar(user_by_email(email))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.check_password(password) else None


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise ServiceError(_("The current password is not correct."), field="current")
    problems = password_problems(new, (user.email, user.name))
    if problems:
        raise ServiceError(" ".join(problems), field="password")
    user.set_password(new)
    audit.record(user, "user.password", user)


def update_account(user: User, *, name, locale, sex=None, age_band=None) -> None:
    user.name = name
    user.locale = locale
    user.sex = sex or None
    user.age_band = age_band or None
    audit.record(user, "user.update", user)


def set_locale(user: User, locale: str) -> None:
    """The language chosen with the switcher on every page, kept in the account."""
    user.locale = locale


def set_trainer(user: User, is_trainer: bool, by) -> None:
    user.is_trainer = is_trainer
    audit.record(by, "user.trainer" if is_trainer else "user.untrainer", user, detail=user.email)


def users_list(query_text=None, limit=200):
    query = select(User).order_by(User.name).limit(limit)
    if query_text:
        like = f"%{query_text.lower()}%"
        query = query.where(db.or_(db.func.lower(User.email).like(like), db.func.lower(User.name).like(like)))
    return query

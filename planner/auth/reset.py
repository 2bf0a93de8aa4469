"""Password reset by e-mail: a signed link that expires (PASSWORD_RESET_SECONDS) and works
once, because it carries a fingerprint of the password hash and the session nonce, which the
new password replaces. Setting the password renews the session nonce, which ends every other
session (and "remember me" cookie) of the user. The request gives the same answer whether or
not the address has an account; the mail is sent only once the request's data is saved."""
from flask import current_app, url_for

from .. import audit
from ..errors import ServiceError
from ..extensions import db
from ..mail.messages import send
from ..models import utcnow
from . import tokens
from .models import User, user_by_email
from .passwords import password_problems

PURPOSE = "password-reset"


def _fingerprint(user: User) -> str:
    return tokens.fingerprint(user.password_hash, user.session_nonce)


def make_token(user: User) -> str:
    return tokens.make(PURPOSE, {"u": user.id, "f": _fingerprint(user)})


def user_for_token(token: str) -> User | None:
    """The user a valid, unused, unexpired link belongs to, else None."""
    payload = tokens.read(PURPOSE, token, current_app.config["PASSWORD_RESET_SECONDS"])
    if payload is None or not isinstance(payload.get("u"), int):
        return None
    user = db.session.get(User, payload["u"])
    if user is None or not tokens.same(payload.get("f", ""), _fingerprint(user)):
        return None
    return user


def request_reset(email: str) -> None:
    """Mail a reset link if ``email`` has an account; say nothing either way."""
    user = db.session.scalar(user_by_email(email))
    if user is None:
        return
    link = url_for("account_mail.reset", token=make_token(user), _external=True)
    send("password_reset", user.email, user.locale, name=user.name, link=link,
         minutes=current_app.config["PASSWORD_RESET_SECONDS"] // 60)
    audit.record(user, "user.password_reset_requested", user)


def reset_password(user: User, new: str) -> None:
    problems = password_problems(new, (user.email, user.name))
    if problems:
        raise ServiceError(" ".join(problems), field="password")
    user.set_password(new)  # a new hash and session nonce: the link is spent, other sessions end
    if user.email_confirmed_at is None:  # the link reached them at this address
        user.email_confirmed_at = utcnow()
    audit.record(user, "user.password_reset", user)

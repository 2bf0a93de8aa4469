"""Confirming an e-mail address: at registration and after every change of address a signed
link (EMAIL_CONFIRM_DAYS) goes to the address; it is bound to that address, so an old link
cannot confirm a newer one. An unconfirmed address receives no notifications
(``planner.mail.messages.notify``)."""
from flask import current_app, url_for

from .. import audit
from ..errors import ServiceError
from ..extensions import db
from ..i18n import gettext as _
from ..mail.messages import send
from ..models import utcnow
from . import tokens
from .models import User, normalize_email, user_by_email

PURPOSE = "email-confirm"


def make_token(user: User) -> str:
    return tokens.make(PURPOSE, {"u": user.id, "e": user.email})


def send_confirmation(user: User) -> None:
    """Mail a confirmation link to the user's address (once the transaction commits)."""
    link = url_for("account_mail.confirm", token=make_token(user), _external=True)
    send("confirm_email", user.email, user.locale, name=user.name, link=link,
         days=current_app.config["EMAIL_CONFIRM_DAYS"])


def confirm_email(token: str) -> User:
    """Mark the address in a valid link as confirmed; refuse an expired, forged or stale link."""
    payload = tokens.read(PURPOSE, token, current_app.config["EMAIL_CONFIRM_DAYS"] * 24 * 3600)
    user = db.session.get(User, payload["u"]) if payload and isinstance(payload.get("u"), int) else None
    if user is None or not tokens.same(payload.get("e", ""), user.email):
        raise ServiceError(_("This confirmation link is not valid or has expired. Log in and ask for a new one."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        audit.record(user, "user.email_confirmed", user, detail=user.email)
    return user


def change_email(user: User, password: str, new_email: str) -> None:
    """Give the account a new address, unconfirmed until its link is opened; the old address
    is told of the change."""
    if not user.check_password(password):
        raise ServiceError(_("The current password is not correct."), field="password")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise ServiceError(_("This is already the address of your account."), field="email")
    if db.session.scalar(user_by_email(new_email)) is not None:
        raise ServiceError(_("Another account already uses this address."), field="email")
    old_email = user.email
    user.email = new_email
    user.email_confirmed_at = None
    db.session.flush()
    audit.record(user, "user.email_changed", user)
    send_confirmation(user)
    if old_email:  # an account entered by staff may have had none
        send("email_changed", old_email, user.locale, name=user.name, new_email=new_email)


def resend(user: User) -> None:
    if not user.email:
        raise ServiceError(_("Your account has no e-mail address yet."))
    if user.email_confirmed_at is not None:
        raise ServiceError(_("Your e-mail address is already confirmed."))
    send_confirmation(user)
    audit.record(user, "user.confirmation_resent", user)

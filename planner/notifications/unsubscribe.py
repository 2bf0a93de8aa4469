"""Unsubscribe links that work without logging in: a signed token (itsdangerous) naming the
account and what to stop (one kind of notification, or the daily digest). Following the link
shows a page that asks to confirm; a POST to it (the page's button, or a mail program's
RFC 8058 one-click POST) stops e-mail of that kind. The token does not expire: an old
message's link must still work."""
from itsdangerous import BadSignature, URLSafeSerializer
from flask import current_app

from ..extensions import db
from .kinds import APP, DEFAULTS, DIGEST, EMAIL, PREFERENCE_KINDS
from .models import Preference

SALT = "planner.notifications.unsubscribe"


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(user_id: int, what: str) -> str:
    return _serializer().dumps([user_id, what])


def read_token(token: str):
    """(user id, what) of a valid token, else None."""
    try:
        user_id, what = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or (what not in PREFERENCE_KINDS and what != DIGEST):
        return None
    return user_id, what


def unsubscribe_url(base: str, user_id: int, what: str) -> str:
    from .delivery import external_url

    return external_url(base, "notifications.unsubscribe", unsubscribe_token=make_token(user_id, what))


def unsubscribe(user_id: int, what: str) -> list[str]:
    """Stop e-mail for ``what`` (a kind: it stays in the app list; "digest": every kind now in
    the digest); return the kinds changed. Nothing else about the account changes."""
    from .follows import delivery_of

    kinds = PREFERENCE_KINDS if what == DIGEST else (what,)
    changed = []
    for kind in kinds:
        current = delivery_of(user_id, kind)
        stop = current == DIGEST if what == DIGEST else current in (EMAIL, DIGEST)
        if stop:
            set_delivery(user_id, kind, APP)
            changed.append(kind)
    return changed


def set_delivery(user_id: int, kind: str, delivery: str) -> None:
    row = db.session.get(Preference, (user_id, kind))
    if row is None:
        if delivery == DEFAULTS[kind]:
            return
        db.session.add(Preference(user_id=user_id, kind=kind, delivery=delivery))
    else:
        row.delivery = delivery
    db.session.flush()

"""Delivering events: each event reaches each account once.

:func:`deliver` first inserts a :class:`Delivery` row for (user, event key), skipping it when
one exists (``INSERT ... ON CONFLICT DO NOTHING``; the unique constraint decides between
processes racing, the loser's insert waits for the winner's commit and then does nothing).
Only the account whose row was inserted gets the in-app notification and, after the commit,
the e-mail: at once, or kept for the daily digest (``digest.py``), as its preference says.
An address that is not confirmed, or a practice municipality, gets no e-mail."""
from flask import current_app, g, has_request_context, request
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db
from ..mail.messages import can_notify, send
from .events import ENDPOINTS
from .kinds import APP, DEFAULTS, DIGEST, EMAIL, OFF, PREFERENCE_OF
from .models import Delivery, Notification, Preference
from .unsubscribe import unsubscribe_url


def base_url(given: str | None = None) -> str:
    """Where links in mail point: the request's site, else ``PLANNER_PUBLIC_URL``."""
    if given:
        return given
    if has_request_context():
        return request.url_root
    return current_app.config["PUBLIC_URL"]


def external_url(base: str, endpoint: str, **values) -> str:
    """``url_for(..., _external=True)`` for ``base``, also outside a request (jobs, CLI)."""
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def path_of(endpoint: str, **values) -> str:
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return adapter.build(endpoint, values)


def _insert_or_skip(**values) -> bool:
    """Insert a delivery row unless (user, event key) exists; true when this call inserted it."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (insert(Delivery).values(**values).on_conflict_do_nothing(index_elements=["user_id", "event_key"])
                 .returning(Delivery.id))  # a row back only when inserted (rowcount is -1 on PostgreSQL)
    return db.session.execute(statement).scalar() is not None


def preferences(user_ids, preference_kind) -> dict:
    rows = db.session.execute(select(Preference.user_id, Preference.delivery)
                              .where(Preference.user_id.in_(user_ids), Preference.kind == preference_kind))
    return dict(rows.all())


def deliver(event, user_ids, *, status: str = "", excerpt: str | None = None, quiet: bool = False,
            base: str | None = None) -> int:
    """Give ``event`` to each of ``user_ids`` that has not had it; return how many got it now.
    ``quiet``: in the app only (a practice municipality, or while the demo loads: ``g.quiet_mail``,
    its people are fictional)."""
    from ..auth.models import User

    quiet = quiet or bool(g.get("quiet_mail"))

    user_ids = set(user_ids)
    if not user_ids:
        return 0
    had = set(db.session.scalars(select(Delivery.user_id).where(Delivery.event_key == event.key,
                                                                Delivery.user_id.in_(user_ids))))
    wanted = user_ids - had
    if not wanted:
        return 0
    preference_kind = PREFERENCE_OF[event.kind]
    chosen = preferences(wanted, preference_kind)
    users = db.session.scalars(select(User).where(User.id.in_(wanted)).order_by(User.id)).all()
    page, values = event.page
    endpoint = ENDPOINTS[page]
    link = path_of(endpoint, **values)
    given = 0
    for user in users:
        mode = chosen.get(user.id, DEFAULTS[preference_kind])
        if mode in (EMAIL, DIGEST) and (quiet or not can_notify(user)):
            mode = APP
        if not _insert_or_skip(user_id=user.id, event_key=event.key, mode=mode):
            continue  # another process (or an earlier run) delivered it
        if mode == OFF:
            continue
        notification = Notification(user_id=user.id, kind=event.kind, status=status,
                                    municipality_id=event.municipality_id, plan_id=event.plan_id,
                                    object_id=event.object_id, excerpt=(excerpt if excerpt is not None else event.title)[:200],
                                    event_key=event.key, event_on=event.on, link=link)
        db.session.add(notification)
        db.session.execute(update(User).where(User.id == user.id)
                           .values(unread_notifications=User.unread_notifications + 1))
        db.session.flush()
        db.session.execute(update(Delivery).where(Delivery.user_id == user.id, Delivery.event_key == event.key)
                           .values(notification_id=notification.id))
        if mode == EMAIL:
            site = base_url(base)
            send("event", user.email, user.locale, what=event.kind, status=status, title=event.title,
                 excerpt=notification.excerpt, on=event.on.isoformat() if event.on else None,
                 link=external_url(site, endpoint, **values),
                 notifications=external_url(site, "notifications.index"),
                 unsubscribe=unsubscribe_url(site, user.id, preference_kind))
        given += 1
    return given

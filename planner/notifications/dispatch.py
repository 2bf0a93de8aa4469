"""The jobs that tell followers: :func:`dispatch` (events derived from the data, run after
every commit that changes such data and by ``flask notifications dispatch`` from cron for
events that time brings: closing within 48 hours, a workshop starting) and :func:`digest`
(``flask notifications digest``, once a day: one message per account with what waited).

Both are safe to run in several processes at once: deliveries are decided by the unique
(user, event key) of ``notification_deliveries``, a digest by the key ``digest-<day>``."""
from datetime import timedelta

from flask import current_app, g
from sqlalchemy import select, update

from .. import jobs
from ..actions import after_commit_once, commit
from ..extensions import db
from ..mail.messages import can_notify, send
from ..models import utcnow
from ..municipalities.models import Municipality
from .delivery import _insert_or_skip, base_url, external_url
from .events import ENDPOINTS, municipality_events, workshop_events
from .kinds import DIGEST, EMAIL
from .models import Delivery, Follow, Notification
from .unsubscribe import unsubscribe_url

_GATHERED = "planner.notifications.municipalities"


def dispatch(municipality_ids=None, base: str | None = None, now=None) -> int:
    """The job: deliver the recent events of the followed public municipalities (of
    ``municipality_ids``, or all; all also brings workshop reminders). Returns how many
    deliveries were made. Commits after each municipality, so the mail goes out."""
    from .delivery import deliver

    now = now or utcnow()
    since = now - timedelta(hours=current_app.config["NOTIFICATIONS_LOOKBACK_HOURS"])
    query = select(Municipality).where(Municipality.is_sandbox.is_(False),
                                       Municipality.id.in_(select(Follow.municipality_id)))
    if municipality_ids is not None:
        query = query.where(Municipality.id.in_(list(municipality_ids)))
    made = 0
    for municipality in db.session.scalars(query.order_by(Municipality.id)).all():
        follows = db.session.scalars(select(Follow).where(Follow.municipality_id == municipality.id)).all()
        for event in municipality_events(municipality, now, since):
            users = {f.user_id for f in follows if event.reaches(f)}
            made += deliver(event, users, base=base)
        commit()
    if municipality_ids is None:
        for event, users in workshop_events(now, since):
            made += deliver(event, users, base=base)
        commit()
    return made


def queue_dispatch(municipality_ids) -> None:
    """Once the current transaction commits, queue :func:`dispatch` for ``municipality_ids``
    and those of the transaction's other changes (one job for them all); not while the demo
    loads (its people are fictional)."""
    if g.get("quiet_mail") or not current_app.config["NOTIFICATIONS_DISPATCH_ON_COMMIT"]:
        return
    site = base_url()
    after_commit_once(_GATHERED, municipality_ids, lambda ids: jobs.enqueue(
        dispatch, ids, site, description=f"notifications for municipalities {ids}"))


def digest(base: str | None = None, now=None) -> int:
    """The job: send each account the notifications that waited for its digest, grouped by
    municipality, at most once a day. Returns how many digests were sent."""
    from ..auth.models import User

    now = now or utcnow()
    site = base_url(base)
    user_ids = db.session.scalars(select(Delivery.user_id).where(Delivery.mode == DIGEST, Delivery.sent_at.is_(None))
                                  .distinct().order_by(Delivery.user_id)).all()
    sent = 0
    for user_id in user_ids:
        if not _insert_or_skip(user_id=user_id, event_key=f"digest-{now.date().isoformat()}", mode=EMAIL):
            commit()
            continue  # today's digest went out already (or is going out from another process)
        waiting = db.session.execute(
            select(Delivery.id, Notification).join(Notification, Notification.id == Delivery.notification_id)
            .where(Delivery.user_id == user_id, Delivery.mode == DIGEST, Delivery.sent_at.is_(None))
            .order_by(Notification.municipality_id, Notification.created_at, Notification.id)).all()
        db.session.execute(update(Delivery).where(Delivery.id.in_([row[0] for row in waiting])).values(sent_at=now))
        user = db.session.get(User, user_id)
        if waiting and can_notify(user):
            send("digest", user.email, user.locale, groups=_groups([n for _id, n in waiting], site),
                 notifications=external_url(site, "notifications.index"),
                 unsubscribe=unsubscribe_url(site, user.id, DIGEST))
            sent += 1
        commit()
    return sent


def _groups(notifications, site):
    """[{municipality, items: [{kind, status, title, on, link}]}] in plain data, for the mail."""
    groups = {}
    for n in notifications:
        name = n.municipality.name if n.municipality is not None else ""
        groups.setdefault(name, []).append({
            "kind": n.kind, "status": n.status, "title": n.title, "on": n.event_on.isoformat() if n.event_on else None,
            "link": site.rstrip("/") + n.link if n.link else external_url(site, ENDPOINTS["notifications"])})
    return [{"municipality": name, "items": items} for name, items in groups.items()]

"""Notifications of answers, and reading the list.

An answer to a proposal or a problem is told to its author (whether or not they follow
anything) in the transaction of the answer, through the same delivery as followed events
(``delivery.deliver``): once per answer, as the author's preference says, by e-mail after
the commit to a confirmed address."""
from sqlalchemy import update

from ..extensions import db
from ..models import utcnow
from . import kinds
from .delivery import deliver
from .events import Event
from .models import Notification


def message(kind: str, status: str = "", title: str = "", on=None) -> str:
    """The notification's text in the current language (a template global, mail included)."""
    if isinstance(on, str):
        from datetime import date

        on = date.fromisoformat(on)
    return kinds.text(kind, status, title, on)


def link(notification) -> str:
    return notification.link or _answer_link(notification)


def _answer_link(notification) -> str:
    from flask import url_for

    slug = notification.municipality.slug
    if notification.kind == "proposal_answered":
        return url_for("plans.detail", slug=slug, plan_id=notification.plan_id)
    return url_for("problems.index", slug=slug)


def answered(author_id, kind, status, *, municipality_id, object_id, excerpt, plan_id=None) -> None:
    """Tell the author (if the account still exists) that their proposal or problem was answered."""
    from ..auth.models import User
    from ..municipalities.models import Municipality

    author = db.session.get(User, author_id) if author_id else None
    if author is None:
        return
    municipality = db.session.get(Municipality, municipality_id)
    if kind == "proposal_answered":
        page = ("plan", {"slug": municipality.slug, "plan_id": plan_id})
    else:
        page = ("problems", {"slug": municipality.slug})
    event = Event(f"{kind}-{object_id}-{status}", kind, utcnow(), municipality_id, object_id, "", page, plan_id=plan_id)
    deliver(event, {author.id}, status=status, excerpt=excerpt or "", quiet=municipality.is_sandbox)
    db.session.refresh(author, ["unread_notifications"])


def mark_read(user) -> None:
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    user.unread_notifications = 0

"""Creating notifications (in the transaction of the change they tell about, so they exist
exactly when it was saved) and marking them read. The author is also told by e-mail when
their address is confirmed (``planner.mail.messages.notify``, after the commit)."""
from flask import has_request_context, url_for
from sqlalchemy import update

from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..mail.messages import notify
from ..models import utcnow
from .models import Notification

MESSAGES = {
    ("proposal_answered", "accepted"): _l("Your proposal was accepted."),
    ("proposal_answered", "merged"): _l("Your proposal was merged into an activity of the plan."),
    ("proposal_answered", "declined"): _l("Your proposal was declined."),
    ("problem_answered", "accepted"): _l("Your problem was added to the register."),
    ("problem_answered", "rejected"): _l("Your problem was not added to the register."),
}


def message(kind: str, status: str) -> str:
    """The notification's text in the current language (a template global, mail included)."""
    return str(MESSAGES[(kind, status)])


def link(notification) -> str:
    slug = notification.municipality.slug
    if notification.kind == "proposal_answered":
        return url_for("plans.detail", slug=slug, plan_id=notification.plan_id)
    return url_for("problems.index", slug=slug)


def answered(author_id, kind, status, *, municipality_id, object_id, excerpt, plan_id=None) -> None:
    """Tell the author (if the account still exists) that their proposal or problem was answered."""
    from ..auth.models import User

    author = db.session.get(User, author_id) if author_id else None
    if author is None:
        return
    notification = Notification(user_id=author.id, kind=kind, status=status, municipality_id=municipality_id,
                                plan_id=plan_id, object_id=object_id, excerpt=(excerpt or "")[:200])
    db.session.add(notification)
    db.session.execute(update(User).where(User.id == author.id)
                       .values(unread_notifications=User.unread_notifications + 1))
    db.session.flush()
    db.session.refresh(author, ["unread_notifications"])
    if has_request_context():  # the message links back to the site, whose address a request gives
        notify(author, "answered", what=kind, answer=status, excerpt=notification.excerpt,
               link=url_for("notifications.index", _external=True))


def mark_read(user) -> None:
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    user.unread_notifications = 0

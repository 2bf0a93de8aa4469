"""Following a municipality, a plan or a ballot, and choosing how each kind of event arrives."""
from sqlalchemy import delete, select

from ..extensions import db
from ..errors import ServiceError
from ..i18n import gettext as _
from .kinds import DEFAULTS, DELIVERIES, PREFERENCE_KINDS
from .models import Follow, Preference


def target_of(plan=None, ballot=None) -> str:
    if plan is not None:
        return f"plan-{plan.id}"
    if ballot is not None:
        return f"ballot-{ballot.id}"
    return "municipality"


def is_following(user, municipality, plan=None, ballot=None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return db.session.scalar(select(Follow.id).where(Follow.user_id == user.id, Follow.municipality_id == municipality.id,
                                                     Follow.target == target_of(plan, ballot))) is not None


def shows_following(user, municipality, plan=None, ballot=None) -> bool:
    """``is_following`` for a page's follow button: from the follows loaded with the account
    (planner/auth/views.py), no query."""
    if user is None or not user.is_authenticated:
        return False
    target = target_of(plan, ballot)
    return any(f.municipality_id == municipality.id and f.target == target for f in user.follows)


def follow(user, municipality, plan=None, ballot=None) -> None:
    """Follow (again: nothing changes). Only public objects reach here (the views load them
    through ``planner.api.data``)."""
    if is_following(user, municipality, plan, ballot):
        return
    db.session.add(Follow(user_id=user.id, municipality_id=municipality.id, target=target_of(plan, ballot),
                          plan_id=getattr(plan, "id", None), ballot_id=getattr(ballot, "id", None)))
    db.session.flush()


def unfollow(user, municipality, plan=None, ballot=None) -> None:
    db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.municipality_id == municipality.id,
                                            Follow.target == target_of(plan, ballot)))


def delivery_of(user_id: int, kind: str) -> str:
    chosen = db.session.scalar(select(Preference.delivery).where(Preference.user_id == user_id,
                                                                Preference.kind == kind))
    return chosen or DEFAULTS[kind]


def deliveries_of(user_id: int) -> dict:
    chosen = dict(db.session.execute(select(Preference.kind, Preference.delivery)
                                     .where(Preference.user_id == user_id)).all())
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in PREFERENCE_KINDS}


def save_preferences(user, choices: dict) -> None:
    """``choices``: preference kind -> delivery (every kind, from the preferences form)."""
    from .unsubscribe import set_delivery

    for kind in PREFERENCE_KINDS:
        delivery = choices.get(kind)
        if delivery not in DELIVERIES:
            raise ServiceError(_("Choose how to receive each kind of notification."), field=kind)
        set_delivery(user.id, kind, delivery)


def following(user) -> list:
    """What the account follows, for its preferences page."""
    return db.session.scalars(select(Follow).where(Follow.user_id == user.id)
                              .order_by(Follow.municipality_id, Follow.created_at)).all()

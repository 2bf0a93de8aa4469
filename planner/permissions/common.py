"""Who the user is: signed in, administrator, trainer, and the roles held in a municipality.

Every feature's predicates are built from these. A user's memberships are loaded with the
user, so none of them queries the database."""
from importlib import import_module

from ..roles import DEPUTY, GROUP_MEMBER, MONITOR, RESIDENT, STAFF


class ModelsOf:
    """A feature's models module, for its stage and state constants, imported when a
    predicate first reads one: the feature's views import these predicates, so the feature's
    package cannot be imported while they are being defined."""

    def __init__(self, feature):
        self.module_name = f"planner.{feature}.models"

    def __getattr__(self, name):
        return getattr(import_module(self.module_name), name)


def authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_admin(user) -> bool:
    return authenticated(user) and bool(user.is_admin)


def is_trainer(user) -> bool:
    return authenticated(user) and bool(user.is_trainer)


def municipality_id_of(obj) -> int | None:
    """The id of a municipality given as an object or an id, or of any object that belongs
    to one (``obj.municipality_id``)."""
    if isinstance(obj, int):
        return obj
    return getattr(obj, "municipality_id", None) or getattr(obj, "id", None)


def roles_in(user, municipality) -> set[str]:
    """The active roles of ``user`` in ``municipality`` (an object or an id)."""
    if not authenticated(user):
        return set()
    mid = municipality_id_of(municipality)
    return {m.role for m in user.memberships if m.municipality_id == mid and m.is_active}


def standing(user, municipality) -> tuple:
    """What a kept part of a page may depend on of ``user``: administrator or not, and their
    active roles in ``municipality`` (sorted, as part of a key). Every right a part shows that
    is made of these (``can_draft``, ``is_staff``, ``can_create_ballot``...) is then kept
    apart for readers who differ in it."""
    return is_admin(user), tuple(sorted(roles_in(user, municipality)))


def membership(user, municipality, role):
    if not authenticated(user):
        return None
    mid = municipality_id_of(municipality)
    for m in user.memberships:
        if m.municipality_id == mid and m.role == role:
            return m
    return None


def has_role(user, municipality, *roles) -> bool:
    return bool(roles_in(user, municipality) & set(roles))


def is_staff(user, municipality) -> bool:
    return has_role(user, municipality, STAFF)


def is_member(user, municipality) -> bool:
    """Any active role: the municipality's internal pages (drafts, member lists) open up."""
    return is_admin(user) or bool(roles_in(user, municipality))


def is_verified_resident(user, municipality) -> bool:
    return has_role(user, municipality, RESIDENT)


def is_deputy(user, municipality) -> bool:
    return has_role(user, municipality, DEPUTY)


def is_monitor(user, municipality) -> bool:
    return has_role(user, municipality, MONITOR)


def can_draft(user, municipality) -> bool:
    """Initiative group members and staff draft plans, surveys and ballots."""
    return has_role(user, municipality, GROUP_MEMBER, STAFF)

"""Who sees a municipality and who manages its villages, members, residents and audit log."""
from ..roles import RESIDENT
from .common import authenticated, is_admin, is_member, is_staff, membership


def can_see_municipality(user, municipality) -> bool:
    """Every municipality is public, except a practice one (a sandbox): only its members
    (the trainer and the practice accounts) and administrators see it at all."""
    return not municipality.is_sandbox or is_member(user, municipality)


def can_edit_municipality(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_manage_villages(user, municipality) -> bool:
    return can_edit_municipality(user, municipality)


def can_manage_members(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_verify_residents(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_invite(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_read_audit(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_request_residency(user, municipality) -> bool:
    """Any signed-in user who has not asked yet may ask to be a resident."""
    return authenticated(user) and membership(user, municipality, RESIDENT) is None

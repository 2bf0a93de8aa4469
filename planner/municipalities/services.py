"""Municipality services: create and edit municipalities and villages, residency, verification,
invitations; the lists pages show."""
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload, lazyload

from .. import audit
from . import people
from ..errors import ServiceError
from ..extensions import db
from ..models import utcnow
from .models import (
    ACTIVE,
    INVITABLE_ROLES,
    PENDING,
    RESIDENT,
    Invitation,
    Membership,
    Municipality,
    Village,
)


def municipality_by_slug(slug):
    return select(Municipality).where(Municipality.slug == slug)


def municipalities_list():
    """Every public municipality (practice ones never show in lists)."""
    return select(Municipality).where(Municipality.is_sandbox.is_(False)).order_by(Municipality.name)


MEMBERS_PAGE = 50


def members_list(municipality, status, query_text=None, page=1):
    """One page of the municipality's memberships with ``status``, optionally searched by
    name or email (one query, the users joined with the columns the members page shows).
    A membership's municipality and village are the page's own, loaded with it: they are
    read from the session's identity map, not joined again to every row."""
    from ..auth.models import User

    query = (
        select(Membership)
        .join(Membership.user)
        .where(Membership.municipality_id == municipality.id, Membership.status == status)
        .options(contains_eager(Membership.user).load_only(User.name, User.email),
                 lazyload(Membership.municipality), lazyload(Membership.village))
        .order_by(Membership.role, User.name, Membership.id)
        .limit(MEMBERS_PAGE + 1)
        .offset((page - 1) * MEMBERS_PAGE)
    )
    if query_text:
        like = f"%{query_text.lower()}%"
        query = query.where(db.or_(db.func.lower(User.name).like(like), db.func.lower(User.email).like(like)))
    return query


def invitations_list(municipality):
    return (
        select(Invitation)
        .where(Invitation.municipality_id == municipality.id)
        .options(joinedload(Invitation.created_by), joinedload(Invitation.accepted_by))
        .order_by(Invitation.created_at.desc())
    )


def _slug_taken(slug, exclude_id=None):
    query = select(Municipality.id).where(Municipality.slug == slug)
    if exclude_id:
        query = query.where(Municipality.id != exclude_id)
    return db.session.scalar(query) is not None


def create_municipality(by, **fields) -> Municipality:
    if _slug_taken(fields["slug"]):
        raise ServiceError(_("This short address is already used by another municipality."), field="slug")
    municipality = Municipality(**fields)
    db.session.add(municipality)
    db.session.flush()
    audit.record(by, "municipality.create", municipality, municipality.id, municipality.name)
    return municipality


def update_municipality(municipality, by, **fields) -> None:
    if _slug_taken(fields["slug"], municipality.id):
        raise ServiceError(_("This short address is already used by another municipality."), field="slug")
    for key, value in fields.items():
        setattr(municipality, key, value)
    audit.record(by, "municipality.update", municipality, municipality.id, municipality.name)


def _village_name_taken(municipality, name, exclude_id=None):
    query = select(Village.id).where(Village.municipality_id == municipality.id, Village.name == name)
    if exclude_id:
        query = query.where(Village.id != exclude_id)
    return db.session.scalar(query) is not None


def add_village(municipality, by, name, population=None) -> Village:
    if _village_name_taken(municipality, name):
        raise ServiceError(_("This municipality already has a village with this name."), field="name")
    village = Village(municipality=municipality, name=name, population=population)
    db.session.add(village)
    db.session.flush()
    audit.record(by, "village.create", village, municipality.id, name)
    return village


def update_village(village, by, name, population=None) -> None:
    if _village_name_taken(village.municipality, name, village.id):
        raise ServiceError(_("This municipality already has a village with this name."), field="name")
    village.name = name
    village.population = population
    audit.record(by, "village.update", village, village.municipality_id, name)


def request_residency(user, municipality, village) -> Membership:
    if village is None or village.municipality_id != municipality.id:
        raise ServiceError(_("Choose one of this municipality's villages."), field="village_id")
    existing = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id,
            Membership.municipality_id == municipality.id,
            Membership.role == RESIDENT,
        )
    )
    if existing is not None:
        raise ServiceError(_("You have already asked to join this municipality."))
    membership = Membership(user=user, municipality=municipality, role=RESIDENT, status=PENDING, village=village)
    db.session.add(membership)
    db.session.flush()
    audit.record(user, "membership.request", membership, municipality.id, village.name)
    return membership


def verify_resident(membership, by, same_as_id=None, different=False) -> None:
    """Verify a resident's request. If a listed resident (no e-mail) of the same village has
    the same name, staff must say whether it is the same person (``same_as_id``: their paper
    participations move to this account and they leave the list) or a ``different`` one."""
    if membership.role != RESIDENT:
        raise ServiceError(_("Only residents are verified this way."))
    if membership.status == ACTIVE:
        raise ServiceError(_("This resident is already verified."))
    listed = people.namesakes(membership.municipality_id, membership.village_id, membership.user.name,
                              with_account=False) if membership.village_id else []
    if same_as_id:
        same = next((person for person in listed if person.id == same_as_id), None)
        if same is None:
            raise ServiceError(_("Choose a listed resident of the same name and village."), field="same_as")
        _take_over_listed(membership, same, by)
    elif listed and not different:
        raise ServiceError(_("%(name)s of %(village)s is already on the list of residents without an account. "
                             "Say whether this account is the same person or a different one.",
                             name=listed[0].name, village=membership.village.name), field="same_as")
    membership.status = ACTIVE
    membership.verified_at = utcnow()
    membership.verified_by_id = by.id
    audit.record(by, "membership.verify", membership, membership.municipality_id, membership.user.email)


def _take_over_listed(membership, listed, by) -> None:
    both = people.move_participations(listed.id, membership.user_id)
    if both:
        raise ServiceError(_("Both took part in %(ballots)s: the same person cannot have voted twice. "
                             "Check with the polling place's protocol before verifying.",
                             ballots=", ".join(both)), field="same_as")
    old = db.session.scalar(select(Membership).where(
        Membership.user_id == listed.id, Membership.municipality_id == membership.municipality_id,
        Membership.role == RESIDENT))
    db.session.delete(old)
    audit.record(by, "membership.same_as_listed", membership, membership.municipality_id,
                 f"{membership.user.email} = {listed.name}, {listed.birth_year}")


def remove_membership(membership, by) -> None:
    audit.record(by, "membership.remove", membership, membership.municipality_id,
                 f"{membership.user.email} {membership.role}")
    db.session.delete(membership)


def create_invitation(municipality, by, role, note="", days=14) -> tuple[Invitation, str]:
    """Returns the invitation and the token to put in the link (not stored)."""
    if role not in INVITABLE_ROLES:
        raise ServiceError(_("Choose a role from the list."), field="role")
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        municipality=municipality, role=role, note=note or "", created_by_id=by.id,
        token_hash=Invitation.hash_token(token), expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(by, "invitation.create", invitation, municipality.id, f"{role} {note or ''}".strip())
    return invitation, token


def invitation_by_token(token):
    return (
        select(Invitation)
        .where(Invitation.token_hash == Invitation.hash_token(token or ""))
        .options(joinedload(Invitation.municipality))
    )


def accept_invitation(invitation, user) -> Membership:
    if not invitation.is_usable(utcnow()):
        raise ServiceError(_("This invitation has expired or has already been used. Ask the municipality for a new link."))
    membership = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id,
            Membership.municipality_id == invitation.municipality_id,
            Membership.role == invitation.role,
        )
    )
    if membership is None:
        membership = Membership(user=user, municipality_id=invitation.municipality_id, role=invitation.role)
        db.session.add(membership)
    membership.status = ACTIVE
    membership.verified_at = utcnow()
    membership.verified_by_id = invitation.created_by_id
    invitation.accepted_by_id = user.id
    invitation.accepted_at = utcnow()
    db.session.flush()
    audit.record(user, "invitation.accept", invitation, invitation.municipality_id, invitation.role)
    return membership


def revoke_invitation(invitation, by) -> None:
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ServiceError(_("This invitation can no longer be withdrawn."))
    invitation.revoked_at = utcnow()
    audit.record(by, "invitation.revoke", invitation, invitation.municipality_id, invitation.role)

"""Loading workshops: named queries with their eager loading, and the 404 loaders the views share."""
from flask import abort
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Material, Participant, Workshop


def workshop_detail(workshop_id):
    return (select(Workshop).where(Workshop.id == workshop_id)
            .options(selectinload(Workshop.municipalities), selectinload(Workshop.materials),
                     selectinload(Workshop.trainer),
                     selectinload(Workshop.participants).selectinload(Participant.attendance),
                     selectinload(Workshop.participants).selectinload(Participant.municipality)))


def load_workshop(workshop_id) -> Workshop:
    workshop = db.session.scalar(workshop_detail(workshop_id))
    if workshop is None:
        abort(404)
    return workshop


def child_or_404(model, child_id, workshop):
    child = db.session.get(model, child_id)
    if child is None or child.workshop_id != workshop.id:
        abort(404)
    return child


def material_or_404(material_id, workshop) -> Material:
    return child_or_404(Material, material_id, workshop)


def participant_or_404(participant_id, workshop) -> Participant:
    return child_or_404(Participant, participant_id, workshop)


def home_list(today, trainer_id=None):
    """Workshops, upcoming and running ones first (soonest first), then past ones (latest
    first); one trainer's, or everyone's with ``trainer_id`` None."""
    past = case((Workshop.ends_on < today, 1), else_=0)
    query = (select(Workshop).options(selectinload(Workshop.trainer), selectinload(Workshop.participants))
             .order_by(past, case((Workshop.ends_on < today, None), else_=Workshop.starts_on),
                       Workshop.starts_on.desc(), Workshop.id))
    if trainer_id is not None:
        query = query.where(Workshop.trainer_id == trainer_id)
    return query


def open_list(today):
    """Workshops still open for registration, soonest first."""
    return select(Workshop).where(Workshop.ends_on >= today).order_by(Workshop.starts_on, Workshop.id)


def registrations_of(user_id):
    return (select(Participant).where(Participant.user_id == user_id)
            .options(selectinload(Participant.workshop)).order_by(Participant.id.desc()))

"""The plans section of a municipality's public page (one query)."""
from ..extensions import db
from ..permissions import is_member
from ..public import sections
from . import queries


def build(municipality, user):
    plans = db.session.scalars(queries.plans_of(municipality.id, members=is_member(user, municipality))).all()
    return "plans/_public_section.html", {"plans": plans}


sections.register(20, build)

"""The budget section of a municipality's public page: its adopted years."""
from ..extensions import db
from ..public import sections
from . import queries


def build(municipality, user):
    years = db.session.scalars(queries.years(municipality.id, with_drafts=False).limit(5)).all()
    return ("budget/_public_section.html", {"years": years}) if years else None


sections.register(55, build)

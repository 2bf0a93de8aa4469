"""The budgeting section of a municipality's public page: its latest budgeting ballots."""
from ..extensions import db
from ..public import sections
from . import services


def build(municipality, user):
    ballots = db.session.scalars(services.ballots_list(municipality).limit(5)).all()
    return ("budgeting/_public_section.html", {"ballots": ballots}) if ballots else None


sections.register(57, build)

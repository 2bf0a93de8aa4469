"""The budgeting section of a municipality's public page: its latest budgeting ballots."""
import functools

from sqlalchemy import bindparam

from ..extensions import db
from ..public import sections
from . import services


@functools.cache
def _latest_ballots():
    """``services.ballots_list`` (its order) for a bound municipality id, the latest five: built
    once, as the page is asked often and the statement costs more to build than to run."""
    return services.ballots_list_of(bindparam("municipality_id")).limit(5)


def build(municipality, user):
    ballots = db.session.scalars(_latest_ballots(), {"municipality_id": municipality.id}).all()
    return ("budgeting/_public_section.html", {"ballots": ballots}) if ballots else None


sections.register(57, build)

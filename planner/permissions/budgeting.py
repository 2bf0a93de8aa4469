"""Who sets up participatory budgeting ballots, votes in them and sees their results
(planner/budgeting)."""
from .common import can_draft, is_admin, is_verified_resident, municipality_id_of


def can_manage_budgeting(user, municipality) -> bool:
    """Initiative group members and staff set up budgeting ballots and their projects."""
    return is_admin(user) or can_draft(user, municipality_id_of(municipality))


def can_vote_budgeting(user, ballot) -> bool:
    """One ballot paper per verified resident of the ballot's municipality."""
    return is_verified_resident(user, ballot.municipality_id)


def can_see_budgeting_results(user, ballot, now) -> bool:
    """Results, and the votes in the .pb export, once voting has closed."""
    return ballot.is_closed(now)

"""Who may support plan proposals and problems (planner/supports)."""
from .common import is_verified_resident, municipality_id_of


def can_support(user, municipality) -> bool:
    """One support per verified resident of the municipality, on its proposals and problems."""
    return is_verified_resident(user, municipality_id_of(municipality))

"""Who may support residents' proposals and problems (planner/supports)."""
from .common import is_verified_resident


def can_support(user, municipality) -> bool:
    """One support per verified resident of the municipality, on its proposals and problems."""
    return is_verified_resident(user, municipality)

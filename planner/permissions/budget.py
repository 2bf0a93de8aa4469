"""Who keeps the community budget and who reads its drafts and hearings (planner/budget)."""
from .common import is_admin, is_member, is_staff


def can_manage_budget(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_read_budget(user, budget) -> bool:
    """An adopted budget, or a draft presented at a published hearing, is public; any other
    draft is for the municipality's members."""
    return budget.is_adopted or budget.is_presented or is_member(user, budget.municipality_id)


def can_read_hearing(user, hearing) -> bool:
    return hearing.published_at is not None or is_member(user, hearing.budget.municipality_id)

"""Following and notification settings (planner/notifications)."""
from .common import authenticated

__all__ = ["can_follow", "can_set_notifications"]


def can_follow(user, municipality) -> bool:
    """A signed-in account follows a public municipality, its plans and ballots; nobody
    follows a practice municipality (it sends nothing)."""
    return authenticated(user) and not municipality.is_sandbox


def can_set_notifications(user) -> bool:
    """Each account chooses its own notifications."""
    return authenticated(user)

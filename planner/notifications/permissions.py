"""Who may follow and set notifications: pure predicates (``planner.permissions`` style),
used by the views and, as template globals, by the follow button."""
from ..permissions import _authenticated


def can_follow(user, municipality) -> bool:
    """A signed-in account follows a public municipality, its plans and ballots; nobody
    follows a practice municipality (it sends nothing)."""
    return _authenticated(user) and not municipality.is_sandbox


def can_set_notifications(user) -> bool:
    """Each account chooses its own notifications."""
    return _authenticated(user)

"""A signed-in user's own participation: proposals, problems, comments, supports, and the
ballots and surveys they took part in (that they took part, never what they chose)."""
from .views import bp  # noqa: F401

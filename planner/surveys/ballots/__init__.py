"""Priority ballots: online votes, paper tallies, results and the priority list (the ``ballots`` blueprint)."""
from . import paper_views  # noqa: F401  (the paper routes, on the same blueprint)
from .views import bp  # noqa: F401

"""Priority ballots: online votes, paper tallies, results (issue 5)."""
from . import paper_views, views  # noqa: F401  (register the ballot routes on the surveys blueprint)

"""Priority ballots: online votes, paper tallies, results (issue 5)."""
from . import views  # noqa: F401  (registers the ballot routes on the surveys blueprint)

"""Priority ballots: online votes, paper tallies, results (issue 5)."""

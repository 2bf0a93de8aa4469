"""Expected outcomes of the API, feed and open-data routes (see tests/routes.py): public,
the same for every visitor (they show what an anonymous visitor sees)."""
PUBLIC = {"*": "ok"}
MISSING = {"*": 404}

ROUTES = {
    ("api.docs", "GET"): PUBLIC,
    ("api-docs.openapi_json", "GET"): PUBLIC,
    ("api.plan_reports", "GET"): PUBLIC,
    ("api.decisions", "GET"): PUBLIC,
    ("api.ballots", "GET"): PUBLIC,
    ("api.ballot_results", "GET"): PUBLIC,
    ("api.surveys", "GET"): PUBLIC,
    ("api.priorities", "GET"): PUBLIC,
    ("api.survey_results", "GET"): MISSING,  # the world's survey does not publish its results
    ("api.meetings", "GET"): PUBLIC,
    ("api.reports", "GET"): PUBLIC,
    ("api.budgets", "GET"): PUBLIC,
    ("api.budget", "GET"): PUBLIC,
}

ROUTES.update({
    ("feeds.municipality_feed", "GET"): PUBLIC,
    ("feeds.plan_feed", "GET"): PUBLIC,
    ("opendata.municipality_zip", "GET"): PUBLIC,
    ("opendata.plan_csv", "GET"): PUBLIC,
    ("opendata.ballot_csv", "GET"): PUBLIC,
})

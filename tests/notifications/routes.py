"""Expected outcomes of the notification routes (see tests/test_routes.py)."""
ROUTES = {
    ("notifications.index", "GET"): {"*": "ok", "anonymous": "login"},
}

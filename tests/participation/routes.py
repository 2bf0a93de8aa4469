"""Expected outcome of the "my participation" page (see tests/routes.py)."""
ROUTES = {
    ("participation.mine", "GET"): {"*": "ok", "anonymous": "login"},
}

"""Expected outcomes of the supports and "my participation" routes (see tests/routes.py).
The world's proposal (plans) and problem (surveys) are open to supports."""
ANON_LOGIN = {"anonymous": "login"}

ROUTES = {
    # only verified residents support; everyone else gets a translated 403
    ("supports.proposal", "POST"): {"*": 403, "resident": "ok", **ANON_LOGIN},
    ("supports.problem", "POST"): {"*": 403, "resident": "ok", **ANON_LOGIN},
}

"""Expected outcomes of the notification routes (see tests/test_routes.py). The world's
``unsubscribe_token`` is a valid unsubscribe link of the resident's."""
SIGNED_IN = {"*": "ok", "anonymous": "login"}

ROUTES = {
    ("notifications.index", "GET"): SIGNED_IN,
    ("notifications.preferences", "GET"): SIGNED_IN,
    ("notifications.preferences", "POST"): SIGNED_IN,  # an empty form: shown again with its errors
    # the world's plan is in public discussion and its ballot is open: both can be followed
    ("notifications.follow_municipality", "POST"): SIGNED_IN,
    ("notifications.follow_plan", "POST"): SIGNED_IN,
    ("notifications.follow_ballot", "POST"): SIGNED_IN,
    # the link is the proof, for anyone holding it
    ("notifications.unsubscribe", "GET"): {"*": "ok"},
    ("notifications.unsubscribe", "POST"): {"*": "ok"},
}


def world(w):
    from planner.notifications.unsubscribe import make_token

    return {"unsubscribe_token": make_token(w["users"]["resident"].id, "opened")}

"""Expected outcome of every route for every kind of visitor (the foundation's routes).

Outcomes: "ok" (2xx, or a redirect that is not to the login page), "login" (redirect to
the login page), 403 or 404. A role missing from a row takes the row's "*" entry.
Each feature package adds its own ``tests/<feature>/routes.py`` with ROUTES (and, if it
needs objects in the URL, a ``world(world)`` hook that adds them and returns URL values).
A feature's own URL values come first for its own routes, so URL variables are named for
the code (``plan_id``, ``proposal_id``) even where another feature uses the same name."""
ANON_LOGIN = {"anonymous": "login"}

PUBLIC = {"*": "ok"}
SIGNED_IN = {"*": "ok", **ANON_LOGIN}
ADMIN_ONLY = {"*": 403, "admin": "ok", **ANON_LOGIN}
STAFF_ONLY = {"*": 403, "staff": "ok", "admin": "ok", **ANON_LOGIN}

ROUTES = {
    ("static", "GET"): PUBLIC,
    ("public.home", "GET"): PUBLIC,
    ("public.municipality", "GET"): PUBLIC,
    ("public.set_language", "POST"): PUBLIC,
    ("public.healthz", "GET"): PUBLIC,
    ("api.municipalities", "GET"): PUBLIC,
    ("api.municipality", "GET"): PUBLIC,
    ("api.plans", "GET"): PUBLIC,
    ("api.plan", "GET"): PUBLIC,
    ("auth.login", "GET"): PUBLIC,
    ("auth.login", "POST"): PUBLIC,
    ("auth.logout", "POST"): PUBLIC,
    ("auth.register", "GET"): PUBLIC,
    ("auth.register", "POST"): PUBLIC,
    ("auth.account", "GET"): SIGNED_IN,
    ("auth.account", "POST"): SIGNED_IN,
    ("auth.password", "GET"): SIGNED_IN,
    ("auth.password", "POST"): SIGNED_IN,
    ("auth.admin_users", "GET"): ADMIN_ONLY,
    ("auth.admin_trainer", "POST"): ADMIN_ONLY,
    ("municipalities.create", "GET"): ADMIN_ONLY,
    ("municipalities.create", "POST"): ADMIN_ONLY,
    ("municipalities.platform_audit", "GET"): ADMIN_ONLY,
    ("municipalities.edit", "GET"): STAFF_ONLY,
    ("municipalities.edit", "POST"): STAFF_ONLY,
    ("municipalities.villages", "GET"): STAFF_ONLY,
    ("municipalities.villages", "POST"): STAFF_ONLY,
    ("municipalities.village_edit", "GET"): STAFF_ONLY,
    ("municipalities.village_edit", "POST"): STAFF_ONLY,
    ("municipalities.members", "GET"): STAFF_ONLY,
    ("municipalities.verify", "POST"): STAFF_ONLY,
    ("municipalities.remove", "POST"): STAFF_ONLY,
    ("municipalities.invitations", "GET"): STAFF_ONLY,
    ("municipalities.invitations", "POST"): STAFF_ONLY,
    ("municipalities.revoke", "POST"): STAFF_ONLY,
    ("municipalities.audit_log", "GET"): STAFF_ONLY,
    # Anyone signed in may open an invitation link (the token is the secret).
    ("municipalities.invitation", "GET"): SIGNED_IN,
    ("municipalities.invitation", "POST"): SIGNED_IN,
    # Asking to join: signed-in users; those who already asked are sent back (a redirect).
    ("municipalities.join", "GET"): SIGNED_IN,
    ("municipalities.join", "POST"): SIGNED_IN,
}
ROUTES.update({
    ("public.terms", "GET"): PUBLIC,
    ("public.privacy", "GET"): PUBLIC,
    ("public.accessibility", "GET"): PUBLIC,
})

"""Expected outcomes of the mail routes and the account pages that work by e-mail (see
tests/test_routes.py). The world's ``token`` is not a valid reset or confirmation link."""
ANON_LOGIN = {"anonymous": "login"}
PUBLIC = {"*": "ok"}
SIGNED_IN = {"*": "ok", **ANON_LOGIN}

ROUTES = {
    ("mail.failed_jobs", "GET"): {"*": 403, "admin": "ok", **ANON_LOGIN},
    ("account_mail.forgot", "GET"): PUBLIC,
    ("account_mail.forgot", "POST"): PUBLIC,
    # an invalid link sends everyone back to the "forgot" page
    ("account_mail.reset", "GET"): PUBLIC,
    ("account_mail.reset", "POST"): PUBLIC,
    # an invalid link: to the account page, or to the login page for a visitor
    ("account_mail.confirm", "GET"): SIGNED_IN,
    ("account_mail.resend", "POST"): SIGNED_IN,
    ("account_mail.change_email", "GET"): SIGNED_IN,
    ("account_mail.change_email", "POST"): SIGNED_IN,
}

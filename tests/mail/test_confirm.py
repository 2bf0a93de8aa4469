"""Confirming the e-mail address: at registration, again after a change, bound to the address."""
from sqlalchemy import select

from planner.audit import AuditEntry
from planner.auth.models import User
from planner.extensions import db
from planner.models import utcnow

from ..conftest import PASSWORD
from .conftest import link_in

PHRASE = "quiet meadow lantern violin"


def _register(client, email="new@example.org", locale="en"):
    response = client.post("/register", data={"name": "Aida", "email": email, "password": PHRASE,
                                              "confirm": PHRASE, "locale": locale})
    response.close()
    return response


def _user(email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_registration_asks_to_confirm_and_the_link_confirms(mail_app, inbox):
    client = mail_app.test_client()
    assert _register(client).status_code == 302
    assert _user("new@example.org").email_confirmed_at is None
    [message] = inbox.to("new@example.org")
    link = link_in(message, "/account/confirm/")
    assert "/account" in client.get(link).headers["Location"]
    assert _user("new@example.org").email_confirmed_at is not None
    assert "Confirmed" in client.get("/account").text


def test_a_forged_or_expired_link_confirms_nothing(mail_app, inbox):
    client = mail_app.test_client()
    _register(client)
    link = link_in(inbox.messages[0], "/account/confirm/")
    client.get(link[:-3] + "xyz")
    assert _user("new@example.org").email_confirmed_at is None
    mail_app.config["EMAIL_CONFIRM_DAYS"] = -1
    client.get(link)
    assert _user("new@example.org").email_confirmed_at is None


def test_changing_the_address_needs_the_password_and_a_new_confirmation(mail_app, inbox, make_user):
    user = make_user(email_confirmed_at=utcnow())
    old = user.email
    client = mail_app.test_client()
    client.post("/login", data={"email": old, "password": PASSWORD})
    with mail_app.test_request_context():
        from planner.auth import confirm

        old_link = "/account/confirm/" + confirm.make_token(user)

    wrong = client.post("/account/email", data={"email": "moved@example.org", "password": "not it"})
    assert wrong.status_code == 200 and _user(old) is not None
    taken = make_user()
    clash = client.post("/account/email", data={"email": taken.email, "password": PASSWORD})
    assert clash.status_code == 200 and _user(old) is not None

    response = client.post("/account/email", data={"email": "Moved@Example.org", "password": PASSWORD})
    response.close()
    assert response.status_code == 302
    moved = _user("moved@example.org")
    assert moved is not None and moved.id == user.id and moved.email_confirmed_at is None
    [notice] = inbox.to(old)  # the old address is told
    assert "moved@example.org" in notice.get_body(("plain",)).get_content()
    [confirmation] = inbox.to("moved@example.org")

    client.get(old_link)  # a link for the old address does not confirm the new one
    assert _user("moved@example.org").email_confirmed_at is None
    client.get(link_in(confirmation, "/account/confirm/"))
    assert _user("moved@example.org").email_confirmed_at is not None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.email_changed")) is not None


def test_resend_the_link_while_unconfirmed_only(mail_app, inbox, make_user):
    user = make_user()
    client = mail_app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    page = client.get("/account")
    assert "Not confirmed" in page.text
    client.post("/account/confirm").close()
    assert len(inbox.to(user.email)) == 1
    user.email_confirmed_at = utcnow()
    db.session.commit()
    client.post("/account/confirm").close()
    assert len(inbox.to(user.email)) == 1

"""Password reset by e-mail: same answer for every address, a link that works once and
expires, other sessions ended, requests limited per address and per e-mail."""
from planner.auth import confirm, reset
from planner.auth.models import User
from planner.extensions import db

from ..conftest import PASSWORD
from .conftest import link_in

NEW = "silver kettle marches north"


def _ask(client, email):
    response = client.post("/password/forgot", data={"email": email})
    response.close()  # the mail leaves once the response is sent
    return response


def _reset_link(inbox, user):
    [message] = inbox.to(user.email)
    return link_in(message, "/password/reset/")


def test_same_answer_whether_or_not_the_address_exists(mail_app, inbox, make_user):
    user = make_user()
    known = _ask(mail_app.test_client(), user.email.upper())
    unknown = _ask(mail_app.test_client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert known.headers.get("Set-Cookie", "").split("=")[0] == unknown.headers.get("Set-Cookie", "").split("=")[0]
    assert [m.envelope_to for m in inbox.messages] == [[user.email]]


def test_the_link_sets_a_new_password_once_and_ends_other_sessions(mail_app, inbox, make_user):
    user = make_user()
    elsewhere = mail_app.test_client()
    assert elsewhere.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    assert elsewhere.get("/account").status_code == 200

    _ask(mail_app.test_client(), user.email)
    link = _reset_link(inbox, user)
    client = mail_app.test_client()
    page = client.get(link)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    response = client.post(link, data={"password": NEW, "confirm": NEW})
    assert response.status_code == 302 and "/login" in response.headers["Location"]

    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW)
    assert db.session.get(User, user.id).email_confirmed_at is not None  # the link reached the address
    assert "/login" in elsewhere.get("/account").headers["Location"]  # the other session is over
    # spent: neither a second use nor going back to the form works
    again = client.post(link, data={"password": "another long phrase here", "confirm": "another long phrase here"})
    assert "/password/forgot" in again.headers["Location"]
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW)
    assert client.post("/login", data={"email": user.email, "password": NEW}).status_code == 302


def test_a_weak_password_is_refused_and_the_link_still_works(mail_app, inbox, make_user):
    user = make_user()
    _ask(mail_app.test_client(), user.email)
    link = _reset_link(inbox, user)
    client = mail_app.test_client()
    refused = client.post(link, data={"password": "password1", "confirm": "password1"})
    assert refused.status_code == 200
    assert client.get(link).status_code == 200


def test_expired_forged_and_foreign_links_are_refused(mail_app, make_user):
    user = make_user()
    with mail_app.test_request_context():
        token = reset.make_token(user)
        confirm_token = confirm.make_token(user)
    assert reset.user_for_token(token) == user
    assert reset.user_for_token(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]) is None
    assert reset.user_for_token(confirm_token) is None  # a confirmation link is not a reset link
    mail_app.config["PASSWORD_RESET_SECONDS"] = -1
    assert reset.user_for_token(token) is None
    client = mail_app.test_client()
    assert "/password/forgot" in client.get(f"/password/reset/{token}").headers["Location"]


def test_a_password_change_spends_an_earlier_link(mail_app, make_user):
    user = make_user()
    with mail_app.test_request_context():
        token = reset.make_token(user)
    user.set_password(NEW)
    db.session.commit()
    assert reset.user_for_token(token) is None


def test_requests_are_limited_per_email_and_per_address(make_app, app, mail_config, inbox, make_user):
    limited = make_app(**mail_config, PASSWORD_RESET_LIMIT="2 per hour")
    user = make_user()
    with limited.app_context():
        for n in range(2):
            client = limited.test_client()
            address = {"REMOTE_ADDR": f"10.0.0.{n}"}
            assert client.post("/password/forgot", data={"email": user.email}, environ_base=address).status_code == 302
        third = limited.test_client().post("/password/forgot", data={"email": user.email},
                                           environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert third.status_code == 429  # the same e-mail from a third address
        one = {"REMOTE_ADDR": "10.0.1.1"}
        client = limited.test_client()
        for n in range(2):
            assert client.post("/password/forgot", data={"email": f"x{n}@example.org"}, environ_base=one).status_code == 302
        assert client.post("/password/forgot", data={"email": "x9@example.org"}, environ_base=one).status_code == 429

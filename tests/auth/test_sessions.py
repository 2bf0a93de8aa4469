"""Logging out ends the session on the server: copied cookies open nothing afterwards."""
from planner.auth.models import User

from ..conftest import PASSWORD


def _login(app, user, remember=False):
    browser = app.test_client()
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert browser.post("/login", data=data).status_code == 302
    assert browser.get("/account").status_code == 200
    return browser


def _replay(app, **cookies):
    """A fresh browser that carries only the given cookies (what a thief copied)."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


def test_copied_session_cookie_is_dead_after_logout(app, make_user):
    user = make_user()
    browser = _login(app, user)
    copied = browser.get_cookie("session").value
    assert _replay(app, session=copied).get("/account").status_code == 200  # the copy works while logged in
    assert browser.post("/logout").status_code == 302
    thief = _replay(app, session=copied)
    assert thief.get("/account").status_code == 302
    assert "/login" in thief.get("/account").headers["Location"]


def test_copied_remember_cookie_is_dead_after_logout(app, make_user):
    user = make_user()
    browser = _login(app, user, remember=True)
    remembered = browser.get_cookie("remember_token")
    assert remembered is not None
    assert _replay(app, remember_token=remembered.value).get("/account").status_code == 200
    browser.post("/logout")
    assert _replay(app, remember_token=remembered.value).get("/account").status_code == 302
    both = _replay(app, remember_token=remembered.value, session=browser.get_cookie("session").value
                   if browser.get_cookie("session") else "")
    assert both.get("/account").status_code == 302


def test_password_change_kills_copied_remember_cookie(app, make_user):
    user = make_user()
    browser = _login(app, user, remember=True)
    remembered = browser.get_cookie("remember_token").value
    good = "mountain apricot river lantern"
    assert browser.post("/account/password", data={"current": PASSWORD, "password": good, "confirm": good}).status_code == 302
    assert browser.get("/account").status_code == 200  # the device that changed it stays in
    assert _replay(app, remember_token=remembered).get("/account").status_code == 302


def test_logout_stores_a_new_nonce_and_login_works_again(app, db, make_user):
    user = make_user()
    before = user.session_nonce
    browser = _login(app, user)
    browser.post("/logout")
    db.session.expire_all()
    assert db.session.get(User, user.id).session_nonce != before
    _login(app, user)


def test_anonymous_logout_changes_nothing(client, db, make_user):
    user = make_user()
    before = user.session_nonce
    assert client.post("/logout").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).session_nonce == before

from sqlalchemy import select

from planner.audit import AuditEntry
from planner.auth.models import User

from ..conftest import PASSWORD

GOOD = "mountain apricot river lantern"


def test_register_logs_in_and_keeps_language(client, db):
    response = client.post("/register", data={
        "name": "Айгүл", "email": "Aigul@Example.org ", "password": GOOD, "confirm": GOOD, "locale": "ky"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "aigul@example.org"))
    assert user is not None and user.locale == "ky"
    assert user.password_hash != GOOD and user.check_password(GOOD)
    assert "lang=ky" in response.headers.get("Set-Cookie", "")
    page = client.get("/account")
    assert page.status_code == 200
    assert 'lang="ky"' in page.get_data(as_text=True)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.register")) is not None


def test_register_refuses_common_password_with_reason_in_kyrgyz(app, client, db):
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("ky"):
        expected = gettext("This is one of the most common passwords.")
    assert expected != "This is one of the most common passwords."
    client.set_cookie("lang", "ky")
    response = client.post("/register", data={
        "name": "Test", "email": "t@example.org", "password": "password123", "confirm": "password123", "locale": "ky"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in body
    assert expected in body
    assert db.session.scalar(select(User)) is None


def test_register_refuses_short_and_guessable_passwords(client, db):
    for password, reason in [
        ("short1", "Use at least 10 characters."),
        ("asdfghjkl;'", "Keyboard patterns"),
        ("aaaaaaaaaaaa", "Repeated characters"),
    ]:
        response = client.post("/register", data={
            "name": "Test", "email": "t@example.org", "password": password, "confirm": password, "locale": "en"},
            headers={"Accept-Language": "en"})
        assert reason in response.get_data(as_text=True), password
    assert db.session.scalar(select(User)) is None


def test_register_refuses_duplicate_email(client, make_user):
    make_user(email="taken@example.org")
    response = client.post("/register", data={
        "name": "X", "email": "TAKEN@example.org", "password": GOOD, "confirm": GOOD, "locale": "en"},
        headers={"Accept-Language": "en"})
    assert "already exists" in response.get_data(as_text=True)


def test_login_wrong_password_then_right(client, auth, make_user):
    user = make_user()
    client.set_cookie("lang", "en")
    bad = auth.login(user, "wrong password here")
    assert bad.status_code == 200
    assert "not correct" in bad.get_data(as_text=True)
    good = auth.login(user)
    assert good.status_code == 302
    assert client.get("/account").status_code == 200


def test_login_renews_the_session(client, auth, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login(user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == user.get_id()


def test_login_next_must_be_local(client, make_user):
    user = make_user()
    response = client.post("/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"
    response = client.post("/login?next=/account", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account"


def test_session_cookie_flags(app, client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_secure_over_https(make_app):
    app = make_app(HTTPS=True)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert "Strict-Transport-Security" in app.test_client().get("/login").headers


def test_login_failures_limited_per_account(client, make_user):
    user = make_user()
    for i in range(10):
        r = client.post("/login", data={"email": user.email, "password": f"wrong {i}"},
                        environ_base={"REMOTE_ADDR": f"10.0.0.{i}"})
        assert r.status_code == 200
    blocked = client.post("/login", data={"email": user.email, "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.1.1"}, headers={"Accept-Language": "ru"})
    assert blocked.status_code == 429
    assert 'lang="ru"' in blocked.get_data(as_text=True)
    # another account from a fresh address is not affected
    other = make_user()
    ok = client.post("/login", data={"email": other.email, "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.0.2.1"})
    assert ok.status_code == 302


def test_successful_logins_do_not_count_as_failures(client, make_user):
    user = make_user()
    for _ in range(12):
        assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        client.post("/logout")


def test_logout_requires_post(client, auth, make_user):
    auth.as_user(make_user())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/account").status_code == 302


def test_change_password_logs_out_other_sessions(app, client, auth, make_user, db):
    user = make_user()
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other_device.get("/account").status_code == 200
    auth.login(user)
    response = client.post("/account/password", data={"current": PASSWORD, "password": GOOD, "confirm": GOOD})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    db.session.refresh(user)
    assert user.check_password(GOOD)


def test_change_password_wrong_current(client, auth, make_user, db):
    user = make_user()
    auth.as_user(user)
    response = client.post("/account/password", data={"current": "not it at all", "password": GOOD, "confirm": GOOD},
                           headers={"Accept-Language": "en"})
    assert "current password is not correct" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_account_settings_change_language(client, auth, make_user, db):
    user = make_user(locale="en")
    auth.as_user(user)
    response = client.post("/account", data={"name": "New Name", "locale": "hy", "sex": "f", "age_band": "30-44"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.name, user.locale, user.sex, user.age_band) == ("New Name", "hy", "f", "30-44")
    assert 'lang="hy"' in client.get("/account").get_data(as_text=True)


def test_account_refuses_tampered_choice(client, auth, make_user, db):
    user = make_user(locale="en")
    auth.as_user(user)
    response = client.post("/account", data={"name": "X", "locale": "xx", "sex": "q"})
    assert response.status_code == 200
    db.session.refresh(user)
    assert user.locale == "en" and user.name != "X"


def test_admin_marks_trainer(client, auth, make_user, db):
    admin, user = make_user(is_admin=True), make_user()
    auth.as_user(admin)
    assert client.post(f"/admin/users/{user.id}/trainer", data={"value": "1"}).status_code == 302
    db.session.refresh(user)
    assert user.is_trainer
    assert client.post("/admin/users/999999/trainer", data={"value": "1"}).status_code == 404

"""Login limits: guessing costs, but neither an attacker nor a crowd behind one address can
lock the owner out of their own device (planner/auth/throttle.py)."""
import time
import uuid

import pytest

from planner.auth.throttle import DEVICE_COOKIE

from ..conftest import PASSWORD
from .test_rate_limit_redis import _redis_up

GOOD = "mountain apricot river lantern"


def _post(browser, email, password, address="10.9.9.9", **kwargs):
    return browser.post("/login", data={"email": email, "password": password},
                        environ_base={"REMOTE_ADDR": address}, **kwargs)


def _trusted_browser(app, user, address="10.9.9.9"):
    """The owner's phone: it logged in once, then logged out."""
    phone = app.test_client()
    assert _post(phone, user.email, PASSWORD, address).status_code == 302
    assert phone.get_cookie(DEVICE_COOKIE) is not None
    phone.post("/logout")
    return phone


def test_eleventh_failure_for_one_account_from_one_address_is_refused(client, make_user):
    user = make_user()
    for i in range(10):
        assert _post(client, user.email, f"wrong {i}").status_code == 200
    refused = _post(client, user.email, PASSWORD, headers={"Accept-Language": "ru"})
    assert refused.status_code == 429
    assert 'lang="ru"' in refused.get_data(as_text=True)
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert client.get("/account").status_code == 302  # not logged in


def test_typos_at_a_gathering_behind_one_address_lock_out_nobody(app, make_user):
    villagers = [make_user() for _ in range(30)]
    hall = app.test_client()
    for person in villagers[:25]:  # 25 people each mistype once or twice
        assert _post(hall, person.email, "typo typo typo").status_code == 200
        assert _post(hall, person.email, "typo again here").status_code == 200
    for person in villagers:
        assert _post(app.test_client(), person.email, PASSWORD).status_code == 302


def test_one_address_still_has_a_ceiling(make_app, make_user):
    app = make_app(LOGIN_ADDRESS_FAILURES_LIMIT="5 per 15 minutes")
    users = [make_user() for _ in range(6)]
    browser = app.test_client()
    for person in users[:5]:
        assert _post(browser, person.email, "wrong wrong wrong").status_code == 200
    assert _post(browser, users[5].email, PASSWORD).status_code == 429


def test_attacker_cannot_lock_the_owner_out_of_their_own_device(app, make_user):
    owner = make_user()
    phone = _trusted_browser(app, owner, address="10.1.1.1")
    attacker = app.test_client()
    for i in range(10):  # from the owner's own (shared) address
        assert _post(attacker, owner.email, f"guess {i}", address="10.1.1.1").status_code == 200
    assert _post(attacker, owner.email, PASSWORD, address="10.1.1.1").status_code == 429
    assert _post(attacker, owner.email, PASSWORD, address="10.2.2.2").status_code == 429  # the account waits
    assert _post(app.test_client(), owner.email, PASSWORD, address="10.3.3.3").status_code == 429
    assert _post(phone, owner.email, PASSWORD, address="10.1.1.1").status_code == 302
    assert phone.get("/account").status_code == 200


def test_a_device_is_trusted_only_for_its_own_account_and_cookie(app, make_user):
    owner, victim = make_user(), make_user()
    attacker = _trusted_browser(app, owner)  # the attacker's own account: trust for it only
    for i in range(10):
        assert _post(attacker, victim.email, f"guess {i}").status_code == 200
    assert _post(attacker, victim.email, PASSWORD).status_code == 429
    forged = app.test_client()
    forged.set_cookie(DEVICE_COOKIE, attacker.get_cookie(DEVICE_COOKIE).value[:-3] + "abc")
    for i in range(10):
        _post(forged, owner.email, f"guess {i}", address="10.5.5.5")
    assert _post(forged, owner.email, PASSWORD, address="10.5.5.5").status_code == 429


def test_trust_ends_when_the_password_changes(app, db, make_user):
    owner = make_user()
    thief = _trusted_browser(app, owner)  # a device that knew the old password
    phone = app.test_client()
    assert _post(phone, owner.email, PASSWORD).status_code == 302
    assert phone.post("/account/password", data={"current": PASSWORD, "password": GOOD, "confirm": GOOD}).status_code == 302
    for i in range(10):
        _post(thief, owner.email, f"guess {i}", address=f"10.6.0.{i}")
    assert _post(thief, owner.email, GOOD, address="10.6.1.1").status_code == 429


def test_a_trusted_device_has_its_own_limit(app, make_user):
    owner = make_user()
    phone = _trusted_browser(app, owner)
    for i in range(10):
        assert _post(phone, owner.email, f"typo {i}", address=f"10.7.0.{i}").status_code == 200
    assert _post(phone, owner.email, PASSWORD, address="10.7.1.1").status_code == 429


def test_the_wait_grows_and_no_password_is_checked_meanwhile(make_app, make_user):
    app = make_app(LOGIN_DELAY_AFTER_FAILURES=2, LOGIN_DELAY_SECONDS=1)
    user = make_user()
    browser = app.test_client()
    for i in range(2):
        assert _post(browser, user.email, f"wrong {i}", address=f"10.8.0.{i}").status_code == 200
    first = _post(browser, user.email, PASSWORD, address="10.8.1.1", headers={"Accept-Language": "en"})
    assert first.status_code == 429 and first.headers["Retry-After"] == "1"
    assert "Wait a little" in first.get_data(as_text=True)
    time.sleep(1.1)
    assert _post(browser, user.email, "wrong 3", address="10.8.0.3").status_code == 200
    second = _post(browser, user.email, PASSWORD, address="10.8.1.2")
    assert second.status_code == 429 and second.headers["Retry-After"] == "2"
    time.sleep(2.1)
    assert _post(browser, user.email, PASSWORD, address="10.8.1.3").status_code == 302
    # a success forgets the failures: the next typo costs no wait
    other = app.test_client()
    assert _post(other, user.email, "one more typo", address="10.8.2.1").status_code == 200
    assert _post(other, user.email, PASSWORD, address="10.8.2.2").status_code == 302


def test_unknown_addresses_wait_like_known_ones(client):
    email = "nobody-here@example.org"
    for i in range(10):
        assert _post(client, email, f"guess {i}", address=f"10.4.0.{i}").status_code == 200
    assert _post(client, email, "guess again", address="10.4.1.1").status_code == 429


@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_the_wait_is_shared_by_processes_through_redis(make_app, make_user):
    config = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/6",
              "RATELIMIT_KEY_PREFIX": f"planner-test-{uuid.uuid4().hex}", "LOGIN_DELAY_SECONDS": 60}
    user = make_user()
    first = make_app(**config).test_client()
    for i in range(10):
        assert _post(first, user.email, f"bad {i}", address=f"10.10.0.{i}").status_code == 200
    second = make_app(**config).test_client()  # another process, another address
    refused = _post(second, user.email, PASSWORD, address="10.10.1.1")
    assert refused.status_code == 429
    assert 55 <= int(refused.headers["Retry-After"]) <= 60

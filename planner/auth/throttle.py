"""Login limits that make guessing cost without handing anyone a lock-out button.

Four checks on ``POST /login``; only failed attempts count (a wrong password, or a form
that did not validate):

- per account and address: ``LOGIN_FAILURES_LIMIT`` (10 per 15 minutes): the 11th failure
  for one account from one address gets 429;
- per address: ``LOGIN_ADDRESS_FAILURES_LIMIT``, generous (100 per 15 minutes), so that
  ten people mistyping at a village gathering behind one shared address keep the others in;
- per account, from any address: after ``LOGIN_DELAY_AFTER_FAILURES`` failures within
  ``LOGIN_FAILURES_MEMORY_SECONDS``, each further failure makes the account wait before
  the next password is even checked: ``LOGIN_DELAY_SECONDS``, doubling up to
  ``LOGIN_DELAY_MAX_SECONDS``. The time the account may try again is stored (as the expiry
  of a key in the rate limiter's storage: Redis when configured), never slept;
- a trusted device: after a successful login the browser gets a signed cookie naming the
  account (bound to its current password). For that account, such a device skips the three
  checks above, so an attacker's failures cannot keep the owner out of their own phone;
  it has its own limit instead, ``LOGIN_FAILURES_LIMIT`` per device.

The first two and the last are Flask-Limiter limits (``limits()``); the delay uses the
limiter's storage through its public ``incr``/``get``/``get_expiry``/``clear``."""
import hashlib
import math
import secrets
import time

from flask import current_app, g, make_response, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select

from ..extensions import db, limiter
from ..web import render_error
from .models import User, normalize_email

DEVICE_COOKIE = "planner_device"
DEVICE_DAYS = 365
_DEVICE_ACCOUNTS = 8  # accounts one shared office computer can be trusted for


def _email():
    return normalize_email(request.form.get("email"))


def _account_digest(email):
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="planner.login-device")


def _trust_token(email, password_hash):
    """What a device cookie holds for an account; changes when the password changes."""
    return hashlib.sha256(f"{email}\n{password_hash}".encode()).hexdigest()[:32]


def _device():
    """The device cookie's content, or ``None`` if absent, forged or too old."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=DEVICE_DAYS * 24 * 3600)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), str) or not isinstance(data.get("a"), list):
        return None
    return data


def trusted_device() -> bool:
    """Has this browser logged in before to the account named in the form?"""
    if "login_trusted" not in g:
        device, email, trusted = _device(), _email(), False
        if device is not None and email:
            password_hash = db.session.scalar(select(User.password_hash).where(func.lower(User.email) == email))
            trusted = password_hash is not None and _trust_token(email, password_hash) in device["a"]
        g.login_trusted = trusted
    return g.login_trusted


def _untrusted():
    return not trusted_device()


def _address_key():
    return get_remote_address()


def _account_address_key():
    return _account_digest(_email()) + "@" + get_remote_address()


def _device_key():
    device = _device()
    return device["d"] if device else ""


def _failed(response):
    return request.method == "POST" and response.status_code == 200


def _refused(request_limit):
    """The 429 page of a breached limit, saying when to try again."""
    body, code = render_error(429)
    # reset_at is whole seconds: rounding up the rest could give one second more than the window
    seconds = min(request_limit.limit.get_expiry(), max(1, math.ceil(request_limit.reset_at - time.time())))
    return make_response(body, code, {"Retry-After": str(seconds)})


def limits(view):
    """The Flask-Limiter limits of the login view (see the module text)."""
    failures = lambda: current_app.config["LOGIN_FAILURES_LIMIT"]  # noqa: E731
    common = {"methods": ["POST"], "deduct_when": _failed, "on_breach": _refused}
    for decorate in (
        limiter.limit(failures, key_func=_account_address_key, exempt_when=trusted_device,
                      scope="login-account-address", **common),
        limiter.limit(lambda: current_app.config["LOGIN_ADDRESS_FAILURES_LIMIT"], key_func=_address_key,
                      exempt_when=trusted_device, scope="login-address", **common),
        limiter.limit(failures, key_func=_device_key, exempt_when=_untrusted, scope="login-device", **common),
    ):
        view = decorate(view)
    return view


def _key(kind, email):
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "planner"
    return f"{prefix}/login-{kind}/{_account_digest(email)}"


def wait_seconds(email) -> int:
    """Seconds before this account's next password may be checked from an untrusted device."""
    if trusted_device():
        return 0
    storage, key = limiter.storage, _key("wait", normalize_email(email))
    if storage.get(key) <= 0:
        return 0
    return max(1, math.ceil(storage.get_expiry(key) - time.time()))


def record_failure(email) -> None:
    """Count a wrong password for the account; past the free ones, make it wait, doubling."""
    if trusted_device():
        return
    config, storage, email = current_app.config, limiter.storage, normalize_email(email)
    failures = storage.incr(_key("failures", email), config["LOGIN_FAILURES_MEMORY_SECONDS"])
    beyond = failures - config["LOGIN_DELAY_AFTER_FAILURES"]
    if beyond >= 0:
        delay = min(config["LOGIN_DELAY_SECONDS"] * 2 ** min(beyond, 30), config["LOGIN_DELAY_MAX_SECONDS"])
        key = _key("wait", email)
        storage.clear(key)
        storage.incr(key, math.ceil(delay))


def record_success(user: User, response) -> None:
    """Forget the account's failures and trust this browser for it (a signed cookie)."""
    email = normalize_email(user.email)
    for kind in ("failures", "wait"):
        limiter.storage.clear(_key(kind, email))
    device = _device() or {"d": secrets.token_urlsafe(16), "a": []}
    token = _trust_token(email, user.password_hash)
    accounts = [token] + [t for t in device["a"] if t != token]
    value = _serializer().dumps({"d": device["d"], "a": accounts[:_DEVICE_ACCOUNTS]})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_DAYS * 24 * 3600, httponly=True,
                        samesite="Lax", secure=current_app.config["HTTPS"])

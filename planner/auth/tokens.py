"""Signed, expiring links for accounts (itsdangerous), one salt per purpose."""
import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"planner.{purpose}")


def make(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read(purpose: str, token: str, max_age: int) -> dict | None:
    """The payload of a valid, unexpired token, else None."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:  # also SignatureExpired
        return None
    return payload if isinstance(payload, dict) else None


def fingerprint(*values: str) -> str:
    """A keyed digest of secret values (a password hash): it changes when they change, and
    says nothing about them to whoever reads the token."""
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else current_app.secret_key
    return hmac.new(key, "\x00".join(values).encode(), hashlib.sha256).hexdigest()[:24]


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(str(a), str(b))

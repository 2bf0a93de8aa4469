"""Sealing secret content until it is mixed (docs/threat-model.md).

A secret vote or a residents-only answer is written in the voter's transaction only
*sealed*: AES-GCM under a key derived (HKDF) from ``PLANNER_BALLOT_RECEIPT_KEY``, padded to a
fixed bucket size so that its length says little. Later, in a transaction of its own, a
batch of at least ``BALLOT_MIX_BATCH`` sealed items is opened and written to the public
tables in a shuffled order (:func:`shuffled`). ``tag`` makes keyed references (HMAC): the
app finds a voter's sealed or mixed item with the key; without it a tag is opaque."""
import hashlib
import hmac
import json
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from .extensions import db

NONCE_BYTES = 12
MIN_BATCH = 10  # the smallest group a secret vote or answer hides in
BUCKET = 512  # plaintexts are padded to a multiple of this many bytes


class MissingKey(RuntimeError):
    """No PLANNER_BALLOT_RECEIPT_KEY: secret votes can be neither sealed nor opened."""


def receipt_key() -> bytes:
    key = current_app.config.get("BALLOT_RECEIPT_KEY")
    if not key:
        raise MissingKey("PLANNER_BALLOT_RECEIPT_KEY is not set: secret votes and answers cannot be sealed or "
                         "opened. Set the key the app runs with (see README, configuration).")
    return key.encode()


def tag(*parts) -> str:
    """A keyed hash of ``parts`` (32 hex characters)."""
    message = ":".join(str(p) for p in parts).encode()
    return hmac.new(receipt_key(), message, hashlib.sha256).hexdigest()[:32]


def _aead() -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=b"planner sealed votes and answers v1").derive(receipt_key())
    return AESGCM(derived)


def seal(kind: str, owner_id: int, content) -> bytes:
    """Encrypt ``content`` (JSON-able) for the ``kind`` item of ballot/survey ``owner_id``."""
    body = json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode()
    body += b" " * (-len(body) % BUCKET)
    nonce = os.urandom(NONCE_BYTES)
    return nonce + _aead().encrypt(nonce, body, f"{kind}:{owner_id}".encode())


def open_sealed(kind: str, owner_id: int, sealed: bytes):
    """The content of a sealed item; raises ``cryptography.exceptions.InvalidTag`` if the
    key is not the one it was sealed with or the item belongs elsewhere."""
    sealed = bytes(sealed)
    body = _aead().decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], f"{kind}:{owner_id}".encode())
    return json.loads(body.decode())


def open_all(kind: str, owner_id: int, items) -> list:
    """[(item, content)] for the sealed ``items`` (rows with a ``sealed`` column) that open
    with the current key; the others are logged and left where they are."""
    opened = []
    for item in items:
        try:
            opened.append((item, open_sealed(kind, owner_id, item.sealed)))
        except InvalidTag:
            current_app.logger.error("%s %s: a sealed item does not open with the current receipt key "
                                     "(was PLANNER_BALLOT_RECEIPT_KEY changed?)", kind, owner_id)
    return opened


def random_id() -> str:
    """An id that says nothing about when its row was written."""
    return secrets.token_hex(16)


def shuffled(items) -> list:
    items = list(items)
    secrets.SystemRandom().shuffle(items)
    return items


def batch_size() -> int:
    return max(MIN_BATCH, int(current_app.config.get("BALLOT_MIX_BATCH") or MIN_BATCH))


def mix_when_full(pending, mix, owner_id):
    """An after-commit hook: once ``pending(owner_id)`` reaches a batch, ``mix(owner_id)``
    in a transaction of its own."""
    def hook():
        if db.session().in_transaction():
            # Run late (a direct commit's hooks run at the end of the request) while other
            # work is under way: never touch that; the next vote, close or cron mixes.
            return
        if pending(owner_id) < batch_size():
            db.session.rollback()
            return
        _in_own_transaction(mix, owner_id)
    return hook


def mix_each(owner_ids, mix, is_closed) -> int:
    """``mix(owner_id, final=is_closed(owner_id))`` for each owner, each in its own
    transaction; returns how many sealed items went in."""
    return sum(_in_own_transaction(mix, owner_id, final=is_closed(owner_id)) for owner_id in owner_ids)


def _in_own_transaction(mix, owner_id, **kwargs) -> int:
    try:
        mixed = mix(owner_id, **kwargs)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return mixed

"""Sessions that end on the server.

A signed-in browser carries ``"<user id>:<session nonce>"`` in its session cookie and, with
"remember me", in its remember cookie (``User.get_id``); the user loader accepts it only
while the nonce matches the one stored in ``users``. Logging out and changing the password
store a new nonce, so a copy of either cookie taken before (from a shared computer, a
backup of the browser profile, a proxy log) opens nothing afterwards.

The nonce is one per account: logging out ends the account's sessions on every device.
That is the price of a check that needs no table of sessions and no extra query."""
import secrets

from .models import User


def new_nonce() -> str:
    return secrets.token_hex(16)


def end_sessions(user: User) -> None:
    """Make every session and remember cookie issued for ``user`` so far worthless."""
    user.session_nonce = new_nonce()

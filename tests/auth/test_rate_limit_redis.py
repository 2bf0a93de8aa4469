"""The login limit holds across processes when kept in Redis (a real server, if reachable)."""
import socket
import uuid

import pytest

from ..conftest import PASSWORD

REDIS = ("127.0.0.1", 6379)


def _redis_up():
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_two_app_instances_share_the_login_limit(make_app, app, make_user):
    prefix = f"planner-test-{uuid.uuid4().hex}"
    config = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379", "RATELIMIT_KEY_PREFIX": prefix}
    user = make_user()
    first = make_app(**config).test_client()
    for i in range(10):
        assert first.post("/login", data={"email": user.email, "password": f"bad {i}"}).status_code == 200
    second = make_app(**config).test_client()  # another "process"
    assert second.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 429

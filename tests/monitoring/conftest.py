import pytest


@pytest.fixture
def rq(app):
    """A request context (English), for code that translates its messages."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield app

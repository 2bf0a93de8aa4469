"""A real SMTP server (aiosmtpd) started for the test, and an app that sends to it."""
import email
import re
import socket
from email import policy
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """What the SMTP server received. ``refuse`` > 0 refuses that many next recipients
    with a temporary error (451), as a busy server does."""

    def __init__(self):
        self.messages = []
        self.refuse = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if address in m.envelope_to]


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def link_in(message, path_part: str) -> str:
    """The path of the first link in the text part that contains ``path_part``."""
    for url in re.findall(r"https?://\S+", text_of(message)):
        if path_part in url:
            return urlsplit(url).path
    raise AssertionError(f"no link with {path_part!r} in {text_of(message)!r}")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def mail_config(inbox):
    return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": inbox.port, "MAIL_TIMEOUT": 5,
            "JOB_INLINE_RETRY_INTERVALS": (0, 0), "MAIL_DEFAULT_SENDER": "planner <no-reply@example.org>"}


@pytest.fixture
def mail_app(app, make_app, mail_config):
    """An app that delivers to the test's SMTP server, its context pushed for the factories."""
    other = make_app(**mail_config)
    with other.app_context():
        yield other


@pytest.fixture
def mail_client(mail_app):
    return mail_app.test_client()


@pytest.fixture
def rq_app(app, make_app, mail_config, redis_url, rq_queue):
    other = make_app(**mail_config, REDIS_URL=redis_url, JOBS_QUEUE=rq_queue, JOB_RETRY_INTERVALS=(0, 0))
    with other.app_context():
        yield other

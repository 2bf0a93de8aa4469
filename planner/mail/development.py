"""The development mail backend (``make run`` without PLANNER_MAIL_SERVER): each message is
printed on the console and kept as a file in ``instance/mail/`` (PLANNER_MAIL_FILE_PATH),
using Flask-Mailman's own console and file backends."""
from flask_mailman.backends.base import BaseEmailBackend
from flask_mailman.backends.console import EmailBackend as ConsoleBackend
from flask_mailman.backends.file import EmailBackend as FileBackend


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.backends = (ConsoleBackend(*args, **kwargs), FileBackend(*args, **kwargs))

    def send_messages(self, email_messages):
        sent = 0
        for backend in self.backends:
            sent = backend.send_messages(email_messages)
        return sent

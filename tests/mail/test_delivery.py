"""Mail goes out through a real SMTP server, after the commit, in the recipient's language;
failures are retried and recorded."""
import pytest
from sqlalchemy import func, select

from planner.actions import commit, perform
from planner.auth.models import User
from planner.errors import ServiceError
from planner.extensions import db
from planner.jobs import FailedJob
from planner.mail.messages import can_notify, notify, send
from planner.models import utcnow

from .conftest import html_of, text_of


def _queue_mail(to="someone@example.org", locale="en", **context):
    send("email_changed", to, locale, name="Aida", new_email="new@example.org", **context)


def test_sent_after_commit_in_the_recipients_language(mail_app, inbox):
    _queue_mail(locale="ru")
    assert inbox.messages == []  # nothing before the commit
    commit()
    [message] = inbox.messages
    assert message["To"] == "someone@example.org"
    assert message["From"] == "planner <no-reply@example.org>"
    assert "адрес" in message["Subject"].lower()
    assert "new@example.org" in text_of(message) and "new@example.org" in html_of(message)


def test_nothing_sent_when_the_service_refuses(mail_app, inbox):
    def service():
        _queue_mail()
        raise ServiceError("no")

    with mail_app.test_request_context():
        assert not perform(service)
    commit()
    assert inbox.messages == []


def test_nothing_sent_when_the_commit_fails(mail_app, inbox, make_user):
    taken = make_user()
    _queue_mail()
    db.session.add(User(email=taken.email, name="Twin", password_hash="x"))  # UNIQUE fails at commit
    with pytest.raises(Exception):
        commit()
    db.session.rollback()
    commit()
    assert inbox.messages == []


def test_a_refused_delivery_is_retried(mail_app, inbox):
    inbox.refuse = 2  # the first two tries fail, the third (last) gets through
    _queue_mail()
    commit()
    assert len(inbox.messages) == 1
    assert db.session.scalar(select(func.count()).select_from(FailedJob)) == 0


def test_a_delivery_that_keeps_failing_is_recorded_for_administrators(mail_app, mail_client, inbox, make_user, auth):
    inbox.refuse = 3
    send("password_reset", "lost@example.org", "en", name="A", link="https://x.example/password/reset/SECRET",
         minutes=60)
    commit()
    assert inbox.messages == []
    [failure] = db.session.scalars(select(FailedJob)).all()
    assert failure.attempts == 3
    assert "lost@example.org" in failure.description and "password_reset" in failure.description
    assert "SECRET" not in failure.description + failure.error  # the link is not shown to anyone
    assert "451" in failure.error

    admin, resident = make_user(is_admin=True), make_user()
    page = mail_app.test_client()
    with page.session_transaction() as session:
        session["_user_id"] = resident.get_id()
    assert page.get("/admin/failed-jobs").status_code == 403
    with page.session_transaction() as session:
        session["_user_id"] = admin.get_id()
    response = page.get("/admin/failed-jobs")
    assert response.status_code == 200
    assert "lost@example.org" in response.text


def test_in_a_request_the_mail_leaves_after_the_response(mail_app, inbox, make_user):
    """Registration queues the confirmation; it is sent when the response is closed."""
    client = mail_app.test_client()
    response = client.post("/register", data={"name": "Aida", "email": "aida@example.org", "password":
                                              "quiet meadow lantern violin", "confirm": "quiet meadow lantern violin",
                                              "locale": "hy"})
    assert response.status_code == 302
    assert inbox.messages == []  # not while the request is served
    response.close()
    [message] = inbox.to("aida@example.org")
    assert "/account/confirm/" in text_of(message)
    assert message["Subject"] != "Confirm your e-mail address"  # Armenian, the chosen language


def test_notifications_reach_only_confirmed_addresses(mail_app, inbox, make_user):
    unconfirmed = make_user()
    confirmed = make_user(email_confirmed_at=utcnow())
    assert not can_notify(unconfirmed) and can_notify(confirmed)
    assert notify(unconfirmed, "email_changed", name="x", new_email="y") is False
    assert notify(confirmed, "email_changed", name="x", new_email="y") is True
    commit()
    assert [m.envelope_to for m in inbox.messages] == [[confirmed.email]]


def test_development_backend_prints_and_keeps_a_file(make_app, app, tmp_path, capsys):
    dev = make_app(MAIL_BACKEND="planner.mail.development", MAIL_FILE_PATH=str(tmp_path))
    with dev.app_context():
        _queue_mail(to="dev@example.org")
        commit()
    assert "dev@example.org" in capsys.readouterr().out
    [kept] = list(tmp_path.iterdir())
    assert b"dev@example.org" in kept.read_bytes()


def test_default_backend_without_a_server_is_the_development_one(monkeypatch, tmp_path):
    from planner import create_app

    monkeypatch.delenv("PLANNER_MAIL_SERVER", raising=False)
    laptop = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "BALLOT_RECEIPT_KEY": "r"})
    assert laptop.config["MAIL_BACKEND"] == "planner.mail.development"
    assert laptop.config["MAIL_FILE_PATH"].endswith("mail")
    monkeypatch.setenv("PLANNER_MAIL_SERVER", "smtp.example.org")
    server = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "BALLOT_RECEIPT_KEY": "r"})
    assert server.config["MAIL_BACKEND"] == "smtp" and server.config["MAIL_SERVER"] == "smtp.example.org"


def test_loading_the_demo_sends_no_mail(mail_app, inbox):
    """The demo's people are fictional: loading it gives them notifications in the app but
    sends nothing, though some of them have confirmed addresses and e-mail preferences."""
    from planner.notifications.models import Notification

    result = mail_app.test_cli_runner().invoke(args=["demo", "--quiet"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Notification.id))) > 0
    assert inbox.messages == []

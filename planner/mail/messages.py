"""E-mail messages: what each kind says, in the recipient's language, sent as a job once the
data that caused it is saved.

``send(kind, to, locale, **context)`` registers, on the current transaction, a hook that queues
the delivery (``planner.jobs.enqueue``): if the transaction rolls back or its commit fails,
nothing is sent. ``notify(user, kind, **context)`` is the same for notifications, which
reach only a confirmed address.

A kind is a subject here and the templates ``mail/<kind>.txt`` and ``mail/<kind>.html``.
Context values must be plain data (they travel to the worker); links are made absolute by the
caller (``url_for(..., _external=True)``). A context with ``unsubscribe`` (an absolute link)
gives the message the RFC 8058 one-click headers ``List-Unsubscribe`` and
``List-Unsubscribe-Post``."""
from flask import current_app, g
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives

from .. import jobs
from ..actions import after_commit
from ..extensions import mail
from ..i18n import lazy_gettext as _l

SUBJECTS = {
    "password_reset": _l("Reset your password"),
    "confirm_email": _l("Confirm your e-mail address"),
    "email_changed": _l("The e-mail address of your account was changed"),
    "event": None,  # the notification's own text (planner/notifications)
    "digest": _l("Your daily digest"),
}


def send(kind: str, to: str, locale: str | None, **context) -> None:
    """Send mail ``kind`` to ``to`` once the current transaction commits."""
    if kind not in SUBJECTS:
        raise ValueError(f"unknown mail kind {kind!r}")
    locale = locale if locale in current_app.config["LANGUAGES"] else current_app.config["DEFAULT_LOCALE"]
    after_commit(lambda: jobs.enqueue(deliver, kind, to, locale, context, description=f"{kind} → {to}"))


def can_notify(user) -> bool:
    """Notifications go only to an address its owner has confirmed."""
    return bool(user is not None and user.email and user.email_confirmed_at is not None)


def notify(user, kind: str, **context) -> bool:
    """Send notification ``kind`` to ``user`` if their address is confirmed; say whether queued.
    Nothing is sent while ``g.quiet_mail`` is set (the demo loader: its people are fictional)."""
    if not can_notify(user) or g.get("quiet_mail"):
        return False
    send(kind, user.email, user.locale, **context)
    return True


def render(kind: str, locale: str, context: dict) -> tuple[str, str, str]:
    """The subject, text and HTML of mail ``kind`` in ``locale``."""
    env = current_app.jinja_env
    with force_locale(locale):
        subject = _subject(kind, context)
        values = {**context, "locale": locale, "subject": subject}
        text = env.get_template(f"mail/{kind}.txt").render(values)
        html = env.get_template(f"mail/{kind}.html").render(values)
    return subject, text, html


def _subject(kind: str, context: dict) -> str:
    if SUBJECTS[kind] is None:
        from ..notifications.services import message

        return message(context["what"], context.get("status", ""), context.get("title", ""), context.get("on"))
    return str(SUBJECTS[kind])


def headers_of(context: dict) -> dict:
    """The one-click unsubscribe headers (RFC 2369 and RFC 8058) of a message that has a link."""
    if not context.get("unsubscribe"):
        return {}
    return {"List-Unsubscribe": f"<{context['unsubscribe']}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def deliver(kind: str, to: str, locale: str, context: dict) -> None:
    """The job: render and send one message (raises if the server refuses it, so it is retried)."""
    subject, text, html = render(kind, locale, context)
    # The connection is closed even when the server refuses (the backend leaves it open then).
    with mail.get_connection(fail_silently=False) as connection:
        message = EmailMultiAlternatives(subject, text, current_app.config["MAIL_DEFAULT_SENDER"], [to],
                                         connection=connection, headers=headers_of(context))
        message.attach_alternative(html, "text/html")
        message.send()

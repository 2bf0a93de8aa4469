"""Notifications: what an account follows (a municipality, a plan, a ballot), its choices per
kind of event, the events derived from the data and delivered once per account (in the app,
by e-mail at once or in a daily digest), the unsubscribe link, and the in-app list with an
unread count in the header. ``flask notifications dispatch|digest`` run the jobs from cron."""
from .views import bp  # noqa: F401


def init_app(app):
    from . import cli, hooks

    hooks.init_app(app)
    app.cli.add_command(cli.notifications_command)

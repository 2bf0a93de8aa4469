"""``flask notifications dispatch`` and ``flask notifications digest``: the jobs for cron
(events that time brings, such as a ballot closing within 48 hours, and the daily digest).
Safe to run from several machines at once: each event and each day's digest reach an account
once."""
import click
from flask.cli import AppGroup

from .dispatch import digest, dispatch

notifications_command = AppGroup("notifications", help="Notify followers (for cron).")


@notifications_command.command("dispatch")
@click.option("--base-url", default=None, help="The site's address for links (default PLANNER_PUBLIC_URL).")
def dispatch_command(base_url):
    """Deliver the recent events of every followed municipality (every 10 minutes or so)."""
    made = dispatch(None, base_url)
    click.echo(f"{made} notifications delivered.")


@notifications_command.command("digest")
@click.option("--base-url", default=None, help="The site's address for links (default PLANNER_PUBLIC_URL).")
def digest_command(base_url):
    """Send the daily digests (once a day)."""
    sent = digest(base_url)
    click.echo(f"{sent} digests sent.")

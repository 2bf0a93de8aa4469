"""Flask commands: demo data, administrators, purging expired practice municipalities."""
import click
from flask import current_app, g
from sqlalchemy import select

from .actions import commit
from .extensions import db


def init_app(app):
    app.cli.add_command(demo_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(mix_votes_command)
    app.cli.add_command(purge_practice_command)


@click.command("mix-votes")
def mix_votes_command():
    """Mix waiting sealed votes and answers: every full batch, and everything of closed
    ballots and surveys (run from cron, e.g. every 10 minutes; docs/threat-model.md)."""
    from .sealing import MissingKey
    from .surveys import sealed_answers
    from .surveys.ballots import mixing

    try:
        votes = mixing.mix_due()
        answers = sealed_answers.mix_due()
    except MissingKey as error:
        raise click.ClickException(str(error))
    click.echo(f"Mixed {votes} sealed votes and {answers} sealed answers.")


@click.command("purge-practice")
def purge_practice_command():
    """Delete practice municipalities (and their practice accounts) past their expiry date."""
    from .workshops import practice

    count = practice.purge_expired()
    commit()
    click.echo(f"Deleted {count} expired practice municipalit{'y' if count == 1 else 'ies'}.")


@click.command("demo")
@click.option("--quiet", is_flag=True, help="Do not print the logins.")
def demo_command(quiet):
    """Load the fictional demo municipalities (refuses if any municipality exists)."""
    from . import demo

    g.quiet_mail = True  # the demo's people are fictional: no mail for them
    try:
        logins = demo.load()
    except demo.AlreadyLoaded:
        raise click.ClickException("The database already holds municipalities; the demo loads only into an empty one.")
    commit()  # and its after-commit hooks: the council decision's document is written then
    if not quiet:
        click.echo("Demo loaded. Logins (password for all: %s):" % demo.PASSWORD)
        for email, what in logins:
            click.echo(f"  {email:28} {what}")


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin_command(email, name, password):
    """Create a platform administrator (or make an existing user one)."""
    from . import audit
    from .auth.models import User, user_by_email
    from .auth.passwords import password_problems

    user = db.session.scalar(user_by_email(email))
    if user is None:
        with current_app.test_request_context():
            problems = password_problems(password, (email, name))
        if problems:
            raise click.ClickException(" ".join(problems))
        user = User(email=email.strip().lower(), name=name)
        user.set_password(password)
        db.session.add(user)
    user.is_admin = True
    audit.record(None, "user.admin", user, detail=user.email)
    db.session.commit()
    click.echo(f"{user.email} is an administrator.")


def has_municipalities() -> bool:
    from .municipalities.models import Municipality

    return db.session.scalar(select(Municipality.id).limit(1)) is not None

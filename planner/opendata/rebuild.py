"""Keeping the open-data ZIPs up to date: :func:`rebuild` (the job), the hook that queues it
once a transaction that changed a municipality's data commits, and ``flask opendata build``
for cron.

A burst of commits queues one build per municipality: the first sets the municipality's
pending mark (``store.mark_pending``) and queues the job; later commits find the mark and
queue nothing. The job takes the mark off as it starts and builds from the data as it is then,
so the last of the burst is in the file; a commit after that queues the next build. A job that
finds the files already of the current data version (built by cron or by a download) stops."""
import contextlib
import functools

import click
from flask import current_app, g, has_request_context
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy import inspect as orm_inspect

from .. import jobs
from ..actions import after_commit_once
from ..api import data
from ..extensions import db
from ..models import utcnow
from ..municipalities.models import Municipality
from ..notifications.delivery import base_url
from ..page_cache import current_version
from . import store
from .build import Stamp, build_zip, next_change

_SEEN = "planner.opendata.municipalities"
_PARENTS = 4  # how many foreign keys up a changed row is followed to its municipality


def build_all(municipality, site: str | None = None) -> Stamp:
    """Build and store the municipality's ZIP in every language, from the data as read now."""
    now = utcnow()
    stamp = Stamp(municipality.slug, current_version() or 0, now, next_change(municipality, now))  # before the data
    links = contextlib.nullcontext() if has_request_context() else \
        current_app.test_request_context(base_url=base_url(site))  # the records' links are absolute
    with links:
        for locale in current_app.config["LANGUAGES"]:
            with force_locale(locale):
                store.write(municipality, locale, build_zip(municipality, stamp))
    return stamp


def is_current(municipality) -> bool:
    version, now = current_version() or 0, utcnow()
    return all((stamp := store.stamp_of(municipality, locale)) is not None and stamp.is_current(version, now)
               for locale in current_app.config["LANGUAGES"])


def rebuild(municipality_id: int, site: str | None = None) -> bool:
    """The job: build the municipality's ZIPs unless they are of the current data version
    already. Says whether it built."""
    store.clear_pending(municipality_id)
    municipality = db.session.get(Municipality, municipality_id)
    if municipality is None or municipality.is_sandbox:
        store.forget(municipality_id)
        return False
    if is_current(municipality):
        return False
    build_all(municipality, site)
    return True


def request_rebuild(municipality_id: int, site: str | None = None) -> bool:
    """Queue :func:`rebuild` unless one is queued already; says whether it queued."""
    if not store.mark_pending(municipality_id):
        return False
    try:
        jobs.enqueue(rebuild, municipality_id, base_url(site), description=f"open data of municipality {municipality_id}")
    except Exception:
        store.clear_pending(municipality_id)  # let the next change try again
        raise
    return True


# --- the hook: which municipalities a transaction changed ------------------------------

def municipality_of(obj, depth: int = _PARENTS):
    """The municipality id of a changed row: its own ``municipality_id``, else its parent's
    (plan, ballot, activity, budget line...), following foreign keys (also those with no
    relationship, such as a mixed vote's ballot), never into accounts."""
    if isinstance(obj, Municipality):
        return obj.id
    municipality_id = getattr(obj, "municipality_id", None)
    if municipality_id is not None or depth == 0:
        return municipality_id
    mapper = orm_inspect(obj).mapper
    for column in mapper.columns:
        for key in column.foreign_keys:
            parent_class = _classes().get(key.column.table.name)
            value = getattr(obj, mapper.get_property_by_column(column).key, None)
            if parent_class is None or value is None or key.column.name != "id":
                continue
            with db.session.no_autoflush:  # inside a flush: the parents are in the identity map, or loaded
                parent = db.session.get(parent_class, value)
            if parent is not None and (found := municipality_of(parent, depth - 1)) is not None:
                return found
    return None


@functools.cache
def _classes():
    """{table name: mapped class} of the tables a changed row may belong under (not accounts)."""
    return {mapper.local_table.name: mapper.class_ for mapper in db.Model.registry.mappers
            if mapper.local_table is not None and mapper.local_table.name != "users"}


def _bookkeeping():
    """Rows written about the data, never published: they change no open-data file."""
    from ..audit import AuditEntry
    from ..jobs import FailedJob
    from ..notifications.models import Delivery, Follow, Notification, Preference

    return (AuditEntry, FailedJob, Delivery, Follow, Notification, Preference)


def _after_flush(session, _flush_context):
    if not current_app.config["OPENDATA_BUILD_ON_COMMIT"] or g.get("quiet_mail"):
        return  # not while the demo loads: a download builds what is missing
    skipped = _bookkeeping()
    found = {municipality_of(obj) for obj in (*session.new, *session.dirty, *session.deleted)
             if not isinstance(obj, skipped)}
    found.discard(None)
    if not found:
        return
    site = base_url()
    after_commit_once(_SEEN, found, lambda ids: [request_rebuild(i, site) for i in ids])


# --- cron ------------------------------------------------------------------------------

opendata_command = AppGroup("opendata", help="Open-data files (for cron).")


@opendata_command.command("build")
@click.option("--municipality", "slug", default=None, help="Only this municipality (its short name).")
@click.option("--base-url", default=None, help="The site's address for links (default PLANNER_PUBLIC_URL).")
def build_command(slug, base_url):
    """Build the open-data ZIPs that are not of the current data version."""
    if slug:
        found = db.session.scalar(db.select(Municipality).filter_by(slug=slug, is_sandbox=False))
        if found is None:
            raise click.ClickException(f"No public municipality {slug!r}.")
        municipalities = [found]
    else:
        municipalities = data.public_municipalities()
    built = 0
    for municipality in municipalities:
        if not is_current(municipality):
            build_all(municipality, base_url)
            built += 1
    click.echo(f"{built} of {len(municipalities)} open-data files built.")


def init_app(app):
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
    app.cli.add_command(opendata_command)

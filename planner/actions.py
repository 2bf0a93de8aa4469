"""The write step of a request: call a service, commit, run after-commit hooks; on a refusal,
roll back and show why.

A view loads and authorises, then hands the change to :func:`perform`::

    done = perform(services.update_plan, plan, current_user, title=form.title.data, form=form)
    if done:
        flash(_("Saved."), "success")
        return redirect(...)
    return render_template(..., form=form)   # the refusal is next to its field

Work that must happen only once the data is saved (moving an uploaded file into place,
telling caches what changed, sending mail) is registered with :func:`after_commit`; it runs
after the commit and is forgotten if the transaction (or the savepoint it was registered
in) rolls back."""
import logging
from dataclasses import dataclass
from typing import Any

from flask import flash
from sqlalchemy import event

from .errors import ServiceError, attach
from .extensions import db
from .forms import ActionForm

log = logging.getLogger(__name__)

_PENDING = "planner.after_commit.pending"
_READY = "planner.after_commit.ready"
_GATHERED = "planner.after_commit.gathered"


@dataclass
class Outcome:
    """What :func:`perform` did: true when the change was saved."""

    ok: bool
    value: Any = None
    error: ServiceError | None = None

    def __bool__(self):
        return self.ok


def after_commit(hook):
    """Run ``hook()`` after the current transaction commits; drop it on rollback."""
    session = db.session()
    session.connection()  # a transaction must be open to tie the hook to
    owner = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).append((owner, hook))
    return hook


def after_commit_once(key: str, items, hook):
    """Gather ``items`` under ``key`` for the current transaction; once it commits,
    ``hook(sorted(gathered))`` runs once for all of them (a burst of changes, one job). A
    transaction or savepoint that rolls back drops what it gathered with its hook, so the
    next transaction gathers anew."""
    session = db.session()
    session.connection()  # a transaction must be open to tie the hook to
    owner = session.get_nested_transaction() or session.get_transaction()
    gathered = session.info.setdefault(_GATHERED, {})
    owned, found = gathered.get(key, (None, None))
    if owned is not owner:  # the first items of this transaction
        found = set()
        gathered[key] = (owner, found)
        after_commit(lambda: hook(sorted(found)))
    found.update(items)


def run_hooks():
    """Run the hooks of transactions that have committed (each once, in order)."""
    session = db.session()
    while session.info.get(_READY):
        hook = session.info[_READY].pop(0)
        try:
            hook()
        except Exception:  # the data is saved; a hook's failure must not turn that into an error page
            log.exception("after-commit hook %r failed", hook)


def commit():
    """Commit the session, then run its after-commit hooks."""
    db.session.commit()
    run_hooks()


def perform(service, *args, form=None, **kwargs) -> Outcome:
    """Call ``service(*args, **kwargs)`` and commit. On a :class:`ServiceError` roll back
    (nothing half-changed stays in the session), put the message next to the form's
    field, or flash it when there is no form, and return a false :class:`Outcome`."""
    try:
        value = service(*args, **kwargs)
        commit()
    except ServiceError as error:
        db.session.rollback()
        if form is not None:
            attach(form, error)
        else:
            flash(error.message, "error")
        return Outcome(False, error=error)
    return Outcome(True, value)


def button(service, *args, done, **kwargs):
    """A button's POST: once its token is good (:class:`ActionForm`), :func:`perform` the service
    and flash ``done`` if the change was saved. False when the token was refused."""
    if not ActionForm().validate_on_submit():
        return False
    outcome = perform(service, *args, **kwargs)
    if outcome:
        flash(done, "success")
    return outcome


def _within(transaction, ancestor):
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def _committed(session):
    if session.in_nested_transaction():  # a savepoint released, not the whole transaction
        return
    pending = session.info.pop(_PENDING, [])
    session.info.setdefault(_READY, []).extend(hook for _owner, hook in pending)


def _rolled_back(session, previous_transaction):
    pending = session.info.get(_PENDING, [])
    session.info[_PENDING] = [(owner, hook) for owner, hook in pending
                              if not _within(owner, previous_transaction)]


def _ended(session, transaction):
    if transaction.parent is None and session.info.get(_PENDING):  # ended without a commit
        session.info[_PENDING] = []


def init_app(app):
    for name, handler in (("after_commit", _committed), ("after_soft_rollback", _rolled_back),
                          ("after_transaction_end", _ended)):
        if not event.contains(db.session, name, handler):
            event.listen(db.session, name, handler)

    @app.teardown_request
    def _hooks_of_direct_commits(_exc=None):
        # A commit made outside :func:`commit` (the CLI, a test) still runs its hooks.
        run_hooks()


def perform_retrying(service, *args, retry_on, attempts, form=None, **kwargs) -> Outcome:
    """:func:`perform`, started again from a clean transaction when the database reports a
    race it asks us to retry (``retry_on``, e.g. an ``IntegrityError`` from two requests of
    the same voter); after ``attempts`` tries the last error goes up."""
    for attempt in range(attempts):
        try:
            return perform(service, *args, form=form, **kwargs)
        except retry_on:
            db.session.rollback()
            if attempt == attempts - 1:
                raise
    raise ValueError("attempts must be at least 1")

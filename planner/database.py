"""Engine settings per backend, the per-request SQL counter used by bench/, and files
that live or die with the transaction that records them."""
from pathlib import Path

from flask import g, has_request_context
from sqlalchemy import event

_FILES = "planner.files_written"


def remove_on_rollback(path):
    """A file written for a row not yet committed: removed if its transaction (or the
    savepoint it was written in) rolls back or ends without a commit, kept once the whole
    transaction commits, so a failed save leaves no stray file on disk."""
    from .extensions import db

    session = db.session()
    session.connection()  # make sure a transaction is open to tie the file to
    owner = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_FILES, []).append((owner, Path(path)))


def _within(transaction, ancestor):
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def _unlink(session, keep=lambda owner: False):
    files = session.info.get(_FILES, [])
    session.info[_FILES] = [(owner, path) for owner, path in files if keep(owner)]
    for owner, path in files:
        if not keep(owner):
            path.unlink(missing_ok=True)


def _files_committed(session):
    if not session.in_nested_transaction():  # the whole transaction, not a savepoint released
        session.info.pop(_FILES, None)


def _files_rolled_back(session, previous_transaction):
    _unlink(session, keep=lambda owner: not _within(owner, previous_transaction))


def _transaction_ended(session, transaction):
    if transaction.parent is None:  # ended without a commit (a commit has emptied the list)
        _unlink(session)


def _listen_for_files():
    from .extensions import db

    for name, handler in (("after_commit", _files_committed), ("after_soft_rollback", _files_rolled_back),
                          ("after_transaction_end", _transaction_ended)):
        if not event.contains(db.session, name, handler):
            event.listen(db.session, name, handler)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def init_app(app):
    from .extensions import db

    _listen_for_files()
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        busy_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
            # SQLite's own lower() folds only ASCII; searches in Kyrgyz, Russian and Armenian
            # need Unicode case folding, as PostgreSQL does.
            dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    if app.config["QUERY_COUNT_HEADER"] or app.testing:

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_args):
            if has_request_context():
                g.query_count = g.get("query_count", 0) + 1

        @app.after_request
        def _query_count_header(response):
            response.headers["X-Query-Count"] = str(g.get("query_count", 0))
            return response

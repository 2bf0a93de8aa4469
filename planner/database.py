"""Engine settings per backend, the per-request SQL counter used by bench/, and files
that live or die with the transaction that records them."""
from pathlib import Path

from flask import g, has_request_context
from sqlalchemy import event

_FILES = "planner.files_written"


def remove_on_rollback(path):
    """A file written for a row not yet committed: removed if the transaction rolls back,
    kept once it commits (so a failed save leaves no stray file on disk)."""
    from .extensions import db

    db.session.info.setdefault(_FILES, []).append(Path(path))


def _forget_files(session):
    session.info.pop(_FILES, None)


def _remove_files(session, previous_transaction):
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        for path in session.info.pop(_FILES, ()):
            path.unlink(missing_ok=True)


def _listen_for_files():
    from .extensions import db

    for name, handler in (("after_commit", _forget_files), ("after_soft_rollback", _remove_files)):
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

"""Engine settings per backend and the per-request SQL counter used by bench/. (Files that
must exist only if their transaction commits are written by after-commit hooks:
``planner.actions.after_commit``.)"""
from flask import g, has_request_context
from sqlalchemy import event


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def init_app(app):
    from .extensions import db

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

"""While the database is down: a translated 503 page that needs no database.

An error from the database is an outage when the database cannot be reached at all: the
pool timed out, the connection was lost, or a fresh connection fails too (the error was
raised while connecting). Any other database error (a missing table, a bad query) stays a
500. The page is rendered from the Jinja environment directly, without the context
processors (Flask-Login's would load the signed-in user from the database), in the
language the browser chose; it carries ``Retry-After``."""
from flask import current_app, request
from flask_babel import force_locale
from sqlalchemy import exc, text

from .extensions import db
from .i18n import browser_locale


def database_down(error: BaseException) -> bool:
    if isinstance(error, exc.TimeoutError):  # no free connection in the pool
        return True
    if not isinstance(error, exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, exc.OperationalError):
        return False
    try:  # an operational error: is the database reachable at all?
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except exc.SQLAlchemyError:
        return True
    return False


def retry_after() -> dict:
    return {"Retry-After": str(current_app.config["DATABASE_RETRY_AFTER_SECONDS"]), "Cache-Control": "no-store"}


def forget_session() -> None:
    """Drop the request's database session without needing the database."""
    try:
        db.session.rollback()
    except exc.SQLAlchemyError:
        db.session.invalidate()


def unavailable_page(error=None):
    """The 503 response; ``error`` is logged."""
    current_app.logger.error("Database unavailable on %s: %s", request.path, error)
    forget_session()
    locale = browser_locale() or current_app.config["DEFAULT_LOCALE"]
    with force_locale(locale):
        body = current_app.jinja_env.get_template("unavailable.html").render(locale=locale, again=request.path)
    return body, 503, retry_after()

"""Configuration defaults. Everything can be overridden from the environment:
``PLANNER_<NAME>`` for any key below, plus the conventional ``DATABASE_URL`` and
``SECRET_KEY``."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Config:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: sqlite file under instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000
    DATABASE_RETRY_AFTER_SECONDS = 30  # Retry-After of the 503 page while the database is down

    LANGUAGES = ("ky", "ru", "hy", "en")
    DEFAULT_LOCALE = "ky"
    BABEL_DEFAULT_LOCALE = "en"  # the language the code is written in
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    BABEL_DEFAULT_TIMEZONE = "UTC"

    RATELIMIT_STORAGE_URI = "memory://"
    # Said explicitly: the limiter is one object, and without the key an app inherits the
    # last app's setting (a test app with limits off turned them off for the next ones).
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = False
    # Login limits (planner/auth/throttle.py): failures per account and address (and per trusted
    # device), per address (generous: a village gathering shares one), then a doubling wait per account.
    LOGIN_FAILURES_LIMIT = "10 per 15 minutes"
    LOGIN_ADDRESS_FAILURES_LIMIT = "100 per 15 minutes"
    LOGIN_DELAY_AFTER_FAILURES = 10
    LOGIN_DELAY_SECONDS = 5
    LOGIN_DELAY_MAX_SECONDS = 900
    LOGIN_FAILURES_MEMORY_SECONDS = 24 * 3600

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set PLANNER_HTTPS=true behind TLS
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    HTTPS = False
    HSTS_SECONDS = 31536000
    PROXY_FIX = 0  # number of trusted reverse proxies in front of the app

    WTF_CSRF_TIME_LIMIT = None  # a form filled slowly on a village phone stays valid for the session
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    INVITATION_DAYS = 14
    PASSWORD_MIN_LENGTH = 10
    QUERY_COUNT_HEADER = False  # bench/ turns this on to count SQL per request
    BENCH_BASELINE = False  # bench/ turns this on: /bench/minimal, its baseline page
    PAGE_CACHE_SECONDS = 30  # public pages kept for anonymous visitors (planner/page_cache.py); 0: off
    CACHE_URL = ""  # redis://host:6379/0: kept pages shared by every process; else kept per process
    CACHE_THRESHOLD = 2000  # kept copies per process, without Redis
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600  # static files carry a version in the URL
    # The one key that can re-link a secret vote or a residents-only answer to its voter
    # (docs/threat-model.md): seals waiting votes and tags the mixed ones. Not the secret key.
    BALLOT_RECEIPT_KEY: str | None = None
    BALLOT_MIX_BATCH = 10  # sealed votes (and answers) are mixed into the tables in shuffled groups of this many

    # E-mail (Flask-Mailman reads MAIL_*; set them as PLANNER_MAIL_SERVER, PLANNER_MAIL_PORT,
    # PLANNER_MAIL_USERNAME, PLANNER_MAIL_PASSWORD, PLANNER_MAIL_USE_TLS, PLANNER_MAIL_USE_SSL).
    # MAIL_BACKEND "": smtp when MAIL_SERVER is set, else the console and instance/mail/ files.
    MAIL_BACKEND = ""
    MAIL_DEFAULT_SENDER = "planner <no-reply@localhost>"
    MAIL_FILE_PATH = ""  # default: instance/mail/
    MAIL_TIMEOUT = 20
    # Background jobs (planner/jobs.py): on RQ when REDIS_URL is set, else after the response.
    REDIS_URL = ""
    JOBS_QUEUE = "planner"
    JOB_RETRY_INTERVALS = (60, 600, 3600)  # seconds before each retry of a failed job
    JOB_INLINE_RETRY_INTERVALS = (1, 5)  # the same without Redis, in the serving process
    PASSWORD_RESET_SECONDS = 3600  # how long a password-reset link works
    PASSWORD_RESET_LIMIT = "5 per hour"  # reset requests per address and per e-mail
    EMAIL_CONFIRM_DAYS = 7  # how long an e-mail confirmation link works
    # Notifications (planner/notifications): links in mail sent outside a request (cron, jobs).
    PUBLIC_URL = "http://127.0.0.1:5000/"
    NOTIFICATIONS_LOOKBACK_HOURS = 72  # events older than this are not delivered any more
    NOTIFICATIONS_DISPATCH_ON_COMMIT = True  # queue the dispatch job after commits that make events
    # Open data (planner/opendata): the built ZIPs, rebuilt by a job after commits that change data.
    OPENDATA_DIR = ""  # default: instance/uploads/opendata/
    OPENDATA_BUILD_ON_COMMIT = True
    OPENDATA_PENDING_SECONDS = 600  # a "build queued" mark older than this is taken for a lost job
    # Participatory budgeting results (planner/budgeting/counts.py): a request counts a ballot itself only
    # when papers x projects^2 is at most this (about 0.1 s, bench/README.md); larger ones are counted by a job.
    PB_COUNT_IN_REQUEST_MAX = 5000
    PB_COUNT_PENDING_SECONDS = 3600  # a "count queued" mark older than this is taken for a lost job
    PB_COUNT_TIMEOUT = 3600  # seconds a count job may run on RQ (50 projects x 10,000 papers: about 10 minutes)


def _in_cli_command_other_than_run() -> bool:
    import click

    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return False
    names = []
    while ctx is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return "run" not in names


def load(app, overrides=None):
    """Fill ``app.config`` from defaults, environment, then explicit overrides."""
    app.config.from_object(Config)
    app.config.from_prefixed_env("PLANNER")
    if os.environ.get("SECRET_KEY") and not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    database_url = os.environ.get("PLANNER_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if database_url and not os.environ.get("PLANNER_SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    if overrides:
        app.config.update(overrides)
    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        uri = "sqlite:///" + str(Path(app.instance_path) / "planner.db")
    elif uri.startswith("postgres://"):
        uri = "postgresql+psycopg://" + uri[len("postgres://"):]
    elif uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri[len("postgresql://"):]
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if app.config["CACHE_URL"]:
        app.config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=app.config["CACHE_URL"],
                          CACHE_KEY_PREFIX=app.config.get("CACHE_KEY_PREFIX", "planner:"))
    else:
        app.config.setdefault("CACHE_TYPE", "SimpleCache")
    if not app.config["MAIL_BACKEND"]:
        if app.config.get("MAIL_SERVER"):
            app.config["MAIL_BACKEND"] = "smtp"
        elif app.testing or app.config.get("TESTING"):
            app.config["MAIL_BACKEND"] = "locmem"
        else:
            app.config["MAIL_BACKEND"] = "planner.mail.development"
    if not app.config["MAIL_FILE_PATH"]:
        app.config["MAIL_FILE_PATH"] = str(Path(app.instance_path) / "mail")
    if app.config["HTTPS"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
    if not app.config.get("SECRET_KEY"):
        if app.debug or app.testing or app.config.get("TESTING"):
            app.config["SECRET_KEY"] = "dev-only-not-secret"
        elif _in_cli_command_other_than_run():
            # `flask db upgrade`, `flask demo`...: no sessions are signed, a throwaway key will do.
            app.config["SECRET_KEY"] = os.urandom(32).hex()
        else:
            raise RuntimeError(
                "planner needs a secret key outside debug and testing. Set one, e.g.\n"
                "  export PLANNER_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
            )
    _check_receipt_key(app)


def _check_receipt_key(app):
    key = app.config.get("BALLOT_RECEIPT_KEY")
    if not key:
        if app.debug or app.testing or app.config.get("TESTING"):
            app.config["BALLOT_RECEIPT_KEY"] = "dev-only-ballot-receipt-key"
            return
        if _in_cli_command_other_than_run():
            # `flask db upgrade` needs no key; `flask demo` and `flask mix-votes` say so when they do.
            return
        raise RuntimeError(
            "planner needs a ballot receipt key outside debug and testing, separate from the secret key: "
            "it seals secret votes and is the one thing that can link a vote to its voter. Set one, e.g.\n"
            "  export PLANNER_BALLOT_RECEIPT_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    if key == app.config.get("SECRET_KEY"):
        raise RuntimeError("PLANNER_BALLOT_RECEIPT_KEY must differ from the secret key (see docs/threat-model.md).")

"""Fixtures: a real database (SQLite file, or PostgreSQL via PLANNER_TEST_DATABASE_URL),
the app, a client, and factories that return callables (``make_user(**overrides)``)."""
import contextvars
import itertools
import os

import pytest
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from flask.testing import FlaskClient
from jinja2 import BytecodeCache

from planner import create_app
from planner.extensions import db as _db

PASSWORD = "correct horse battery staple"
RECEIPT_KEY = "test-ballot-receipt-key"  # seals secret votes in tests (docs/threat-model.md)
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("PLANNER_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


def _engine_options(url):
    if url.startswith("postgresql"):
        # Tests do not need durable commits; this makes each commit several times faster.
        return {"pool_pre_ping": True, "connect_args": {"options": "-c synchronous_commit=off"}}
    return {"pool_pre_ping": True}


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create the schema once per run, from the models (migrations are checked in CI)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url)})
    with app.app_context():
        _db.drop_all()
        if _db.engine.dialect.name == "postgresql":
            with _db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        _db.create_all()
    yield
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def password_hash():
    return generate_password_hash(PASSWORD)


def _wipe():
    # DELETE, not TRUNCATE: on small tables it is many times faster on PostgreSQL.
    for table in reversed(_db.metadata.sorted_tables):
        _db.session.execute(table.delete())
    _db.session.commit()


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates shared by the many apps a test run creates (each app would
    otherwise compile every template again)."""

    def __init__(self):
        self.store = {}

    def load_bytecode(self, bucket):
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _MemoryBytecodeCache()


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production: its own app context,
    ``g`` and database session, not the test's (which stays open for the factories)."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app(_schema, database_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "PAGE_CACHE_SECONDS": 0,  # on in tests/test_page_cache.py only
        "BALLOT_RECEIPT_KEY": RECEIPT_KEY,
        "OPENDATA_DIR": str(tmp_path / "opendata"),
        "OPENDATA_BUILD_ON_COMMIT": False,  # on in tests/opendata only
    })
    app.test_client_class = IsolatedClient
    app.jinja_env.bytecode_cache = _TEMPLATES
    with app.app_context():
        yield app
        _db.session.rollback()
        _wipe()
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def make_app(_schema, database_url, tmp_path):
    """Another app on the test database, with config overrides; its engine is disposed after."""
    made = []

    def make(**config):
        settings = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False,
                    "RATELIMIT_STORAGE_URI": "memory://", "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
                    "PAGE_CACHE_SECONDS": 0, "BALLOT_RECEIPT_KEY": RECEIPT_KEY,
                    "OPENDATA_DIR": str(tmp_path / "opendata"), "OPENDATA_BUILD_ON_COMMIT": False}
        settings.update(config)
        other = create_app(settings)
        other.test_client_class = IsolatedClient
        other.jinja_env.bytecode_cache = _TEMPLATES
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(db, password_hash):
    from planner.auth.models import User

    def make(**overrides):
        n = next(_counter)
        fields = {"email": f"user{n}@example.org", "name": f"User {n}", "locale": "en"}
        fields.update(overrides)
        user = User(**fields)
        user.password_hash = password_hash
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_municipality(db):
    from planner.municipalities.models import Municipality, Village

    def make(villages=("Ак-Суу", "Кара-Таш"), **overrides):
        n = next(_counter)
        fields = {"slug": f"m{n}", "name": f"Municipality {n}", "country": "KG", "currency": "KGS",
                  "default_locale": "ky", "region": "Region", "district": "District"}
        fields.update(overrides)
        municipality = Municipality(**fields)
        db.session.add(municipality)
        for name in villages:
            db.session.add(Village(municipality=municipality, name=name))
        db.session.commit()
        return municipality

    return make


@pytest.fixture
def make_member(db):
    from planner.models import utcnow
    from planner.municipalities.models import ACTIVE, Membership

    def make(user, municipality, role, status=ACTIVE, village=None):
        if role == "resident" and village is None and municipality.villages:
            village = municipality.villages[0]
        membership = Membership(user=user, municipality=municipality, role=role, status=status, village=village,
                                verified_at=utcnow() if status == ACTIVE else None)
        db.session.add(membership)
        db.session.commit()
        return membership

    return make


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user, password=PASSWORD):
        return self._client.post("/login", data={"email": user.email, "password": password})

    def as_user(self, user):
        """Sign in without the login form (for tests about something else)."""
        with self._client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture(scope="session")
def redis_url():
    """A real Redis (PLANNER_TEST_REDIS_URL, default the local one). Skipped where none
    answers, unless PLANNER_REDIS_REQUIRED=1 (CI), which turns that into a failure."""
    import redis

    url = os.environ.get("PLANNER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("PLANNER_REDIS_REQUIRED") == "1":
            raise
        pytest.skip(f"no Redis at {url} ({error}); CI sets PLANNER_REDIS_REQUIRED=1")
    return url


@pytest.fixture
def rq_queue(redis_url):
    """The name of an RQ queue of the test's own on the real Redis, emptied and its keys
    removed after the test."""
    import uuid

    from redis import Redis
    from rq import Queue

    name = f"planner-test-{uuid.uuid4().hex}"
    yield name
    connection = Redis.from_url(redis_url)
    Queue(name, connection=connection).empty()
    for key in connection.scan_iter(f"rq:*{name}*"):
        connection.delete(key)
    connection.close()


def signed_in_client(app, user):
    """A new client of ``app`` signed in as ``user`` (a session of its own, without the login form)."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def statements(db, work):
    """The SQL statements ``work()`` sends (whitespace collapsed), from the engine's cursor events."""
    from sqlalchemy import event

    sent = []
    listener = lambda *args: sent.append(" ".join(args[2].split()))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return sent


@pytest.fixture
def nothing_kept(app):
    """Nothing kept (page_cache) before and after the test: its first request draws."""
    from planner import page_cache

    page_cache.clear()
    yield
    page_cache.clear()

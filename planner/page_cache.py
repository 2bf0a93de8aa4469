"""Whole pages kept for anonymous visitors of the public pages.

Most visits to a municipality's public pages (plan, dashboard, ballot results) are
anonymous reads of figures that change a few times a day; drawing such a page costs 5 to
40 ms, a kept copy one small query. A copy is served only when all of these hold:

- the view is marked ``@cached_page``, the request is a GET, and the visitor carries no
  session or remember-me cookie (so no account, no pending message, no form token);
- it was stored for the same address (with its query string), the same language choice
  (``lang`` cookie and Accept-Language) and the same day;
- no data changed since: every commit that wrote anything bumps one counter, the
  ``data_version`` row, in the database, so every process and machine sees it at once;
- it is younger than ``PAGE_CACHE_SECONDS`` (pages that change with time alone, such as a
  ballot that closes at its hour, are at most that much late; the server still refuses a
  late vote).

A response is kept only if it is a 200 HTML or JSON page that did not touch the session.
Kept pages carry an ETag, so a browser that has one gets "304 Not Modified" without a body.
Parts of pages that are the same for every visitor, signed in or not (a dashboard's figures),
are kept the same way with ``kept_fragment``.
``PAGE_CACHE_SECONDS = 0`` turns the cache off (the tests do, except their own)."""
import functools
import hashlib
import threading
import time
from collections import OrderedDict
from datetime import date
from typing import NamedTuple

from flask import current_app, g, make_response, request, session
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import event, select
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .i18n import LANG_COOKIE

STORABLE_TYPES = ("text/html", "application/json")
MAX_BYTES = 32 * 1024 * 1024  # per process, bodies and keys
MAX_COPIES = 2000
MAX_QUERY_STRING = 200  # longer ones are not kept: a flood of made-up addresses must not fill memory
COPY_OVERHEAD = 512  # bytes a copy costs beside its body and address (objects, dict slot)
_CHANGED = "planner.data_changed"


class DataVersion(db.Model):
    """One row whose value grows by one with every commit that changed data."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class _Copy(NamedTuple):
    version: int
    stored: float
    body: bytes
    mimetype: str
    etag: str = ""


def _cost(key, copy):
    return len(copy.body) + len(str(key[0])) + COPY_OVERHEAD


class _Store:
    """Least recently used copies, at most MAX_BYTES (bodies, addresses, overhead) and
    MAX_COPIES of them; safe across threads."""

    def __init__(self, max_bytes=MAX_BYTES, max_copies=MAX_COPIES):
        self.max_bytes, self.max_copies = max_bytes, max_copies
        self.copies: OrderedDict = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            copy = self.copies.get(key)
            if copy is not None:
                self.copies.move_to_end(key)
            return copy

    def put(self, key, copy):
        with self.lock:
            old = self.copies.pop(key, None)
            if old is not None:
                self.size -= _cost(key, old)
            self.copies[key] = copy
            self.size += _cost(key, copy)
            while (self.size > self.max_bytes or len(self.copies) > self.max_copies) and self.copies:
                dropped_key, dropped = self.copies.popitem(last=False)
                self.size -= _cost(dropped_key, dropped)

    def clear(self):
        with self.lock:
            self.copies.clear()
            self.size = 0


store = _Store()
clock = time.monotonic  # the tests move it forward


def current_version():
    """The data version, or None before the first write (nothing is kept then)."""
    return db.session.scalar(select(DataVersion.value).where(DataVersion.id == 1))


def request_version():
    """The data version as this request first saw it (one query per request). A view that
    keeps a fragment reads it before loading anything the fragment shows, so that what is
    kept is at least as new as the version it is kept under. None when the cache is off."""
    if not current_app.config["PAGE_CACHE_SECONDS"]:
        return None
    if "data_version" not in g:
        g.data_version = current_version()
    return g.data_version


def kept_fragment(key, render):
    """A part of a page that is the same for every visitor (a dashboard's figures), kept
    under the same rules as whole pages: ``key`` names it, the language and day are added.
    ``render()`` returns its HTML; the result is Markup."""
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    version = request_version()
    if version is None:
        return Markup(render())
    full_key = ("fragment", key, str(get_locale()), date.today())
    copy = store.get(full_key)
    if copy is not None and copy.version == version and clock() - copy.stored < seconds:
        return Markup(copy.body.decode("utf-8"))
    html = render()
    store.put(full_key, _Copy(version, clock(), html.encode("utf-8"), "text/html"))
    return Markup(html)


def _anonymous_get():
    if request.method != "GET" or len(request.query_string) > MAX_QUERY_STRING:
        return False
    cookies = request.cookies
    return (current_app.config["SESSION_COOKIE_NAME"] not in cookies
            and current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies)


def _key():
    languages = current_app.config["LANGUAGES"]
    cookie = request.cookies.get(LANG_COOKIE)
    return (request.full_path, cookie if cookie in languages else None,
            request.accept_languages.best_match(languages), date.today())


def cached_page(view):
    """Serve the view's page from the kept copies to anonymous visitors (see the module)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config["PAGE_CACHE_SECONDS"]
        if not seconds or not _anonymous_get():
            return view(*args, **kwargs)
        version = request_version()
        if version is None:
            return view(*args, **kwargs)
        key = _key()
        copy = store.get(key)
        if copy is not None and copy.version == version and clock() - copy.stored < seconds:
            response = current_app.response_class(copy.body, mimetype=copy.mimetype)
            response.headers["X-Page-Cache"] = "hit"
        else:
            response = make_response(view(*args, **kwargs))
            if not (response.status_code == 200 and response.mimetype in STORABLE_TYPES
                    and not response.direct_passthrough and not session.modified
                    and "Set-Cookie" not in response.headers):
                return response
            body = response.get_data()
            copy = _Copy(version, clock(), body, response.mimetype, hashlib.blake2b(body, digest_size=12).hexdigest())
            store.put(key, copy)
            response.headers["X-Page-Cache"] = "miss"
        # A phone that has the page already gets "304 Not Modified" and no body: the page is
        # revalidated on each visit (Cache-Control: no-cache), so it is never stale.
        response.set_etag(copy.etag)
        return response.make_conditional(request)

    return wrapper


# --- the data version ------------------------------------------------------------------

def _mark_flush(session, _flush_context):
    if session.new or session.dirty or session.deleted:
        session.info[_CHANGED] = True


def _mark_statement(state):
    """ORM and Core statements through the session; a textual statement counts as a write
    unless it is a SELECT. (Writes on a raw connection, outside the session, are not seen:
    the app makes none.)"""
    statement = state.statement
    if state.is_insert or state.is_update or state.is_delete or (
            isinstance(statement, TextClause) and not statement.text.lstrip().upper().startswith("SELECT")):
        state.session.info[_CHANGED] = True


def _bump(session):
    """Before a commit that writes anything (already flushed, or still pending: the commit
    flushes after this hook): one upsert of the counter, in the same transaction."""
    if not (session.info.get(_CHANGED) or session.new or session.dirty or session.deleted):
        return
    bind = session.get_bind()
    insert = postgresql.insert if bind.dialect.name == "postgresql" else sqlite.insert
    table = DataVersion.__table__
    session.execute(insert(table).values(id=1, value=1)
                    .on_conflict_do_update(index_elements=[table.c.id], set_={"value": table.c.value + 1}))
    session.info.pop(_CHANGED, None)  # after: the upsert itself marks the session


def _listen():
    for name, handler in (("after_flush", _mark_flush), ("do_orm_execute", _mark_statement),
                          ("before_commit", _bump)):
        if not event.contains(db.session, name, handler):
            event.listen(db.session, name, handler)


_listen()

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
are kept the same way with ``kept_fragment``. Values kept per data version whoever reads
them (a tally, a page's rows, a signed-in reader's page body) go through ``kept``, which
does not look at ``PAGE_CACHE_SECONDS``: it never serves a value older than the data.

Copies live in Flask-Caching's store: in the process by default (at most ``CACHE_THRESHOLD``
copies), in Redis when ``PLANNER_CACHE_URL`` is set, so that several processes share them.
Whether data changed is known from what the session flushed or executed (ORM objects, and
INSERT, UPDATE and DELETE statements), never by reading SQL text.
``PAGE_CACHE_SECONDS = 0`` turns the cache off (the tests do, except their own)."""
import functools
import hashlib
import re
import time
from datetime import date
from typing import NamedTuple

from flask import current_app, g, has_app_context, has_request_context, make_response, request, session
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import cache, db
from .i18n import LANG_COOKIE

STORABLE_TYPES = ("text/html", "application/json")
_TOKEN_VALUE = re.compile(rb'(name="csrf_token"[^>]*? value=")[^"]*(")')
MAX_QUERY_STRING = 200  # longer ones are not kept: a flood of made-up addresses must not fill the store
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


clock = time.time  # the tests move it forward; wall time, as copies may be shared by processes


def _store_key(parts):
    return "page:" + hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()


def _fresh(copy, version, seconds):
    return copy is not None and copy.version == version and 0 <= clock() - copy.stored < seconds


def clear():
    """Forget every kept page and fragment of the current app (each app has its own store,
    or its own key prefix in Redis)."""
    if has_app_context():
        cache.clear()


def version_column():
    """The data version as a column, to read it in the same statement as a page's first row
    (read before, or with, what a kept body shows: what is kept is at least as new as its key)."""
    return select(DataVersion.value).where(DataVersion.id == 1).scalar_subquery()


def current_version():
    """The data version, or None before the first write (nothing is kept then)."""
    return db.session.scalar(select(DataVersion.value).where(DataVersion.id == 1))


def uncommitted_writes(session=None):
    """Whether the session wrote anything not yet committed (flushed or still pending): what
    it reads then is newer than the data version, and must not be kept under it."""
    session = session or db.session
    return bool(session.info.get(_CHANGED) or session.new or session.dirty or session.deleted)


def request_version():
    """The data version as this request first saw it (one query per request). A view that
    keeps a fragment reads it before loading anything the fragment shows, so that what is
    kept is at least as new as the version it is kept under. None when the cache is off."""
    if not current_app.config["PAGE_CACHE_SECONDS"]:
        return None
    if "data_version" not in g:
        g.data_version = current_version()
    return g.data_version


KEPT_SECONDS = 24 * 3600  # a kept value lives this long at most; a newer data version replaces it sooner


def kept(name, key, version, compute, *, now=None):
    """``compute()``'s value (rows, a tally, a page's body), kept in the app's cache per data
    version: the value of one ``(name, key)`` is computed once per version, so a page asks the
    database and draws again only after a write. ``key`` must hold everything the value shows
    besides the data (language, the reader's rights, the day where dates show); the address
    the app is served at (its script root, in every link) is added here.
    ``version`` must be read before what ``compute`` reads (then what is kept is at least as
    new as its version); None computes afresh and keeps nothing (writes not yet committed,
    or no version yet: :func:`version_for_keeping`).

    One entry per ``(name, key)`` holds its version beside the value, and a value for a newer
    version replaces it in place: entries do not pile up with writes (in Redis, which is not
    bounded as the in-process store is). With ``now`` (a value that also changes with the
    clock: a ballot that opens or closes at its hour), ``compute()`` returns ``(value,
    until)``, and the kept value is used only from the instant it was drawn (``now`` then: a
    request whose clock is behind, in another process, is not given what a later hour shows)
    until ``until`` (None: no bound)."""
    if version is None:
        return compute()[0] if now is not None else compute()
    store_key = _store_key(("kept", name, request.script_root if has_request_context() else None, key))
    found = cache.get(store_key)
    if found is not None and found[0] == version and (
            now is None or ((found[1] is None or found[1] <= now) and (found[2] is None or now < found[2]))):
        return found[3]
    value, until = compute() if now is not None else (compute(), None)
    cache.set(store_key, (version, now, until, value), timeout=KEPT_SECONDS)
    return value


NOT_READ = object()  # a version the caller has not read: read it here


def version_for_keeping(seen=NOT_READ):
    """The data version to keep values under (:func:`kept`): ``seen``, as the caller read it
    with its first row, else read now; None in a transaction with writes not yet committed
    (what it reads belongs to no version yet) or before the first version."""
    if uncommitted_writes():
        return None
    return current_version() if seen is NOT_READ else seen


def kept_fragment(key, render):
    """A part of a page that is the same for every visitor (a dashboard's figures), kept
    under the same rules as whole pages: ``key`` names it, the language, the day and the
    address the app is served at are added.
    ``render()`` returns its HTML; the result is Markup."""
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    version = request_version()
    if version is None:
        return Markup(render())
    full_key = _store_key(("fragment", key, request.script_root if has_request_context() else None,
                           str(get_locale()), date.today()))
    copy = cache.get(full_key)
    if _fresh(copy, version, seconds):
        return Markup(copy.body.decode("utf-8"))
    html = render()
    cache.set(full_key, _Copy(version, clock(), html.encode("utf-8"), "text/html"), timeout=seconds)
    return Markup(html)


def revalidated(response):
    """A public page drawn for a signed-in reader: never kept here, but the reader's browser
    may keep it and ask again with its ETag (``Cache-Control: private, no-cache``), and gets
    "304 Not Modified" without a body when the page it would get is the one it has: a plan
    page of 45 activities costs 12 KB on each visit otherwise. The ETag is the body's with
    the form tokens' values left out (they are signed anew on every drawing, and every one
    drawn in this session stays valid: ``WTF_CSRF_TIME_LIMIT = None``) and the session's own
    token in (a new session's pages have new tokens). Pages that show personal data (members,
    the audit log) are not public pages and keep ``no-store``."""
    if not (request.method == "GET" and response.status_code == 200 and response.mimetype == "text/html"
            and not response.direct_passthrough):
        return response
    masked = _TOKEN_VALUE.sub(rb"\1\2", response.get_data())
    token = str(session.get(current_app.config["WTF_CSRF_FIELD_NAME"], "")).encode()
    response.set_etag(hashlib.blake2b(masked + b"\0" + token, digest_size=16).hexdigest())
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response.make_conditional(request)


def _anonymous_get():
    if request.method != "GET" or len(request.query_string) > MAX_QUERY_STRING:
        return False
    cookies = request.cookies
    return (current_app.config["SESSION_COOKIE_NAME"] not in cookies
            and current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies)


def _key():
    languages = current_app.config["LANGUAGES"]
    cookie = request.cookies.get(LANG_COOKIE)
    return _store_key((request.script_root, request.full_path, cookie if cookie in languages else None,
                       request.accept_languages.best_match(languages), date.today()))


def cached_page(view):
    """Serve the view's page from the kept copies to anonymous visitors (see the module)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config["PAGE_CACHE_SECONDS"]
        if not _anonymous_get():
            return revalidated(make_response(view(*args, **kwargs)))
        if not seconds:
            return view(*args, **kwargs)
        version = request_version()
        if version is None:
            return view(*args, **kwargs)
        key = _key()
        copy = cache.get(key)
        if _fresh(copy, version, seconds):
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
            cache.set(key, copy, timeout=seconds)
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
    """INSERT, UPDATE and DELETE statements executed through the session (bulk ORM and
    Core). Textual SQL and writes on a raw connection are not seen: the app makes none."""
    if state.is_insert or state.is_update or state.is_delete:
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

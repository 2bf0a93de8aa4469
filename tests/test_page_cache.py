"""Whole public pages kept for anonymous visitors (planner/page_cache.py): served again
only while no data changed, for the same address, language and day, and not for long."""
import re
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, text, update

from planner import page_cache
from planner.municipalities.models import Municipality, Village

from .conftest import PASSWORD


@pytest.fixture
def cached(make_app):
    page_cache.clear()
    app = make_app(PAGE_CACHE_SECONDS=30)
    yield app
    page_cache.clear()


def _get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.headers.get("X-Page-Cache")


def test_page_is_kept_until_data_changes(cached, db, make_municipality):
    m = make_municipality(name="Ак-Суу")
    client = cached.test_client()
    url = f"/m/{m.slug}/"
    first, state = _get(client, url)
    assert state == "miss" and "Ак-Суу" in first.get_data(as_text=True)
    again, state = _get(client, url)
    assert state == "hit" and again.data == first.data
    assert "Set-Cookie" not in again.headers

    before = page_cache.current_version()
    m.name = "Жаңы-Суу"
    db.session.commit()
    assert page_cache.current_version() == before + 1
    changed, state = _get(client, url)
    assert state == "miss" and "Жаңы-Суу" in changed.get_data(as_text=True)


def test_long_query_strings_are_not_kept_and_the_store_is_bounded(make_app, make_municipality):
    app = make_app(PAGE_CACHE_SECONDS=30, CACHE_THRESHOLD=3)
    m = make_municipality()
    client = app.test_client()
    assert _get(client, f"/m/{m.slug}/?x=" + "a" * 300)[1] is None
    urls = [f"/m/{m.slug}/?page={n}" for n in range(10)]
    assert [_get(client, url)[1] for url in urls] == ["miss"] * 10
    hits = [url for url in urls if _get(client, url)[1] == "hit"]
    assert len(hits) <= 4  # a few copies kept (the store prunes past its threshold), not ten


def test_copies_are_shared_by_processes_through_redis(make_app, make_municipality, redis_url):
    """Two apps (two processes) with PLANNER_CACHE_URL: a page one drew, the other serves."""
    prefix = f"planner-test-{uuid.uuid4().hex}:"
    first = make_app(PAGE_CACHE_SECONDS=30, CACHE_URL=redis_url, CACHE_KEY_PREFIX=prefix)
    second = make_app(PAGE_CACHE_SECONDS=30, CACHE_URL=redis_url, CACHE_KEY_PREFIX=prefix)
    m = make_municipality()
    try:
        assert _get(first.test_client(), f"/m/{m.slug}/")[1] == "miss"
        page, state = _get(second.test_client(), f"/m/{m.slug}/")
        assert state == "hit" and m.name in page.get_data(as_text=True)
    finally:
        with first.app_context():
            page_cache.clear()


def test_statements_bump_the_version_and_reads_do_not(cached, db, make_municipality):
    m = make_municipality()
    version = page_cache.current_version()
    db.session.get(Municipality, m.id)
    db.session.commit()
    assert page_cache.current_version() == version
    db.session.execute(update(Municipality).where(Municipality.id == m.id).values(name="Renamed"))
    db.session.commit()
    assert page_cache.current_version() == version + 1
    db.session.rollback()
    assert page_cache.current_version() == version + 1
    db.session.execute(text("SELECT 1"))
    db.session.commit()
    assert page_cache.current_version() == version + 1
    db.session.execute(delete(Village).where(Village.municipality_id == m.id))  # Core, through the session
    db.session.commit()
    assert page_cache.current_version() == version + 2
    db.session.add(Village(municipality_id=m.id, name="New"))  # an ORM flush
    db.session.commit()
    assert page_cache.current_version() == version + 3


def test_languages_are_kept_apart(cached, make_municipality):
    m = make_municipality()
    client = cached.test_client()
    english, state = _get(client, f"/m/{m.slug}/", **{"Accept-Language": "en"})
    assert state == "miss" and 'lang="en"' in english.get_data(as_text=True)
    kyrgyz, state = _get(client, f"/m/{m.slug}/", **{"Accept-Language": "ky"})
    assert state == "miss" and 'lang="ky"' in kyrgyz.get_data(as_text=True)
    client.set_cookie("lang", "ru")
    russian, state = _get(client, f"/m/{m.slug}/", **{"Accept-Language": "en"})
    assert state == "miss" and 'lang="ru"' in russian.get_data(as_text=True)
    assert _get(client, f"/m/{m.slug}/", **{"Accept-Language": "en"})[1] == "hit"


def test_copies_expire(cached, make_municipality, monkeypatch):
    m = make_municipality()
    client = cached.test_client()
    now = [1000.0]
    monkeypatch.setattr(page_cache, "clock", lambda: now[0])
    assert _get(client, f"/m/{m.slug}/")[1] == "miss"
    now[0] += 29
    assert _get(client, f"/m/{m.slug}/")[1] == "hit"
    now[0] += 2
    assert _get(client, f"/m/{m.slug}/")[1] == "miss"


def test_signed_in_visitors_get_their_own_page(cached, make_municipality, make_user):
    m = make_municipality()
    user = make_user()
    anonymous = cached.test_client()
    assert _get(anonymous, f"/m/{m.slug}/")[1] == "miss"
    signed_in = cached.test_client()
    assert signed_in.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    page, state = _get(signed_in, f"/m/{m.slug}/")
    assert state is None and "Log out" in page.get_data(as_text=True)


def test_only_marked_successful_pages_are_kept(cached, make_municipality):
    m = make_municipality()
    client = cached.test_client()
    assert _get(client, "/login")[1] is None  # not marked: it starts a session for its form
    assert _get(client, "/m/no-such-place/")[0].status_code == 404
    assert _get(client, "/m/no-such-place/")[1] is None
    assert _get(client, f"/m/{m.slug}/?x=1")[1] == "miss"  # the query string is part of the address
    assert _get(client, f"/m/{m.slug}/")[1] == "miss"


def test_off_when_seconds_is_zero(make_app, make_municipality):
    app = make_app(PAGE_CACHE_SECONDS=0)
    m = make_municipality()
    client = app.test_client()
    assert _get(client, f"/m/{m.slug}/")[1] is None
    assert _get(client, f"/m/{m.slug}/")[1] is None


def test_forms_make_their_token_only_when_drawn(make_app, make_municipality, make_user):
    """With CSRF on: an anonymous public page starts no session, the login form does, and
    its token still protects the POST."""
    page_cache.clear()
    app = make_app(WTF_CSRF_ENABLED=True, PAGE_CACHE_SECONDS=30)
    m = make_municipality()
    user = make_user()
    client = app.test_client()
    public = client.get(f"/m/{m.slug}/")
    assert public.status_code == 200 and "Set-Cookie" not in public.headers
    assert 'name="csrf_token"' not in public.get_data(as_text=True)
    form = client.get("/login")
    assert "session=" in form.headers["Set-Cookie"]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.get_data(as_text=True)).group(1)
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 400
    assert client.post("/login", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    page_cache.clear()


def test_language_switch_without_account_needs_no_token(make_app, db, make_user):
    from planner.auth.models import User

    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/lang", data={"lang": "hy", "next": "/"})
    assert response.status_code == 302 and "lang=hy" in response.headers["Set-Cookie"]
    assert client.post("/lang", data={"lang": "xx", "next": "/"}).headers.get("Set-Cookie") is None

    user = make_user(locale="en")
    signed_in = app.test_client()
    form = signed_in.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    signed_in.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    forged = signed_in.post("/lang", data={"lang": "ru", "next": "/"})  # no token: refused quietly
    assert forged.status_code == 302 and "lang=" not in forged.headers.get("Set-Cookie", "")
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"
    page = signed_in.get("/account").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert signed_in.post("/lang", data={"lang": "ru", "next": "/", "csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "ru"


def test_a_page_the_visitor_has_comes_back_as_304(cached, db, make_municipality):
    m = make_municipality(name="Ак-Суу")
    client = cached.test_client()
    url = f"/m/{m.slug}/"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200
    m.name = "Жаңы-Суу"
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Жаңы-Суу" in changed.get_data(as_text=True)


def test_a_signed_in_reader_gets_a_public_page_again_as_304(make_app, db, make_municipality, make_user,
                                                            make_member):
    """Public pages drawn for a signed-in reader are never kept by the server, but the browser
    may keep them (private) and revalidate: the same page comes back as 304 without a body,
    whatever its form tokens; a change of the data, another reader or a new session gets 200."""
    app = make_app(PAGE_CACHE_SECONDS=0)  # the server keeps nothing: the reader's browser does
    m = make_municipality(name="Ак-Суу")
    staff, other = make_user(), make_user()
    make_member(staff, m, "staff")
    client = app.test_client()
    assert client.post("/login", data={"email": staff.email, "password": PASSWORD}).status_code == 302
    url = f"/m/{m.slug}/"
    first = client.get(url)
    etag, body = first.headers["ETag"], first.get_data(as_text=True)
    assert first.status_code == 200 and "Log out" in body
    assert first.headers["Cache-Control"] == "private, no-cache" and "Cookie" in first.headers["Vary"]
    assert 'name="csrf_token"' in body
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    m.name = "Жаңы-Суу"
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Жаңы-Суу" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag
    etag = changed.headers["ETag"]
    # a second login of the same person: a new session, whose forms carry new tokens
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                         changed.get_data(as_text=True)).group(1)})
    assert client.post("/login", data={"email": staff.email, "password": PASSWORD}).status_code == 302
    client.get(url)  # shows (and so removes) what the login had to say
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200
    # another reader never gets 304 for this reader's copy (it names the reader)
    reader = app.test_client()
    assert reader.post("/login", data={"email": other.email, "password": PASSWORD}).status_code == 302
    theirs = reader.get(url, headers={"If-None-Match": etag})
    assert theirs.status_code == 200 and theirs.headers["ETag"] != etag


def test_pages_with_personal_data_are_not_kept_by_the_browser(make_app, make_municipality, make_user,
                                                              make_member):
    app = make_app(PAGE_CACHE_SECONDS=0)
    m = make_municipality()
    staff = make_user()
    make_member(staff, m, "staff")
    client = app.test_client()
    assert client.post("/login", data={"email": staff.email, "password": PASSWORD}).status_code == 302
    for url in (f"/m/{m.slug}/members", f"/m/{m.slug}/audit", "/account"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers, url


def test_kept_values_are_computed_once_per_version_and_key(app, db, make_municipality):
    """``page_cache.kept``: a value is computed again after a write (a new version), for
    another key, and never kept under no version (writes not yet committed)."""
    m = make_municipality()
    calls = []

    def compute(label):
        calls.append(label)
        return f"{label}-{len(calls)}"

    version = page_cache.version_for_keeping()
    assert version is not None
    assert page_cache.kept("test-kept", ("a", m.id), version, lambda: compute("a")) == "a-1"
    assert page_cache.kept("test-kept", ("a", m.id), version, lambda: compute("a")) == "a-1"
    assert page_cache.kept("test-kept", ("b", m.id), version, lambda: compute("b")) == "b-2"
    assert page_cache.kept("other-name", ("a", m.id), version, lambda: compute("a")) == "a-3"

    m.name = "Renamed"
    db.session.flush()
    assert page_cache.version_for_keeping() is None  # written, not committed: nothing is kept
    assert page_cache.kept("test-kept", ("a", m.id), None, lambda: compute("a")) == "a-4"
    db.session.commit()
    newer = page_cache.version_for_keeping()
    assert newer == version + 1
    assert page_cache.kept("test-kept", ("a", m.id), newer, lambda: compute("a")) == "a-5"
    assert page_cache.kept("test-kept", ("a", m.id), newer, lambda: compute("a")) == "a-5"
    # a request that read the older version before the write is not given the newer value
    assert page_cache.kept("test-kept", ("a", m.id), version, lambda: compute("a")) == "a-6"


def test_kept_values_with_a_time_bound_are_drawn_again_when_it_passes(app, make_municipality):
    """A value that changes with the clock (a ballot opening at its hour) is kept only before
    the instant its ``compute`` names, then drawn again; ``until`` None keeps it for the version."""
    make_municipality()
    version = page_cache.version_for_keeping()
    drawn = []

    def compute(until):
        def run():
            drawn.append(until)
            return f"body-{len(drawn)}", until
        return run

    opens = datetime(2026, 5, 1, 9, 0)
    key = ("timed",)
    assert page_cache.kept("test-timed", key, version, compute(opens), now=opens - timedelta(hours=1)) == "body-1"
    assert page_cache.kept("test-timed", key, version, compute(opens), now=opens - timedelta(seconds=1)) == "body-1"
    assert page_cache.kept("test-timed", key, version, compute(None), now=opens) == "body-2"
    assert page_cache.kept("test-timed", key, version, compute(None), now=opens + timedelta(days=30)) == "body-2"
    assert len(drawn) == 2


def test_kept_values_do_not_pile_up_in_redis_with_writes(make_app, db, make_municipality, redis_url):
    """One Redis entry per kept value, however many writes: each write's value replaces the
    last one in place (keys that held the version grew with every write, for a day)."""
    import redis

    prefix = f"planner-test-{uuid.uuid4().hex}:"
    app = make_app(CACHE_URL=redis_url, CACHE_KEY_PREFIX=prefix)
    m = make_municipality()
    store = redis.Redis.from_url(redis_url)
    try:
        with app.app_context():
            for n in range(6):
                version = page_cache.version_for_keeping()
                assert page_cache.kept("test-redis", (m.id, "en"), version, lambda: f"value {n}") == f"value {n}"
                assert page_cache.kept("test-redis", (m.id, "en"), version, lambda: "drawn again") == f"value {n}"
                page_cache.kept("test-redis", (m.id, "ky"), version, lambda: f"ky {n}")
                db.session.execute(update(Municipality).where(Municipality.id == m.id).values(name=f"Name {n}"))
                db.session.commit()
        assert len(store.keys(prefix + "*")) == 2
    finally:
        with app.app_context():
            page_cache.clear()


def test_a_time_bound_value_is_not_given_to_a_request_whose_clock_is_behind(app, make_municipality):
    """A value drawn at 09:00 (a ballot just opened) is not what a request at 08:59 should
    show, though it is kept until the ballot closes: another process's clock may be behind."""
    make_municipality()
    version = page_cache.version_for_keeping()
    opens, closes = datetime(2026, 5, 1, 9, 0), datetime(2026, 5, 8, 9, 0)
    drawn = []

    def compute(state, until):
        def run():
            drawn.append(state)
            return state, until
        return run

    assert page_cache.kept("test-behind", ("b",), version, compute("open", closes), now=opens) == "open"
    assert page_cache.kept("test-behind", ("b",), version, compute("not open yet", opens),
                           now=opens - timedelta(minutes=1)) == "not open yet"
    assert page_cache.kept("test-behind", ("b",), version, compute("open", closes), now=opens) == "open"
    assert page_cache.kept("test-behind", ("b",), version, compute("open", closes),
                           now=opens + timedelta(hours=1)) == "open"
    assert drawn == ["open", "not open yet", "open"]


def test_whole_pages_are_kept_per_mount_point(cached, make_municipality):
    """A page kept at "/" is not served at "/planner/" (one Redis, two mount points)."""
    m = make_municipality()
    client = cached.test_client()
    plain, state = _get(client, f"/m/{m.slug}/")
    assert state == "miss"
    mounted = client.get(f"/m/{m.slug}/", base_url="http://localhost/planner/")
    assert mounted.headers.get("X-Page-Cache") == "miss"
    assert f'href="/planner/m/{m.slug}/' in mounted.get_data(as_text=True)
    assert f'href="/m/{m.slug}/' not in mounted.get_data(as_text=True)

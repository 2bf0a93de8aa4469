"""Pages, languages, headers, errors and configuration."""
import re

import pytest
from sqlalchemy import text

from planner import create_app
from planner.i18n import money, normalize_text
from tests.conftest import PASSWORD


def test_home_lists_municipalities(client, make_municipality):
    m = make_municipality(name="Жашыл-Өрөн")
    body = client.get("/").get_data(as_text=True)
    assert "Жашыл-Өрөн" in body and f"/m/{m.slug}/" in body


def test_municipality_page_is_public(client, make_municipality):
    m = make_municipality(villages=("Ак-Булуң", "Сай-Кыя"))
    body = client.get(f"/m/{m.slug}/").get_data(as_text=True)
    assert "Ак-Булуң" in body and "Сай-Кыя" in body
    assert client.get("/m/no-such-place/").status_code == 404


@pytest.mark.parametrize(("locale", "words"), [
    ("ky", "өнүгүү планы"), ("ru", "план развития"), ("hy", "զարգացման ծրագիր"), ("en", "development plan")])
def test_pages_describe_themselves_to_search_engines(client, make_municipality, locale, words):
    """A translated <meta name="description">: the municipality's name on its pages."""
    m = make_municipality(name="Ак-<Суу>")
    client.set_cookie("lang", locale)
    descriptions = []
    for path in ("/", f"/m/{m.slug}/"):
        body = client.get(path).get_data(as_text=True)
        descriptions += re.findall(r'<meta name="description" content="([^"]+)">', body)
    general, own = descriptions
    assert own.startswith("Ак-&lt;Суу&gt;") and words in own
    assert "Суу" not in general and len(general) > 60


@pytest.mark.parametrize(("header", "cookie", "expected"), [
    ("ru-RU,ru;q=0.9", None, "ru"),
    ("hy", None, "hy"),
    ("en-US,en;q=0.8", "ky", "ky"),
    ("de-DE", None, "ky"),  # no match: the default
])
def test_language_from_cookie_then_browser(client, header, cookie, expected):
    if cookie:
        client.set_cookie("lang", cookie)
    body = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{expected}">' in body


def test_language_falls_back_to_the_municipality(client, make_municipality):
    m = make_municipality(default_locale="hy", country="AM", currency="AMD")
    body = client.get(f"/m/{m.slug}/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="hy">' in body


def test_user_setting_wins_over_cookie(client, auth, make_user):
    auth.as_user(make_user(locale="ru"))
    client.set_cookie("lang", "hy")
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_language_switcher_sets_cookie_and_account(client, auth, db, make_user):
    user = make_user(locale="en")
    auth.as_user(user)
    response = client.post("/lang", data={"lang": "ky", "next": "/account"})
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "lang=ky" in response.headers["Set-Cookie"]
    db.session.refresh(user)
    assert user.locale == "ky"
    # an unknown language or an outside address changes nothing
    response = client.post("/lang", data={"lang": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/" and "Set-Cookie" not in response.headers


def test_every_page_has_the_switcher_and_skip_link(client):
    body = client.get("/login").get_data(as_text=True)
    assert 'href="#main"' in body and 'id="main"' in body
    for code in ("ky", "ru", "hy", "en"):
        assert f'name="lang" value="{code}"' in body


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for part in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in response.headers


def test_no_asset_from_another_host(client):
    body = client.get("/").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', body)


def test_static_files_are_versioned_and_cached(client):
    body = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/planner.css\?v=[0-9a-f]{10})"', body).group(1)
    response = client.get(css)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    response.close()


@pytest.mark.parametrize(("path", "code"), [("/nowhere", 404), ("/admin/users", 302)])
def test_error_pages_are_translated(client, path, code):
    response = client.get(path, headers={"Accept-Language": "ru"})
    assert response.status_code == code
    if code == 404:
        assert '<html lang="ru">' in response.get_data(as_text=True)


def test_403_page(client, auth, make_user):
    auth.as_user(make_user())
    response = client.get("/admin/users", headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "Not allowed" in response.get_data(as_text=True)


def test_500_page_has_no_trace(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom", headers={"Accept-Language": "en"})
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body and "secret internals" not in body and "Traceback" not in body


def test_405_is_translated_page(client):
    response = client.get("/logout", headers={"Accept-Language": "en"})
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("PLANNER_SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="PLANNER_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_secret_key_from_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env-0123456789")
    monkeypatch.setenv("PLANNER_BALLOT_RECEIPT_KEY", "receipt-key-from-env-0123456789")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SECRET_KEY"] == "from-env-0123456789"


def test_sqlite_pragmas(app, db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_money_and_numbers_through_babel(app):
    from flask_babel import force_locale

    from planner.i18n import number

    with app.test_request_context():
        with force_locale("ru"):
            ru, ru_number = money("12500", "KGS"), number(1234567)
        with force_locale("en"):
            en = money("12500.5", "AMD")
        with force_locale("hy"):
            hy = money("12500", "AMD")
    assert ru.replace("\xa0", " ").replace("\u202f", " ").startswith("12 500,00")
    assert ru_number.replace("\xa0", " ").replace("\u202f", " ") == "1 234 567"
    assert "12,500.50" in en
    assert "֏" in hy or "AMD" in hy


def test_normalize_text():
    assert normalize_text("\u04c9\u04ca") == "\u04a2\u04a3"
    assert normalize_text(None) is None


def test_csrf_is_required_on_every_post_route(make_app, make_user, make_municipality):
    """With CSRF on, a POST without a token to any route is refused before it acts."""
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    posts = [r for r in app.url_map.iter_rules() if "POST" in (r.methods or ()) and not r.endpoint.startswith("api.")]
    assert posts
    for rule in posts:
        url = re.sub(r"<(?:int:)?(\w+)>", lambda m: "1" if "int:" in m.group(0) else "x", rule.rule)
        response = client.post(url, data={"lang": "ky", "email": "a@b.c", "password": "x"})
        assert response.status_code in (400, 302, 404), f"{rule.rule}: {response.status_code}"
        assert response.status_code != 200


def test_api_is_read_only_json(client, make_municipality):
    m = make_municipality()
    data = client.get(f"/api/v1/municipalities/{m.slug}").get_json()
    assert data["slug"] == m.slug and len(data["villages"]) == 2
    assert client.post("/api/v1/municipalities").status_code == 405


def test_ordinary_page_weight_under_30_kb(client, make_municipality):
    import gzip

    m = make_municipality()
    html = client.get(f"/m/{m.slug}/").data
    css_url = re.search(rb'href="(/static/planner.css[^"]*)"', html).group(1).decode()
    css = client.get(css_url)
    total = len(gzip.compress(html)) + len(gzip.compress(css.data))
    css.close()
    assert total < 30 * 1024
    assert b"<script" not in html  # no JavaScript on an ordinary page


def test_next_targets_stay_on_this_site(app, client, make_user):
    from planner.web import safe_next

    with app.test_request_context():
        home = safe_next(None)
        for bad in ("//evil.example", "/\t/evil.example", "/\n/evil.example", "/\\evil.example", "/\\/evil.example",
                    "https://evil.example/", "evil.example", "/ /evil.example", "/\x7f/x", ""):
            assert safe_next(bad) == home, repr(bad)
        for good in ("/m/jashyl-oron/plans/1", "/m/x/?page=2&q=%20a", "/m/жашыл-өрөн/"):
            assert safe_next(good) == good
    for target in ("/\t/evil.example", "/\r\n/evil.example"):
        response = client.post("/lang", data={"lang": "ru", "next": target})
        assert response.status_code == 302 and response.location == "/", response.location
    user = make_user()
    response = client.post("/login?next=/%09/evil.example", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/"

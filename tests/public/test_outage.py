"""While the database is down: a translated 503 page that needs no database, and /healthz 503.
The database is really unreachable (a closed port, a directory that does not exist): no mocks."""
import pytest
from flask_babel import force_locale, gettext

from ..conftest import PASSWORD

UNREACHABLE = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/planner",  # nothing listens on port 1
    "sqlite": "sqlite:////nonexistent-planner-dir/planner.db",
}
TEXT = "The planner cannot reach its database just now. Nothing you sent was saved half-way. Please try again in a minute."


@pytest.fixture(params=sorted(UNREACHABLE))
def down(request, make_app):
    return make_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE[request.param], SQLALCHEMY_ENGINE_OPTIONS={},
                    PROPAGATE_EXCEPTIONS=False)


def _in(app, locale, message):
    with app.test_request_context(), force_locale(locale):
        translated = gettext(message)
    assert translated != message or locale == "en"
    return translated


def _assert_unavailable(response, app, locale):
    body = response.get_data(as_text=True)
    assert response.status_code == 503, body[:300]
    assert response.headers["Retry-After"] == "30"
    assert f'<html lang="{locale}">' in body
    assert _in(app, locale, TEXT) in body
    assert "Internal Server Error" not in body


def test_pages_answer_503_in_the_visitors_language(down):
    browser = down.test_client()
    _assert_unavailable(browser.get("/", headers={"Accept-Language": "ru"}), down, "ru")
    browser.set_cookie("lang", "hy")
    _assert_unavailable(browser.get("/m/some-place/"), down, "hy")


def test_signed_in_visitor_gets_the_page_not_a_500(app, down, make_user):
    user = make_user(locale="ru")
    working = app.test_client()
    working.post("/login", data={"email": user.email, "password": PASSWORD})
    browser = down.test_client()
    browser.set_cookie("session", working.get_cookie("session").value)
    browser.set_cookie("lang", "ky")
    _assert_unavailable(browser.get("/account"), down, "ky")  # the user loader needs the database
    _assert_unavailable(browser.get("/no-such-page"), down, "ky")  # so does the 404 page's header
    _assert_unavailable(browser.post("/login", data={"email": user.email, "password": PASSWORD}), down, "ky")


def test_healthz_answers_503(down):
    response = down.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}
    assert response.headers["Retry-After"] == "30"


def test_healthz_answers_200_when_the_database_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_a_database_error_that_is_not_an_outage_stays_500(make_app, tmp_path):
    empty = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/empty.db", SQLALCHEMY_ENGINE_OPTIONS={},
                     PROPAGATE_EXCEPTIONS=False)  # reachable, but no tables: a bug, not an outage
    response = empty.test_client().get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert "Retry-After" not in response.headers

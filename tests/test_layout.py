"""The page header is kept drawn (planner/layout.py): these tests try to be shown a header kept
for another reader or language, a stale unread count, another page's return address, or
another session's form token, and to pass a name off as a slot."""
import re

from tests.conftest import PASSWORD


def _header(response):
    return re.search(r'<header class="top">.*?</header>', response.get_data(as_text=True), re.S).group(0)


def test_each_reader_sees_their_own_name_count_and_links(client, auth, db, make_user):
    first, second = make_user(name="Айгүл Мамытова"), make_user(name="Бакыт")
    auth.as_user(first)
    header = _header(client.get("/account"))
    assert "Айгүл<span class=\"name-rest\"> Мамытова</span>" in header and "Бакыт" not in header
    assert 'class="badge"' not in header
    auth.as_user(second)
    header = _header(client.get("/account"))
    assert ">Бакыт</a>" in header and "Айгүл" not in header
    second.unread_notifications = 3
    db.session.commit()
    assert '<span class="badge" aria-label="3 unread">3</span>' in _header(client.get("/account"))
    second.locale = "ru"
    db.session.commit()
    russian = _header(client.get("/account"))
    assert "Log out" not in russian and "Выйти" in russian
    auth.logout()
    anonymous = _header(client.get("/"))
    assert "Бакыт" not in anonymous and 'href="/login"' in anonymous and 'name="csrf_token"' not in anonymous


def test_the_language_buttons_return_to_this_page_with_its_query_escaped(client):
    header = _header(client.get("/?a=1&b=<x>"))
    assert 'name="next" value="/?a=1&amp;b=&lt;x&gt;"' in header
    assert 'name="next" value="/login"' in _header(client.get("/login"))


def test_a_name_that_looks_like_a_slot_is_shown_as_written(client, auth, make_user):
    auth.as_user(make_user(name="<csrf> <next>"))
    header = _header(client.get("/account"))
    assert "&lt;csrf&gt;<span class=\"name-rest\"> &lt;next&gt;</span>" in header


def test_every_session_gets_its_own_working_token(make_app, make_user):
    """Two sessions of two readers: each header carries its session's token, and the
    language form posts with it (CSRF is on)."""
    app = make_app(WTF_CSRF_ENABLED=True)
    tokens = []
    for user in (make_user(), make_user()):
        client = app.test_client()
        form = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        assert client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token}).status_code == 302
        header = _header(client.get("/account"))
        found = re.findall(r'name="csrf_token" value="([^"]*)"', header)
        assert len(found) == 2 and found[0] == found[1] and found[0] not in ("", "<csrf>")
        assert client.post("/lang", data={"lang": "hy", "next": "/", "csrf_token": found[0]}).status_code == 302
        tokens.append(found[0])
    assert tokens[0] != tokens[1]

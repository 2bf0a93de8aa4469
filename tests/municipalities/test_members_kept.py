"""The members page's content is kept per data version (member_rows.kept_content): per
municipality, language, page and reader, with each reader's own form token put in."""
import re

from planner.municipalities.models import Membership


def _reader(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user.get_id(), True
    return client


def _content(client, url, language="en"):
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True).partition("<h1>")[2]


def test_kept_members_content_is_keyed_on_reader_language_and_municipality(app, db, make_user, make_municipality,
                                                                           make_member):
    app.config["WTF_CSRF_ENABLED"] = True  # the forms carry tokens (this test's app only)
    m, other = make_municipality(), make_municipality()
    first, second, russian = make_user(name="Staff One"), make_user(name="Staff Two"), make_user(locale=None)
    for user in (first, second, russian):
        make_member(user, m, "staff")
    make_member(first, other, "staff")
    make_member(make_user(name="Elsewhere Resident"), other, "resident")
    ids = {u: db.session.query(Membership).filter_by(user_id=u.id, municipality_id=m.id).one().id
           for u in (first, second)}
    readers = {u: _reader(app, u) for u in (first, second, russian)}

    page = _content(readers[first], f"/m/{m.slug}/members")
    assert f"/members/{ids[second]}/remove" in page and f"/members/{ids[first]}/remove" not in page  # not one's own
    unsigned = re.compile(r'name="csrf_token"[^>]*?value="[^"]*"')  # a token is signed with the time
    again = _content(readers[first], f"/m/{m.slug}/members")
    assert unsigned.sub("", again) == unsigned.sub("", page) and unsigned.search(page)  # kept
    assert "<!--csrf-->" not in page and 'name="csrf_token"' in page
    theirs = _content(readers[second], f"/m/{m.slug}/members")  # another reader
    assert f"/members/{ids[first]}/remove" in theirs and f"/members/{ids[second]}/remove" not in theirs
    assert "Members and roles" in _content(readers[russian], f"/m/{m.slug}/members")  # the browser's language
    assert "Участники и роли" in _content(readers[russian], f"/m/{m.slug}/members", "ru")  # another language
    elsewhere = _content(readers[first], f"/m/{other.slug}/members")  # another municipality
    assert "Elsewhere Resident" in elsewhere and "Staff Two" not in elsewhere

    token = re.search(r'action="/m/[^"]+/members/%d/remove"[^>]*><input[^>]*name="csrf_token"[^>]*value="([^"]+)"'
                      % ids[second], page)
    assert token, page
    # the kept page's button carries this reader's own token: the removal goes through
    response = readers[first].post(f"/m/{m.slug}/members/{ids[second]}/remove", data={"csrf_token": token.group(1)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Membership, ids[second]) is None
    assert f"/members/{ids[second]}/remove" not in _content(readers[first], f"/m/{m.slug}/members")  # a change shows

"""The ballot page keeps its heading, what it is about, the paper links and the voting inputs
of a reader who has not voted (planner/surveys/ballots/detail_parts.py): these tests try to be
shown another reader's rights or marks, another language or address, an earlier hour, or
what was there before a write."""
import re
from datetime import timedelta

import pytest

from planner import page_cache

from ..conftest import signed_in_client as _signed_in
from ..conftest import statements as _statements

pytestmark = pytest.mark.usefixtures("nothing_kept")


def _url(town, ballot):
    return f"/m/{town.slug}/ballots/{ballot.id}"


def _page(client, town, ballot, **kwargs):
    response = client.get(_url(town, ballot), **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_ballot_opening_and_closing_at_its_hour_shows_without_a_write(app, town, make_resident, make_ballot,
                                                                          monkeypatch):
    ballot = make_ballot(town, state="future", title="Roads first")
    reader = _signed_in(app, make_resident(town))
    version = page_cache.current_version()

    def at(moment):
        monkeypatch.setattr("planner.surveys.ballots.views.utcnow", lambda: moment)
        return _page(reader, town, ballot)

    before = at(ballot.opens_at - timedelta(minutes=1))
    assert "Not open yet" in before and 'name="choice"' not in before
    assert at(ballot.opens_at - timedelta(seconds=1)) == before  # kept, no form token on this page
    opened = at(ballot.opens_at)
    assert '<span class="badge ok">Open</span>' in opened and 'name="choice"' in opened
    closed = at(ballot.closes_at)
    assert '<span class="badge">Closed</span>' in closed and f"{_url(town, ballot)}/results" in closed
    assert 'name="choice"' not in closed
    assert page_cache.current_version() == version


@pytest.mark.parametrize("order", ["staff first", "resident first"])
def test_readers_with_other_rights_are_not_shown_each_other_s_links(app, town, staff, make_user, make_member,
                                                                   make_resident, make_ballot, order):
    ballot = make_ballot(town, title="Roads first")
    group = make_user()
    make_member(group, town, "group_member")
    readers = {"staff": _signed_in(app, staff), "group": _signed_in(app, group),
               "resident": _signed_in(app, make_resident(town)), "anonymous": app.test_client()}
    names = ["staff", "group", "resident", "anonymous"]
    pages = {name: _page(readers[name], town, ballot) for name in (names if order == "staff first" else names[::-1])}
    paper, edit = f"{_url(town, ballot)}/paper", f"{_url(town, ballot)}/edit"
    assert {name for name, page in pages.items() if paper in page} == {"staff"}
    assert {name for name, page in pages.items() if edit in page} == {"staff", "group"}
    assert all("Roads first" in page for page in pages.values())


@pytest.mark.parametrize("voter_first", [True, False])
def test_a_voter_s_marks_are_never_shown_to_another(app, db, town, make_resident, make_ballot, voter_first):
    from .conftest import vote_as

    ballot = make_ballot(town, "approval", options=("Road", "Water", "School"))
    voter, other = make_resident(town), make_resident(town)
    vote_as(db, ballot, voter, {1: 1, 3: 1})
    clients = {"voter": _signed_in(app, voter), "other": _signed_in(app, other)}
    order = ["voter", "other", "voter", "other"] if voter_first else ["other", "voter", "other", "voter"]
    for name in order:
        page = _page(clients[name], town, ballot)
        marked = set(re.findall(r'value="(\d+)" checked', page))
        expected = {str(ballot.options[0].id), str(ballot.options[2].id)} if name == "voter" else set()
        assert marked == expected, (name, marked)


def test_a_write_shows_at_once(app, db, town, make_resident, make_ballot):
    ballot = make_ballot(town, title="Roads first", options=("Road", "Water"))
    reader = _signed_in(app, make_resident(town))
    first = _page(reader, town, ballot)
    assert "Roads first" in first and "> Road</label>" in first
    ballot.title = "Water first"
    ballot.options[0].text = "Paved road"
    ballot.explanation = "Say which comes first."
    db.session.commit()
    changed = _page(reader, town, ballot)
    assert "Water first" in changed and "Roads first" not in changed
    assert "> Paved road</label>" in changed and "> Road</label>" not in changed
    assert "Say which comes first." in changed


def test_languages_and_addresses_are_kept_apart(app, town, make_resident, make_ballot):
    ballot = make_ballot(town, title="Roads first")
    reader = _signed_in(app, make_resident(town, locale="en"))
    russian_reader = _signed_in(app, make_resident(town, locale="ru"))  # both made before any page: no write between
    english = _page(reader, town, ballot, headers={"Accept-Language": "en"})
    assert "Printable ballot" in english and "Your choice" in english
    russian = _page(russian_reader, town, ballot, headers={"Accept-Language": "ru"})
    assert "Printable ballot" not in russian and "Your choice" not in russian
    mounted = reader.get(_url(town, ballot), base_url="http://localhost/planner/").get_data(as_text=True)
    assert f'href="/planner/m/{town.slug}/ballots/{ballot.id}/print"' in mounted
    assert f'href="/m/{town.slug}/ballots/{ballot.id}/print"' in _page(reader, town, ballot)


def test_another_ballot_or_municipality_is_not_shown(app, town, make_municipality, make_resident, make_ballot):
    other_town = make_municipality()
    first = make_ballot(town, title="Roads first", options=("Road", "Bridge"))
    second = make_ballot(town, title="Water first", options=("Well", "Pipe"))
    foreign = make_ballot(other_town, title="Elsewhere")
    reader = _signed_in(app, make_resident(town))
    for ballot, title, option in ((first, "Roads first", "Road"), (second, "Water first", "Well"),
                                  (first, "Roads first", "Road")):
        page = _page(reader, town, ballot)
        assert f"<h1>{title}</h1>" in page and f"> {option}</label>" in page, title
    assert reader.get(f"/m/{town.slug}/ballots/{foreign.id}").status_code == 404


def test_the_page_costs_three_statements_for_a_resident(app, db, town, make_resident, make_ballot):
    """The signed-in user, the ballot with its municipality and the data version, the
    reader's participation: drawn or kept."""
    ballot = make_ballot(town)
    reader = _signed_in(app, make_resident(town))
    url = _url(town, ballot)  # read before counting: the test's own objects expired at the last commit
    first = _statements(db, lambda: reader.get(url))
    again = _statements(db, lambda: reader.get(url))
    assert len(first) == len(again) == 3

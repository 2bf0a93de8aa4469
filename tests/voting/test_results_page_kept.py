"""A ballot's results page keeps its content per data version (surveys/ballots/views.py,
``results``): the same for every reader, drawn again when a vote comes in, when the ballot
opens or closes (without any write), per language and address; the staff's priority list
form, with each reader's own token, is drawn per request."""
import re
from datetime import timedelta

import pytest

from planner import page_cache

from .conftest import vote_as
from ..conftest import signed_in_client as _signed_in

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')

pytestmark = pytest.mark.usefixtures("nothing_kept")


def _url(town, ballot):
    return f"/m/{town.slug}/ballots/{ballot.id}/results"


def _page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _anonymous(app, lang="en"):
    client = app.test_client()
    client.set_cookie("lang", lang)
    return client


def _with_votes(db, town, make_ballot, make_resident, n=6, **fields):
    ballot = make_ballot(town, "single", options=("Road", "Water", "School"), **fields)
    for i in range(n):
        vote_as(db, ballot, make_resident(town, sex="f", age_band="30-44"), {1 + i % 2: 1})
    return ballot


def test_results_show_when_the_ballot_closes_without_a_write(app, db, town, make_ballot, make_resident, monkeypatch):
    ballot = _with_votes(db, town, make_ballot, make_resident)
    url, client = _url(town, ballot), _anonymous(app)
    version = page_cache.current_version()

    def at(moment):
        monkeypatch.setattr("planner.surveys.ballots.views.utcnow", lambda: moment)
        return _page(client, url)

    hidden = at(ballot.closes_at - timedelta(minutes=1))
    assert "Results are shown when voting ends" in hidden and "Total votes" not in hidden
    assert at(ballot.closes_at - timedelta(seconds=1)) == hidden
    shown = at(ballot.closes_at)
    assert "Results are shown when voting ends" not in shown and "Total votes" in shown
    assert page_cache.current_version() == version


def test_running_results_lose_their_notice_when_the_ballot_closes(app, db, town, make_ballot, make_resident,
                                                                  monkeypatch):
    ballot = _with_votes(db, town, make_ballot, make_resident, is_results_live=True)
    url, client = _url(town, ballot), _anonymous(app)
    monkeypatch.setattr("planner.surveys.ballots.views.utcnow", lambda: ballot.closes_at - timedelta(minutes=1))
    assert "running results" in _page(client, url)
    monkeypatch.setattr("planner.surveys.ballots.views.utcnow", lambda: ballot.closes_at + timedelta(minutes=1))
    closed = _page(client, url)
    assert "running results" not in closed and '<span class="badge">Closed</span>' in closed


def test_a_vote_shows_at_once(app, db, town, make_ballot, make_resident):
    ballot = _with_votes(db, town, make_ballot, make_resident, is_results_live=True)
    url, client = _url(town, ballot), _anonymous(app)
    assert "<strong>6</strong>" in _page(client, url)  # ballots counted
    vote_as(db, ballot, make_resident(town, sex="f", age_band="30-44"), {3: 1})
    assert "<strong>7</strong>" in _page(client, url)


def test_languages_addresses_and_ballots_are_kept_apart(app, db, town, make_ballot, make_resident):
    first = _with_votes(db, town, make_ballot, make_resident, is_results_live=True)
    second = make_ballot(town, "single", options=("Bridge", "Clinic"), title="Second ballot", is_results_live=True)
    english = _page(_anonymous(app), _url(town, first))
    assert "Turnout" in english and "Turnout" not in _page(_anonymous(app, "ru"), _url(town, first))
    mounted = _page(_anonymous(app), _url(town, first), base_url="http://localhost/planner/")
    assert f'href="/planner{_url(town, first)}.csv"' in mounted
    assert f'href="{_url(town, first)}.csv"' in _page(_anonymous(app), _url(town, first))
    other = _page(_anonymous(app), _url(town, second))
    assert "Second ballot" in other and "Road" not in other


@pytest.mark.parametrize("staff_first", [True, False])
def test_the_priority_form_is_the_staff_s_own(make_app, db, town, staff, make_user, make_member, make_ballot,
                                              make_resident, staff_first):
    app = make_app(WTF_CSRF_ENABLED=True)
    ballot = _with_votes(db, town, make_ballot, make_resident)
    ballot.opens_at, ballot.closes_at = ballot.opens_at - timedelta(days=3), ballot.opens_at - timedelta(days=1)
    db.session.commit()
    second_staff = make_user()
    make_member(second_staff, town, "staff")
    readers = {"staff": _signed_in(app, staff), "second staff": _signed_in(app, second_staff),
               "resident": _signed_in(app, make_resident(town)), "anonymous": _anonymous(app)}
    order = list(readers) if staff_first else list(readers)[::-1]
    pages = {name: _page(readers[name], _url(town, ballot)) for name in order}
    assert {name for name, page in pages.items() if "Make the priority list" in page} == {"staff", "second staff"}
    tokens = {name: TOKEN.findall(page) for name, page in pages.items()}
    assert len(tokens["staff"]) >= 1 and len(tokens["second staff"]) >= 1
    assert not set(tokens["staff"]) & set(tokens["second staff"])  # each session's own token
    assert all("Total votes" in page for page in pages.values())

"""The municipality's public page keeps its features' sections per data version
(planner/public/sections.py): these tests try to be shown what another reader, another
language, another address or an earlier hour was shown, without any write in between."""
from datetime import timedelta

import pytest

from planner import page_cache

from ..conftest import signed_in_client as _signed_in
from ..conftest import statements as _statements

NEW_BALLOT = "/ballots/new"
pytestmark = pytest.mark.usefixtures("nothing_kept")


def _page(client, municipality, **kwargs):
    response = client.get(f"/m/{municipality.slug}/", **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _clock(monkeypatch, moment):
    """Move the clock the page and its ballot section read (nothing is written)."""
    monkeypatch.setattr("planner.public.sections.utcnow", lambda: moment)
    monkeypatch.setattr("planner.surveys.ballots.views.utcnow", lambda: moment)


def test_a_ballot_opening_and_closing_at_its_hour_shows_without_a_write(app, client, town, make_ballot,
                                                                        monkeypatch):
    ballot = make_ballot(town, state="future", title="Roads first")
    version = page_cache.current_version()
    results = f"/m/{town.slug}/ballots/{ballot.id}/results"

    _clock(monkeypatch, ballot.opens_at - timedelta(minutes=5))
    before = _page(client, town)
    assert "Roads first" in before and "opens " in before and results not in before
    assert _page(client, town) == before  # kept: the same page until the hour

    _clock(monkeypatch, ballot.opens_at)
    opened = _page(client, town)
    assert "until " in opened and "opens " not in opened

    _clock(monkeypatch, ballot.closes_at + timedelta(seconds=1))
    closed = _page(client, town)
    assert "until " not in closed and results in closed
    assert page_cache.current_version() == version  # the clock alone, no write


@pytest.mark.parametrize("order", ["staff first", "anonymous first"])
def test_readers_with_other_rights_are_not_shown_each_other_s_sections(app, town, staff, make_user, make_resident,
                                                                        make_ballot, order):
    """The staff's "New ballot" button is kept for staff and administrators only, whoever
    was drawn first; a resident and a visitor without an account never get it."""
    make_ballot(town, title="Roads first")
    readers = {"staff": _signed_in(app, staff), "admin": _signed_in(app, make_user(is_admin=True)),
               "resident": _signed_in(app, make_resident(town)), "anonymous": app.test_client()}
    names = ["staff", "anonymous", "admin", "resident"] if order == "staff first" else \
        ["anonymous", "resident", "staff", "admin"]
    pages = {name: _page(readers[name], town) for name in names}
    assert all("Roads first" in page for page in pages.values())
    assert {name for name, page in pages.items() if f"/m/{town.slug}{NEW_BALLOT}" in page} == {"staff", "admin"}


def test_a_write_shows_at_once(client, db, town, make_ballot):
    ballot = make_ballot(town, title="Roads first")
    first = _page(client, town)
    assert "Roads first" in first and "Ак-Суу" in first
    ballot.title = "Water first"
    town.villages[0].name = "Жаңы-Суу"
    db.session.commit()
    changed = _page(client, town)
    assert "Water first" in changed and "Roads first" not in changed
    assert "Жаңы-Суу" in changed and "Ак-Суу" not in changed


def test_languages_are_kept_apart(app, town, make_ballot):
    make_ballot(town, title="Roads first")
    english = _page(app.test_client(), town, headers={"Accept-Language": "en"})
    kyrgyz = _page(app.test_client(), town, headers={"Accept-Language": "ky"})
    assert ">Villages</h2>" in english and ">Айылдар</h2>" in kyrgyz and ">Villages</h2>" not in kyrgyz
    assert ">Айылдар</h2>" not in _page(app.test_client(), town, headers={"Accept-Language": "en"})


def test_the_address_the_app_is_served_at_is_kept_apart(app, town, make_ballot):
    """Two mount points (one Redis, two addresses): each keeps links to its own."""
    ballot = make_ballot(town, title="Roads first")
    plain = _page(app.test_client(), town)
    assert f'href="/m/{town.slug}/ballots/{ballot.id}"' in plain
    mounted = app.test_client().get(f"/m/{town.slug}/", base_url="http://localhost/planner/")
    assert mounted.status_code == 200
    assert f'href="/planner/m/{town.slug}/ballots/{ballot.id}"' in mounted.get_data(as_text=True)
    assert f'href="/planner/m/{town.slug}/' not in _page(app.test_client(), town)


def test_the_page_reads_the_version_with_the_municipality(app, db, town, make_ballot):
    """Kept sections cost one statement (the municipality, its villages and the version)
    for a visitor without an account; the first drawing no more than before (8 at most)."""
    make_ballot(town, title="Roads first")
    client = app.test_client()
    first = _statements(db, lambda: _page(client, town))
    again = _statements(db, lambda: _page(client, town))
    assert len(first) <= 8
    assert len(again) == 1 and "data_version" in again[0]


def test_each_municipality_keeps_its_own(app, make_municipality, make_ballot):
    north, south = make_municipality(villages=("North village",)), make_municipality(villages=("South village",))
    make_ballot(north, title="North ballot")
    make_ballot(south, title="South ballot")
    client = app.test_client()
    north_page, south_page = _page(client, north), _page(client, south)
    assert "North ballot" in north_page and "South" not in north_page
    assert "South ballot" in south_page and "North" not in south_page

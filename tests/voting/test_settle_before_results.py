"""The results page and its exports read the data version with the ballot, then settle (mix)
a closed ballot's last sealed votes, which commits a write: the first request after closing
must count under the newer version, not reuse the tally kept before the mix (found by
review: the closing request showed final results, and the CSV, without the last votes)."""
import re
from datetime import timedelta

import pytest

from planner.surveys.ballots import services

from .conftest import vote_as

pytestmark = pytest.mark.usefixtures("nothing_kept")


def _counted(html):
    return re.search(r"Ballots counted \(online and valid paper\)</th><td class=\"num\"><strong>(\d+)</strong>", html).group(1)


def test_first_results_after_close_include_the_votes_mixed_at_close(app, db, town, make_ballot, make_resident,
                                                                      monkeypatch):
    ballot = make_ballot(town, "single", options=("Road", "Water", "School"), is_results_live=True)
    for i in range(6):
        vote_as(db, ballot, make_resident(town, sex="f", age_band="30-44"), {1: 1})
    by_position = {o.position: o.id for o in ballot.options}
    for i in range(3):  # cast, sealed, not mixed yet (a batch is not full)
        services.cast_vote(ballot, make_resident(town, sex="f", age_band="30-44"), {by_position[2]: 1})
        db.session.commit()
    client = app.test_client()
    client.set_cookie("lang", "en")
    url = f"/m/{town.slug}/ballots/{ballot.id}/results"
    monkeypatch.setattr("planner.surveys.ballots.views.utcnow", lambda: ballot.closes_at - timedelta(minutes=1))
    client.get(url)  # running results: the tally of the mixed six kept under this version
    monkeypatch.setattr("planner.surveys.ballots.views.utcnow", lambda: ballot.closes_at + timedelta(minutes=1))
    first = client.get(url).get_data(as_text=True)  # settles: mixes the last three
    second = client.get(url).get_data(as_text=True)
    assert _counted(second) == "9"
    assert first == second, "the closing request shows the tally kept before the mix"


def test_csv_after_close_includes_the_votes_mixed_at_close(app, db, town, make_ballot, make_resident, monkeypatch):
    ballot = make_ballot(town, "single", options=("Road", "Water", "School"), is_results_live=True)
    for i in range(6):
        vote_as(db, ballot, make_resident(town, sex="f", age_band="30-44"), {1: 1})
    by_position = {o.position: o.id for o in ballot.options}
    for i in range(3):
        services.cast_vote(ballot, make_resident(town, sex="f", age_band="30-44"), {by_position[2]: 1})
        db.session.commit()
    client = app.test_client()
    base = f"/m/{town.slug}/ballots/{ballot.id}/results"
    monkeypatch.setattr("planner.surveys.ballots.views.utcnow", lambda: ballot.closes_at - timedelta(minutes=1))
    client.get(base)
    monkeypatch.setattr("planner.surveys.ballots.views.utcnow", lambda: ballot.closes_at + timedelta(minutes=1))
    first = client.get(base + ".csv").get_data(as_text=True)
    second = client.get(base + ".csv").get_data(as_text=True)
    assert ",Water,3," in second
    assert first == second, "the closing CSV is the tally kept before the mix"

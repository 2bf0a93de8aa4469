"""The results page's lists and chart are drawn once per ballot, data version and language and
kept (``ballots/result_rows.py``): each test fails if the kept drawing's key missed one of them,
or if the drawing differs from what the page drew without it."""
import re

from planner.surveys.ballots import counting, result_rows
from planner.surveys.ballots.forms import DIMENSION_LABELS, SEX_LABELS

from .conftest import backdate, vote_as


def _url(town, ballot):
    return f"/m/{town.slug}/ballots/{ballot.id}/results"


def _totals(page):
    """The option rows' texts and totals, as the table shows them."""
    return re.findall(r'<td data-label="[^"]*">([^<]*)</td>\n(?:<td[^>]*>[^<]*</td>\n)*'
                      r'<td data-label="[^"]*" class="num"><strong>([^<]*)</strong>', page)


def _ballot(db, town, make_resident, make_ballot, options=("Road", "Water", "School"), choices=(1, 1, 2, 2, 3),
            close=True):
    ballot = make_ballot(town, "single", options=options, is_results_live=not close)
    for choice in choices:
        vote_as(db, ballot, make_resident(town, sex="f", age_band="30-44"), {choice: 1})
    if close:
        backdate(db, ballot, "closed")
    return ballot


def test_the_kept_drawing_follows_the_language(client, db, town, make_resident, make_ballot):
    ballot = _ballot(db, town, make_resident, make_ballot)
    english = client.get(_url(town, ballot)).get_data(as_text=True)
    russian = client.get(_url(town, ballot), headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<td data-label="Rank">' in english and "<li>Road:" in english
    assert '<td data-label="Место">' in russian and '<td data-label="Rank">' not in russian
    assert "Всего голосов" in russian.split("<tbody>")[1]  # the rows' labels, not only the heading's


def test_the_kept_drawing_follows_the_data(client, db, town, make_resident, make_ballot):
    ballot = _ballot(db, town, make_resident, make_ballot, close=False)  # running results, shown while open
    assert _totals(client.get(_url(town, ballot)).get_data(as_text=True)) == [("Road", "2"), ("Water", "2"),
                                                                              ("School", "1")]
    vote_as(db, ballot, make_resident(town, sex="f", age_band="30-44"), {3: 1})
    vote_as(db, ballot, make_resident(town, sex="f", age_band="30-44"), {3: 1})
    page = client.get(_url(town, ballot)).get_data(as_text=True)
    assert _totals(page) == [("School", "3"), ("Road", "2"), ("Water", "2")]
    assert "<li>School:\n\n  3 + 0 = 3; 3 ÷ 7 = 42.9 %\n\n</li>" in page


def test_the_kept_drawing_is_the_ballots_own(client, db, town, make_resident, make_ballot):
    first = _ballot(db, town, make_resident, make_ballot)
    second = _ballot(db, town, make_resident, make_ballot, options=("Bridge", "Clinic", "Park"),
                     choices=(2, 2, 2, 1, 1))
    assert [text for text, _ in _totals(client.get(_url(town, first)).get_data(as_text=True))] == [
        "Road", "Water", "School"]
    assert _totals(client.get(_url(town, second)).get_data(as_text=True)) == [("Clinic", "3"), ("Bridge", "2"),
                                                                              ("Park", "0")]


def test_a_result_counted_afresh_is_drawn_afresh(app, db, town, make_resident, make_ballot, request_ctx):
    """Without a data version (counted afresh) nothing is kept; with one, the kept drawing is
    the one drawn afresh."""
    ballot = _ballot(db, town, make_resident, make_ballot)
    fresh = counting.count(ballot, kept=False)
    kept = counting.count(ballot)
    assert fresh.version is None and kept.version is not None
    names = {str(v.id): v.name for v in town.villages}
    assert result_rows.drawn(ballot, fresh, names, DIMENSION_LABELS, SEX_LABELS) == result_rows.draw(
        ballot, kept, names, DIMENSION_LABELS, SEX_LABELS)
    assert result_rows.drawn(ballot, kept, names, DIMENSION_LABELS, SEX_LABELS) == result_rows.drawn(
        ballot, kept, names, DIMENSION_LABELS, SEX_LABELS)


def test_an_edit_between_reading_the_ballot_and_the_version_is_not_kept(app, db, town, make_resident, make_ballot,
                                                                        request_ctx):
    """The page reads the ballot (its options' names) and the villages before the tally's
    data version. An edit committed in between must not leave the old names kept under the
    newer version: here the first request's ballot is read, an option is renamed and
    committed, and that request draws its result; a later request must show the new name."""
    ballot = _ballot(db, town, make_resident, make_ballot)
    old_names = {str(v.id): v.name for v in town.villages}
    old_texts = {o.id: o.text for o in ballot.options}
    ballot.villages, ballot.options  # noqa: B018 (the first request's ballot, as it read it)

    with app.app_context():  # another request renames and commits
        from planner.surveys.ballots.models import Ballot

        other = db.session.get(Ballot, ballot.id)
        other.options[0].text = "Paved road"
        db.session.commit()
    first_request = counting.count(ballot)  # the version read after the edit
    drawn = result_rows.drawn(ballot, first_request, old_names, DIMENSION_LABELS, SEX_LABELS)
    assert old_texts[ballot.options[0].id] in drawn.option_rows

    db.session.close()
    fresh_ballot = db.session.get(type(ballot), ballot.id)
    names = {str(v.id): v.name for v in town.villages}
    later = result_rows.drawn(fresh_ballot, counting.count(fresh_ballot), names, DIMENSION_LABELS, SEX_LABELS)
    assert "Paved road" in later.option_rows

"""Survey results read the data version with the survey, then settle (mix) a closed survey's
last sealed answers, which commits a write: the first request after closing must not read
the rows kept under the older version, before the mix (found by review)."""
import re
from datetime import date, timedelta

import pytest

from planner.surveys import sealed_answers

from .test_answer_secrecy import _answer, _answered

pytestmark = pytest.mark.usefixtures("request_ctx", "nothing_kept")


def _respondents(page):
    return re.search(r'<p class="lead">(\d+) respondents?', page).group(1)


def test_first_results_after_close_include_the_answers_mixed_at_close(app, db, kg, make_survey, make_user,
                                                                        make_member, monkeypatch):
    survey, _truth = _answered(db, make_survey, make_user, make_member, kg)
    for n in range(2):
        user = make_user()
        make_member(user, kg, "resident")
        _answer(survey, user, f"Late {n}")
    assert sealed_answers.pending(survey.id) == 2
    survey.closes_on, survey.is_public_results = date.today(), True
    db.session.commit()
    client = app.test_client()
    client.set_cookie("lang", "en")
    url = f"/m/{kg.slug}/surveys/{survey.id}/results"
    assert _respondents(client.get(url).get_data(as_text=True)) == "10"  # open: the mixed ten
    monkeypatch.setattr("planner.surveys.results_views.today", lambda: date.today() + timedelta(days=1))
    first = client.get(url).get_data(as_text=True)  # closed: settles, mixes the last two
    assert sealed_answers.pending(survey.id) == 0
    second = client.get(url).get_data(as_text=True)
    assert _respondents(second) == "12"
    assert _respondents(first) == "12", "the closing request shows rows kept before the mix"

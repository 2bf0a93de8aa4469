"""Live exercises and the evaluation: joined by short code, one answer per browser, the
projector view shows the votes, evaluation results hand-computed and compared."""
import re

import pytest
from sqlalchemy import func, select

from planner.workshops import exercises
from planner.workshops.models import Exercise, ExerciseAnswer

from .conftest import login


def _phone(app):
    """A browser of its own, reading English."""
    client = app.test_client()
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def poll(db, trainer, make_workshop):
    workshop = make_workshop()
    item = exercises.open_exercise(workshop, trainer, kind="poll", question="What first?",
                                   options="Drinking water\nRoads\nKindergarten")
    db.session.commit()
    return item


def _answers(db, exercise):
    return db.session.scalar(select(func.count()).select_from(ExerciseAnswer)
                             .where(ExerciseAnswer.exercise_id == exercise.id))


def test_trainer_opens_a_poll_and_lands_on_the_projector(app, db, trainer, make_workshop):
    workshop = make_workshop()
    client = _phone(app)
    login(client, trainer)
    response = client.post(f"/workshops/{workshop.id}/exercises",
                           data={"kind": "priority", "question": "Which two?", "options": "A\nB\nC", "max_choices": "2"})
    item = db.session.scalar(select(Exercise).where(Exercise.workshop_id == workshop.id))
    assert response.status_code == 302 and response.location.endswith(f"/exercises/{item.id}/projector")
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{5}", item.code) and item.max_choices == 2


def test_a_poll_needs_two_options(app, db, trainer, make_workshop):
    workshop = make_workshop()
    client = _phone(app)
    login(client, trainer)
    response = client.post(f"/workshops/{workshop.id}/exercises", data={"kind": "poll", "question": "Q", "options": "A"})
    assert response.status_code == 200 and "Between 2 and 12 options" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Exercise)) == 0


def test_join_by_short_code_as_typed_on_a_phone(app, poll):
    phone = _phone(app)
    assert phone.get("/workshops/join").status_code == 200
    typed = f" {poll.code[:2].lower()}-{poll.code[2:].lower()} "
    response = phone.post("/workshops/join", data={"code": typed})
    assert response.status_code == 302 and response.location.endswith(f"/x/{poll.code}")
    page = phone.get(f"/x/{poll.code.lower()}").get_data(as_text=True)
    assert "What first?" in page and "Kindergarten" in page
    wrong = phone.post("/workshops/join", data={"code": "ZZZZZ" if poll.code != "ZZZZZ" else "YYYYY"})
    assert wrong.status_code == 200 and "No exercise has this code" in wrong.get_data(as_text=True)


def test_one_answer_per_browser(app, db, poll):
    phone = _phone(app)
    assert phone.post(f"/x/{poll.code}", data={"choice": "0"}).status_code == 302
    again = phone.post(f"/x/{poll.code}", data={"choice": "1"})
    assert "already answered" in again.get_data(as_text=True)
    assert _answers(db, poll) == 1
    # a browser that throws its cookie away is another browser; a forged cookie is not a browser id
    other = _phone(app)
    other.set_cookie("planner-browser", "forged.value")
    assert other.post(f"/x/{poll.code}", data={"choice": "1"}).status_code == 302
    assert _answers(db, poll) == 2
    assert [a.value for a in db.session.scalars(select(ExerciseAnswer).order_by(ExerciseAnswer.id))] == [
        {"choices": [0]}, {"choices": [1]}]


def test_bad_answers_are_refused_and_nothing_is_stored(app, db, poll):
    phone = _phone(app)
    for data in ({"choice": "7"}, {"choice": "x"}, {}, {"choice": ["0", "1"]}):
        response = phone.post(f"/x/{poll.code}", data=data)
        assert response.status_code == 200
        assert "error-box" in response.get_data(as_text=True)
    assert _answers(db, poll) == 0
    poll.is_open = False
    db.session.commit()
    closed = phone.post(f"/x/{poll.code}", data={"choice": "0"})
    assert "This exercise is closed." in closed.get_data(as_text=True) and _answers(db, poll) == 0


def test_projector_view_shows_the_vote_and_refreshes_itself(app, db, poll, trainer):
    for choice in ("0", "0", "2"):
        _phone(app).post(f"/x/{poll.code}", data={"choice": choice})
    projector = _phone(app)
    login(projector, trainer)
    response = projector.get(f"/workshops/{poll.workshop_id}/exercises/{poll.id}/projector")
    page = response.get_data(as_text=True)
    assert "3 answers" in page and poll.code in page
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td></tr>', page)
    assert rows == [("Drinking water", "2"), ("Roads", "0"), ("Kindergarten", "1")]
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert re.search(r'<script src="/static/projector\.js[^"]*" defer></script>', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script under the CSP
    assert "default-src 'self'" in response.headers.get("Content-Security-Policy", "")


def test_brainstorm_collects_texts(app, db, trainer, make_workshop):
    item = exercises.open_exercise(make_workshop(), trainer, kind="brainstorm", question="Problems?", options="")
    db.session.commit()
    _phone(app).post(f"/x/{item.code}", data={"text": "No <b>water</b> in summer"})
    assert _phone(app).post(f"/x/{item.code}", data={"text": "  "}).status_code == 200
    projector = _phone(app)
    login(projector, trainer)
    page = projector.get(f"/workshops/{item.workshop_id}/exercises/{item.id}/projector").get_data(as_text=True)
    assert "No &lt;b&gt;water&lt;/b&gt; in summer" in page and "1 answer" in page


def _evaluate(app, code, usefulness, recommend, useful="", improve=""):
    return _phone(app).post(f"/x/{code}", data={"usefulness": usefulness, "recommend": recommend,
                                                      "most_useful": useful, "improve": improve})


def test_evaluation_results_hand_computed_and_compared(app, db, trainer, make_workshop):
    first, second = make_workshop(title="Gülchö training"), make_workshop(title="Nookat training")
    client = _phone(app)
    login(client, trainer)
    client.post(f"/workshops/{first.id}/evaluation")
    client.post(f"/workshops/{first.id}/evaluation")  # the same one again, not a second
    assert db.session.scalar(select(func.count()).select_from(Exercise).where(Exercise.kind == "evaluation")) == 1
    one = exercises.evaluation_of(first)
    two = exercises.open_evaluation(second, trainer)
    db.session.commit()
    for score, rec in (("5", "yes"), ("4", "yes"), ("2", "no")):
        assert _evaluate(app, one.code, score, rec, useful="The JAP exercise").status_code == 302
    assert _evaluate(app, one.code, "9", "yes").status_code == 200  # refused
    assert _evaluate(app, one.code, "3", "").status_code == 200  # refused
    for score in ("3", "4"):
        _evaluate(app, two.code, score, "yes", improve="More time")
    result = exercises.evaluation_results(first, one)
    assert result.answers == 3 and result.by_score == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert result.mean == pytest.approx(11 / 3) and result.recommend == 2
    page = client.get(f"/workshops/{first.id}/evaluation").get_data(as_text=True)
    assert "3 answers" in page and "usefulness 3.7 of 5" in page and "67% would recommend it" in page
    assert "The JAP exercise" in page
    compared = client.get("/workshops/evaluations").get_data(as_text=True)
    rows = re.findall(r'<tr><th scope="row"><a [^>]+>([^<]+)</a></th>.*?<td class="num"[^>]*>(\d+)</td>\s*'
                      r'<td class="num"[^>]*>([\d.,—]+)</td>\s*<td class="num"[^>]*>([\d—]+)</td></tr>', compared, re.S)
    assert sorted(rows) == [("Gülchö training", "3", "3.7", "67"), ("Nookat training", "2", "3.5", "100")]
    assert "<svg" in compared


def test_results_stay_with_the_workshop(app, db, poll, trainer, make_user):
    _phone(app).post(f"/x/{poll.code}", data={"choice": "1"})
    stranger = _phone(app)
    login(stranger, make_user(is_trainer=True))
    assert stranger.get(f"/workshops/{poll.workshop_id}/exercises/{poll.id}/projector").status_code == 403
    assert "What first?" not in stranger.get("/workshops/evaluations").get_data(as_text=True)
    from planner.workshops import services
    services.delete_workshop(poll.workshop, trainer, app.config["WORKSHOPS_UPLOAD_DIR"])
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(ExerciseAnswer)) == 0

"""The write step: perform() commits or rolls back, after-commit hooks run only for saved data."""
import pytest
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import StringField

from planner.actions import after_commit, commit, perform
from planner.errors import ServiceError
from planner.municipalities.models import Municipality


class _Form(FlaskForm):
    class Meta:
        csrf = False

    name = StringField()


def _rename(municipality, name, *, refuse=False, ran=None):
    municipality.name = name
    if ran is not None:
        after_commit(lambda: ran.append(name))
    if refuse:
        raise ServiceError("refused", field="name")
    return name.upper()


def test_perform_commits_and_runs_hooks_after_the_commit(app, db, make_municipality):
    municipality = make_municipality()
    ran = []
    with app.test_request_context():
        outcome = perform(_rename, municipality, "Saved", ran=ran)
    assert outcome and outcome.value == "SAVED"
    assert ran == ["Saved"]
    db.session.expire_all()
    assert db.session.get(Municipality, municipality.id).name == "Saved"


def test_a_refusal_rolls_back_shows_the_message_and_runs_no_hook(app, db, make_municipality):
    municipality = make_municipality(name="Before")
    ran = []
    with app.test_request_context(method="POST", data={"name": "After"}):
        form = _Form()
        outcome = perform(_rename, municipality, "After", refuse=True, ran=ran, form=form)
        assert not outcome
        assert form.name.errors == ["refused"]
        # the object in the session is the stored one again, not the refused change
        assert municipality.name == "Before"
        commit()
    assert ran == []
    db.session.expire_all()
    assert db.session.get(Municipality, municipality.id).name == "Before"


def test_a_failed_commit_runs_no_hook(app, db, make_municipality):
    first = make_municipality()
    second = make_municipality()
    ran = []
    with app.test_request_context():
        second.slug = first.slug  # UNIQUE
        after_commit(lambda: ran.append("sent"))
        with pytest.raises(IntegrityError):
            commit()
        db.session.rollback()
        commit()  # a later, successful commit does not run the forgotten hook
    assert ran == []


def test_a_hook_of_a_rolled_back_savepoint_is_dropped_the_outer_one_runs(app, db, make_municipality):
    municipality = make_municipality()
    ran = []
    with app.test_request_context():
        after_commit(lambda: ran.append("outer"))
        savepoint = db.session.begin_nested()
        municipality.name = "Inner"
        after_commit(lambda: ran.append("inner"))
        savepoint.rollback()
        assert ran == []
        commit()
    assert ran == ["outer"]


def test_a_failing_hook_does_not_undo_the_commit_or_stop_the_others(app, db, make_municipality):
    municipality = make_municipality()
    ran = []
    with app.test_request_context():
        municipality.name = "Kept"

        def broken():
            raise RuntimeError("mail server down")

        after_commit(broken)
        after_commit(lambda: ran.append("next"))
        commit()
    assert ran == ["next"]
    db.session.expire_all()
    assert db.session.get(Municipality, municipality.id).name == "Kept"


def test_after_commit_once_gathers_a_transactions_items_for_one_hook(app, db, make_municipality):
    """A burst of changes, one job: the items of one transaction reach one hook call, sorted;
    a rolled-back transaction's items and hook are dropped, and the next one gathers anew."""
    from planner.actions import after_commit_once

    calls = []
    make_municipality()
    after_commit_once("test.key", {3, 1}, calls.append)
    after_commit_once("test.key", (2, 3), calls.append)
    after_commit_once("test.other", (9,), calls.append)
    assert calls == []  # nothing before the commit
    commit()
    assert calls == [[1, 2, 3], [9]]
    make_municipality()
    after_commit_once("test.key", (5,), calls.append)
    db.session.rollback()
    make_municipality()
    after_commit_once("test.key", (4,), calls.append)
    commit()
    assert calls == [[1, 2, 3], [9], [4]]

from datetime import timedelta

import pytest

from planner.models import utcnow


@pytest.fixture
def make_ballot(db, make_user):
    """make_ballot(municipality, method="single", options=("A", "B", "C"), state="open", **fields)."""
    from planner.surveys.ballots import services

    def make(municipality, method="single", options=("A", "B", "C"), state="open", by=None, **fields):
        now = utcnow()
        opens, closes = {
            "open": (now - timedelta(days=1), now + timedelta(days=1)),
            "closed": (now - timedelta(days=2), now - timedelta(hours=1)),
            "future": (now + timedelta(days=1), now + timedelta(days=2)),
        }[state]
        values = dict(title="Priorities 2027", explanation="", method=method, max_choices=fields.pop("k", 2),
                      max_per_option=fields.pop("m", 1), opens_at=opens, closes_at=closes, is_results_live=False)
        values.update(fields)
        ballot = services.create_ballot(municipality, by or make_user(), options=[(o, {}) for o in options], **values)
        db.session.commit()
        return ballot

    return make


@pytest.fixture
def town(make_municipality):
    """A municipality (with villages) for a test's ballots."""
    return make_municipality()


@pytest.fixture
def staff(town, make_user, make_member):
    """A staff member of ``town``."""
    user = make_user()
    make_member(user, town, "staff")
    return user


@pytest.fixture
def make_resident(make_user, make_member):
    def make(municipality, village=None, **user_fields):
        user = make_user(**user_fields)
        make_member(user, municipality, "resident", village=village)
        return user

    return make


def vote_as(db, ballot, user, choices, now=None):
    """Cast and commit, then mix the sealed vote into the ballot as at close, so that it
    counts at once; ``choices`` maps option positions (1-based) to values. (The secrecy
    tests cast without mixing: tests/voting/test_secrecy.py.)"""
    from planner.surveys.ballots import services

    by_position = {o.position: o.id for o in ballot.options}
    version = services.cast_vote(ballot, user, {by_position[p]: v for p, v in choices.items()}, now=now)
    db.session.commit()
    settle(db, ballot)
    return version


def settle(db, ballot):
    """Mix whatever sealed votes wait, as at close, and commit."""
    from planner.surveys.ballots import mixing

    mixing.mix_ballot(ballot.id, final=True)
    db.session.commit()


def backdate(db, ballot, state):
    """Move a ballot's times so that it is closed (keeps its votes)."""
    now = utcnow()
    if state == "closed":
        ballot.opens_at, ballot.closes_at = now - timedelta(days=3), now - timedelta(minutes=1)
    db.session.commit()


@pytest.fixture
def request_ctx(app):
    """Services translate their messages: give them a request (English)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield



@pytest.fixture
def client(app):
    """The foundation's client, asking for English (anonymous pages follow the browser)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client

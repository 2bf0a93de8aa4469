from datetime import timedelta

import pytest

from planner.actions import commit
from planner.models import utcnow


@pytest.fixture
def rq(app):
    """A request context (English), for services that translate their messages."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield app


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def times(state):
    now = utcnow()
    return {
        "open": (now - timedelta(days=1), now + timedelta(days=1)),
        "closed": (now - timedelta(days=2), now - timedelta(hours=1)),
        "future": (now + timedelta(days=1), now + timedelta(days=2)),
    }[state]


@pytest.fixture
def make_pb(db, make_user, make_member):
    """make_pb(municipality, costs=(40, 30, 30, 20), budget=100, style="budget", rule="greedy", state="open")."""
    from planner.budgeting import services

    def make(municipality, costs=(40, 30, 30, 20), budget=100, style="budget", rule="greedy", state="open",
             by=None, **fields):
        if by is None:
            by = make_user()
            make_member(by, municipality, "staff")
        opens, closes = times("open")
        ballot = services.create_ballot(municipality, by, title="Village projects 2027", style=style, rule=rule,
                                        budget=budget, opens_at=opens, closes_at=closes,
                                        max_choices=fields.pop("k", 2), **fields)
        for i, cost in enumerate(costs, 1):
            services.add_project(ballot, by, title=f"Project {i}", cost=cost)
        ballot.opens_at, ballot.closes_at = times(state)
        db.session.commit()
        return ballot

    return make


@pytest.fixture
def make_resident(make_user, make_member):
    def make(municipality, village=None, **fields):
        user = make_user(**fields)
        make_member(user, municipality, "resident", village=village)
        return user

    return make


@pytest.fixture
def staff(town, make_user, make_member):
    """staff(): a new staff member of the test module's ``town``."""
    def make():
        user = make_user()
        make_member(user, town, "staff")
        return user

    return make


def money(amount):
    return f"{amount} KGS"


def vote_as(db, ballot, user, positions, now=None):
    """Cast and commit; ``positions`` maps project positions (1-based) to values (or is a list)."""
    from planner.budgeting import services

    if not isinstance(positions, dict):
        positions = {p: 1 for p in positions}
    by_position = {p.position: p.id for p in ballot.projects}
    version = services.cast_vote(ballot, user, {by_position[p]: v for p, v in positions.items()}, money, now=now)
    commit()  # with its after-commit hooks: a full batch of sealed papers is mixed
    return version


def close(db, ballot):
    """Close the ballot and mix the papers still sealed, as the results page does."""
    from planner.budgeting import mixing

    now = utcnow()
    ballot.opens_at, ballot.closes_at = now - timedelta(days=3), now - timedelta(minutes=1)
    db.session.commit()
    mixing.settle(ballot, now)
    db.session.commit()


def confirmed_batch(db, ballot, village, papers, make_user, make_member):
    """A batch of ``papers`` (lists of project positions) for ``village``, entered by one staff
    member and confirmed by another, committed."""
    from planner.budgeting import paper

    clerk, checker = make_user(), make_user()
    make_member(clerk, ballot.municipality, "staff")
    make_member(checker, ballot.municipality, "staff")
    by_position = {p.position: p.id for p in ballot.projects}
    batch = paper.open_batch(ballot, village, clerk)
    for marked in papers:
        paper.enter_paper(batch, clerk, {by_position[p]: 1 for p in marked})
    paper.save_reconciliation(batch, clerk, issued=len(papers), spoiled=0, unused=0)
    shown = paper.figures(batch)
    paper.confirm_batch(batch, checker, shown_version=batch.lock_version, shown_digest=paper.digest(batch),
                        typed={"valid": shown["valid"], "invalid": shown["invalid"], **shown["totals"]}, labels={})
    commit()
    return batch

"""Results counted by a background job (budgeting/counts.py): on RQ with the real Redis (a
worker in the test, rq's SimpleWorker in burst mode) and without Redis (in this process,
after the response). The results page of a ballot too large to count in a request never
counts: it shows the stored count and says when that is out of date."""
import pytest
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import select

from planner.actions import perform, run_hooks
from planner.budgeting import counts, results, rules
from planner.budgeting.models import PbBallot, PbCount

from .conftest import close, confirmed_batch, vote_as

BEING_COUNTED = "The results are being counted; this page reloads by itself."
BEING_RECOUNTED = "They are being counted again; this page reloads by itself."
REFRESH = '<meta http-equiv="refresh" content="15">'


@pytest.fixture
def town(make_municipality):
    return make_municipality()


class Calls(list):
    """Every run of rules.count (the whole count): the rule it counted for. ``during``: a
    step run inside the next count, before it counts (an attack's step)."""

    during = None


@pytest.fixture
def calls(monkeypatch):
    made = Calls()
    original = rules.count

    def counting(*args):
        made.append(args[1])
        step, made.during = made.during, None
        if step is not None:
            step()
        return original(*args)

    monkeypatch.setattr(rules, "count", counting)
    return made


def _config(**more):
    # every ballot counts as large: no request may count one
    return dict(PB_COUNT_IN_REQUEST_MAX=0, JOB_INLINE_RETRY_INTERVALS=(0, 0), NOTIFICATIONS_DISPATCH_ON_COMMIT=False,
                **more)


@pytest.fixture
def inline_app(app, make_app):
    """No Redis: a count runs in this process after the response (at once outside a request)."""
    other = make_app(**_config())
    with other.app_context():
        yield other


@pytest.fixture
def rq_app(app, make_app, redis_url, rq_queue):
    other = make_app(**_config(REDIS_URL=redis_url, JOBS_QUEUE=rq_queue, JOB_RETRY_INTERVALS=(0, 0)))
    with other.app_context():
        yield other


def queue_of(app):
    return Queue(app.config["JOBS_QUEUE"], connection=Redis.from_url(app.config["REDIS_URL"]))


def work(app):
    """Run every queued job, as `flask worker --burst --simple` does."""
    queue = queue_of(app)
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def _client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _login(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def _page(client, ballot, town):
    response = client.get(f"/m/{town.slug}/budgeting/{ballot.id}/results")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _stored_version(db, ballot_id):
    db.session.rollback()  # see what other sessions committed
    return db.session.scalar(select(PbCount.version).where(PbCount.ballot_id == ballot_id))


def _ballot_version(db, ballot_id):
    db.session.rollback()
    return db.session.scalar(select(PbBallot.version).where(PbBallot.id == ballot_id))


def _closed_ballot(db, town, make_pb, make_resident, calls, voters=10):
    ballot = make_pb(town, rule="mes_add1")
    for i in range(voters):
        vote_as(db, ballot, make_resident(town), [1 + i % 3])
    close(db, ballot)  # its commits' hooks (the count) are not run: the stored count is out of date
    calls.clear()  # counts of the votes (without Redis: at once)
    return ballot


def test_on_rq_the_page_never_counts_and_the_worker_does(db, rq_app, town, make_pb, make_resident, calls):
    ballot = _closed_ballot(db, town, make_pb, make_resident, calls)
    queue_of(rq_app).empty()  # what the factories queued: the page must queue it itself
    db.session.execute(PbCount.__table__.delete())
    db.session.commit()
    client = _client(rq_app)
    page = _page(client, ballot, town)
    assert BEING_COUNTED in page and REFRESH in page and "Winners by" not in page
    assert calls == []  # nothing counted in the request
    assert queue_of(rq_app).count == 1
    _page(client, ballot, town)  # a reload while the job waits queues no second one
    assert queue_of(rq_app).count == 1 and calls == []
    work(rq_app)
    assert calls == ["mes_add1"]
    assert _stored_version(db, ballot.id) == _ballot_version(db, ballot.id)
    page = _page(client, ballot, town)
    assert "Winners by" in page and "10 ballot papers" in page
    assert BEING_COUNTED not in page and BEING_RECOUNTED not in page and REFRESH not in page
    assert calls == ["mes_add1"]  # the page read the stored count


def _paper_batch(app, ballot_id, village_id, make_user, make_member):
    """A confirmed batch of two paper ballots, entered in a session of its own (another
    request, as in production); its commit runs its hooks (the count is queued)."""
    from planner.municipalities.models import Village

    with app.app_context():
        ballot = db_session().get(PbBallot, ballot_id)
        confirmed_batch(None, ballot, db_session().get(Village, village_id), [[1], [2]], make_user, make_member)


def db_session():
    from planner.extensions import db

    return db.session


def test_a_change_queues_one_count_and_the_page_shows_the_last_count_meanwhile(db, rq_app, town, make_pb, make_resident,
                                                                               make_user, make_member, calls):
    ballot = _closed_ballot(db, town, make_pb, make_resident, calls)
    run_hooks()  # the close's count is queued
    work(rq_app)
    counted_version = _stored_version(db, ballot.id)
    assert counted_version == _ballot_version(db, ballot.id) and len(calls) == 1
    _paper_batch(rq_app, ballot.id, town.villages[0].id, make_user, make_member)
    assert queue_of(rq_app).count == 1
    assert _ballot_version(db, ballot.id) > counted_version
    client = _client(rq_app)
    page = _page(client, ballot, town)
    # the last count, said to be out of date
    assert BEING_RECOUNTED in page and REFRESH in page and "10 ballot papers" in page
    assert len(calls) == 1 and queue_of(rq_app).count == 1
    work(rq_app)
    assert len(calls) == 2 and _stored_version(db, ballot.id) == _ballot_version(db, ballot.id)
    page = _page(client, ballot, town)
    assert BEING_RECOUNTED not in page and REFRESH not in page and "12 ballot papers" in page


def test_a_change_while_the_job_counts_is_not_shown_as_counted(db, rq_app, town, make_pb, make_resident, make_user,
                                                               make_member, calls):
    """Attack: the job has read the ballot's version and its papers, and counts; a paper batch
    is confirmed meanwhile. The stored count must not pass for the current one, and the
    change queues the next count."""
    ballot = _closed_ballot(db, town, make_pb, make_resident, calls)
    queue_of(rq_app).empty()
    calls.during = lambda: _paper_batch(rq_app, ballot.id, town.villages[0].id, make_user, make_member)
    counts.recount(ballot.id)  # the queued job, run here so that the next one stays queued
    db.session.commit()
    assert len(calls) == 1
    assert _stored_version(db, ballot.id) < _ballot_version(db, ballot.id)
    client = _client(rq_app)
    page = _page(client, ballot, town)
    assert BEING_RECOUNTED in page and REFRESH in page and "10 ballot papers" in page
    assert queue_of(rq_app).count == 1  # the change's count waits
    work(rq_app)
    assert len(calls) == 2 and _stored_version(db, ballot.id) == _ballot_version(db, ballot.id)
    page = _page(client, ballot, town)
    assert BEING_RECOUNTED not in page and "12 ballot papers" in page


def test_without_redis_the_count_runs_after_the_response(db, inline_app, town, make_pb, make_resident, calls):
    ballot = _closed_ballot(db, town, make_pb, make_resident, calls)
    db.session.execute(PbCount.__table__.delete())
    db.session.commit()
    client = _client(inline_app)
    response = client.get(f"/m/{town.slug}/budgeting/{ballot.id}/results")
    page = response.get_data(as_text=True)
    assert BEING_COUNTED in page and REFRESH in page and "Winners by" not in page
    assert calls == []  # the response is drawn and nothing was counted
    response.close()  # the jobs of the request run once the response is closed
    assert calls == ["mes_add1"]
    assert _stored_version(db, ballot.id) == _ballot_version(db, ballot.id)
    page = _page(client, ballot, town)
    assert "10 ballot papers" in page and BEING_COUNTED not in page and calls == ["mes_add1"]


def test_without_redis_an_older_count_never_replaces_a_newer_one(db, inline_app, town, make_pb, make_resident,
                                                                  make_user, make_member, calls):
    """The change made during a count has its own count run (in this process, at once after
    its commit) before the first one stores: the first finds a newer count stored and keeps it."""
    ballot = _closed_ballot(db, town, make_pb, make_resident, calls)
    calls.during = lambda: _paper_batch(inline_app, ballot.id, town.villages[0].id, make_user, make_member)
    db.session.execute(PbCount.__table__.delete())
    db.session.commit()
    counts.recount(ballot.id)
    db.session.commit()
    assert len(calls) == 2  # this count, and the change's inside it
    assert _stored_version(db, ballot.id) == _ballot_version(db, ballot.id)
    page = _page(_client(inline_app), ballot, town)
    assert BEING_RECOUNTED not in page and "12 ballot papers" in page


def test_a_small_ballot_is_counted_in_the_request(db, app, client, town, make_pb, make_resident, calls):
    """Below PB_COUNT_IN_REQUEST_MAX (papers x projects^2) the page counts itself: 3 papers x 4^2 = 48."""
    ballot = _closed_ballot(db, town, make_pb, make_resident, calls, voters=3)
    db.session.execute(PbCount.__table__.delete())
    db.session.commit()
    assert counts.cheap(ballot)
    page = _page(client, ballot, town)
    assert "3 ballot papers" in page and BEING_COUNTED not in page and calls == ["mes_add1"]
    app.config["PB_COUNT_IN_REQUEST_MAX"] = 47
    assert not counts.cheap(ballot)


def test_exports_count_a_stale_ballot_rather_than_use_an_old_count(db, inline_app, town, make_pb, make_resident,
                                                                    calls):
    ballot = _closed_ballot(db, town, make_pb, make_resident, calls)
    db.session.execute(PbCount.__table__.delete())
    db.session.commit()
    counted = perform(results.current, ballot).value["all"]  # counted now and stored (the export performs it)
    assert _stored_version(db, ballot.id) == _ballot_version(db, ballot.id) and len(calls) == 1
    db.session.execute(PbBallot.__table__.update().where(PbBallot.id == ballot.id)
                       .values(version=PbBallot.version + 1))  # a change whose count has not run
    db.session.commit()
    db.session.refresh(ballot)
    client = _client(inline_app)
    response = client.get(f"/m/{town.slug}/budgeting/{ballot.id}/export.pb")
    assert response.status_code == 200 and len(calls) == 2  # counted again, not the old count
    assert _stored_version(db, ballot.id) == _ballot_version(db, ballot.id)
    assert results.results(ballot) == counted and len(calls) == 2
    run_hooks()


@pytest.mark.parametrize("language, counting, recounting", [
    ("ky", "Жыйынтыктар эсептелип жатат", "Алар кайра эсептелип жатат"),
    ("ru", "Результаты подсчитываются", "Сейчас они пересчитываются"),
    ("hy", "Արդյունքները հաշվվում են", "Դրանք նորից հաշվվում են"),
])
def test_the_counting_notices_are_translated(db, inline_app, town, make_pb, make_resident, calls, language, counting,
                                             recounting):
    ballot = _closed_ballot(db, town, make_pb, make_resident, calls)
    client = _client(inline_app)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    db.session.execute(PbCount.__table__.delete())
    db.session.commit()
    response = client.get(f"/m/{town.slug}/budgeting/{ballot.id}/results")
    page = response.get_data(as_text=True)
    assert counting in page and REFRESH in page and recounting not in page
    response.close()  # counted
    db.session.execute(PbBallot.__table__.update().where(PbBallot.id == ballot.id)
                       .values(version=PbBallot.version + 1))  # a change whose count has not run yet
    db.session.commit()
    response = client.get(f"/m/{town.slug}/budgeting/{ballot.id}/results")
    page = response.get_data(as_text=True)
    assert recounting in page and REFRESH in page and counting not in page
    assert len(calls) == 1


def test_a_change_after_one_rolled_back_is_counted(db, rq_app, town, make_pb, make_resident, calls):
    from planner.budgeting import services

    from .conftest import money

    ballot = make_pb(town, rule="mes_add1")
    run_hooks()
    queue_of(rq_app).empty()
    db.session.execute(PbCount.__table__.delete())
    db.session.commit()
    first = ballot.projects[0].id
    services.cast_vote(ballot, make_resident(town), {first: 1}, money)
    db.session.rollback()  # its count is never queued
    run_hooks()
    assert queue_of(rq_app).count == 0
    vote_as(db, ballot, make_resident(town), [1])
    assert queue_of(rq_app).count == 1

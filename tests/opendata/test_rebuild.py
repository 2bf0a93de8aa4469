"""The open-data ZIP is rebuilt by a job after commits that change a municipality's data: on
RQ with the real Redis (the worker runs in the test) and in-process after the response without
Redis. One job per burst of commits, none for a change that was not saved; the download serves
the job's file, or the last one with its date while a rebuild waits."""
from datetime import UTC, timedelta

import pytest
from babel.dates import format_datetime as babel_datetime
from rq.registry import FinishedJobRegistry
from sqlalchemy.exc import IntegrityError

from planner.actions import commit, perform, run_hooks
from planner.errors import ServiceError
from planner.extensions import db
from planner.models import utcnow
from planner.municipalities.models import Municipality
from planner.opendata import rebuild, store
from planner.page_cache import current_version

from ..voting.conftest import make_ballot, make_resident, vote_as  # noqa: F401  (fixtures)
from .conftest import queue_of, stored, work

LANGUAGES = ("ky", "ru", "hy", "en")


def _rename(municipality, name):
    municipality.villages[0].name = name
    commit()


def _get(client, municipality, **headers):
    return client.get(f"/m/{municipality.slug}/open-data.zip", headers={"Accept-Language": "en", **headers})


def test_a_change_queues_one_job_for_its_municipality_and_the_worker_builds_it(od_rq_app, make_municipality):
    m, other = make_municipality(), make_municipality()
    work(od_rq_app)
    other_stamp, _files = stored(other)
    _rename(m, "Жаңы-Жол 7Q")
    queue = queue_of(od_rq_app)
    [job] = queue.get_jobs()
    assert job.args[1][0] == m.id  # execute(name, (municipality id, site), description)
    assert "Жаңы-Жол 7Q" not in stored(m)[1]["villages.csv"]  # queued, not built
    work(od_rq_app)
    for locale in LANGUAGES:
        stamp, files = stored(m, locale)
        assert stamp.version == current_version() and "Жаңы-Жол 7Q" in files["villages.csv"]
    assert stored(other)[0] == other_stamp  # the other municipality's file was not rebuilt


def test_a_burst_of_changes_builds_once_from_the_last_version(od_rq_app, make_municipality):
    m = make_municipality()
    queue = work(od_rq_app)
    finished = FinishedJobRegistry(queue=queue).count
    for n in range(5):
        _rename(m, f"Айыл {n} 7Q")
    assert len(queue) == 1 and store.is_pending(m.id)
    work(od_rq_app)
    assert FinishedJobRegistry(queue=queue).count == finished + 1
    stamp, files = stored(m)
    assert stamp.version == current_version() and "Айыл 4 7Q" in files["villages.csv"]
    assert not store.is_pending(m.id)
    _rename(m, "Айыл 5 7Q")  # after the build, the next change queues the next one
    assert len(queue) == 1


def test_a_failed_commit_queues_nothing(od_rq_app, make_municipality):
    m, other = make_municipality(), make_municipality()
    queue = work(od_rq_app)

    def refused():
        m.villages[0].name = "Refused 7Q"
        db.session.flush()
        raise ServiceError("no")

    with od_rq_app.test_request_context():
        assert not perform(refused)
    assert len(queue) == 0 and not store.is_pending(m.id)
    m.villages[0].name = "Never saved 7Q"
    db.session.flush()  # this part is flushed, the next is refused by the database
    db.session.add(Municipality(slug=other.slug, name="Copy", country="KG", currency="KGS"))
    with pytest.raises(IntegrityError):
        commit()
    db.session.rollback()
    assert len(queue) == 0 and not store.is_pending(m.id)
    assert "7Q" not in stored(m)[1]["villages.csv"]


def test_the_download_serves_the_jobs_file_and_costs_nothing_the_second_time(od_rq_app, make_municipality):
    m = make_municipality()
    work(od_rq_app)
    client = od_rq_app.test_client()
    response = _get(client, m)
    assert response.status_code == 200 and response.headers["X-Open-Data-Cache"] == "hit"
    assert response.data == (store.directory() / str(m.id) / "en.zip").read_bytes()
    stamp, files = stored(m)
    assert response.headers["X-Open-Data-Built"] == stamp.built_at.isoformat(timespec="seconds") + "Z"
    assert f"Built on {babel_datetime(stamp.built_at, 'medium', tzinfo=UTC, locale='en')} " in files["README.txt"]
    again = _get(client, m, **{"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = _get(client, m, **{"If-Modified-Since": response.headers["Last-Modified"]})
    assert since.status_code == 304 and since.data == b""
    part = _get(client, m, Range="bytes=100-")  # a download cut off on a slow network resumes
    assert part.status_code == 206 and part.data == response.data[100:]
    assert len(queue_of(od_rq_app)) == 0


def test_a_stale_file_is_served_with_its_date_while_one_rebuild_is_queued(od_rq_app, make_municipality):
    m = make_municipality()
    queue = work(od_rq_app)
    old, _files = stored(m)
    od_rq_app.config["OPENDATA_BUILD_ON_COMMIT"] = False  # here only the download queues the rebuild
    _rename(m, "Stale 7Q")
    assert len(queue) == 0
    client = od_rq_app.test_client()
    for _try in range(2):
        response = _get(client, m)
        stale_etag = response.headers["ETag"]
        assert response.headers["X-Open-Data-Cache"] == "stale"
        assert response.headers["X-Open-Data-Built"] == old.built_at.isoformat(timespec="seconds") + "Z"
        assert len(queue) == 1  # the second download finds the rebuild queued
    assert response.data == (store.directory() / str(m.id) / "en.zip").read_bytes()
    assert "Stale 7Q" not in stored(m)[1]["villages.csv"]
    page = client.get(f"/m/{m.slug}/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"(built {babel_datetime(old.built_at, 'short', tzinfo=UTC, locale='en')})" in page
    work(od_rq_app)
    response = _get(client, m)
    assert response.headers["X-Open-Data-Cache"] == "hit" and response.headers["ETag"] != stale_etag
    assert "Stale 7Q" in stored(m)[1]["villages.csv"]


def test_without_a_file_the_download_builds_it_in_the_request(app, client, make_municipality):
    m = make_municipality()
    assert stored(m) is None
    response = _get(client, m)
    assert response.headers["X-Open-Data-Cache"] == "miss"
    assert {locale: stored(m, locale)[0].version for locale in LANGUAGES} == dict.fromkeys(LANGUAGES, current_version())
    assert _get(client, m).headers["X-Open-Data-Cache"] == "hit"


def test_without_redis_the_rebuild_runs_after_the_response(od_app, make_municipality, make_user, make_member):
    m = make_municipality()
    run_hooks()  # the factory commits without them
    assert stored(m)[0].version == current_version()  # outside a request: built at once after the commit
    staff = make_user()
    make_member(staff, m, "staff")
    run_hooks()
    assert stored(m)[0].version == current_version()
    client = od_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = staff.get_id()
    village = m.villages[0]
    response = client.post(f"/m/{m.slug}/villages/{village.id}/edit", data={"name": "Кызыл-Суу 7Q"})
    assert response.status_code == 302
    assert "Кызыл-Суу 7Q" not in stored(m)[1]["villages.csv"]  # not before the response is sent
    response.close()  # the jobs of the request run once the response is closed
    stamp, files = stored(m)
    assert stamp.version == current_version() and "Кызыл-Суу 7Q" in files["villages.csv"]
    assert not store.is_pending(m.id)


def test_a_change_found_through_its_parents(app, make_municipality):
    from planner.surveys.ballots.models import Ballot, BallotOption, BallotVote

    m = make_municipality()
    now = utcnow()
    ballot = Ballot(municipality_id=m.id, title="B", method="single", opens_at=now, closes_at=now + timedelta(days=1),
                    options=[BallotOption(position=1, text="A")])
    db.session.add(ballot)
    db.session.commit()
    assert rebuild.municipality_of(ballot.options[0]) == m.id
    vote = BallotVote(ballot_id=ballot.id, receipt="r" * 32, option_id=ballot.options[0].id)  # a key, no relationship
    assert rebuild.municipality_of(vote) == m.id
    assert rebuild.municipality_of(m.villages[0]) == m.id and rebuild.municipality_of(m) == m.id


def test_flask_opendata_build_builds_what_is_not_current(app, runner, make_municipality):
    m, other = make_municipality(), make_municipality()
    sandbox = make_municipality(is_sandbox=True)
    result = runner.invoke(args=["opendata", "build"])
    assert result.exit_code == 0 and "2 of 2 open-data files built." in result.output, result.output
    assert stored(m) and stored(other) and stored(sandbox) is None
    assert "0 of 2" in runner.invoke(args=["opendata", "build"]).output
    _rename(m, "Cron 7Q")
    result = runner.invoke(args=["opendata", "build", "--municipality", m.slug])
    assert "1 of 1" in result.output and "Cron 7Q" in stored(m)[1]["villages.csv"]
    assert runner.invoke(args=["opendata", "build", "--municipality", sandbox.slug]).exit_code != 0
    assert rebuild.rebuild(sandbox.id) is False and stored(sandbox) is None


def test_a_ballot_closing_makes_the_file_old_without_any_commit(app, make_municipality, make_ballot, make_resident,
                                                                monkeypatch):
    """Results become public when a ballot closes, which no commit announces: the file says
    until when it holds, and after that it is rebuilt like one whose data changed."""
    m = make_municipality()
    ballot = make_ballot(m, options=("Closing option 7Q", "Other"), title="Closing ballot 7Q")
    for _n in range(6):
        vote_as(db, ballot, make_resident(m), {1: 1})
    stamp = rebuild.build_all(m)
    assert stamp.until == ballot.closes_at and stamp.is_current(current_version(), ballot.closes_at - timedelta(seconds=1))
    assert rebuild.is_current(m) and "Closing option 7Q" not in stored(m)[1]["ballot_results.csv"]
    monkeypatch.setattr(rebuild, "utcnow", lambda: ballot.closes_at + timedelta(seconds=1))  # the clock only
    assert not rebuild.is_current(m)
    monkeypatch.setattr("planner.api.data.utcnow", lambda: ballot.closes_at + timedelta(seconds=1))
    assert rebuild.rebuild(m.id) is True
    assert "Closing option 7Q" in stored(m)[1]["ballot_results.csv"]


def test_bookkeeping_rows_queue_no_rebuild(od_rq_app, make_municipality, make_user):
    """An audit entry or a follow is written about the data but never published: no build."""
    from planner.audit import AuditEntry
    from planner.notifications.models import Follow

    m = make_municipality()
    user = make_user()
    queue = work(od_rq_app)
    db.session.add(AuditEntry(municipality_id=m.id, action="viewed", object_type="municipality", object_id=m.id))
    db.session.add(Follow(user_id=user.id, municipality_id=m.id, target="municipality"))
    commit()
    assert len(queue) == 0 and not store.is_pending(m.id)
    _rename(m, "Counted 7Q")  # the control: a published row does queue
    assert len(queue) == 1

"""The dispatch job runs after commits that make events: in-process after the response on a
laptop, on RQ with Redis (a worker sends). Nothing is queued for a change that rolls back."""
from datetime import timedelta

from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import select

from planner.actions import commit, perform
from planner.errors import ServiceError
from planner.extensions import db
from planner.models import utcnow
from planner.notifications.models import Notification
from planner.surveys.ballots.models import Ballot, BallotOption

from ..mail.conftest import rq_app  # noqa: F401  (fixture)


def _ballot(municipality, title="Көпүрө"):
    now = utcnow()
    ballot = Ballot(municipality_id=municipality.id, title=title, method="single", opens_at=now - timedelta(minutes=5),
                    closes_at=now + timedelta(days=5),
                    options=[BallotOption(position=1, text="A"), BallotOption(position=2, text="B")])
    db.session.add(ballot)
    db.session.flush()
    return ballot


def test_a_commit_that_opens_a_ballot_tells_followers_at_once(mail_app, inbox, make_municipality, follower):
    m = make_municipality()
    user = follower(m, opened="email")
    _ballot(m)
    commit()  # outside a request the job runs at once, after the commit
    assert [msg.envelope_to for msg in inbox.messages] == [[user.email]]


def test_nothing_is_queued_for_a_change_that_rolls_back(mail_app, inbox, make_municipality, follower):
    m = make_municipality()
    follower(m, opened="email")

    def service():
        _ballot(m)
        raise ServiceError("no")

    with mail_app.test_request_context():
        assert not perform(service)
    commit()
    assert inbox.messages == [] and db.session.scalars(select(Notification)).all() == []


def test_a_request_that_announces_a_meeting_tells_followers_after_the_response(mail_app, inbox, make_municipality,
                                                                          make_user, make_member, follower):
    from planner.surveys.models import Meeting

    m = make_municipality()
    user = follower(m, meeting="email")
    staff = make_user()
    make_member(staff, m, "staff")
    client = mail_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = staff.get_id()
    day = (utcnow() + timedelta(days=5)).date()
    response = client.post(f"/m/{m.slug}/meetings/new", data={"kind": "gathering", "held_on": day.isoformat(),
                                                                "place": "Маданият үйү", "target_group": "everyone"})
    response.close()  # the jobs of the request run once the response is closed
    assert response.status_code == 302, response.text
    assert db.session.scalars(select(Meeting)).one().place == "Маданият үйү"
    [message] = inbox.messages
    assert message.envelope_to == [user.email] and "Маданият үйү" in str(message["Subject"])


def test_on_rq_a_worker_dispatches_and_sends(rq_app, inbox, make_municipality, follower):
    m = make_municipality()
    user = follower(m, opened="email")
    _ballot(m)
    commit()
    queue = Queue(rq_app.config["JOBS_QUEUE"], connection=Redis.from_url(rq_app.config["REDIS_URL"]))
    assert len(queue) == 1 and inbox.messages == []  # the dispatch job waits for a worker
    SimpleWorker([queue], connection=queue.connection).work(burst=True)  # dispatch, then the mail it queued
    assert [msg.envelope_to for msg in inbox.messages] == [[user.email]]
    assert db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)).all() == ["ballot_opened"]

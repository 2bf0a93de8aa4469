"""The RQ path against a real Redis: jobs wait in the queue until a worker runs them; a
refused delivery is retried with rq's Retry; the last failure is recorded. The worker runs
in the test (rq's SimpleWorker, burst mode)."""

from redis import Redis
from rq import Queue, SimpleWorker
from rq.registry import FailedJobRegistry
from sqlalchemy import select

from planner.actions import commit
from planner.extensions import db
from planner.jobs import FailedJob
from planner.mail.messages import send



def _queue(app):
    return Queue(app.config["JOBS_QUEUE"], connection=Redis.from_url(app.config["REDIS_URL"]))


def _work(app):
    queue = _queue(app)
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    return queue


def _send():
    send("email_changed", "rq@example.org", "en", name="Aida", new_email="new@example.org")
    commit()


def test_the_worker_sends_what_the_web_process_queued(rq_app, inbox):
    _send()
    assert inbox.messages == [] and len(_queue(rq_app)) == 1  # queued, not sent
    _work(rq_app)
    assert [m.envelope_to for m in inbox.messages] == [["rq@example.org"]]


def test_a_refused_delivery_is_retried_by_rq(rq_app, inbox):
    inbox.refuse = 1
    _send()
    queue = _work(rq_app)
    assert len(inbox.messages) == 1
    assert db.session.scalars(select(FailedJob)).all() == []
    assert FailedJobRegistry(queue=queue).count == 0


def test_the_last_failure_is_recorded(rq_app, inbox):
    inbox.refuse = 10
    _send()
    queue = _work(rq_app)
    assert inbox.messages == []
    [failure] = db.session.scalars(select(FailedJob)).all()
    assert failure.attempts == 3 and "rq@example.org" in failure.description
    assert FailedJobRegistry(queue=queue).count == 1


def test_flask_worker_command_runs_the_queue(rq_app, inbox):
    _send()
    result = rq_app.test_cli_runner().invoke(args=["worker", "--burst", "--simple"])
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1


def test_flask_worker_needs_redis(app, make_app):
    without = make_app(REDIS_URL="")
    result = without.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "PLANNER_REDIS_URL" in result.output


def test_a_separate_worker_process_sends_the_mail(rq_app, inbox, database_url):
    """`flask worker` as its own process, with the default forking RQ worker."""
    import os
    import subprocess
    import sys

    _send()
    env = {**os.environ, "FLASK_APP": "planner", "PLANNER_SECRET_KEY": "worker-test", "PLANNER_DATABASE_URL": database_url,
           "PLANNER_REDIS_URL": rq_app.config["REDIS_URL"], "PLANNER_JOBS_QUEUE": rq_app.config["JOBS_QUEUE"],
           "PLANNER_MAIL_SERVER": "127.0.0.1", "PLANNER_MAIL_PORT": str(inbox.port)}
    done = subprocess.run([sys.executable, "-m", "flask", "worker", "--burst"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [m.envelope_to for m in inbox.messages] == [["rq@example.org"]]

"""Apps that rebuild the open-data ZIP after commits: on RQ with the real Redis (a worker in
the test, rq's SimpleWorker in burst mode), and without Redis (in-process after the response)."""
import io
import zipfile

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from planner.actions import run_hooks
from planner.opendata import store


@pytest.fixture
def od_app(app, make_app):
    """No Redis: the rebuild runs in this process after the response (at once outside a request)."""
    other = make_app(OPENDATA_BUILD_ON_COMMIT=True, NOTIFICATIONS_DISPATCH_ON_COMMIT=False, JOB_INLINE_RETRY_INTERVALS=(0, 0))
    with other.app_context():
        yield other


@pytest.fixture
def od_rq_app(app, make_app, redis_url, rq_queue):
    other = make_app(OPENDATA_BUILD_ON_COMMIT=True, NOTIFICATIONS_DISPATCH_ON_COMMIT=False, REDIS_URL=redis_url,
                     JOBS_QUEUE=rq_queue, JOB_RETRY_INTERVALS=(0, 0))
    with other.app_context():
        yield other


def queue_of(app):
    return Queue(app.config["JOBS_QUEUE"], connection=Redis.from_url(app.config["REDIS_URL"]))


def work(app):
    """Run every queued job in this process, as `flask worker --burst --simple` does (after
    the hooks of the factories' commits, which commit without them)."""
    run_hooks()
    queue = queue_of(app)
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    return queue


def stored(municipality, locale="en"):
    """(stamp, {file name: text}) of the stored ZIP, or None."""
    built = store.open_built(municipality, locale)
    if built is None:
        return None
    with built.file:
        archive = zipfile.ZipFile(io.BytesIO(built.file.read()))
    return built.stamp, {n: archive.read(n).decode("utf-8-sig") for n in archive.namelist()}

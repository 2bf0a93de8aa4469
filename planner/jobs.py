"""Background jobs: work that should not slow a request (sending mail, building files).

``enqueue(func, *args)`` runs ``func(*args)``:

- on RQ when ``PLANNER_REDIS_URL`` is set: a separate ``flask worker`` process runs it, retrying
  with back-off (``rq.Retry`` with ``JOB_RETRY_INTERVALS``);
- otherwise in this process, after the response has been sent (or at once outside a request),
  retrying after ``JOB_INLINE_RETRY_INTERVALS``.

The same job functions run either way, inside an app context. A job that fails on its last try
is recorded as a :class:`FailedJob` (``/admin/failed-jobs``). Queue jobs from an after-commit
hook (``planner.actions.after_commit``), so nothing runs for data that was not saved.

``func`` must be a module-level function and ``args`` plain data (they are pickled for RQ)."""
import importlib
import logging
import os
import time
import traceback
from datetime import datetime

import click
from flask import current_app, g, has_request_context
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .models import utcnow

log = logging.getLogger(__name__)

_PENDING = "planner_jobs_pending"
_RESPONDED = "planner_jobs_responded"
_worker_pid = None  # set by `flask worker`: a job in a forked child drops the parent's connections


class FailedJob(db.Model):
    """A job that failed on its last try."""

    __tablename__ = "failed_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    function: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(500), default="")
    attempts: Mapped[int] = mapped_column(default=1)
    error: Mapped[str] = mapped_column(Text, default="")


def _name(func) -> str:
    return f"{func.__module__}:{func.__qualname__}"


def _resolve(name: str):
    module, _sep, attribute = name.partition(":")
    return getattr(importlib.import_module(module), attribute)


def enqueue(func, *args, description: str = "", timeout: int | None = None):
    """Run ``func(*args)`` in the background. ``description`` names the work on the failed-jobs
    page: give what an administrator may read (never a secret link from ``args``). ``timeout``:
    the seconds a try may take on RQ (default RQ's own, 180)."""
    config = current_app.config
    name = _name(func)
    if config["REDIS_URL"]:
        from rq import Retry

        intervals = list(config["JOB_RETRY_INTERVALS"])
        retry = Retry(max=len(intervals), interval=intervals) if intervals else None
        return queue().enqueue(execute, name, args, description, retry=retry, description=description or name,
                               job_timeout=timeout)
    if has_request_context() and not g.get(_RESPONDED):
        g.setdefault(_PENDING, []).append((name, args, description))
        return None
    run_inline(name, args, description)
    return None


def queue():
    """The RQ queue of this app (``PLANNER_REDIS_URL``, ``JOBS_QUEUE``)."""
    from redis import Redis
    from rq import Queue

    # One client (and its connection pool) per app, not a new connection per job.
    connection = current_app.extensions.get("planner.jobs.redis")
    if connection is None:
        connection = current_app.extensions["planner.jobs.redis"] = Redis.from_url(current_app.config["REDIS_URL"])
    return Queue(current_app.config["JOBS_QUEUE"], connection=connection)


def execute(name: str, args, description: str = "", attempt: int = 1, final: bool | None = None):
    """Run one try of a job in a fresh app context (its own database session); record it
    if it fails on its last try. ``final`` None: on RQ, the try with no retries left."""
    if _worker_pid is not None and os.getpid() != _worker_pid:
        db.engine.dispose(close=False)  # a forked RQ child: the parent's pooled connections are not ours
    with current_app.app_context():
        # A job queued by this job runs at once (or on RQ): there is no response to wait for,
        # even when this job runs inside a request's teardown.
        setattr(g, _RESPONDED, True)
        try:
            result = _resolve(name)(*args)
            db.session.commit()
            return result
        except Exception as error:
            db.session.rollback()
            if final is None:
                from rq import get_current_job

                job = get_current_job()
                final = job is None or not job.retries_left
                if job is not None:
                    attempt = len(current_app.config["JOB_RETRY_INTERVALS"]) + 1 - (job.retries_left or 0)
            if final:
                record_failure(name, description, attempt, error)
            raise
        finally:
            db.session.remove()


def record_failure(name: str, description: str, attempts: int, error: BaseException) -> None:
    text = "".join(traceback.format_exception_only(type(error), error)).strip()
    db.session.add(FailedJob(function=name[:200], description=(description or "")[:500],
                             attempts=attempts, error=text[:4000]))
    db.session.commit()
    log.error("job %s (%s) failed after %d tries: %s", name, description, attempts, text)


def run_inline(name: str, args, description: str = "") -> None:
    """Run a job in this process, retrying after ``JOB_INLINE_RETRY_INTERVALS``."""
    intervals = list(current_app.config["JOB_INLINE_RETRY_INTERVALS"])
    for attempt in range(1, len(intervals) + 2):
        final = attempt > len(intervals)
        try:
            execute(name, args, description, attempt=attempt, final=final)
            return
        except Exception:
            if final:
                return
            time.sleep(intervals[attempt - 1])


def _run_pending(app, jobs):
    def run():
        with app.app_context():
            for name, args, description in jobs:
                run_inline(name, args, description)

    return run


def init_app(app):
    app.after_request(_attach_pending)
    app.cli.add_command(worker_command)


def _attach_pending(response):
    # Jobs queued during this request run once the response has been sent; any queued later
    # (by a teardown) run at once.
    setattr(g, _RESPONDED, True)
    jobs = g.pop(_PENDING, None)
    if jobs:
        response.call_on_close(_run_pending(current_app._get_current_object(), jobs))
    return response


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then stop.")
@click.option("--simple", is_flag=True, help="Run jobs in this process instead of a forked child.")
def worker_command(burst, simple):
    """Run background jobs from Redis (PLANNER_REDIS_URL) until stopped."""
    from rq import SimpleWorker, Worker

    global _worker_pid
    if not current_app.config["REDIS_URL"]:
        raise click.ClickException("Set PLANNER_REDIS_URL: without Redis, jobs run inside the web process.")
    _worker_pid = os.getpid()
    q = queue()
    worker_class = SimpleWorker if simple else Worker
    worker_class([q], connection=q.connection).work(burst=burst, with_scheduler=True)

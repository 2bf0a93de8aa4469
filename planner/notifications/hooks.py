"""Telling followers soon after a change: when a transaction writes data that makes events
(a ballot, a survey, a plan's stage, a monitoring report, a meeting), the
:func:`~planner.notifications.dispatch.dispatch` job is queued for its municipality once the
transaction commits (``after_commit``: nothing for data that was not saved). Time-based
events (closing within 48 hours, a workshop starting) come from ``flask notifications
dispatch`` run by cron."""
from sqlalchemy import event

from ..extensions import db

def _watched():
    from ..monitoring.models import MonitoringReport
    from ..plans.models import StageChange
    from ..surveys.ballots.models import Ballot
    from ..surveys.models import Meeting, Survey

    return (Ballot, Survey, Meeting, MonitoringReport, StageChange)


def _municipality_of(obj):
    municipality_id = getattr(obj, "municipality_id", None)
    if municipality_id is None and getattr(obj, "plan_id", None) is not None:
        from ..plans.models import Plan

        with db.session.no_autoflush:  # inside a flush: the plan was just changed, so it is in the identity map
            plan = db.session.get(Plan, obj.plan_id)
        municipality_id = plan.municipality_id if plan is not None else None
    return municipality_id


def _after_flush(session, _flush_context):
    watched = _watched()
    found = {_municipality_of(obj) for obj in (*session.new, *session.dirty) if isinstance(obj, watched)}
    found.discard(None)
    if not found:
        return
    from .dispatch import queue_dispatch

    queue_dispatch(found)


def init_app(app):
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)

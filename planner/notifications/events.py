"""The events that followers are told about, derived from the data as it is now (in the
style of ``planner.feeds.events``), read through ``planner.api.data`` where it has the rule,
so a practice municipality, a draft, a ballot or survey not yet open, a report not yet
approved or an amendment being prepared is never an event.

Each :class:`Event` has a stable key: the delivery table's unique (user, key) makes it reach
each follower once, however often and wherever the events are derived again. ``when`` is the
moment the event became true (naive UTC); only events of the last ``NOTIFICATIONS_LOOKBACK_HOURS``
and after the follow began are delivered."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..api import data
from ..extensions import db
from ..plans.models import APPROVED, DISCUSSION, SUBMITTED, StageChange
from ..surveys.models import Meeting

CLOSING_WINDOW = timedelta(hours=48)
# The pages an event links to (one place to change when a page's endpoint moves).
ENDPOINTS = {"plan": "plans.detail", "ballot": "ballots.detail", "survey": "surveys.answer",
             "report": "monitoring.report", "meeting": "meetings.detail",
             "problems": "problems.index", "notifications": "notifications.index"}


@dataclass(frozen=True)
class Event:
    key: str
    kind: str  # a Notification kind (kinds.PREFERENCE_OF)
    when: datetime
    municipality_id: int | None
    object_id: int
    title: str
    page: tuple  # (ENDPOINTS key, url values)
    plan_id: int | None = None
    ballot_id: int | None = None
    on: date | None = None
    ongoing: bool = False  # a state that still holds (closing soon): also for those who follow since

    def reaches(self, follow) -> bool:
        """Whether ``follow`` receives it: the right target, and followed before it happened."""
        return follow.target in self.targets and (self.ongoing or follow.created_at <= self.when)

    @property
    def targets(self) -> set:
        """The follows that receive it: the municipality's, and its plan's or ballot's."""
        found = {"municipality"}
        if self.plan_id:
            found.add(f"plan-{self.plan_id}")
        if self.ballot_id:
            found.add(f"ballot-{self.ballot_id}")
        return found


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0))


def municipality_events(municipality, now: datetime, since: datetime) -> list[Event]:
    """The events of one public municipality that happened between ``since`` and ``now``."""
    events = (_ballot_events(municipality, now) + _survey_events(municipality, now) + _plan_events(municipality, since)
              + _report_events(municipality) + _meeting_events(municipality, now))
    return [e for e in events if since <= e.when <= now]


def _ballot_events(m, now):
    events = []
    for ballot in data.public_ballots(m):
        page = ("ballot", {"slug": m.slug, "ballot_id": ballot.id})
        opened = max(ballot.opens_at, ballot.created_at)
        events.append(Event(f"ballot-{ballot.id}-opened", "ballot_opened", opened, m.id, ballot.id, ballot.title, page,
                            ballot_id=ballot.id))
        closing = max(ballot.closes_at - CLOSING_WINDOW, opened)
        if not ballot.is_closed(now) and closing <= now:
            events.append(Event(f"ballot-{ballot.id}-closing", "ballot_closing", closing, m.id, ballot.id, ballot.title,
                                page, ballot_id=ballot.id, on=ballot.closes_at.date(), ongoing=True))
    return events


def _survey_events(m, now):
    events = []
    for survey in data.public_surveys(m):
        page = ("survey", {"slug": m.slug, "survey_id": survey.id})
        opened = max(_midnight(survey.opens_on), survey.created_at)
        events.append(Event(f"survey-{survey.id}-opened", "survey_opened", opened, m.id, survey.id, survey.title, page))
        ends = _midnight(survey.closes_on + timedelta(days=1))
        closing = max(ends - CLOSING_WINDOW, opened)
        if now < ends and closing <= now:
            events.append(Event(f"survey-{survey.id}-closing", "survey_closing", closing, m.id, survey.id,
                                survey.title, page, on=survey.closes_on, ongoing=True))
    return events


def _plan_events(m, since):
    plans = {plan.id: plan for plan in data.public_plans(m)}
    if not plans:
        return []
    changes = db.session.scalars(select(StageChange).where(StageChange.plan_id.in_(plans))
                                 .order_by(StageChange.created_at, StageChange.id)).all()
    events, approved_before = [], set()
    for change in changes:
        plan = plans[change.plan_id]
        amending = change.plan_id in approved_before
        kind = None
        if change.to_stage == APPROVED:
            kind = "plan_amended" if amending else "plan_approved"
            approved_before.add(change.plan_id)
        elif change.to_stage in (DISCUSSION, SUBMITTED) and not amending:  # an amendment in preparation is not public
            kind = "plan_discussion" if change.to_stage == DISCUSSION else "plan_submitted"
        if kind and change.created_at >= since:
            events.append(Event(f"plan-{plan.id}-{change.to_stage}-{change.id}", kind, change.created_at, m.id, plan.id,
                                plan.title, ("plan", {"slug": m.slug, "plan_id": plan.id}), plan_id=plan.id))
    return events


def _report_events(m):
    events = []
    for report in data.approved_reports(m):
        title = report.plan.title if report.plan is not None else ""
        events.append(Event(f"report-{report.id}-approved", "report_approved", report.decided_at or report.created_at,
                            m.id, report.id, title, ("report", {"slug": m.slug, "report_id": report.id}),
                            plan_id=report.plan_id))
    return events


def _meeting_events(m, now):
    """Meetings announced ahead (recorded before their day), while the day has not passed."""
    meetings = db.session.scalars(select(Meeting).where(Meeting.municipality_id == m.id,
                                                        Meeting.held_on >= now.date())).all()
    events = []
    for meeting in meetings:
        if meeting.created_at.date() > meeting.held_on:
            continue
        kind = "hearing_announced" if meeting.kind == "hearing" else "meeting_announced"
        title = meeting.place or (meeting.village.name if meeting.village is not None else m.name)
        events.append(Event(f"meeting-{meeting.id}-announced", kind, meeting.created_at, m.id, meeting.id, title,
                            ("meeting", {"slug": m.slug, "meeting_id": meeting.id}), on=meeting.held_on))
    return events


def workshop_events(now: datetime, since: datetime):
    """Workshops starting within 48 hours: [(event, user ids of the registered participants)]."""
    from ..workshops.models import Participant, Workshop

    rows = db.session.execute(
        select(Workshop, Participant.user_id).join(Participant, Participant.workshop_id == Workshop.id)
        .where(Participant.user_id.is_not(None), Workshop.starts_on >= now.date(),
               Workshop.starts_on <= (now + CLOSING_WINDOW).date())).all()
    found = {}  # event key -> (event, user ids)
    for workshop, user_id in rows:
        when = max(_midnight(workshop.starts_on) - CLOSING_WINDOW, workshop.created_at)
        when = min(max(when, since), now)
        event = Event(f"workshop-{workshop.id}-soon", "workshop_soon", when, None, workshop.id, workshop.title,
                      ("notifications", {}), on=workshop.starts_on, ongoing=True)
        found.setdefault(event.key, (event, set()))[1].add(user_id)
    return list(found.values())

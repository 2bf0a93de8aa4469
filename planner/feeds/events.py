"""The public events of a municipality, newest first, for the Atom feeds: a plan version
approved by the council, a ballot opened or closed, a survey opened, a budget adopted, a
monitoring report approved. Read through ``planner.api.data``, so a practice municipality,
a draft, a ballot not yet open or a report not yet approved never shows."""
from dataclasses import dataclass
from datetime import datetime, time, timezone

from flask import url_for
from flask_babel import gettext as _

from ..api import data
from ..models import utcnow


@dataclass(frozen=True)
class Event:
    key: str  # stable, unique within the site: the entry's id
    when: datetime  # aware, UTC
    title: str
    summary: str
    link: str


def _utc(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value
    return datetime.combine(value, time(0, 0), tzinfo=timezone.utc)


def _url(endpoint, **values):
    return url_for(endpoint, _external=True, **values)


def plan_events(municipality, plan):
    slug = municipality.slug
    events = []
    for decision in data.council_decisions(municipality):
        if decision.plan_id != plan.id or decision.outcome != "approved":
            continue
        events.append(Event(
            f"decision-{decision.id}", _utc(decision.created_at),
            _("Plan approved: %(title)s", title=plan.title),
            _("The council approved the plan by decision No. %(number)s of %(date)s.", number=decision.number,
              date=decision.session_date.isoformat()),
            _url("plans.detail", slug=slug, plan_id=plan.id)))
    for report in data.approved_reports(municipality, plan):
        events.append(Event(
            f"report-{report.id}", _utc(report.decided_at or report.created_at),
            _("Monitoring report approved: %(title)s", title=plan.title),
            _("Visit of %(date)s, progress %(progress)s%%.", date=report.visit_date.isoformat(),
              progress=report.progress),
            _url("monitoring.report", slug=slug, report_id=report.id)))
    return events


def municipality_events(municipality):
    slug, now = municipality.slug, utcnow()
    events = []
    for plan in data.public_plans(municipality):
        events += plan_events(municipality, plan)
    for ballot in data.public_ballots(municipality):
        link = _url("ballots.detail", slug=slug, ballot_id=ballot.id)
        events.append(Event(f"ballot-{ballot.id}-opened", _utc(ballot.opens_at),
                            _("Ballot opened: %(title)s", title=ballot.title),
                            _("Voting is open until %(time)s UTC.", time=ballot.closes_at.isoformat(timespec="minutes")),
                            link))
        if ballot.is_closed(now):
            events.append(Event(f"ballot-{ballot.id}-closed", _utc(ballot.closes_at),
                                _("Ballot closed: %(title)s", title=ballot.title),
                                _("Voting has closed; see the results."), link))
    for survey in data.public_surveys(municipality):
        events.append(Event(f"survey-{survey.id}-opened", _utc(survey.opens_on),
                            _("Survey opened: %(title)s", title=survey.title),
                            _("Open until %(date)s.", date=survey.closes_on.isoformat()),
                            _url("surveys.answer", slug=slug, survey_id=survey.id)))
    for budget in data.adopted_budgets(municipality):
        events.append(Event(f"budget-{budget.id}-adopted", _utc(budget.adopted_on or budget.created_at),
                            _("Budget adopted: %(year)s", year=budget.year), budget.decision,
                            _url("budget.year", slug=slug, year=budget.year)))
    return sorted(events, key=lambda e: (e.when, e.key), reverse=True)

"""What is public about a municipality, as plain data: one place shared by the JSON API,
the Atom feeds and the open-data files, so that all three show the same figures under the
same rules.

- Practice municipalities (``is_sandbox``) are never public here (``public_municipality``).
- A plan's figures are those of the approved version in force (``plans.in_force``); a
  plan that is still a draft, or an amendment being prepared, never shows.
- Ballot results follow the results page: nothing before the results are visible, nothing
  per option under ``MIN_GROUP`` ballots, no online/paper split that would single out a
  small group (``planner.disclosure``); breakdowns by group are not published here.
- Survey results only where the survey publishes them, aggregated (no written answer),
  nothing when the small-group rule hides the survey.
- Meetings as counts per year; monitoring reports approved only; budgets adopted only.
No name, e-mail address or account of a person is ever read into these records."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..budget import queries as budget_queries
from ..budget.execution import execution, last_month_with_actuals
from ..budget.models import KINDS as BUDGET_KINDS
from ..extensions import db
from ..models import utcnow
from ..monitoring.models import APPROVED as REPORT_APPROVED
from ..monitoring.models import MonitoringReport
from ..municipalities.models import Municipality
from ..municipalities.queries import load_municipality
from ..plans import queries as plan_queries
from ..plans.forms import FUNDING_LABELS, KIND_LABELS, STAGE_LABELS
from ..plans.in_force import amendment_in_preparation, in_force
from ..plans.models import APPROVED as PLAN_APPROVED
from ..plans.models import CouncilDecision, Plan, PlanVersion
from ..plans.snapshots import Sheet
from ..surveys import results as survey_results
from ..surveys.ballots import counting
from ..surveys.ballots import services as ballot_services
from ..surveys.ballots.forms import METHOD_LABELS
from ..surveys.ballots.models import Ballot
from ..surveys.queries import attendance_summary
from ..surveys.models import RANKING, Survey


def _text(value):
    return None if value is None else str(value)


def _url(endpoint, **values):
    from flask import url_for

    return url_for(endpoint, _external=True, **values)


# --- municipalities --------------------------------------------------------------------

def public_municipalities():
    return db.session.scalars(select(Municipality).where(Municipality.is_sandbox.is_(False))
                              .order_by(Municipality.name)).all()


def public_municipality(slug):
    """The municipality of the URL, or 404 (also for a practice municipality)."""
    from flask import abort

    municipality = load_municipality(slug)
    if municipality.is_sandbox:
        abort(404)
    return municipality


def municipality_record(m, with_villages=False):
    data = {"slug": m.slug, "name": m.name, "country": m.country, "region": m.region, "district": m.district,
            "currency": m.currency, "default_locale": m.default_locale}
    data["links"] = {"page": _url("public.municipality", slug=m.slug), "feed": _url("feeds.municipality_feed", slug=m.slug),
                     "open_data": _url("opendata.municipality_zip", slug=m.slug)}
    if with_villages:
        data["villages"] = [{"id": v.id, "name": v.name, "population": v.population} for v in m.villages]
    return data


# --- plans -----------------------------------------------------------------------------

def public_plans(municipality):
    return db.session.scalars(plan_queries.plans_of(municipality.id, members=False)).all()


def public_plan(municipality, plan_id):
    from flask import abort

    plan = db.session.scalar(plan_queries.plan_in(municipality.id, plan_id))
    if plan is None or not plan.has_public_version:
        abort(404)
    return plan


def decision_record(decision):
    if decision is None:
        return None
    return {"number": decision.number, "session_date": decision.session_date.isoformat(),
            "outcome": decision.outcome, "votes_for": decision.votes_for,
            "votes_against": decision.votes_against, "votes_abstained": decision.votes_abstained}


def plan_record(plan, with_activities=False):
    """A plan as the public sees it: figures from the approved version only."""
    source = in_force(plan)
    amending = amendment_in_preparation(plan)
    stage = PLAN_APPROVED if amending else plan.stage
    data = {"id": plan.id, "kind": plan.kind, "kind_label": str(KIND_LABELS.get(plan.kind, plan.kind)),
            "title": plan.title, "years": [plan.year_from, plan.year_to], "stage": stage,
            "stage_label": str(STAGE_LABELS.get(stage, stage)), "amendment_in_preparation": amending,
            "approved_version": None, "version_label": source.version_label, "council_decision": None,
            "total": None, "links": _plan_links(plan)}
    if source.version is None:
        if with_activities:
            data["sections"] = []
        return data
    sheet = Sheet(source.version.snapshot)
    data["approved_version"] = source.version.number
    data["total"] = str(sheet.total)
    data["council_decision"] = decision_record(source.decision)
    if with_activities:
        data["sections"] = [{"title": s["title"], "total": str(s["total"]),
                             "activities": [activity_record(a) for a in s["activities"]]}
                            for s in sheet.sections]
    return data


def _plan_links(plan):
    slug = plan.municipality.slug
    return {"page": _url("plans.detail", slug=slug, plan_id=plan.id),
            "feed": _url("feeds.plan_feed", slug=slug, plan_id=plan.id),
            "csv": _url("opendata.plan_csv", slug=slug, plan_id=plan.id)}


def activity_record(a):
    return {"number": a["number"], "description": a["description"], "villages": list(a["villages"]),
            "start": _text(a["start"]), "end": _text(a["end"]),
            "funding": {k: str(v) for k, v in a["funding"].items()},
            "funding_labels": {k: str(FUNDING_LABELS.get(k, k)) for k in a["funding"]},
            "total": str(a["total"])}


def council_decisions(municipality):
    """Every council decision on the municipality's public plans, newest first."""
    return db.session.scalars(
        select(CouncilDecision).join(Plan, Plan.id == CouncilDecision.plan_id)
        .where(Plan.municipality_id == municipality.id)
        .order_by(CouncilDecision.session_date.desc(), CouncilDecision.id.desc())).all()


def decision_list_record(decision):
    data = decision_record(decision)
    data["plan_id"] = decision.plan_id
    return data


# --- ballots ---------------------------------------------------------------------------

def public_ballots(municipality):
    """Ballots that have opened (one being prepared is not public yet), newest first."""
    return db.session.scalars(select(Ballot).where(Ballot.municipality_id == municipality.id,
                                                   Ballot.opens_at <= utcnow())
                              .order_by(Ballot.opens_at.desc(), Ballot.id.desc())).all()


def public_ballot(municipality, ballot_id):
    from flask import abort

    ballot = db.session.get(Ballot, ballot_id)
    if ballot is None or ballot.municipality_id != municipality.id or ballot.opens_at > utcnow():
        abort(404)
    return ballot


def ballot_record(ballot):
    now = utcnow()
    state = "closed" if ballot.is_closed(now) else "open"
    return {"id": ballot.id, "title": ballot.title, "method": ballot.method,
            "method_label": str(METHOD_LABELS.get(ballot.method, ballot.method)),
            "opens_at": ballot.opens_at.isoformat() + "Z", "closes_at": ballot.closes_at.isoformat() + "Z",
            "state": state, "results_visible": ballot.results_visible(now), "links": _ballot_links(ballot, now)}


def _ballot_links(ballot, now):
    slug = ballot.municipality.slug
    links = {"page": _url("ballots.detail", slug=slug, ballot_id=ballot.id)}
    if ballot.results_visible(now):
        links["csv"] = _url("opendata.ballot_csv", slug=slug, ballot_id=ballot.id)
    return links


def ballot_results(ballot):
    """The result as on the results page, or None while the results are not visible."""
    if not ballot.results_visible(utcnow()):
        return None
    result = counting.count(ballot, with_breakdowns=False)
    t = result.turnout
    split = not result.channels_hidden
    options = [] if result.too_few else [
        {"rank": r.rank, "tied": r.tied, "option": r.option.text, "online": r.online if split else None,
         "paper": r.paper if split else None, "total": r.total, "share": float(r.percent)}
        for r in result.rows]
    return {"ballot": ballot_record(ballot), "too_few": result.too_few, "channels_hidden": result.channels_hidden,
            "turnout": {"online_voters": t.online_voters, "paper_issued": t.paper_issued,
                        "paper_valid": t.paper_valid, "paper_invalid": t.paper_invalid,
                        "eligible": t.eligible, "ballots_counted": t.ballots_counted},
            "options": options}


def priorities(municipality):
    """The priority list made from ballot results, rank by rank; no score for a ballot
    with fewer than ``MIN_GROUP`` ballots counted (as on the priorities page)."""
    items = db.session.scalars(ballot_services.priorities_list(municipality)).all()
    too_few = counting.too_few_counted({p.ballot_id for p in items if p.ballot_id})
    return [{"rank": p.rank, "title": p.title, "ballot_id": p.ballot_id,
             "score": None if p.ballot_id in too_few else p.score} for p in items]


# --- surveys ---------------------------------------------------------------------------

def public_surveys(municipality):
    """Surveys that have opened, newest first."""
    return db.session.scalars(select(Survey).where(Survey.municipality_id == municipality.id, Survey.published(),
                                                   Survey.opens_on <= date.today())
                              .order_by(Survey.opens_on.desc(), Survey.id.desc())).all()


def public_survey(municipality, survey_id):
    from flask import abort

    survey = db.session.get(Survey, survey_id)
    if (survey is None or survey.municipality_id != municipality.id or survey.is_draft
            or survey.opens_on > date.today()):
        abort(404)
    return survey


def survey_record(survey):
    return {"id": survey.id, "title": survey.title, "opens_on": survey.opens_on.isoformat(),
            "closes_on": survey.closes_on.isoformat(), "results_public": survey.is_public_results}


def survey_results_record(survey):
    """Aggregates of a survey that publishes its results, or None. No written answers;
    nothing at all while the survey has fewer than ``MIN_GROUP`` respondents."""
    if not survey.is_public_results:
        return None
    questions = sorted(survey.questions, key=lambda q: (q.position, q.id))
    out = survey_results.compute(db.session, survey, questions, survey_results.Filters())
    data = {"survey": survey_record(survey), "hidden": out.hidden,
            "respondents": None if out.hidden else out.respondents, "questions": []}
    if out.hidden:
        return data
    for r in out.questions:
        q = r.question
        if q.kind == RANKING:
            rows = [{"label": label, "points": points, "ranked": ranked, "first": first}
                    for label, points, ranked, first in r.rows]
        else:
            rows = [{"label": label, "count": n, "percent": percent} for label, n, percent in r.rows]
        stats = {k: (None if v is None else str(v)) for k, v in r.stats.items()} if r.stats else None
        data["questions"].append({"id": q.id, "text": q.text, "kind": q.kind, "answered": r.answered,
                                  "rows": rows, "stats": stats})
    return data


# --- meetings, monitoring, budget ------------------------------------------------------

def meeting_counts(municipality):
    years, people, women, count = attendance_summary(municipality.id)
    return {"meetings": count, "participants": people, "women": women,
            "years": [{"year": y, "participants": p, "women": w, "meetings": n} for y, p, w, n in years]}


def approved_reports(municipality, plan=None):
    """Approved reports on activities of the approved version in force (a report on an
    activity that only an amendment in preparation has stays out)."""
    query = (select(MonitoringReport, Plan.approved_version_id).join(Plan, Plan.id == MonitoringReport.plan_id)
             .where(MonitoringReport.municipality_id == municipality.id, MonitoringReport.state == REPORT_APPROVED,
                    Plan.approved_version_id.is_not(None))
             .order_by(MonitoringReport.decided_at.desc(), MonitoringReport.id.desc()))
    if plan is not None:
        query = query.where(MonitoringReport.plan_id == plan.id)
    approved = {}
    reports = []
    for report, version_id in db.session.execute(query):
        if version_id not in approved:
            version = db.session.get(PlanVersion, version_id)
            approved[version_id] = {a["id"] for a in version.snapshot["activities"]}
        if report.activity_id in approved[version_id]:
            reports.append(report)
    return reports


def report_record(report):
    return {"id": report.id, "plan_id": report.plan_id, "period_year": report.period_year,
            "period_kind": report.period_kind, "period_number": report.period_number,
            "visit_date": report.visit_date.isoformat(), "status": report.status, "progress": report.progress,
            "findings": report.findings, "problems": report.problems, "recommendations": report.recommendations,
            "approved_at": report.decided_at.isoformat() + "Z" if report.decided_at else None}


def adopted_budgets(municipality):
    return db.session.scalars(budget_queries.years(municipality.id, with_drafts=False)).all()


def budget_record(budget):
    return {"year": budget.year, "scale": budget.scale, "decision": budget.decision,
            "adopted_on": budget.adopted_on.isoformat() if budget.adopted_on else None}


def budget_execution(municipality, year):
    """The execution table of an adopted year, in the year's scale (units or thousands),
    up to the last month with actual figures; None if the year is not adopted."""
    budget = db.session.scalar(budget_queries.year_with_figures(municipality.id, year))
    if budget is None or budget not in adopted_budgets(municipality):
        return None
    month = last_month_with_actuals(budget.lines) or 12
    data = budget_record(budget)
    data["month"] = month
    data["rows"] = []
    for kind in BUDGET_KINDS:
        table = execution(budget.lines, kind, month)
        for row in table.rows:
            shown = row.figures.shown(budget.scale)
            data["rows"].append({
                "kind": kind, "code": row.line.code, "name": row.line.name, "depth": row.depth,
                "is_group": row.line.is_group, "annual": str(shown.annual), "plan_to_date": str(shown.plan),
                "actual_to_date": str(shown.actual),
                "percent": None if shown.percent is None else str(shown.percent)})
        total = table.total.shown(budget.scale)
        data["rows"].append({"kind": kind, "code": "", "name": _("Total"), "depth": 0, "is_group": True,
                             "annual": str(total.annual), "plan_to_date": str(total.plan),
                             "actual_to_date": str(total.actual),
                             "percent": None if total.percent is None else str(total.percent)})
    return data


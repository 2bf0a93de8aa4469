"""The read-only JSON API of what is public, ``/api/v1/`` (flask-smorest).

Each view loads through ``planner.api.data`` (the rules of what is public live there) and
returns plain data that the response schema serialises and documents. Lists are paginated
(``page``, ``page_size``; the ``X-Pagination`` header), every GET answers with an ETag and
"304 Not Modified" to a matching ``If-None-Match``; the blueprint is rate-limited per
address and answers errors as JSON (``planner.api.errors``)."""
import functools

from flask import abort, current_app, request
from flask_babel import force_locale
from flask_smorest import Blueprint

from ..extensions import csrf, limiter
from . import data
from . import schemas as s

bp = Blueprint("api", __name__, url_prefix="/api/v1", template_folder="templates",
               description="Read-only public data of the municipalities: plans, ballots, surveys, budgets.")
csrf.exempt(bp)
limiter.limit(lambda: current_app.config.get("API_RATE_LIMIT", "120 per minute"))(bp)

LANG = {"name": "lang", "in": "query", "required": False,
        "description": "Language of the labels and messages: ky, ru, hy or en.",
        "schema": {"type": "string", "enum": ["ky", "ru", "hy", "en"]}}


def request_lang():
    lang = request.args.get("lang")
    return lang if lang in current_app.config["LANGUAGES"] else None


def localised(view):
    """Run the view in the language of ``?lang=`` when one is given."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        lang = request_lang()
        if lang is None:
            return view(*args, **kwargs)
        with force_locale(lang):
            return view(*args, **kwargs)

    return wrapper


def _page(items, pagination_parameters):
    pagination_parameters.item_count = len(items)
    first = pagination_parameters.first_item
    return items[first:first + pagination_parameters.page_size]


def _get(rule, schema, many=False):
    """The decorators every GET view shares: route, ETag, response schema, pagination."""

    def decorate(view):
        view = localised(view)
        if many:
            view = bp.paginate()(view)
        view = bp.response(200, schema(many=many))(view)
        view = bp.etag(view)
        return bp.route(rule, methods=["GET"], parameters=[LANG])(view)

    return decorate


@_get("/municipalities", s.MunicipalitySchema, many=True)
def municipalities(pagination_parameters):
    """Municipalities (practice municipalities are not listed)."""
    return _page([data.municipality_record(m) for m in data.public_municipalities()], pagination_parameters)


@_get("/municipalities/<slug>", s.MunicipalityDetailSchema)
def municipality(slug):
    """A municipality with its villages."""
    return data.municipality_record(data.public_municipality(slug), with_villages=True)


@_get("/municipalities/<slug>/plans", s.PlanSchema, many=True)
def plans(slug, pagination_parameters):
    """Plans: the figures are those of the approved version in force."""
    m = data.public_municipality(slug)
    return _page([data.plan_record(p) for p in data.public_plans(m)], pagination_parameters)


@_get("/municipalities/<slug>/plans/<int:plan_id>", s.PlanDetailSchema)
def plan(slug, plan_id):
    """A plan's sections, activities and funding, from the approved version in force."""
    m = data.public_municipality(slug)
    return data.plan_record(data.public_plan(m, plan_id), with_activities=True)


@_get("/municipalities/<slug>/plans/<int:plan_id>/reports", s.ReportSchema, many=True)
def plan_reports(slug, plan_id, pagination_parameters):
    """Approved monitoring reports of one plan."""
    m = data.public_municipality(slug)
    plan = data.public_plan(m, plan_id)
    return _page([data.report_record(r) for r in data.approved_reports(m, plan)], pagination_parameters)


@_get("/municipalities/<slug>/decisions", s.DecisionListSchema, many=True)
def decisions(slug, pagination_parameters):
    """Council decisions on the municipality's plans."""
    m = data.public_municipality(slug)
    return _page([data.decision_list_record(d) for d in data.council_decisions(m)], pagination_parameters)


@_get("/municipalities/<slug>/ballots", s.BallotSchema, many=True)
def ballots(slug, pagination_parameters):
    """Ballots that have opened."""
    m = data.public_municipality(slug)
    return _page([data.ballot_record(b) for b in data.public_ballots(m)], pagination_parameters)


@_get("/municipalities/<slug>/ballots/<int:ballot_id>/results", s.BallotResultSchema)
def ballot_results(slug, ballot_id):
    """A ballot's result once visible, under the small-group rules (404 before)."""
    result = data.ballot_results(data.public_ballot(data.public_municipality(slug), ballot_id))
    if result is None:
        abort(404)
    return result


@_get("/municipalities/<slug>/priorities", s.PrioritySchema, many=True)
def priorities(slug, pagination_parameters):
    """The priority list made from the ballots' results."""
    return _page(data.priorities(data.public_municipality(slug)), pagination_parameters)


@_get("/municipalities/<slug>/surveys", s.SurveySchema, many=True)
def surveys(slug, pagination_parameters):
    """Surveys that have opened."""
    m = data.public_municipality(slug)
    return _page([data.survey_record(x) for x in data.public_surveys(m)], pagination_parameters)


@_get("/municipalities/<slug>/surveys/<int:survey_id>/results", s.SurveyResultSchema)
def survey_results(slug, survey_id):
    """Aggregates of a survey that publishes its results (404 otherwise); no written answers."""
    result = data.survey_results_record(data.public_survey(data.public_municipality(slug), survey_id))
    if result is None:
        abort(404)
    return result


@_get("/municipalities/<slug>/meetings", s.MeetingCountsSchema)
def meetings(slug):
    """Meetings and their participants, counted per year (no names)."""
    return data.meeting_counts(data.public_municipality(slug))


@_get("/municipalities/<slug>/reports", s.ReportSchema, many=True)
def reports(slug, pagination_parameters):
    """Approved monitoring reports."""
    m = data.public_municipality(slug)
    return _page([data.report_record(r) for r in data.approved_reports(m)], pagination_parameters)


@_get("/municipalities/<slug>/budgets", s.BudgetSchema, many=True)
def budgets(slug, pagination_parameters):
    """Adopted community budgets."""
    m = data.public_municipality(slug)
    return _page([data.budget_record(b) for b in data.adopted_budgets(m)], pagination_parameters)


@_get("/municipalities/<slug>/budgets/<int:year>", s.BudgetExecutionSchema)
def budget(slug, year):
    """The execution table of an adopted year."""
    result = data.budget_execution(data.public_municipality(slug), year)
    if result is None:
        abort(404)
    return result

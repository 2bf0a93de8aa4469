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


def _found(result):
    """``result``, or 404 when the data layer found nothing public (``None``)."""
    if result is None:
        abort(404)
    return result


def _list_view(name, schema, find, record, doc):
    """Add the paginated view ``name`` at ``/municipalities/<slug>/<name>``: ``record(x)`` for each
    ``x`` that ``find(municipality)`` lists."""

    def view(slug, pagination_parameters):
        return _page([record(x) for x in find(data.public_municipality(slug))], pagination_parameters)

    view.__name__ = view.__qualname__ = name
    view.__doc__ = doc
    return _get(f"/municipalities/<slug>/{name}", schema, many=True)(view)


# name, schema, what lists the public things, the record of one, what the view lists
for _list in (
    ("plans", s.PlanSchema, data.public_plans, data.plan_record,
     "Plans: the figures are those of the approved version in force."),
    ("decisions", s.DecisionListSchema, data.council_decisions, data.decision_list_record,
     "Council decisions on the municipality's plans."),
    ("ballots", s.BallotSchema, data.public_ballots, data.ballot_record, "Ballots that have opened."),
    ("surveys", s.SurveySchema, data.public_surveys, data.survey_record, "Surveys that have opened."),
    ("reports", s.ReportSchema, data.approved_reports, data.report_record, "Approved monitoring reports."),
    ("budgets", s.BudgetSchema, data.adopted_budgets, data.budget_record, "Adopted community budgets."),
):
    _list_view(*_list)


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


@_get("/municipalities/<slug>/ballots/<int:ballot_id>/results", s.BallotResultSchema)
def ballot_results(slug, ballot_id):
    """A ballot's result once visible, under the small-group rules (404 before)."""
    return _found(data.ballot_results(data.public_ballot(data.public_municipality(slug), ballot_id)))


@_get("/municipalities/<slug>/priorities", s.PrioritySchema, many=True)
def priorities(slug, pagination_parameters):
    """The priority list made from the ballots' results."""
    return _page(data.priorities(data.public_municipality(slug)), pagination_parameters)


@_get("/municipalities/<slug>/surveys/<int:survey_id>/results", s.SurveyResultSchema)
def survey_results(slug, survey_id):
    """Aggregates of a survey that publishes its results (404 otherwise); no written answers."""
    return _found(data.survey_results_record(data.public_survey(data.public_municipality(slug), survey_id)))


@_get("/municipalities/<slug>/meetings", s.MeetingCountsSchema)
def meetings(slug):
    """Meetings and their participants, counted per year (no names)."""
    return data.meeting_counts(data.public_municipality(slug))


@_get("/municipalities/<slug>/budgets/<int:year>", s.BudgetExecutionSchema)
def budget(slug, year):
    """The execution table of an adopted year."""
    return _found(data.budget_execution(data.public_municipality(slug), year))

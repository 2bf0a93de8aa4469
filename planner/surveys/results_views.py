"""Questionnaire results on the ``surveys`` blueprint: the results page with charts and
filters, every written answer to one question, and the CSV/XLSX exports."""
from flask import render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from .. import page_cache, spreadsheets
from ..actions import perform
from ..extensions import db
from ..permissions import can_export_survey, can_read_survey_results, require, standing
from ..routing import login_route
from . import charts, exports, results, sealed_answers
from .forms import AGE_LABELS, CHANNEL_LABELS, SEX_LABELS
from .queries import question_or_404, questions_of, survey_or_404, survey_with_version, today
from .views import bp


def _settle(survey) -> bool:
    """A closed survey's last sealed answers are mixed before anything is shown or exported;
    True when they were (a write was committed)."""
    if survey.state(today()) == "closed" and sealed_answers.pending(survey.id):
        perform(sealed_answers.settle, survey, today())
        return True
    return False


def _group_labels(dimension, villages):
    if dimension == "village":
        return {v.id: v.name for v in villages}
    if dimension == "sex":
        return {k: str(v) for k, v in SEX_LABELS.items()}
    if dimension == "age_band":
        return {k: str(AGE_LABELS[k]) for k in ("18-29", "30-44", "45-59", "60+")}
    return {}


@bp.route("/m/<slug>/surveys/<int:survey_id>/results")
def results_page(slug, survey_id):
    survey, version = survey_with_version(slug, survey_id)
    require(can_read_survey_results(current_user, survey))
    if _settle(survey):  # mixing committed a write: rows kept under the older version lack its answers
        version = page_cache.version_for_keeping()
    villages = survey.municipality.villages
    filters = results.Filters.from_args(request.args, villages)
    dimension = request.args.get("by") if request.args.get("by") in results.DIMENSIONS else None
    # Everything the content shows besides the data (read with the version, or after it): the
    # survey, the language, the filters and comparison, the reader's standing
    # (whether they may combine filters and download) and the day (the survey's state).
    key = (survey.id, str(get_locale()), filters.village_id, filters.sex, filters.age_band, dimension,
           standing(current_user, survey.municipality), today())
    content, has_figures = page_cache.kept(
        "survey-results", key, version, lambda: _results_content(survey, villages, filters, dimension, version))
    return render_template("surveys/results.html", municipality=survey.municipality, survey=survey,
                           figures=has_figures, content=content)


def _results_content(survey, villages, filters, dimension, version):
    """The results page's content (``surveys/_results_content.html``) and whether it draws a
    chart (the page's head then loads the charts' script)."""
    out = results.compute(db.session, survey, questions_of(survey), filters, dimension,
                          _group_labels(dimension, villages), combined=can_export_survey(current_user, survey),
                          version=version)
    figures = {}
    for r in out.questions:
        figure = charts.question_figure(r)
        if figure is not None:
            figures[f"chart-q{r.question.id}"] = figure
    return Markup(render_template(
        "surveys/_results_content.html", municipality=survey.municipality, survey=survey, out=out, filters=filters,
        dimension=dimension, villages=villages, figures=figures, min_group=results.MIN_GROUP, today=today(),
    )), bool(figures)


@bp.route("/m/<slug>/surveys/<int:survey_id>/results/q/<int:question_id>")
def texts(slug, survey_id, question_id):
    """Every written answer to one question, 100 a page."""
    survey = survey_or_404(slug, survey_id)
    require(can_read_survey_results(current_user, survey))
    _settle(survey)
    question = question_or_404(survey, question_id)
    filters = results.Filters.from_args(request.args, survey.municipality.villages)
    page = max(request.args.get("p", type=int) or 1, 1)
    out = results.compute(db.session, survey, [], filters, combined=can_export_survey(current_user, survey))
    items = [] if out.hidden else db.session.scalars(results.texts_for(question, filters, (page - 1) * 100, 101)).all()
    return render_template("surveys/texts.html", municipality=survey.municipality, survey=survey, question=question,
                           items=items[:100], more=len(items) > 100, page=page, filters=filters, out=out,
                           min_group=results.MIN_GROUP)


def _export_rows(survey):
    _settle(survey)
    questions = questions_of(survey)
    return exports.rows(db.session, survey, questions, {v.id: v.name for v in survey.municipality.villages},
                        SEX_LABELS, AGE_LABELS, CHANNEL_LABELS)


@login_route(bp, "/m/<slug>/surveys/<int:survey_id>/export.csv")
def export_csv(slug, survey_id):
    survey = survey_or_404(slug, survey_id)
    require(can_export_survey(current_user, survey))
    body = exports.to_csv(_export_rows(survey))
    return spreadsheets.download(body, f"survey-{survey.id}.csv", "text/csv; charset=utf-8")


@login_route(bp, "/m/<slug>/surveys/<int:survey_id>/export.xlsx")
def export_xlsx(slug, survey_id):
    survey = survey_or_404(slug, survey_id)
    require(can_export_survey(current_user, survey))
    body = exports.to_xlsx(_export_rows(survey), survey.title)
    return spreadsheets.download(body, f"survey-{survey.id}.xlsx", spreadsheets.XLSX_TYPE)



"""Loaders that several surveys pages share: the survey in the URL with what its pages show,
its questions in order, and meeting attendance totals (the municipality's public page, the
API; the meetings list adds up its own rows, meetings.attendance_per_year)."""
from datetime import date

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from .. import page_cache
from ..extensions import db
from ..municipalities.models import Municipality
from ..permissions import can_manage_surveys
from . import meetings, services
from .models import Question, Survey


def today():
    return date.today()


def _survey_page(slug, survey_id):
    return (select(Survey)
            .join(Municipality, Municipality.id == Survey.municipality_id)
            .where(Survey.id == survey_id, Municipality.slug == slug)
            .options(contains_eager(Survey.municipality).joinedload(Municipality.villages), joinedload(Survey.sections)))


def survey_or_404(slug, survey_id):
    """The survey in the URL, with its municipality, villages and sections, in one query;
    404 unless it belongs to the municipality in the URL (and, for a draft, unless the
    visitor manages its surveys)."""
    return _shown(db.session.scalars(_survey_page(slug, survey_id)).unique().first())


def survey_with_version(slug, survey_id):
    """``(survey, data version)``: :func:`survey_or_404` and the data version in the same
    statement (the results page keeps what it draws per version; None with writes not yet
    committed)."""
    found = db.session.execute(_survey_page(slug, survey_id).add_columns(page_cache.version_column())).unique().first()
    survey = _shown(found[0] if found is not None else None)
    return survey, (None if page_cache.uncommitted_writes() else found[1])


def _shown(survey):
    if survey is None or (survey.is_draft and not can_manage_surveys(current_user, survey)):
        abort(404)  # a draft exists only for those who manage surveys
    g.municipality = survey.municipality
    return survey


def question_or_404(survey, question_id):
    question = db.session.get(Question, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


def questions_of(survey):
    """The survey's questions with their choices (one query), in the order the respondent sees them."""
    questions = db.session.scalars(
        select(Question).where(Question.survey_id == survey.id).options(joinedload(Question.choices))
        .order_by(Question.position, Question.id)
    ).unique().all()
    set_committed_value(survey, "questions", questions)
    return services.ordered_questions(survey)


def attendance_summary(municipality_id):
    """(rows per year, total people, women, meetings)."""
    rows = db.session.execute(*meetings.attendance_by_year(municipality_id)).all()
    rows = [(int(year), int(total or 0), int(women or 0), int(n)) for year, total, women, n in rows]
    return rows, sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows)

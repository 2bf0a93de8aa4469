"""Survey answers as CSV and XLSX: one row per response, one column per question.

Two queries whatever the size (responses, then answers in response order), streamed row by
row; nothing in a row points at a person."""
from itertools import groupby

from flask_babel import gettext as _
from sqlalchemy import select

from .. import spreadsheets
from .models import MULTIPLE, RANKING, SINGLE, Answer, SurveyResponse


def _header(questions):
    return [_("Response"), _("Channel"), _("Date"), _("Village"), _("Sex"), _("Age band")] + [
        f"{i}. {q.text}" for i, q in enumerate(questions, 1)]


def _cell(question, answers, choice_text):
    if question.kind in (SINGLE, MULTIPLE):
        parts = [choice_text.get(a.choice_id, "") for a in answers if a.choice_id]
        parts += [_("Other: %(text)s", text=a.text) for a in answers if a.choice_id is None and a.text]
        return "; ".join(parts)
    if question.kind == RANKING:
        ordered = sorted((a for a in answers if a.choice_id), key=lambda a: a.rank or 0)
        return " > ".join(choice_text.get(a.choice_id, "") for a in ordered)
    for a in answers:
        if a.value is not None:
            value = a.value
            return int(value) if value == value.to_integral() else float(value)
        if a.text is not None:
            return a.text
    return ""


def rows(session, survey, questions, village_names, sex_labels, age_labels, channel_labels):
    """The header, then one list per response."""
    yield _header(questions)
    choice_text = {c.id: c.text for q in questions for c in q.choices}
    responses = session.execute(
        select(SurveyResponse.id, SurveyResponse.channel, SurveyResponse.submitted_on, SurveyResponse.village_id,
               SurveyResponse.sex, SurveyResponse.age_band)
        .where(SurveyResponse.survey_id == survey.id).order_by(SurveyResponse.id)
    ).all()
    answers = session.scalars(
        select(Answer).join(SurveyResponse, SurveyResponse.id == Answer.response_id)
        .where(SurveyResponse.survey_id == survey.id).order_by(Answer.response_id, Answer.id)
        .execution_options(yield_per=2000)
    )
    by_response = groupby(answers, key=lambda a: a.response_id)
    current = next(by_response, (None, iter(())))
    for number, (rid, channel, day, village_id, sex, age) in enumerate(responses, 1):
        mine = []
        while current[0] is not None and current[0] < rid:
            current = next(by_response, (None, iter(())))
        if current[0] == rid:
            mine = list(current[1])
            current = next(by_response, (None, iter(())))
        by_question = {}
        for a in mine:
            by_question.setdefault(a.question_id, []).append(a)
        yield [number, str(channel_labels.get(channel, channel)), day.isoformat(), village_names.get(village_id, ""),
               str(sex_labels.get(sex, "")) if sex else "", str(age_labels.get(age, age)) if age else ""] + [
            _cell(q, by_question.get(q.id, []), choice_text) for q in questions]


def to_csv(row_iter):
    """CSV text (BOM for Excel, formula-like text quoted): see planner.spreadsheets."""
    return spreadsheets.csv_text(row_iter)


def to_xlsx(row_iter, title):
    """Streamed: a survey may have thousands of answers."""
    return spreadsheets.xlsx_bytes([(spreadsheets.sheet_title(title, "survey"), row_iter, {})], stream=True)

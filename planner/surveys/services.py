"""Building questionnaires: surveys, sections, questions and their choices.

Once a survey has answers its questions are protected: new questions and new choices (at the
end of the list) are fine; removing a question or a choice, rewording or reordering choices,
changing a question's kind, or narrowing what an answer may be is refused with the reason."""
from datetime import date

from flask_babel import gettext as _, ngettext
from sqlalchemy import func, select

from .. import audit
from ..errors import ServiceError
from ..extensions import db
from ..models import utcnow
from .models import (
    CHOICE_KINDS,
    MULTIPLE,
    NUMBER,
    RANKING,
    SINGLE,
    Answer,
    Choice,
    Question,
    Survey,
    SurveyResponse,
    SurveySection,
)

SURVEY_FIELDS = ("title", "intro", "opens_on", "closes_on", "access", "paging", "asks_profile", "is_public_results")


# --- queries ------------------------------------------------------------------------------

def surveys_list(municipality, include_all=False, today=None):
    query = select(Survey).where(Survey.municipality_id == municipality.id).order_by(Survey.opens_on.desc(), Survey.id.desc())
    if not include_all:
        query = query.where(Survey.published(), Survey.opens_on <= (today or date.today()))
    return query


def response_counts(municipality):
    """survey id -> number of responses, for the list page (one query)."""
    return (
        select(SurveyResponse.survey_id, func.count(SurveyResponse.id))
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(Survey.municipality_id == municipality.id)
        .group_by(SurveyResponse.survey_id)
    )


def has_answers(survey) -> bool:
    return db.session.scalar(select(SurveyResponse.id).where(SurveyResponse.survey_id == survey.id).limit(1)) is not None


def question_has_answers(question) -> bool:
    return db.session.scalar(select(Answer.id).where(Answer.question_id == question.id).limit(1)) is not None


# --- surveys --------------------------------------------------------------------------------

def _check_dates(opens_on, closes_on):
    if opens_on and closes_on and closes_on < opens_on:
        raise ServiceError(_("The closing date must be on or after the opening date."), field="closes_on")


def create_survey(municipality, by, draft=False, **fields) -> Survey:
    """A new survey; with ``draft`` (a survey made on the site) it is a draft that only its
    managers see until :func:`publish_survey`. Code that builds a whole survey at once (the
    demo, practice municipalities) makes it published."""
    _check_dates(fields.get("opens_on"), fields.get("closes_on"))
    survey = Survey(municipality_id=municipality.id, created_by_id=getattr(by, "id", None),
                    published_at=None if draft else utcnow(), **fields)
    db.session.add(survey)
    db.session.flush()
    audit.record(by, "survey.create", survey, municipality.id, survey.title)
    return survey


def _has_questions(survey) -> bool:
    return db.session.scalar(select(Question.id).where(Question.survey_id == survey.id).limit(1)) is not None


def publish_survey(survey, by, now=None) -> None:
    """Make a draft survey visible; from its opening date it takes answers. Refused while
    it has no question."""
    if not survey.is_draft:
        return
    if not _has_questions(survey):
        raise ServiceError(_("Add at least one question before publishing the survey."))
    survey.published_at = now or utcnow()
    audit.record(by, "survey.publish", survey, survey.municipality_id, survey.title)


def update_survey(survey, by, **fields) -> None:
    _check_dates(fields.get("opens_on"), fields.get("closes_on"))
    if "asks_profile" in fields and survey.asks_profile and not fields["asks_profile"] and has_answers(survey):
        raise ServiceError(_("People have already answered the profile questions; they cannot be removed now."),
                           field="asks_profile")
    for key, value in fields.items():
        setattr(survey, key, value)
    audit.record(by, "survey.update", survey, survey.municipality_id, survey.title)


def add_section(survey, by, title, description="") -> SurveySection:
    position = max((s.position for s in survey.sections), default=0) + 1
    section = SurveySection(survey=survey, title=title, description=description or "", position=position)
    db.session.add(section)
    db.session.flush()
    audit.record(by, "survey.section_add", section, survey.municipality_id, title)
    return section


def update_section(section, by, title, description="") -> None:
    section.title = title
    section.description = description or ""
    audit.record(by, "survey.section_update", section, section.survey.municipality_id, title)


def delete_section(section, by) -> None:
    """The section's questions stay, outside any section."""
    survey = section.survey
    for question in list(section.questions):
        question.section_id = None
    audit.record(by, "survey.section_delete", section, survey.municipality_id, section.title)
    db.session.delete(section)


# --- questions ------------------------------------------------------------------------------

def _clean_choices(kind, lines):
    lines = [line.strip() for line in (lines or []) if line and line.strip()]
    if kind in CHOICE_KINDS:
        if len(lines) < 2:
            raise ServiceError(_("Give at least two choices, one per line."), field="choice_text")
        if len(set(lines)) != len(lines):
            raise ServiceError(_("Two choices have the same text."), field="choice_text")
        if any(len(line) > 300 for line in lines):
            raise ServiceError(_("A choice is longer than 300 characters."), field="choice_text")
        return lines
    return []


def _check_question(kind, choices, max_choices, min_value, max_value):
    if kind in (MULTIPLE, RANKING) and max_choices is not None and max_choices > len(choices):
        raise ServiceError(_("The maximum cannot be more than the number of choices."), field="max_choices")
    if kind == NUMBER and min_value is not None and max_value is not None and min_value > max_value:
        raise ServiceError(_("The smallest allowed number is larger than the largest."), field="max_value")


def _question_fields(kind, fields):
    """Only the settings that mean something for the kind."""
    out = {"text": fields["text"], "help": fields.get("help") or "", "is_required": bool(fields.get("is_required"))}
    out["max_choices"] = fields.get("max_choices") if kind in (MULTIPLE, RANKING) else None
    out["allows_other"] = bool(fields.get("allows_other")) if kind in (SINGLE, MULTIPLE) else False
    out["min_value"] = fields.get("min_value") if kind == NUMBER else None
    out["max_value"] = fields.get("max_value") if kind == NUMBER else None
    return out


def _section_of(survey, section_id):
    if not section_id:
        return None
    section = next((s for s in survey.sections if s.id == section_id), None)
    if section is None:
        raise ServiceError(_("Choose one of this survey's sections."), field="section_id")
    return section


def add_question(survey, by, kind, choices=(), section_id=None, **fields) -> Question:
    lines = _clean_choices(kind, choices)
    values = _question_fields(kind, fields)
    _check_question(kind, lines, values["max_choices"], values["min_value"], values["max_value"])
    section = _section_of(survey, section_id)
    position = max((q.position for q in survey.questions), default=0) + 1
    question = Question(survey=survey, kind=kind, section=section, position=position, **values)
    question.choices = [Choice(text=text, position=i) for i, text in enumerate(lines, 1)]
    db.session.add(question)
    db.session.flush()
    audit.record(by, "survey.question_add", question, survey.municipality_id, question.text)
    return question


def update_question(question, by, kind, choices=(), section_id=None, **fields) -> None:
    survey = question.survey
    lines = _clean_choices(kind, choices)
    values = _question_fields(kind, fields)
    _check_question(kind, lines, values["max_choices"], values["min_value"], values["max_value"])
    section = _section_of(survey, section_id)
    old_texts = [c.text for c in question.choices]
    if question_has_answers(question):
        _refuse_breaking_change(question, kind, lines, old_texts, values)
    question.kind = kind
    question.section = section
    for key, value in values.items():
        setattr(question, key, value)
    # Choices are matched by position: reword in place, add at the end, drop the rest.
    existing = list(question.choices)
    for i, text in enumerate(lines):
        if i < len(existing):
            existing[i].text = text
            existing[i].position = i + 1
        else:
            question.choices.append(Choice(text=text, position=i + 1))
    for choice in existing[len(lines):]:
        question.choices.remove(choice)
    audit.record(by, "survey.question_update", question, survey.municipality_id, question.text)


def _refuse_breaking_change(question, kind, lines, old_texts, values):
    if kind != question.kind:
        raise ServiceError(_("People have already answered this question, so its kind cannot change. "
                             "Add a new question instead."), field="kind")
    if question.kind in CHOICE_KINDS:
        if len(lines) < len(old_texts):
            raise ServiceError(_("People have already chosen among these choices, so none can be removed. "
                                 "You can add new choices at the end."), field="choice_text")
        changed = [old for old, new in zip(old_texts, lines) if old != new]
        if changed:
            raise ServiceError(_("People have already chosen among these choices, so they cannot be reworded or "
                                 "reordered (changed: %(choice)s). You can add new choices at the end.",
                                 choice=changed[0]), field="choice_text")
    if question.kind in (MULTIPLE, RANKING):
        old, new = question.max_choices, values["max_choices"]
        if old is None and new is not None or (old is not None and new is not None and new < old):
            answered = old if old is not None else len(old_texts)
            raise ServiceError(ngettext("People have already answered with up to %(num)s choice; the maximum cannot "
                                        "go down.", "People have already answered with up to %(num)s choices; the "
                                        "maximum cannot go down.", answered), field="max_choices")
    if question.kind == NUMBER:
        lo, hi = values["min_value"], values["max_value"]
        if (lo is not None and (question.min_value is None or lo > question.min_value)) or \
                (hi is not None and (question.max_value is None or hi < question.max_value)):
            raise ServiceError(_("People have already answered this question; its range can be widened, not narrowed."),
                               field="min_value")
    if question.allows_other and not values["allows_other"]:
        raise ServiceError(_("People have already written their own answers here; the \"other\" box must stay."),
                           field="allows_other")


def delete_question(question, by) -> None:
    if question_has_answers(question):
        raise ServiceError(_("People have already answered this question, so it cannot be removed. "
                             "Their answers would be lost."))
    survey = question.survey
    if not survey.is_draft and db.session.scalar(
            select(func.count()).select_from(Question).where(Question.survey_id == survey.id)) == 1:
        raise ServiceError(_("A published survey keeps at least one question: add another one first."))
    audit.record(by, "survey.question_delete", question, survey.municipality_id, question.text)
    db.session.delete(question)
    db.session.flush()
    db.session.expire(survey, ["questions"])


def move_question(question, by, direction) -> None:
    """Swap with the neighbour above (-1) or below (+1)."""
    questions = sorted(question.survey.questions, key=lambda q: (q.position, q.id))
    for i, q in enumerate(questions, 1):
        q.position = i
    index = questions.index(question)
    other = index + (1 if direction > 0 else -1)
    if 0 <= other < len(questions):
        a, b = questions[index], questions[other]
        a.position, b.position = b.position, a.position
        audit.record(by, "survey.question_move", question, question.survey.municipality_id, question.text)


def ordered_questions(survey):
    """The questions in answering order: by section, then by position (no section first)."""
    section_order = {s.id: s.position for s in survey.sections}
    return sorted(survey.questions, key=lambda q: (section_order.get(q.section_id, 0) if q.section_id else 0,
                                                  q.position, q.id))


def pages(survey):
    """The questionnaire's pages: one page, or one per section (questions outside a section first)."""
    questions = ordered_questions(survey)
    if survey.paging != "sections" or not survey.sections:
        return [(None, questions)]
    result = []
    loose = [q for q in questions if q.section_id is None]
    if loose:
        result.append((None, loose))
    for section in survey.sections:
        in_section = [q for q in questions if q.section_id == section.id]
        if in_section:
            result.append((section, in_section))
    return result or [(None, [])]

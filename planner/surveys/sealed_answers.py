"""Residents-only answers: sealed in the respondent's transaction, mixed later.

A residents-only survey knows who answered (``survey_participations``), so its answers
must not be linkable to that row. :func:`seal_response` stores the checked answers
encrypted (planner/sealing.py) next to the participation; :func:`mix_survey`, in a
transaction of its own, opens a batch of at least ten, and writes them as ordinary
responses in a shuffled order, all dated the day of the mix. A short last batch (at
close) takes in earlier responses, chosen at random and written again, so it still hides
each respondent among ten (or all of them). Paper responses are never touched."""
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..sealing import batch_size, mix_each, mix_when_full, open_all, random_id, seal, shuffled, tag
from .models import ONLINE, Answer, SealedResponse, Survey, SurveyResponse

KIND = "survey"
PROFILE = ("sex", "age_band", "village_id")


def sealed_key(key) -> str:
    return tag("sealed-survey-response", key)


def mixed_key(key) -> str:
    """The submission key a mixed response is stored under (not the sealed row's tag)."""
    return tag("survey-response", key)


def seal_response(survey, key, profile, rows) -> SealedResponse:
    """``rows``: the unsaved ``Answer`` objects of one questionnaire."""
    content = {"key": mixed_key(key), **{k: profile.get(k) for k in PROFILE},
               "answers": [_plain(a) for a in rows]}
    return SealedResponse(id=random_id(), survey_id=survey.id, key_tag=sealed_key(key),
                          sealed=seal(KIND, survey.id, content))


def _plain(answer) -> dict:
    return {"question_id": answer.question_id, "choice_id": answer.choice_id, "rank": answer.rank,
            "value": None if answer.value is None else str(answer.value), "text": answer.text}


def waiting(survey_id, key):
    return db.session.scalar(select(SealedResponse).where(SealedResponse.survey_id == survey_id,
                                                          SealedResponse.key_tag == sealed_key(key)))


def pending(survey_id) -> int:
    return db.session.scalar(select(func.count()).select_from(SealedResponse)
                             .where(SealedResponse.survey_id == survey_id))


def _stored(response) -> dict:
    return {"key": response.submission_key, **{k: getattr(response, k) for k in PROFILE},
            "answers": [_plain(a) for a in response.answers]}


def mix_survey(survey_id, final=False, today=None) -> int:
    """Mix the survey's sealed answers if a batch is full (or ``final``: whatever waits).
    Returns how many went in. Flushes; the caller commits."""
    today = today or date.today()
    db.session.execute(select(Survey.id).where(Survey.id == survey_id).with_for_update(key_share=True))
    opened = open_all(KIND, survey_id, db.session.scalars(
        select(SealedResponse).where(SealedResponse.survey_id == survey_id).with_for_update()).all())
    minimum = batch_size()
    if not opened or (len(opened) < minimum and not final):
        return 0
    sealed = [item for item, _content in opened]
    batch = [content for _item, content in opened]
    if len(batch) < minimum:
        earlier = db.session.scalars(select(SurveyResponse).where(
            SurveyResponse.survey_id == survey_id, SurveyResponse.channel == ONLINE)
            .options(selectinload(SurveyResponse.answers))).all()
        taken = shuffled(earlier)[:minimum - len(batch)]
        batch += [_stored(r) for r in taken]
        for response in taken:
            db.session.delete(response)
        db.session.flush()
    for content in shuffled(batch):
        response = SurveyResponse(survey_id=survey_id, submission_key=content["key"], channel=ONLINE,
                                  submitted_on=today, **{k: content.get(k) for k in PROFILE})
        response.answers = [Answer(question_id=a["question_id"], choice_id=a["choice_id"], rank=a["rank"],
                                   value=None if a["value"] is None else Decimal(a["value"]), text=a["text"])
                            for a in shuffled(content["answers"])]
        db.session.add(response)
        db.session.flush()  # one response at a time: ids follow the shuffled order
    db.session.execute(delete(SealedResponse).where(SealedResponse.id.in_([s.id for s in sealed])))
    db.session.flush()
    return len(sealed)


def mix_after_answer(survey_id):
    """An after-commit hook of an answer: mix in a transaction of its own once a batch is full."""
    return mix_when_full(pending, mix_survey, survey_id)


def settle(survey, today=None) -> int:
    """After the survey closes: mix whatever still waits (a service; the caller commits)."""
    today = today or date.today()
    if survey.state(today) != "closed" or not pending(survey.id):
        return 0
    return mix_survey(survey.id, final=True, today=today)


def mix_due(today=None) -> int:
    """Every full batch, and all that waits of closed surveys, each survey in its own
    transaction (``flask mix-votes``)."""
    today = today or date.today()
    survey_ids = db.session.scalars(select(SealedResponse.survey_id).distinct()).all()
    db.session.rollback()
    return mix_each(survey_ids, lambda survey_id, final: mix_survey(survey_id, final=final, today=today),
                    lambda survey_id: db.session.get(Survey, survey_id).state(today) == "closed")

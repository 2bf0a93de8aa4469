"""Live exercises during a workshop (a one-question poll, a priority vote, a problem
brainstorm) and the evaluation questionnaire after it: opened by the trainer, joined with a
short code, one answer per browser, results counted here.

The evaluation questionnaire lives here and not in the survey builder: a survey belongs to a
municipality, and a workshop's evaluation belongs to the workshop (participants come from
several municipalities, or none)."""
import secrets
from dataclasses import dataclass, field

from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..checks import too_long
from ..errors import ServiceError
from ..extensions import db
from ..i18n import gettext as _
from .models import Exercise, ExerciseAnswer, Workshop

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 5
MAX_OPTIONS = 12
TEXT_MAX = 2000


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(Exercise.id).where(Exercise.code == code)) is None:
            return code


def normal_code(text) -> str:
    """What a person typed, as a code: capitals, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:12]


def open_exercise(workshop, by, *, kind, question, options, max_choices=1):
    question = (question or "").strip()
    if kind not in ("poll", "priority", "brainstorm"):
        raise ServiceError(_("Choose a kind of exercise from the list."), field="kind")
    if not question or len(question) > 500:
        raise ServiceError(_("Write the question (at most 500 characters)."), field="question")
    lines = [line.strip()[:200] for line in (options or "").splitlines() if line.strip()]
    lines = list(dict.fromkeys(lines))
    if kind == "brainstorm":
        lines, max_choices = [], 1
    elif not 2 <= len(lines) <= MAX_OPTIONS:
        raise ServiceError(ngettext("Between 2 and %(num)s option, one a line.",
                                    "Between 2 and %(num)s options, one a line.", MAX_OPTIONS), field="options")
    if kind == "poll":
        max_choices = 1
    elif kind == "priority" and not (max_choices and 1 <= int(max_choices) <= len(lines)):
        raise ServiceError(_("Between 1 and the number of options."), field="max_choices")
    exercise = Exercise(workshop=workshop, kind=kind, code=new_code(), question=question, options=lines,
                        max_choices=int(max_choices or 1))
    db.session.add(exercise)
    db.session.flush()
    audit.record(by, "exercise.open", exercise, None, question[:200])
    return exercise


def open_evaluation(workshop, by):
    """The workshop's evaluation questionnaire (one per workshop; the same one if asked again)."""
    existing = evaluation_of(workshop)
    if existing is not None:
        existing.is_open = True
        return existing
    exercise = Exercise(workshop=workshop, kind="evaluation", code=new_code(), question="", options=[])
    db.session.add(exercise)
    db.session.flush()
    audit.record(by, "exercise.evaluation", exercise, None, workshop.title[:200])
    return exercise


def evaluation_of(workshop):
    return db.session.scalar(select(Exercise).where(Exercise.workshop_id == workshop.id,
                                                    Exercise.kind == "evaluation"))


def set_open(exercise, by, is_open):
    exercise.is_open = bool(is_open)
    db.session.flush()
    audit.record(by, "exercise.open" if is_open else "exercise.close", exercise, None, exercise.code)


def _value(exercise, form):
    """The checked answer from the submitted form (a MultiDict), else a refusal."""
    if exercise.kind == "brainstorm":
        text = (form.get("text") or "").strip()
        if not text or len(text) > TEXT_MAX:
            raise ServiceError(ngettext("Write the problem (at most %(num)s character).",
                                        "Write the problem (at most %(num)s characters).", TEXT_MAX), field="text")
        return {"text": text}
    if exercise.kind == "evaluation":
        usefulness = form.get("usefulness", "")
        if usefulness not in ("1", "2", "3", "4", "5"):
            raise ServiceError(_("Choose a number from 1 to 5."), field="usefulness")
        if form.get("recommend") not in ("yes", "no"):
            raise ServiceError(_("Answer yes or no."), field="recommend")
        texts = {k: (form.get(k) or "").strip() for k in ("most_useful", "improve")}
        if any(len(v) > TEXT_MAX for v in texts.values()):
            raise ServiceError(too_long(TEXT_MAX), field="improve")
        return {"usefulness": int(usefulness), "recommend": form.get("recommend") == "yes", **texts}
    picks = set()
    for raw in form.getlist("choice"):
        if not raw.isdecimal() or int(raw) >= len(exercise.options):
            raise ServiceError(_("Choose from the options shown."), field="choice")
        picks.add(int(raw))
    if not picks:
        raise ServiceError(_("Choose an option."), field="choice")
    if len(picks) > exercise.max_choices:
        raise ServiceError(ngettext("Choose at most %(num)s option.", "Choose at most %(num)s options.",
                                    exercise.max_choices), field="choice")
    return {"choices": sorted(picks)}


def answer(exercise, browser, form):
    """Store one browser's answer; a second one from the same browser is refused."""
    if not exercise.is_open:
        raise ServiceError(_("This exercise is closed."))
    value = _value(exercise, form)
    if db.session.scalar(select(ExerciseAnswer.id).where(ExerciseAnswer.exercise_id == exercise.id,
                                                         ExerciseAnswer.browser == browser)) is not None:
        raise ServiceError(_("This browser has already answered."))
    try:
        with db.session.begin_nested():
            db.session.add(ExerciseAnswer(exercise_id=exercise.id, browser=browser, value=value))
    except IntegrityError:  # the same browser twice at once
        raise ServiceError(_("This browser has already answered.")) from None
    return value


@dataclass
class Results:
    answers: int = 0
    counts: list = field(default_factory=list)  # [(option, count)] in the options' order
    texts: list = field(default_factory=list)


def results(exercise) -> Results:
    values = [a.value for a in exercise.answers]
    out = Results(answers=len(values))
    if exercise.kind in ("poll", "priority"):
        tally = [0] * len(exercise.options)
        for v in values:
            for i in v.get("choices", ()):
                if 0 <= i < len(tally):
                    tally[i] += 1
        out.counts = list(zip(exercise.options, tally))
    elif exercise.kind == "brainstorm":
        out.texts = [v["text"] for v in values]
    return out


@dataclass
class Evaluation:
    workshop: Workshop
    answers: int = 0
    by_score: dict = field(default_factory=lambda: {n: 0 for n in range(1, 6)})
    mean: float | None = None
    recommend: int = 0
    recommend_share: float | None = None  # 0..1
    most_useful: list = field(default_factory=list)
    improve: list = field(default_factory=list)


def evaluation_results(workshop, exercise) -> Evaluation:
    out = Evaluation(workshop=workshop)
    values = [a.value for a in exercise.answers] if exercise is not None else []
    out.answers = len(values)
    for v in values:
        out.by_score[v["usefulness"]] += 1
        out.recommend += 1 if v["recommend"] else 0
        if v.get("most_useful"):
            out.most_useful.append(v["most_useful"])
        if v.get("improve"):
            out.improve.append(v["improve"])
    if values:
        out.mean = sum(n * c for n, c in out.by_score.items()) / len(values)
        out.recommend_share = out.recommend / len(values)
    return out


def comparison(trainer_id=None):
    """The evaluation of each workshop that has one (a trainer's, or everyone's), newest first."""
    query = (select(Workshop, Exercise).join(Exercise, Exercise.workshop_id == Workshop.id)
             .where(Exercise.kind == "evaluation").order_by(Workshop.starts_on.desc(), Workshop.id))
    if trainer_id is not None:
        query = query.where(Workshop.trainer_id == trainer_id)
    return [evaluation_results(w, e) for w, e in db.session.execute(query).all()]

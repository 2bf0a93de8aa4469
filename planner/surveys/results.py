"""Survey results, counted by the database: a fixed number of queries whatever the number
of answers (GROUP BY per question and choice, never a loop over responses in Python).

Small groups are hidden (``planner.disclosure``): a survey with fewer than ``MIN_GROUP``
respondents shows no per-question figures; the public sees the total and one dimension at a
time, and a filter or a breakdown column hidden by primary or secondary suppression shows
no figures and no size, so that nobody's answers can be picked out or subtracted out."""
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import BigInteger, Integer, Numeric, and_, cast, func, literal, null, select, union_all

from .. import disclosure, page_cache
from ..auth.models import AGE_BANDS, SEXES
from ..numbers import borda_points, mean, percent
from .models import (
    LONG_TEXT,
    MULTIPLE,
    NUMBER,
    RANKING,
    SCALE,
    SCALE_VALUES,
    SHORT_TEXT,
    SINGLE,
    Answer,
    SurveyResponse,
)

MIN_GROUP = disclosure.MIN_GROUP
TEXT_SAMPLE = 10
DIMENSIONS = ("village", "sex", "age_band")


@dataclass
class Filters:
    village_id: int | None = None
    sex: str | None = None
    age_band: str | None = None

    @classmethod
    def from_args(cls, args, villages):
        village = args.get("village", type=int)
        sex = args.get("sex")
        age = args.get("age")
        return cls(
            village_id=village if village in {v.id for v in villages} else None,
            sex=sex if sex in SEXES else None,
            age_band=age if age in AGE_BANDS else None,
        )

    @property
    def active(self) -> bool:
        return bool(self.village_id or self.sex or self.age_band)

    def conditions(self):
        out = []
        if self.village_id:
            out.append(SurveyResponse.village_id == self.village_id)
        if self.sex:
            out.append(SurveyResponse.sex == self.sex)
        if self.age_band:
            out.append(SurveyResponse.age_band == self.age_band)
        return out

    def chosen(self):
        """The filter as [(dimension, value)]."""
        return [(d, v) for d, v in (("village", self.village_id), ("sex", self.sex), ("age_band", self.age_band)) if v]

    def args(self):
        return {k: v for k, v in (("village", self.village_id), ("sex", self.sex), ("age", self.age_band)) if v}


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    rows: list = field(default_factory=list)  # (label, count, percent) or ranking rows
    stats: dict = field(default_factory=dict)  # number: count, mean, min, max; scale: mean
    texts: list = field(default_factory=list)
    text_count: int = 0
    other: tuple | None = None  # ("other" answers, percent)
    breakdown: list | None = None  # [(choice, [count or None when the group is too small])]


@dataclass
class Results:
    respondents: int = 0
    all_respondents: int = 0
    channels: dict = field(default_factory=dict)
    hidden: bool = False
    too_few: bool = False  # the whole survey has fewer than MIN_GROUP respondents
    combined: bool = False  # several filters at once: not shown publicly
    breakdown_refused: bool = False  # "compare by" another dimension than the filter's
    questions: list = field(default_factory=list)
    columns: list = field(default_factory=list)  # breakdown: (key, label, size or None if hidden, shown)
    profile: list = field(default_factory=list)

    @property
    def has_hidden_columns(self) -> bool:
        return any(not shown for _key, _label, _size, shown in self.columns)


def _responses(survey, filters):
    return and_(SurveyResponse.survey_id == survey.id, *filters.conditions())


def _dimension_column(dimension):
    return {"village": SurveyResponse.village_id, "sex": SurveyResponse.sex, "age_band": SurveyResponse.age_band}[dimension]


def profile_counts(survey):
    """Respondents per channel, village, sex and age band (unfiltered, one query): the
    totals, the filtered total and the breakdown's group sizes all come from these rows,
    whose number depends on the villages, not on the answers."""
    return (
        select(SurveyResponse.channel, SurveyResponse.village_id, SurveyResponse.sex, SurveyResponse.age_band,
               func.count(SurveyResponse.id))
        .where(SurveyResponse.survey_id == survey.id)
        .group_by(SurveyResponse.channel, SurveyResponse.village_id, SurveyResponse.sex, SurveyResponse.age_band)
    )


def _scoped(query, survey, filters, question_ids):
    """Answers of the survey (to ``question_ids``), of the filtered respondents. Without a
    filter no join is needed: the questions belong to the survey, and their index is used."""
    query = query.where(Answer.question_id.in_(list(question_ids) or [0]))
    if filters.active:
        query = query.where(Answer.response_id.in_(select(SurveyResponse.id).where(_responses(survey, filters))))
    return query


def aggregates(survey, filters, questions):
    """Every count the per-question tables need, in one UNION ALL query; each part reads
    only the answers of the questions it is about:
    ``c`` ticked choices per question, choice and rank; ``s`` the values of scale questions;
    ``v`` count, sum (in hundredths, an integer: the average is worked out in Python by
    ``planner.numbers``, never by SQL's ``avg``), min and max of scale and number answers;
    ``m`` the respondents who answered each multiple-choice question (they tick several
    boxes each)."""
    ids = {kind: [q.id for q in questions if q.kind in kinds] for kind, kinds in (
        ("choice", (SINGLE, MULTIPLE, RANKING)), ("scale", (SCALE,)), ("value", (SCALE, NUMBER)), ("multiple", (MULTIPLE,)))}
    num = Numeric(14, 2)
    null_int = cast(null(), Integer)
    null_num = cast(null(), num)
    choices_part = _scoped(
        select(literal("c").label("tag"), Answer.question_id, Answer.choice_id, Answer.rank, null_num.label("value"),
               func.count(Answer.id).label("n"), null_num.label("cents"), null_num.label("low"), null_num.label("high"))
        .where(Answer.choice_id.is_not(None)), survey, filters, ids["choice"],
    ).group_by(Answer.question_id, Answer.choice_id, Answer.rank)
    scale_part = _scoped(
        select(literal("s"), Answer.question_id, null_int, null_int, Answer.value, func.count(Answer.id),
               null_num, null_num, null_num), survey, filters, ids["scale"],
    ).group_by(Answer.question_id, Answer.value)
    value_part = _scoped(
        select(literal("v"), Answer.question_id, null_int, null_int, null_num, func.count(Answer.id),
               func.sum(cast(func.round(Answer.value * 100), BigInteger)), func.min(Answer.value), func.max(Answer.value))
        .where(Answer.value.is_not(None)), survey, filters, ids["value"],
    ).group_by(Answer.question_id)
    multiple_part = _scoped(
        select(literal("m"), Answer.question_id, null_int, null_int, null_num,
               func.count(func.distinct(Answer.response_id)), null_num, null_num, null_num),
        survey, filters, ids["multiple"],
    ).group_by(Answer.question_id)
    return union_all(choices_part, scale_part, value_part, multiple_part)


def text_sample(survey, filters, questions, limit=TEXT_SAMPLE):
    """The latest ``limit`` texts per question (free text and "other"), with each
    question's total: one query with a window function."""
    ids = [q.id for q in questions if q.kind in (SHORT_TEXT, LONG_TEXT) or q.allows_other]
    numbered = _scoped(
        select(
            Answer.question_id.label("question_id"),
            Answer.text.label("text"),
            func.row_number().over(partition_by=Answer.question_id, order_by=Answer.id.desc()).label("n"),
            func.count(Answer.id).over(partition_by=Answer.question_id).label("total"),
        ).where(Answer.text.is_not(None)), survey, filters, ids,
    ).subquery()
    return select(numbered.c.question_id, numbered.c.text, numbered.c.total).where(numbered.c.n <= limit).order_by(
        numbered.c.question_id, numbered.c.n)


def texts_for(question, filters, offset=0, limit=100):
    return (
        select(Answer.text)
        .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
        .where(_responses(question.survey, filters), Answer.question_id == question.id, Answer.text.is_not(None))
        .order_by(Answer.id.desc())
        .offset(offset)
        .limit(limit)
    )


def breakdown_counts(survey, filters, dimension):
    """(question, choice, group, count) of first-choice-or-ticked answers, by a dimension."""
    column = _dimension_column(dimension)
    return (
        select(Answer.question_id, Answer.choice_id, column, func.count(Answer.id))
        .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
        .where(_responses(survey, filters))
        .where(Answer.choice_id.is_not(None), (Answer.rank.is_(None)) | (Answer.rank == 1))
        .group_by(Answer.question_id, Answer.choice_id, column)
    )


_percent = percent  # planner.numbers: Decimal, half up, one decimal


def _matches(filters, village_id, sex, age_band):
    return ((not filters.village_id or village_id == filters.village_id)
            and (not filters.sex or sex == filters.sex)
            and (not filters.age_band or age_band == filters.age_band))


def _rows(session, version, survey, name, filters, build, *extra) -> list[tuple]:
    """The rows of one of the results' queries, counted once per data version and kept in the
    app's cache (per process, or in Redis with ``PLANNER_CACHE_URL``), as a ballot's tally is
    (surveys/ballots/counting.py): answers change the data version, so a results page asks
    the database again only after one. The key holds all the query depends on: the survey,
    the version, the filter and ``extra`` (the questions, the breakdown's dimension). In a
    transaction with writes not yet committed, or before the first version, it is counted.
    ``build()`` makes the query: only when it is run (building the window-function query
    cost more than reading the kept rows)."""
    if version is None:
        return [tuple(row) for row in session.execute(build())]
    return page_cache.kept(
        "survey-rows", ":".join(map(str, (name, survey.id, filters.village_id, filters.sex, filters.age_band, *extra))),
        version, lambda: [tuple(row) for row in session.execute(build())])


def compute(session, survey, questions, filters, dimension=None, group_labels=None, combined=False,
            version=page_cache.NOT_READ):
    """Everything the results page shows, in three or four queries: a ``Results``.
    ``hidden`` is True when the filtered group may not be shown. ``combined``: the viewer
    may combine filters (staff who can download every answer anyway). ``version``: the data
    version when the caller read it (with the survey), else it is read here, before the
    counting queries (what is kept is then at least as new as its version)."""
    out = Results()
    version = page_cache.version_for_keeping(version)
    profile = _rows(session, version, survey, "profile", Filters(), lambda: profile_counts(survey))
    out.profile = profile
    for channel, village_id, sex, age_band, n in profile:
        out.all_respondents += n
        if _matches(filters, village_id, sex, age_band):
            out.channels[channel] = out.channels.get(channel, 0) + n
    out.respondents = sum(out.channels.values())
    suppressed = disclosure.survey_hidden(profile)
    chosen = filters.chosen()
    out.too_few = out.all_respondents < MIN_GROUP
    out.combined = len(chosen) > 1 and not combined
    if (out.too_few or out.combined or (filters.active and out.respondents < MIN_GROUP)
            or (not combined and len(chosen) == 1 and chosen[0] in suppressed)):
        out.hidden = True
        return out
    counts, scales, stats, answered = {}, {}, {}, {}
    question_ids = [q.id for q in questions]
    rows = _rows(session, version, survey, "aggregates", filters, lambda: aggregates(survey, filters, questions),
                 *question_ids)
    for tag, qid, cid, rank, value, n, cents, low, high in rows:
        if tag == "c":
            counts.setdefault(qid, {}).setdefault(cid, {})[rank] = n
        elif tag == "s":
            scales.setdefault(qid, {})[int(value)] = n
        elif tag == "v":
            answered[qid] = n
            stats[qid] = (cents, low, high)
        else:
            answered[qid] = n
    texts, text_totals = {}, {}
    for qid, text, total in _rows(session, version, survey, "texts", filters, lambda: text_sample(survey, filters, questions),
                                  *question_ids):
        texts.setdefault(qid, []).append(text)
        text_totals[qid] = total
    for q in questions:
        by_choice = counts.get(q.id, {})
        if q.kind == SINGLE:
            answered[q.id] = sum(ranks.get(None, 0) for ranks in by_choice.values()) + text_totals.get(q.id, 0)
        elif q.kind == RANKING:
            answered[q.id] = sum(ranks.get(1, 0) for ranks in by_choice.values())
        elif q.kind in (SHORT_TEXT, LONG_TEXT):
            answered[q.id] = text_totals.get(q.id, 0)
        elif q.kind == MULTIPLE and q.allows_other and q.id not in answered:
            answered[q.id] = text_totals.get(q.id, 0)

    cells = {}
    if dimension in DIMENSIONS and group_labels:
        index = {"village": 1, "sex": 2, "age_band": 3}[dimension]
        sizes = {}
        for row in profile:
            if _matches(filters, row[1], row[2], row[3]):
                sizes[row[index]] = sizes.get(row[index], 0) + row[4]
        if combined:
            hidden = disclosure.one_way(sizes, publishable=lambda key: key in group_labels)
        elif all(d == dimension for d, _v in chosen):
            hidden = {value for d, value in suppressed if d == dimension}
        else:
            out.breakdown_refused, hidden = True, set(sizes)
        out.columns = [(key, label, None if key in hidden else sizes[key], key not in hidden)
                       for key, label in group_labels.items() if sizes.get(key, 0) and not out.breakdown_refused]
        breakdown = _rows(session, version, survey, "breakdown", filters,
                          lambda: breakdown_counts(survey, filters, dimension), dimension)
        for qid, cid, group, n in breakdown:
            cells[(qid, cid, group)] = n

    for q in questions:
        r = QuestionResult(question=q, answered=answered.get(q.id, 0))
        if q.kind in (SINGLE, MULTIPLE):
            for c in q.choices:
                n = counts.get(q.id, {}).get(c.id, {}).get(None, 0)
                r.rows.append((c.text, n, _percent(n, r.answered)))
            if q.allows_other:
                n = text_totals.get(q.id, 0)
                r.other = (n, _percent(n, r.answered))
        elif q.kind == RANKING:
            size = len(q.choices)
            for c in q.choices:
                by_rank = counts.get(q.id, {}).get(c.id, {})
                ranked = sum(by_rank.values())
                points = sum(borda_points(rank, size) * n for rank, n in by_rank.items() if rank)
                r.rows.append((c.text, points, ranked, by_rank.get(1, 0)))
            r.rows.sort(key=lambda row: (-row[1], row[0]))
        elif q.kind == SCALE:
            dist = scales.get(q.id, {})
            for value in SCALE_VALUES:
                n = dist.get(value, 0)
                r.rows.append((str(value), n, _percent(n, r.answered)))
        if q.kind in (SCALE, NUMBER) and q.id in stats:
            cents, low, high = stats[q.id]
            r.stats = {"count": r.answered, "mean": mean(Fraction(int(cents), 100), r.answered),
                       "min": low, "max": high}
        if q.kind in (SHORT_TEXT, LONG_TEXT) or q.allows_other:
            r.texts = texts.get(q.id, [])
            r.text_count = text_totals.get(q.id, 0)
        if out.columns and q.kind in (SINGLE, MULTIPLE, RANKING):
            r.breakdown = [(c.text, [cells.get((q.id, c.id, key), 0) if shown else None
                                     for key, _label, _size, shown in out.columns]) for c in q.choices]
        out.questions.append(r)
    return out

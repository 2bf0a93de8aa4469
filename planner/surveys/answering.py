"""Answering a questionnaire: reading the posted form, checking every answer, storing one
anonymous response (online or paper) in one go, and the drafts that keep a half-filled form.

The posted form is read as ``raw``: ``{field name: [values]}`` (``request.form.to_dict(flat=False)``).
Field names: ``q<id>`` (choice id(s), ``other``, or the value), ``q<id>_other`` (the "other"
text), ``q<id>_r<choice id>`` (the rank given to a choice), ``profile_sex``, ``profile_age``,
``profile_village``."""
import json
import re
import secrets
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import format_date, gettext as _, ngettext
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..actions import after_commit
from ..auth.models import AGE_BANDS, SEXES
from ..errors import ServiceError
from ..extensions import db
from ..models import utcnow
from . import sealed_answers
from .models import (
    ACCESS_RESIDENTS,
    LONG_TEXT,
    LONG_TEXT_MAX,
    MULTIPLE,
    NUMBER,
    ONLINE,
    PAPER,
    RANKING,
    SCALE,
    SCALE_VALUES,
    SHORT_TEXT,
    SHORT_TEXT_MAX,
    SINGLE,
    Answer,
    SurveyDraft,
    SurveyParticipation,
    SurveyResponse,
)

FIELD = re.compile(r"^q(\d+)(?:_(other|r\d+))?$")
PROFILE_FIELDS = ("profile_sex", "profile_age", "profile_village")
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
DRAFT_DAYS = 14


class AnswerErrors(ServiceError):
    """Some answers are not acceptable: ``errors`` maps a field name to its message."""

    def __init__(self, errors, message=None):
        super().__init__(message or _("Some answers need attention. Nothing was saved yet; your answers are kept below."))
        self.errors = errors


def _write_at_most(limit) -> str:
    return ngettext("Write at most %(num)s character.", "Write at most %(num)s characters.", limit)


def new_key() -> str:
    return secrets.token_urlsafe(24)


def valid_key(key) -> bool:
    return bool(key) and bool(KEY_PATTERN.match(key))


def _first(raw, name):
    values = raw.get(name) or []
    for value in values:
        if value is not None and str(value).strip() != "":
            return str(value).strip()
    return ""


def _all(raw, name):
    return [str(v).strip() for v in (raw.get(name) or []) if v is not None and str(v).strip() != ""]


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _parse(question, raw):
    """One question's answer: (value or None, error message or None)."""
    name = question.field_name
    choice_ids = {c.id for c in question.choices}
    if question.kind == SINGLE:
        picked = _all(raw, name)
        if len(picked) > 1:
            return None, _("Choose only one answer.")
        if not picked:
            return None, None
        if picked[0] == "other" and question.allows_other:
            text = _first(raw, f"{name}_other")
            if not text:
                return None, _("Write your answer in the \"other\" box.")
            if len(text) > SHORT_TEXT_MAX:
                return None, _write_at_most(SHORT_TEXT_MAX)
            return {"choices": [], "other": text}, None
        cid = _as_int(picked[0])
        if cid not in choice_ids:
            return None, _("This choice does not belong to this question. Choose again from the list.")
        return {"choices": [cid], "other": None}, None
    if question.kind == MULTIPLE:
        picked = _all(raw, name)
        other = _first(raw, f"{name}_other") if question.allows_other else ""
        wants_other = "other" in picked or bool(other)
        picked = [p for p in picked if p != "other"]
        ids = []
        for p in picked:
            cid = _as_int(p)
            if cid not in choice_ids:
                return None, _("This choice does not belong to this question. Choose again from the list.")
            if cid not in ids:
                ids.append(cid)
        if wants_other and question.allows_other and not other:
            return None, _("Write your answer in the \"other\" box.")
        if len(other) > SHORT_TEXT_MAX:
            return None, _write_at_most(SHORT_TEXT_MAX)
        count = len(ids) + (1 if other else 0)
        if question.max_choices and count > question.max_choices:
            return None, ngettext("Choose at most %(num)s answer.", "Choose at most %(num)s answers.",
                                  question.max_choices)
        if not count:
            return None, None
        return {"choices": ids, "other": other or None}, None
    if question.kind == SCALE:
        text = _first(raw, name)
        if not text:
            return None, None
        value = _as_int(text)
        if value not in SCALE_VALUES:
            return None, _("Choose a value from 1 to 5.")
        return value, None
    if question.kind == NUMBER:
        text = _first(raw, name).replace(" ", "").replace("\u00a0", "").replace(",", ".")
        if not text:
            return None, None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None, _("Write a number, for example 12.")
        if not value.is_finite() or abs(value) >= Decimal("1e12"):
            return None, _("Write a number, for example 12.")
        lo, hi = question.min_value, question.max_value
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            return None, _("Write a number from %(min)s to %(max)s.",
                           min=_plain(lo) if lo is not None else "…", max=_plain(hi) if hi is not None else "…")
        if value != value.quantize(Decimal("0.01")):
            return None, _("Write at most two digits after the decimal point.")
        return value, None
    if question.kind in (SHORT_TEXT, LONG_TEXT):
        text = _first(raw, name)
        limit = SHORT_TEXT_MAX if question.kind == SHORT_TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            return None, _write_at_most(limit)
        return (text or None), None
    if question.kind == RANKING:
        ranks = {}
        for key in raw:
            match = FIELD.match(key)
            if match and int(match.group(1)) == question.id and (match.group(2) or "").startswith("r"):
                cid = int(match.group(2)[1:])
                if cid not in choice_ids:
                    return None, _("This choice does not belong to this question. Choose again from the list.")
                rank = _first(raw, key)
                if rank:
                    value = _as_int(rank)
                    if value is None or value < 1 or value > len(choice_ids):
                        return None, _("Give each place a number from 1 to %(n)s.", n=len(choice_ids))
                    ranks[cid] = value
        if not ranks:
            return None, None
        limit = question.max_choices or len(choice_ids)
        if len(ranks) > limit:
            return None, ngettext("Rank at most %(num)s choice.", "Rank at most %(num)s choices.", limit)
        ordered = sorted(ranks.values())
        if ordered != list(range(1, len(ranks) + 1)):
            return None, _("Give each place only once: 1, 2, 3 and so on, without gaps.")
        return [cid for cid, _rank in sorted(ranks.items(), key=lambda item: item[1])], None
    return None, None


def _plain(value):
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value.normalize())


def check_page(survey, questions, raw, villages=(), with_profile=False):
    """Check the answers to ``questions``; returns (values by question id, profile, errors)."""
    errors = {}
    known = {q.id for q in survey.questions}
    stale = sorted({int(m.group(1)) for m in map(FIELD.match, raw) if m and int(m.group(1)) not in known})
    if stale:
        errors["_form"] = _("A question on this form was removed after you opened it. Check your answers below "
                            "and send them again.")
    values = {}
    for question in questions:
        value, error = _parse(question, raw)
        if error:
            errors[question.field_name] = error
        elif value is None or value == "":
            if question.is_required:
                errors[question.field_name] = _("This question needs an answer.")
        else:
            values[question.id] = value
    profile = {}
    if with_profile:
        profile, profile_errors = _check_profile(raw, villages)
        errors.update(profile_errors)
    return values, profile, errors


def _check_profile(raw, villages):
    profile, errors = {}, {}
    for name, key, allowed in (("profile_sex", "sex", SEXES), ("profile_age", "age_band", AGE_BANDS)):
        given = _first(raw, name)
        if given and given in allowed:
            profile[key] = given
        elif given:
            errors[name] = _("Choose one of the answers in the list.")
    village = _first(raw, "profile_village")
    if village:
        vid = _as_int(village)
        if vid in {v.id for v in villages}:
            profile["village_id"] = vid
        else:
            errors["profile_village"] = _("Choose one of this municipality's villages.")
    return profile, errors


def already_answered(survey, user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(SurveyParticipation, (survey.id, user.id)) is not None


def response_by_key(key, survey_id=None):
    """The response sent with ``key``: stored as is, mixed (under a keyed hash of the key)
    or still sealed and waiting (a ``SealedResponse``). None if the form was not sent."""
    response = db.session.scalar(select(SurveyResponse).where(
        SurveyResponse.submission_key.in_([key, sealed_answers.mixed_key(key)])))
    if response is None and survey_id is not None:
        return sealed_answers.waiting(survey_id, key)
    return response


def submit(survey, questions, raw, *, key, villages=(), channel=ONLINE, user=None, entered_by=None, today=None):
    """Check every answer and store one response with its answers. Raises AnswerErrors or
    ServiceError, having stored nothing. Returns the response (an earlier one with the same
    key if the form was sent twice); for a residents-only survey answered online, the
    sealed response that waits to be mixed."""
    today = today or date.today()
    if not valid_key(key):
        raise ServiceError(_("The form is missing its submission key. Reload the page and send it again."))
    earlier = response_by_key(key, survey.id)
    if earlier is not None:
        if earlier.survey_id != survey.id:
            raise ServiceError(_("The form is missing its submission key. Reload the page and send it again."))
        return earlier
    if survey.is_draft:
        raise ServiceError(_("This survey is a draft: it takes answers once it is published."))
    if channel == ONLINE:
        state = survey.state(today)
        if state == "closed":
            raise ServiceError(_("This survey closed on %(date)s. Answers are no longer accepted; yours was not saved.",
                                 date=format_date(survey.closes_on, "medium")))
        if state == "upcoming":
            raise ServiceError(_("This survey opens on %(date)s. Answers are not accepted yet.",
                                 date=format_date(survey.opens_on, "medium")))
        if already_answered(survey, user):
            raise ServiceError(_("You have already answered this survey. Thank you!"))
    elif today < survey.opens_on:
        raise ServiceError(_("This survey opens on %(date)s. Answers are not accepted yet.", date=format_date(survey.opens_on, "medium")))
    values, profile, errors = check_page(survey, questions, raw, villages, with_profile=survey.asks_profile)
    if errors:
        raise AnswerErrors(errors)
    if not values:
        raise AnswerErrors({"_form": _("The questionnaire is empty: answer at least one question.")})
    by_id = {q.id: q for q in questions}
    rows = [row for qid, value in values.items() for row in _answer_rows(by_id[qid], value)]
    secret = channel == ONLINE and survey.access == ACCESS_RESIDENTS
    if secret:
        # Written only sealed, next to the participation; mixed later (sealed_answers.py).
        response = sealed_answers.seal_response(survey, key, profile, rows)
    else:
        response = SurveyResponse(
            survey_id=survey.id, submission_key=key, channel=channel, submitted_on=today,
            entered_by_id=entered_by.id if channel == PAPER and entered_by is not None else None, **profile,
        )
        response.answers.extend(rows)
    try:
        with db.session.begin_nested():
            db.session.add(response)
            if channel == ONLINE and user is not None and getattr(user, "is_authenticated", False):
                db.session.add(SurveyParticipation(survey_id=survey.id, user_id=user.id))
            db.session.flush()
    except IntegrityError:
        # The same form arrived twice at once, or the account answered in another tab:
        # the savepoint is rolled back, so nothing of this attempt stays.
        earlier = response_by_key(key, survey.id)
        if earlier is not None:
            return earlier
        raise ServiceError(_("You have already answered this survey. Thank you!"))
    db.session.execute(delete(SurveyDraft).where(SurveyDraft.submission_key == key))
    if secret:
        after_commit(sealed_answers.mix_after_answer(survey.id))
    if channel == PAPER:
        # Who typed in which paper form; the respondent is not known to the system.
        audit.record(entered_by, "survey.paper_entry", response, survey.municipality_id, survey.title)
    return response


def _answer_rows(question, value):
    if question.kind in (SINGLE, MULTIPLE):
        rows = [Answer(question_id=question.id, choice_id=cid) for cid in value["choices"]]
        if value.get("other"):
            rows.append(Answer(question_id=question.id, text=value["other"]))
        return rows
    if question.kind == RANKING:
        return [Answer(question_id=question.id, choice_id=cid, rank=i) for i, cid in enumerate(value, 1)]
    if question.kind in (SCALE, NUMBER):
        return [Answer(question_id=question.id, value=Decimal(value))]
    return [Answer(question_id=question.id, text=value)]


# --- drafts ---------------------------------------------------------------------------------

def load_draft(survey, key) -> dict:
    if not valid_key(key):
        return {}
    draft = db.session.get(SurveyDraft, key)
    if draft is None or draft.survey_id != survey.id:
        return {}
    try:
        data = json.loads(draft.data)
    except ValueError:
        return {}
    return {k: [str(x) for x in v] for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}


def save_draft(survey, key, raw, replace_fields=()) -> None:
    """Merge the posted answers into the draft kept under ``key`` (page by page)."""
    if not valid_key(key):
        return
    keep = {k: [str(x)[:LONG_TEXT_MAX + 1] for x in v[:50]] for k, v in raw.items()
            if FIELD.match(k) or k in PROFILE_FIELDS}
    draft = db.session.get(SurveyDraft, key)
    if draft is None:
        prune_drafts()
        draft = SurveyDraft(submission_key=key, survey_id=survey.id, data="{}")
        db.session.add(draft)
    elif draft.survey_id != survey.id:
        return
    data = json.loads(draft.data or "{}")
    # A page's unticked boxes are not posted: forget what that page held before.
    for name in list(data):
        match = FIELD.match(name)
        if match and int(match.group(1)) in replace_fields:
            del data[name]
    data.update(keep)
    draft.data = json.dumps(data, ensure_ascii=False)
    draft.updated_at = utcnow()


def prune_drafts(days=DRAFT_DAYS) -> int:
    result = db.session.execute(delete(SurveyDraft).where(SurveyDraft.updated_at < utcnow() - timedelta(days=days)))
    return result.rowcount or 0

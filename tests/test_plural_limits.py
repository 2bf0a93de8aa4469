"""Limits and counts in messages take the plural form of their number (issue 14, Languages):
Russian 1 символ / 2 символа / 5 символов / 21 символ, and after "не больше" the genitive
(1 варианта, 2 вариантов, 5 вариантов, 21 варианта); Kyrgyz and Armenian keep one wording.
The expected words are typed by hand; the messages come from the app's own call sites."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale

from planner.checks import text, too_long, too_many_rows
from planner.errors import ServiceError
from planner.surveys.answering import _write_at_most
from planner.surveys.ballots.services import rank_limit

POT = Path(__file__).resolve().parents[1] / "translations" / "messages.pot"
COUNTS = (1, 2, 5, 21)

# a number placeholder followed (perhaps after one word) by a counted noun
COUNTED = re.compile(r"%\((?!name\b)\w+\)[sd]\)? (\w+ )?(characters?|options?|projects?|photos?|days?|rows?|people|"
                     r"persons?|ballots?|respondents?|choices?|participants?|accounts?|points?|answers?|marks?|"
                     r"votes?|voters?|activities|members?|items?|lines?|pages?|protocols?|problems?|residents?)\b")
# WTForms asks for this one with gettext, not ngettext (the app's limits, 80 and 1000, read right in
# every language); the batch sentence is written in ru, ky and hy so that no noun follows the number.
NOT_COUNTED = {"Field must be between %(min)d and %(max)d characters long.",
               "The batch does not balance: %(issued)s ballots issued, but valid, invalid, spoiled and unused "
               "returned ballots add up to %(accounted)s (a difference of %(gap)s). Find the missing ballots or "
               "correct the figures before confirming."}


def test_no_count_with_a_noun_is_left_to_plain_gettext():
    with open(POT, "rb") as f:
        catalogue = read_po(f)
    plain = [m.id for m in catalogue if isinstance(m.id, str) and COUNTED.search(m.id) and m.id not in NOT_COUNTED]
    assert not plain, plain


def _ru(app, call):
    with app.test_request_context(), force_locale("ru"):
        return call()


@pytest.mark.parametrize(("call", "words"), [
    (too_long, ("Не более 1 символа.", "Не более 2 символов.", "Не более 5 символов.", "Не более 21 символа.")),
    (too_many_rows, ("В файле больше 1 строки.", "В файле больше 2 строк.", "В файле больше 5 строк.",
                     "В файле больше 21 строки.")),
    (_write_at_most, ("Напишите не больше 1 символа.", "Напишите не больше 2 символов.", "Напишите не больше 5 символов.",
                      "Напишите не больше 21 символа.")),
    (rank_limit, ("Можно расставить не больше 1 варианта, с 1 по 1 место.",
                  "Можно расставить не больше 2 вариантов, с 1 по 2 место.",
                  "Можно расставить не больше 5 вариантов, с 1 по 5 место.",
                  "Можно расставить не больше 21 варианта, с 1 по 21 место.")),
])
def test_russian_limits_in_their_plural_forms(app, call, words):
    assert [_ru(app, lambda: call(n)) for n in COUNTS] == list(words)


def test_a_service_refusal_counts_in_russian(app):
    with app.test_request_context(), force_locale("ru"):
        for limit, expected in zip(COUNTS, ("1 символа", "2 символов", "5 символов", "21 символа")):
            with pytest.raises(ServiceError) as refused:
                text("я" * (limit + 1), "title", limit)
            assert refused.value.message == f"Не более {expected}." and refused.value.field == "title"
        assert text("я" * 21, "title", 21) == "я" * 21


@pytest.mark.parametrize(("lang", "expected"), [
    ("ky", ["Эң көп {} белги."] * 4),
    ("hy", ["Առավելագույնը {} նիշ։"] * 4),
    ("en", ["At most {} character.", "At most {} characters.", "At most {} characters.", "At most {} characters."]),
])
def test_other_languages_keep_their_wording(app, lang, expected):
    with app.test_request_context(), force_locale(lang):
        assert [too_long(n) for n in COUNTS] == [e.format(n) for e, n in zip(expected, COUNTS)]


def test_templates_count_in_russian(app):
    """The survey results' small-group notice and the dots explanation, rendered as the pages do."""
    notice = ('{{ ngettext("Fewer than %(num)s respondent", "Fewer than %(num)s respondents", n) }}|'
              '{{ ngettext("Read all %(num)s written answer", "Read all %(num)s written answers", n, num=n|number) }}')
    with app.test_request_context(), force_locale("ru"):
        got = [render_template_string(notice, n=n) for n in COUNTS]
    assert got == ["Меньше 1 респондента|Прочитать все письменные ответы (1)",
                   "Меньше 2 респондентов|Прочитать все письменные ответы (2)",
                   "Меньше 5 респондентов|Прочитать все письменные ответы (5)",
                   "Меньше 21 респондента|Прочитать все письменные ответы (21)"]


def test_participants_added_agrees_with_its_number(app):
    from flask_babel import ngettext

    with app.test_request_context(), force_locale("ru"):
        got = [ngettext("%(num)s participant added.", "%(num)s participants added.", n) for n in COUNTS]
    assert got == ["Добавлен 1 участник.", "Добавлено 2 участника.", "Добавлено 5 участников.", "Добавлен 21 участник."]

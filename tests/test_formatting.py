"""The ``money`` and ``number`` filters (Babel's patterns, compiled once) give the text of
Babel's ``format_currency(Decimal(amount), ...)`` and ``format_decimal(value, format=...)``,
character for character: every case is formatted both ways, exceptions included."""
import contextvars
import random
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

import pytest
from babel.numbers import format_currency, format_decimal

from planner.i18n import currency_locale, money, number
from planner.plans.formatting import plan_money

LOCALES = ("ky", "ru", "hy", "en")
CURRENCIES = ("KGS", "AMD", "USD")
DIGITS = (None, 0, 1, 2, 3)

EDGE_CASES = [
    "0", "-0", "0.00", "-0.00", "1", "-1", "0.5", "-0.5", "0.005", "-0.005", "0.004", "-0.004",
    "0.0005", "-0.0005", "0.0004", "-0.0004", "0.125", "-0.125", "0.135", "2.675", "-2.675", "1.005",
    "0.015", "0.025", "999.995", "-999.995", "999999.995", "0.3333", "1234.5", "2.0", "12500",
    "12500.50", "1234567.89", "-1234567.89", "999999999999.99", "1E+5", "1E+15", "1E+16",
    "99999999999999999.995", "1E+17", "1E+18", "-1E+18", "1E+19", "1E+20", "1E+25", "1E+30",
    "1E-7", "1E-30", "-1E-30", "0E+30", "0.01499999999999999999999999999999",
    "0.12499999999999999999999999999999", "1234567890123456789012345678901234.5",
    "1E-1000000", "-1E-1000000", "NaN", "-NaN", "Infinity", "-Infinity",
]


def _random_decimals(rng, count):
    values = []
    for _ in range(count):
        whole = rng.randrange(10 ** rng.randint(0, 16))
        frac_digits = rng.randint(0, 6)
        frac = rng.randrange(10 ** frac_digits) if frac_digits else 0
        text = f"{whole}.{frac:0{frac_digits}d}" if frac_digits else str(whole)
        values.append(Decimal(("-" if rng.random() < 0.3 else "") + text))
    return values


def _cases():
    """A few hundred values, each as a Decimal, a str, a float and (when whole) an int."""
    rng = random.Random(1)
    decimals = [Decimal(x) for x in EDGE_CASES] + _random_decimals(rng, 150)
    values = []
    for d in decimals:
        values += [d, str(d)]
        if d.is_finite():
            values.append(float(d))
            if d == d.to_integral_value() and d.adjusted() < 40:
                values.append(int(d))
    values += [rng.uniform(-1e6, 1e6) for _ in range(100)]  # floats with many digits
    values += [rng.uniform(-1, 1) for _ in range(50)]
    values += [0.1 + 0.2, 1e16, 1e-7, -0.0, 2.675, 1.005, 10 ** 20, -(10 ** 15), 7]
    return values


CASES = _cases()


def _outcome(call):
    try:
        return call()
    except Exception as error:  # the filters must fail where Babel fails, and alike
        return f"raises {type(error).__name__}"


# The locale whose data names the currency for a reader (issue 14): the reader's language as
# used in the currency's country, where Babel has that locale. Written out by hand for the
# app's languages; every other pair is the reader's own locale.
CURRENCY_LOCALES = {("ky", "KGS"): "ky_KG", ("ru", "KGS"): "ru_KG", ("hy", "AMD"): "hy_AM", ("en", "USD"): "en_US"}


def _babel_money(amount, currency, locale):
    return format_currency(Decimal(amount), currency, locale=CURRENCY_LOCALES.get((locale, currency), locale))


def _babel_number(value, digits, locale):
    fmt = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=fmt, locale=locale)


def _mismatches(fast, reference, values):
    found = []
    for value in values:
        got, expected = _outcome(lambda: fast(value)), _outcome(lambda: reference(value))
        again = _outcome(lambda: fast(value))  # the kept text, the second time
        if got != expected or again != expected:
            found.append(f"{value!r} ({type(value).__name__}): {got!r} != Babel's {expected!r}")
    return found


def test_the_grid_is_broad():
    assert len(CASES) > 500
    assert {type(v) for v in CASES} == {Decimal, str, float, int}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("currency", CURRENCIES)
def test_money_matches_babel(locale, currency):
    bad = _mismatches(lambda x: money(x, currency, locale), lambda x: _babel_money(x, currency, locale), CASES)
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("digits", DIGITS)
def test_number_matches_babel(locale, digits):
    bad = _mismatches(lambda x: number(x, digits, locale), lambda x: _babel_number(x, digits, locale), CASES)
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("rounding", [ROUND_HALF_UP, ROUND_DOWN])
def test_follows_the_decimal_context_like_babel(rounding):
    values = [Decimal(x) for x in ("0.125", "-0.125", "2.675", "0.0005", "-0.0049", "999.995")]
    with localcontext() as context:
        context.rounding = rounding
        for locale in LOCALES:
            assert not _mismatches(lambda x: money(x, "KGS", locale), lambda x: _babel_money(x, "KGS", locale), values)
            assert not _mismatches(lambda x: number(x, None, locale), lambda x: _babel_number(x, None, locale), values)


@pytest.mark.parametrize("locale", ["en_IN", "fr", "de_CH", "ar_EG"])
def test_other_locales_match_babel(locale):
    """Indian grouping, other symbols and digits: still Babel's text."""
    values = CASES[::5]
    assert not _mismatches(lambda x: money(x, "USD", locale), lambda x: _babel_money(x, "USD", locale), values)
    assert not _mismatches(lambda x: number(x, 2, locale), lambda x: _babel_number(x, 2, locale), values)


@pytest.mark.parametrize("bad", ["abc", "", True, object()])
def test_bad_input_fails_as_before(bad):
    assert _outcome(lambda: money(bad, "KGS", "ru")) == _outcome(lambda: _babel_money(bad, "KGS", "ru"))
    assert _outcome(lambda: number(bad, None, "ru")) == _outcome(lambda: _babel_number(bad, None, "ru"))


def test_some_amounts_by_hand():
    assert money(12500, "KGS", "ru") == "12\xa0500,00\xa0сом"
    assert money("12500", "KGS", "ky") == "12\xa0500,00\xa0сом"
    assert money(Decimal("-12500.5"), "AMD", "hy") == "-12\xa0500,50\xa0֏"
    assert money(-1, "USD", "en") == "-$1.00"
    assert money("0.125", "KGS", "en") == "KGS0.12"  # half to even, like Babel
    assert money("-0.004", "KGS", "en") == "-KGS0.00"  # the sign is taken before rounding
    assert money(None, "KGS", "ru") == ""
    assert number(1234.5, locale="en") == "1,234.5"
    assert number(2.0, locale="en") == "2"
    assert number(0.3333, locale="en") == "0.333"
    assert number(1234567, locale="ru") == "1\xa0234\xa0567"
    assert number(2.675, 2, "ru") == "2,68"  # a float is read as it prints
    assert number(12.25, 1, "hy") == "12,2"
    assert number(None) == ""


def test_plan_money_is_money():
    assert plan_money is money


def test_filters_use_the_request_locale(app):
    template = app.jinja_env.from_string(
        "{{ a|money('KGS') }} {{ b|number }} {{ b|number(1) }} {{ a|plan_money('AMD', current_locale) }}")
    bare = app.jinja_env.from_string("{{ a|money('KGS') }} {{ b|number(1) }}")

    def render(locale):
        with app.test_request_context(headers={"Accept-Language": locale}):
            # bare: no current_locale in the context, so the filters ask get_locale()
            plain = bare.render(a=Decimal("12500.5"), b=0.3333)
            app.update_template_context(context := {"a": Decimal("12500.5"), "b": 0.3333})
            return template.render(context), plain

    for locale in LOCALES:
        expected = " ".join([
            _babel_money("12500.5", "KGS", locale), _babel_number(0.3333, None, locale),
            _babel_number(0.3333, 1, locale), _babel_money("12500.5", "AMD", locale)])
        bare_expected = f"{_babel_money('12500.5', 'KGS', locale)} {_babel_number(0.3333, 1, locale)}"
        # A fresh context per request, as in production (the test's app context caches the locale).
        assert contextvars.Context().run(render, locale) == (expected, bare_expected)


# Issue 14: each language names the municipality's currency as its readers write it. Typed by
# hand: Babel puts a no-break space (U+00A0) between the groups and before the currency.
LOCAL_NAMES = [
    ("ky", "KGS", "1\xa0234\xa0567,50\xa0сом"),
    ("ru", "KGS", "1\xa0234\xa0567,50\xa0сом"),
    ("hy", "AMD", "1\xa0234\xa0567,50\xa0֏"),
    ("en", "KGS", "KGS1,234,567.50"),
    ("en", "AMD", "AMD1,234,567.50"),
    # no Babel locale for Russian or Kyrgyz in Armenia, nor Armenian in Kyrgyzstan: the code
    ("ru", "AMD", "1\xa0234\xa0567,50\xa0AMD"),
    ("ky", "AMD", "1\xa0234\xa0567,50\xa0AMD"),
    ("hy", "KGS", "1\xa0234\xa0567,50\xa0KGS"),
]


@pytest.mark.parametrize(("locale", "currency", "expected"), LOCAL_NAMES)
def test_the_currency_has_its_local_name(locale, currency, expected):
    assert money(Decimal("1234567.5"), currency, locale) == expected
    assert money("-1234567.5", currency, locale) == "-" + expected  # Babel's minus is a hyphen here


def test_the_local_name_keeps_the_readers_separators(app):
    """ru_KG gives the name only: the figures stay Russian; a page in Russian shows сом."""
    assert currency_locale("ru", "KGS") == "ru_KG" and currency_locale("en", "KGS") == "en"
    assert currency_locale("en_IN", "USD") == "en_IN"  # a reader's own country stays theirs
    assert currency_locale("ru", "XAF") == "ru" and currency_locale("ru", None) == "ru"
    template = app.jinja_env.from_string("{{ a|money('KGS') }}")
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert template.render(a=Decimal("0.5")) == "0,50\xa0сом"

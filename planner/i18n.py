"""Languages: choosing the locale, formatting numbers and money, Kyrgyz input.

``money`` and ``number`` give Babel's text (``format_currency``/``format_decimal``) 5 to 15
times faster: see "the fast path" below."""
import re
from decimal import Decimal
from typing import NamedTuple

from babel.numbers import format_currency, format_decimal
from flask import current_app, g, request
from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "hy": "Հայերեն", "en": "English"}
LANG_COOKIE = "lang"

# Old Kyrgyz keyboards and fonts type the "en" letter as U+04C9/U+04CA (Ӊ/ӊ).
_KY_TRANSLATION = str.maketrans({"\u04c9": "\u04a2", "\u04ca": "\u04a3"})


def normalize_text(value):
    """Treat the old Ӊ/ӊ as Ң/ң so that Kyrgyz text compares and searches alike."""
    if isinstance(value, str):
        return value.translate(_KY_TRANSLATION)
    return value


def select_locale():
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in languages:
        return cookie
    best = request.accept_languages.best_match(languages)
    if best:
        return best
    municipality = g.get("municipality")
    if municipality is not None and municipality.default_locale in languages:
        return municipality.default_locale
    return current_app.config["DEFAULT_LOCALE"]


def money(amount, currency, locale=None):
    """Money in the user's locale: ``12 500,00 сом`` (ky), ``12 500,00 ֏`` (hy), ``AMD12,500.00`` (en).

    Same text as ``babel.numbers.format_currency(Decimal(amount), currency, locale)``."""
    if amount is None:
        return ""
    locale = locale or str(get_locale())
    value = Decimal(amount)
    key = (locale, currency)
    layout = _MONEY_LAYOUTS.get(key, _UNKNOWN)
    if layout is _UNKNOWN:
        layout = _MONEY_LAYOUTS[key] = _learn(lambda x: format_currency(x, currency, locale=locale))
    if not _fast(layout, value):
        return format_currency(value, currency, locale=locale)
    return _apply(layout, value)


def number(value, digits=None, locale=None):
    """A number in the user's locale: up to 3 decimals by default (``1 234,5``), else
    exactly ``digits`` of them.

    Same text as ``babel.numbers.format_decimal`` with ``#,##0.00…`` (or the locale's own
    pattern when ``digits`` is None)."""
    if value is None:
        return ""
    locale = locale or str(get_locale())
    fmt = _number_pattern(digits)
    # Babel reads a float through str(): 2.675 is "2.675" and rounds half-even to 2.68.
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    key = (locale, digits)
    layout = _NUMBER_LAYOUTS.get(key, _UNKNOWN)
    if layout is _UNKNOWN:
        layout = _NUMBER_LAYOUTS[key] = _learn(lambda x: format_decimal(x, format=fmt, locale=locale))
    if not _fast(layout, exact):
        return format_decimal(value, format=fmt, locale=locale)
    return _apply(layout, exact)


def _number_pattern(digits):
    if digits is None:
        return None  # the locale's own pattern, #,##0.### in ky, ru, hy and en
    return "#,##0." + "0" * digits if digits else "#,##0"


# --- the fast path ------------------------------------------------------------------------
#
# Babel parses its pattern and looks up the locale's symbols on every call (10-35 µs), and
# a page formats hundreds of amounts. Instead, the layout of each (locale, currency) and
# (locale, digits) is learnt once from Babel's own output for a sample number: the text
# before and after the digits (sign and currency symbol), the group and decimal separators
# and how many decimals are kept. A number is then rendered by Python's Decimal formatting
# (``format(x, ",.2f")``) with the separators swapped in, in 1-2 µs.
#
# The text is Babel's because the arithmetic is Babel's, on the same Decimal: the sign is
# taken before rounding (``-0.004`` gives ``-0.00``), the absolute value is rounded to the
# context's 28 digits, then to the decimals, with the context's rounding (ROUND_HALF_EVEN:
# 0.125 gives 0.12). ``money`` takes a float exactly (2.675 gives 2.67), ``number`` through
# its str() (2.675 gives 2.68), as they did with Babel. A layout is kept only if it gives
# Babel's text for a set of probes; otherwise, and for NaN, infinities and numbers of more
# than 20 digits (Babel's quantize raises past the context's 28), Babel itself is called.

class _Layout(NamedTuple):
    prefix: tuple  # (positive, negative): "", "-", "$", "-$"
    suffix: tuple  # (positive, negative): "\xa0сом"
    group: str  # the locale's separators, in place of Python's "," and "."
    decimal: str
    min_frac: int  # decimals always shown
    max_frac: int  # decimals at most; trailing zeros beyond min_frac are dropped
    spec: str  # Python's format spec: ",.2f"


_MONEY_LAYOUTS: dict = {}  # (locale, currency) -> _Layout, or None to always use Babel
_NUMBER_LAYOUTS: dict = {}  # (locale, digits) -> _Layout, or None to always use Babel
_UNKNOWN = object()

_SAMPLE = Decimal("1234567.1234")
_WHOLE_SAMPLE = Decimal("1234567")
_SAMPLE_DIGITS = re.compile(r"1(?P<group>\D*)234(?P=group)567(?:(?P<decimal>\D+)(?P<frac>\d+))?")
_PROBES = [Decimal(x) for x in (
    "0", "-0", "1", "-1", "0.5", "0.125", "-0.005", "2.675", "12", "123", "1234", "-1234.5",
    "12345.678", "100000", "1234567.891", "-987654321.0049", "123456789012345.67")]
_MAX_DIGITS = 20  # longer numbers go to Babel, whose quantize needs them within 28 digits


def _fast(layout, value):
    return (layout is not None and value.is_finite()
            and value.adjusted() + 1 + layout.max_frac <= _MAX_DIGITS)


def _apply(layout, value):
    prefix, suffix, group, decimal, min_frac, max_frac, spec = layout
    text = format(abs(value), spec)  # abs() rounds to the context's precision
    if min_frac < max_frac:
        whole, _, frac = text.partition(".")
        frac = frac[:min_frac] + frac[min_frac:].rstrip("0")
        text = f"{whole}.{frac}" if frac else whole
    if group != "," or decimal != ".":  # replace() is faster than translate() here
        text = text.replace(",", "\x00").replace(".", decimal).replace("\x00", group)
    negative = value.is_signed()
    return prefix[negative] + text + suffix[negative]


def _learn(render):
    """The layout behind ``render`` (a Babel call taking a Decimal), or None if the fast
    path does not reproduce it."""
    positive, negative, whole = (_SAMPLE_DIGITS.search(render(x)) for x in (_SAMPLE, -_SAMPLE, _WHOLE_SAMPLE))
    if not (positive and negative and whole):
        return None
    max_frac = len(positive["frac"] or "")
    layout = _Layout(
        prefix=(positive.string[:positive.start()], negative.string[:negative.start()]),
        suffix=(positive.string[positive.end():], negative.string[negative.end():]),
        group=positive["group"], decimal=positive["decimal"] or ".",
        min_frac=len(whole["frac"] or ""), max_frac=max_frac, spec=f",.{max_frac}f")
    if all(_apply(layout, x) == render(x) for x in _PROBES):
        return layout
    return None


@pass_context
def _money_filter(context, amount, currency, locale=None):
    """``x|money(currency)``. The locale defaults to the page's ``current_locale`` (from the
    context processor below, once per render): get_locale() costs more (~5 µs) than the
    formatting itself."""
    return money(amount, currency, locale or context.get("current_locale"))


@pass_context
def _number_filter(context, value, digits=None, locale=None):
    """``x|number``, ``x|number(2)``; the locale as for ``|money``."""
    return number(value, digits, locale or context.get("current_locale"))


def request_translations():
    """The translations of the request's locale, in well under a microsecond.

    Flask-Babel looks them up anew on each call (~8 µs: ``g``, the locale, its identifier,
    the cache), and a page with a table calls ``_()`` a thousand times. They are kept on
    Flask-Babel's own per-request namespace beside the locale they belong to, so
    ``force_locale`` (a new locale object) still switches them."""
    app_ctx = _cv_app.get(None)
    namespace = app_ctx.g.__dict__.get("_flask_babel") if app_ctx is not None else None
    locale = getattr(namespace, "babel_locale", None)
    if locale is None:
        return get_translations()
    kept = getattr(namespace, "planner_translations", None)
    if kept is None or kept[0] is not locale:
        kept = namespace.planner_translations = (locale, get_translations())
    return kept[1]


def gettext(string, **variables):
    """Flask-Babel's ``gettext`` with the request's translations kept (request_translations)."""
    text = request_translations().ugettext(string)
    return text % variables if variables else text


def lazy_gettext(string, **variables):
    """A label translated when it is shown (form labels, choice labels), the fast way."""
    return LazyString(gettext, string, **variables)


@pass_context
def _template_gettext(context, string, **variables):
    """``_()`` in templates, as Jinja's "newstyle" gettext (escaped, always %-formatted),
    with the result of a message without variables kept per language: the same ``_("Name")``
    in each row of a long table is looked up once."""
    translations = request_translations()
    autoescape = context.eval_ctx.autoescape
    if variables:
        text = translations.ugettext(string)
        return (Markup(text) if autoescape else text) % variables
    kept = translations.__dict__.setdefault("planner_templates", {})
    key = (string, autoescape)
    text = kept.get(key)
    if text is None:
        text = translations.ugettext(string)
        text = kept[key] = (Markup(text) if autoescape else text) % {}
    return text


def init_app(app):
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = _template_gettext
    app.jinja_env.filters["money"] = _money_filter
    app.jinja_env.filters["number"] = _number_filter
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES

    @app.context_processor
    def _locale():
        return {"current_locale": str(get_locale())}

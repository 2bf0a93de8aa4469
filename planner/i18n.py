"""Languages: choosing the locale, formatting numbers and money with Babel, Kyrgyz input,
and the translation lookups that templates use."""
import decimal
import functools
from datetime import date, datetime
from decimal import Decimal

from babel import Locale, localedata
from babel.numbers import get_territory_currencies, parse_pattern
from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import LazyString, format_date, format_datetime, get_locale, get_translations, to_user_timezone
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from . import numbers

LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "hy": "Հայերեն", "en": "English"}
LANG_COOKIE = "lang"

# Old Kyrgyz keyboards and fonts type the "en" letter as U+04C9/U+04CA (Ӊ/ӊ).
_KY_TRANSLATION = str.maketrans({"\u04c9": "\u04a2", "\u04ca": "\u04a3"})


def normalize_text(value):
    """Treat the old Ӊ/ӊ as Ң/ң so that Kyrgyz text compares and searches alike."""
    if isinstance(value, str):
        return value.translate(_KY_TRANSLATION)
    return value


def browser_locale():
    """The language the browser chose (the cookie, then Accept-Language), or ``None``.
    Needs no database: the page shown while the database is down uses it. Outside a request
    (a job, the CLI, a test calling a formatter) there is no browser: ``None``."""
    if not has_request_context():
        return None
    languages = current_app.config["LANGUAGES"]
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in languages:
        return cookie
    return request.accept_languages.best_match(languages)


def select_locale():
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    best = browser_locale()
    if best:
        return best
    municipality = g.get("municipality")
    if municipality is not None and municipality.default_locale in languages:
        return municipality.default_locale
    return current_app.config["DEFAULT_LOCALE"]


def money(amount, currency, locale=None):
    """Money in the user's locale, with the currency's local name: ``12 500,00 сом`` (ky, ru),
    ``12 500,00 ֏`` (hy), ``KGS12,500.00`` (en).

    Babel's ``format_currency(Decimal(amount), currency, locale=currency_locale(locale, currency))``."""
    if amount is None:
        return ""
    locale = currency_locale(locale or str(get_locale()), currency)
    if type(amount) in _KEYABLE:
        context = decimal.getcontext()
        return _money_text(type(amount), str(amount), currency, locale, context.prec, context.rounding)
    babel_locale, pattern = _pattern(locale, "currency")
    return pattern.apply(Decimal(amount), babel_locale, currency=currency)


def number(value, digits=None, locale=None):
    """A number in the user's locale: up to 3 decimals by default (``1 234,5``), else
    exactly ``digits`` of them.

    Babel's ``format_decimal`` with ``#,##0.00…`` (or the locale's own pattern when
    ``digits`` is None)."""
    if value is None:
        return ""
    locale = locale or str(get_locale())
    if type(value) in _KEYABLE:
        context = decimal.getcontext()
        return _number_text(type(value), str(value), digits, locale, context.prec, context.rounding)
    babel_locale, pattern = _pattern(locale, digits)
    return pattern.apply(value, babel_locale)


@functools.lru_cache(maxsize=64)
def currency_locale(locale, currency):
    """The locale that writes ``currency`` for a reader of ``locale``: the reader's language as
    used in the currency's own country when Babel's data has it, else ``locale`` itself. Russian
    in Kyrgyzstan (ru_KG) writes KGS "сом" where plain ru writes "KGS"; ky_KG "сом", hy_AM "֏";
    the numbers' separators are the language's either way. A national currency's ISO 4217
    code starts with its country's code (KGS: KG), checked against Babel's territory data."""
    if not isinstance(currency, str):
        return locale
    parsed = Locale.parse(locale)
    territory = currency[:2].upper()
    if parsed.territory or currency not in get_territory_currencies(territory):
        return locale
    local = "_".join(filter(None, (parsed.language, parsed.script, territory)))
    return local if localedata.exists(local) else locale


# A page formats hundreds of amounts, mostly the same ones on every request. Babel parses
# its pattern on every call (10-20 µs); here the pattern is compiled once per locale and
# the text of each value is kept, keyed on the value's exact type and text (a float's
# str() names that float, and -0 stays apart from 0) and on the decimal context's
# precision and rounding, which Babel's arithmetic follows. bench/formatting.py: 1-2 µs a call.
_KEYABLE = frozenset((Decimal, int, float, str))


@functools.lru_cache(maxsize=8192)
def _money_text(kind, text, currency, locale, _precision, _rounding):
    babel_locale, pattern = _pattern(locale, "currency")
    return pattern.apply(Decimal(kind(text)), babel_locale, currency=currency)


@functools.lru_cache(maxsize=8192)
def _number_text(kind, text, digits, locale, _precision, _rounding):
    babel_locale, pattern = _pattern(locale, digits)
    return pattern.apply(kind(text), babel_locale)


@functools.lru_cache(maxsize=256)
def _pattern(locale, kind):
    """The Babel locale and compiled number pattern for ``kind`` ("currency", None for the
    locale's decimal pattern, or a number of decimals). ``format_currency`` and
    ``format_decimal`` look it up and parse it on every call."""
    babel_locale = Locale.parse(locale)
    if kind == "currency":
        return babel_locale, babel_locale.currency_formats["standard"]
    if kind is None:
        return babel_locale, babel_locale.decimal_formats[None]
    return babel_locale, parse_pattern("#,##0." + "0" * kind if kind else "#,##0")


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
    """The translations of the request's locale, kept on ``g`` beside the locale they belong
    to: Flask-Babel looks them up anew on each call (~9 µs), and a page calls ``_()``
    hundreds of times. ``force_locale`` gives a new locale object, so the kept ones are
    replaced while it is in force."""
    if not has_app_context():
        return get_translations()
    locale = get_locale()
    kept = g.get("planner_translations")
    if kept is None or kept[0] is not locale:
        kept = g.planner_translations = (locale, get_translations())
    return kept[1]


def gettext(string, **variables):
    """Flask-Babel's ``gettext`` with the request's translations kept (request_translations)."""
    text = request_translations().ugettext(string)
    return text % variables if variables else text


def label_texts(labels: dict) -> dict:
    """``{key: text}`` of a dict of lazy labels (``STATUS_LABELS``) in the request's
    language, resolved once per language and kept on ``g``: a list that shows a label per
    row resolved each lazy string again (a translation lookup and Babel's locale each time)."""
    locale = str(get_locale()) if has_app_context() else None
    if locale is None:
        return {key: str(label) for key, label in labels.items()}
    kept = g.setdefault("planner_label_texts", {})
    key = (id(labels), locale)
    entry = kept.get(key)
    if entry is None or entry[0] is not labels:  # the dict itself is kept too, so its id is not reused
        entry = kept[key] = (labels, {k: str(label) for k, label in labels.items()})
    return entry[1]


def lazy_gettext(string, **variables):
    """A label translated when it is shown (form labels, choice labels), the fast way."""
    return LazyString(gettext, string, **variables)


def pgettext(context, string, **variables):
    """``gettext`` for a word with several meanings, told apart by its context (msgctxt)."""
    text = request_translations().upgettext(context, string)
    return text % variables if variables else text


def lazy_pgettext(context, string, **variables):
    """``pgettext`` translated when it is shown (form labels defined at import)."""
    return LazyString(pgettext, context, string, **variables)


@pass_context
def _template_gettext(context, string, **variables):
    """``_()`` in templates, as Jinja's "newstyle" gettext (escaped, always %-formatted).
    The render's translations come from its context (``planner_i18n``, set once per render
    by the context processor below), with the text of each message without variables kept
    for the render: the same ``_("Name")`` in each row of a long table is looked up once."""
    state = context.get("planner_i18n")
    if state is None:  # a template drawn without the app's context processors
        state = (request_translations(), {})
    translations, texts = state
    autoescape = context.eval_ctx.autoescape
    if variables:
        text = translations.ugettext(string)
        return (Markup(text) if autoescape else text) % variables
    key = (string, autoescape)
    text = texts.get(key)
    if text is None:
        text = texts[key] = (Markup(translations.ugettext(string)) if autoescape
                             else translations.ugettext(string)) % {}
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
    init_dates(app)
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["label_texts"] = label_texts
    # The house rules for figures (planner/numbers.py): percent(part, whole, places) and
    # the sentences that state the rounding and ranking rules on the pages.
    app.jinja_env.globals.update(percent=numbers.percent, rounding_sentence=numbers.rounding_sentence,
                                 borda_sentence=numbers.borda_sentence)

    @app.context_processor
    def _locale():
        return {"current_locale": str(get_locale()), "planner_i18n": (request_translations(), {})}


def _locale_now():
    """The request's (or app's) locale name, "en" outside any app."""
    return str(get_locale()) if has_app_context() and get_locale() else "en"


def period_text(kind, year, number, locale=None):
    """A reporting period in the locale's words: a quarter ("2nd quarter 2026", "2-й квартал
    2026 г.") or a month ("April 2026"), through Babel's date skeletons."""
    return _skeleton_text("yQQQQ" if kind == "quarter" else "yMMMM", year,
                          number * 3 - 2 if kind == "quarter" else number, locale or _locale_now())


def month_year(value, numeric=False, locale=None, full=False):
    """A month (a date, or "YYYY-MM" as plan snapshots keep it) in the locale's words
    ("апр. 2026 г."; ``full``, the month's whole name: "апрель 2026 г.", "2026-ж., апрель")
    or, ``numeric``, its short form ("04.2026", "2026-04")."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            year, month = int(value[:4]), int(value[5:7])
            date(year, month, 1)
        except ValueError:
            return value
    else:
        year, month = value.year, value.month
    return _skeleton_text("yMM" if numeric else "yMMMM" if full else "yMMM", year, month, locale or _locale_now())


@pass_context
def _month_year_filter(context, value, numeric=False, locale=None, full=False):
    """``x|month_year``: the locale is the page's ``current_locale`` (as for ``|money``)."""
    return month_year(value, numeric, locale or context.get("current_locale"), full=full)


@functools.lru_cache(maxsize=4096)
def _skeleton_text(skeleton, year, month, locale):
    """A month's text for a Babel date skeleton, kept: a list of reports or activities shows
    the same few months in every row, and Babel matches the skeleton anew on each call
    (bench/in_process.py: ~0.6 ms a row on the monitoring reports list)."""
    from babel.dates import format_skeleton

    return format_skeleton(skeleton, date(year, month, 1), locale=locale)


def file_size(size, locale=None):
    """A file's size with the locale's unit: "12 кБ", "1,5 МБ" (Babel's units)."""
    import math

    from babel.units import format_unit

    locale = locale or _locale_now()
    size = size or 0
    if size < 1024 * 1024:
        return format_unit(max(1, math.ceil(size / 1024)), "digital-kilobyte", length="short", locale=locale)
    return format_unit(round(size / (1024 * 1024), 1), "digital-megabyte", length="short", locale=locale)


def init_dates(app):
    """Jinja filters for months, periods and file sizes (registered by init_app)."""
    app.jinja_env.filters["month_year"] = _month_year_filter
    app.jinja_env.filters["file_size"] = file_size
    app.jinja_env.globals["period_text"] = period_text
    app.jinja_env.filters["sentence"] = sentence


def sentence(text):
    """A sentence that ends with a date ends with one full stop: Russian dates end with "г."
    and Kyrgyz medium ones with a shortened month ("фев."), which is the sentence's stop as
    well ("Создана 12 февр. 2026 г.", not "г.."). An ellipsis stays as it is. Keeps Markup."""
    if text.endswith("..") and not text.endswith("..."):
        return text[:-1]
    return text


def date_text(value, format="medium", locale=None):
    """``value|dateformat(format)`` (Flask-Babel's ``format_date``: a datetime is first moved to
    the user's time zone) with each day's text kept per locale and format: a list shows a date
    per row, and Babel formats each anew (~0.1 ms). The app sets no ``date_formats`` of its own,
    so "short", "medium", "long" and "full" are the locale's, as Babel's ``format_date`` reads them."""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    if type(value) is datetime:
        value = value.date()
    if type(value) is not date:
        return format_date(value, format)
    return _date_text(value, format, locale or str(get_locale()))


@functools.lru_cache(maxsize=4096)
def _date_text(day, format, locale):
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format, locale=locale)


def datetime_text(value, format="short", locale=None):
    """Flask-Babel's ``format_datetime(value, format, rebase=False)`` (a naive time already in
    the zone it is shown in), each text kept per locale and format (Babel formats each anew)."""
    if type(value) is not datetime or value.tzinfo is not None:
        return format_datetime(value, format, rebase=False)
    return _datetime_text(value, format, locale or str(get_locale()))


@functools.lru_cache(maxsize=4096)
def _datetime_text(value, format, locale):
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(value, format, locale=locale)

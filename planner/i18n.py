"""Languages: choosing the locale, formatting numbers and money, Kyrgyz input."""
from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from flask import current_app, g, request
from flask_babel import get_locale
from flask_login import current_user

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


def money(amount, currency):
    """Money in the user's locale: ``12 500,00 сом``, ``12,500.00 ֏``."""
    if amount is None:
        return ""
    return format_currency(Decimal(amount), currency, locale=str(get_locale()))


def number(value, digits=None):
    if value is None:
        return ""
    fmt = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=fmt, locale=str(get_locale()))


def init_app(app):
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["number"] = number
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES

    @app.context_processor
    def _locale():
        return {"current_locale": str(get_locale())}

"""Fast money formatting for pages with hundreds of amounts.

Babel's ``format_currency`` costs ~0.1 ms per call; a plan page formats thousands of
amounts. The locale's layout is learnt once per (locale, currency) from Babel itself
(``1234567.89`` formatted), then applied with Python's own formatting: same output as
``|money`` for the standard patterns of ky, ru, hy and en."""
from decimal import Decimal

from babel.numbers import format_currency
from flask_babel import get_locale

_LAYOUTS: dict = {}
_SAMPLE = Decimal("1234567.89")


def _layout(locale, currency):
    key = (locale, currency)
    layout = _LAYOUTS.get(key)
    if layout is None:
        sample = format_currency(_SAMPLE, currency, locale=locale)
        start, end = sample.index("1"), sample.index("89") + 2
        number = sample[start:end]
        group = number[1] if not number[1].isdigit() else ""
        decimal = number[-3]
        layout = _LAYOUTS[key] = (sample[:start], sample[end:], group, decimal)
    return layout


def plan_money(amount, currency, locale=None):
    if amount is None:
        return ""
    prefix, suffix, group, decimal = _layout(locale or str(get_locale()), currency)
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    digits = f"{abs(value):,.2f}".replace(",", "\x00").replace(".", decimal).replace("\x00", group)
    return f"{sign}{prefix}{digits}{suffix}"

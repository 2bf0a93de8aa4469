"""Money, number and translation lookups per call: planner.i18n beside the plain Babel and
Flask-Babel calls, measured in the same run.

A "page" is 1,000 different amounts. *first* is its first render (nothing kept yet),
*again* a later render of the same figures, as most page views are.

    .venv/bin/python bench/formatting.py"""
import random
import timeit
from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from flask import render_template_string
from flask_babel import gettext as babel_gettext

from planner import create_app, i18n
from planner.i18n import gettext, money, number

AMOUNTS = [Decimal(random.Random(i).randrange(10 ** 9)) / 100 for i in range(1000)]


def page(call):
    """Microseconds per amount over one page of 1,000 amounts."""
    return min(timeit.repeat(lambda: [call(x) for x in AMOUNTS], number=1, repeat=5)) / len(AMOUNTS) * 1e6


def first(call):
    def cold(x):
        return call(x)

    times = []
    for _ in range(5):
        i18n._money_text.cache_clear()
        i18n._number_text.cache_clear()
        times.append(timeit.timeit(lambda: [cold(x) for x in AMOUNTS], number=1))
    return min(times) / len(AMOUNTS) * 1e6


def main():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    rows = [
        ("money, ky KGS", lambda x: money(x, "KGS", "ky"), lambda x: format_currency(x, "KGS", locale="ky")),
        ("number(2), ru", lambda x: number(x, 2, "ru"), lambda x: format_decimal(x, format="#,##0.00", locale="ru")),
        ("number, hy", lambda x: number(x, None, "hy"), lambda x: format_decimal(x, locale="hy")),
    ]
    print("| call | planner, first µs | planner, again µs | plain Babel µs |")
    print("|---|---|---|---|")
    for name, ours, theirs in rows:
        print(f"| {name} | {first(ours):.2f} | {page(ours):.2f} | {page(theirs):.2f} |")
    with app.test_request_context(headers={"Accept-Language": "ky"}):
        n = 20000
        a = min(timeit.repeat(lambda: gettext("Name"), number=n, repeat=5)) / n * 1e6
        b = min(timeit.repeat(lambda: babel_gettext("Name"), number=n, repeat=5)) / n * 1e6
        print(f"| gettext, ky | {a:.2f} | | {b:.2f} (Flask-Babel) |")
        source = "{% for i in range(1000) %}{{ _('Name') }}{% endfor %}"
        t = min(timeit.repeat(lambda: render_template_string(source), number=20, repeat=5)) / 20 * 1e3
        print(f"| template `_()` × 1,000 | {t:.2f} ms a page | | |")


if __name__ == "__main__":
    main()

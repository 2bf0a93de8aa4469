"""The per-row helpers that keep long pages fast give what the slow way gave: row_url the
addresses of url_for, post_button the markup of the Jinja macro it replaced, and the kept
month texts Babel's own."""
from datetime import date

import pytest
from babel.dates import format_skeleton
from flask import render_template_string, url_for

from planner.forms import ActionForm
from planner.i18n import month_year, period_text

# The macro as it was in templates/_macros.html: the reference the Python function must match.
OLD_MACRO = """{% macro post_button(action, label, form, cls='') -%}
<form method="post" action="{{ action }}" class="inline-form">{{ form.hidden_tag() }}<button class="{{ cls }}">{{ label }}</button></form>
{%- endmacro %}{{ post_button(action, label, form, cls) }}"""


@pytest.mark.parametrize(("endpoint", "key", "values"), [
    ("municipalities.remove", "membership_id", {"slug": "ak-suu"}),
    ("monitoring.report_new", "activity_id", {"slug": "жашыл-өрөн", "plan_id": 7}),
    ("monitoring.report", "report_id", {"slug": "a b&c", "extra": "x&y"}),  # quoted slug, a query string
])
def test_row_url_gives_url_for_s_address_for_every_id(app, endpoint, key, values):
    with app.test_request_context():
        row = render_template_string("{% set u = row_url(endpoint, key, **values) %}"
                                     "{% for i in ids %}{{ u(i) }}|{% endfor %}",
                                     endpoint=endpoint, key=key, values=values, ids=[1, 9, 10, 987654, 2**40])
        expected = "".join(f"{url_for(endpoint, **values, **{key: i})}|" for i in [1, 9, 10, 987654, 2**40])
        assert row == render_template_string("{{ e }}", e=expected)
        assert "1&amp;" not in row or "extra=x%26y" in row


def test_post_button_draws_the_old_macro_s_markup(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.test_request_context():
        form = ActionForm()
        for action, label, cls in [("/m/x/members/3/remove", "Remove role", "small"),
                                   ("/a?b=1&c=<2>", '"Quote" & <tag>', ""),
                                   ("/m/y/verify", render_template_string("{{ _('Verify residency') }}"), "primary small")]:
            new = render_template_string('{% from "_macros.html" import post_button %}'
                                         '{{ post_button(action, label, form, cls) }}',
                                         action=action, label=label, form=form, cls=cls)
            old = render_template_string(OLD_MACRO, action=action, label=label, form=form, cls=cls)
            assert new == old and 'name="csrf_token"' in new


@pytest.mark.parametrize("locale", ["ky", "ru", "hy", "en"])
def test_kept_month_texts_are_babel_s(app, locale):
    for year in (2025, 2026):
        for month in range(1, 13):
            day = date(year, month, 1)
            assert month_year(day, locale=locale) == format_skeleton("yMMM", day, locale=locale)
            assert month_year(f"{year}-{month:02d}", numeric=True, locale=locale) == format_skeleton(
                "yMM", day, locale=locale)
            assert period_text("month", year, month, locale) == format_skeleton("yMMMM", day, locale=locale)
        for quarter in range(1, 5):
            assert period_text("quarter", year, quarter, locale) == format_skeleton(
                "yQQQQ", date(year, quarter * 3 - 2, 1), locale=locale)
    assert month_year("2026-13", locale=locale) == "2026-13" and month_year("", locale=locale) == ""


def test_the_plain_select_draws_wtforms_markup(app):
    from wtforms import SelectChoice, SelectField
    from wtforms.widgets import Select

    from planner.forms import BaseForm, choices
    from planner.i18n import lazy_gettext

    class Form(BaseForm):
        a = SelectField(choices=choices([(1, "One"), (2, 'Two "2" & <b>'), (3, lazy_gettext("Village"))]), coerce=int)
        b = SelectField(choices=choices([("x", "X"), ("y", "")]), validate_choice=False)
        c = SelectField(choices=choices([(True, "yes"), (False, "no")]), coerce=bool)
        d = SelectField(choices=[SelectChoice("g1", "G1", optgroup="Group"), SelectChoice("o1", "O1", optgroup="Other"),
                                 SelectChoice("k", "K", render_kw={"disabled": True})])  # WTForms draws these

    with app.test_request_context():
        for data in ({"a": 2, "b": "y", "c": False, "d": "o1"}, {"a": 3, "b": "none", "c": True, "d": None}):
            form = Form(data=data, meta={"csrf": False})
            for name in "abcd":
                field = form[name]
                new = str(field(class_="wide", required=True))
                assert new == str(Select()(field, class_="wide", required=True)), name
            assert "selected" in str(form.a()) and "&lt;b&gt;" in str(form.a())

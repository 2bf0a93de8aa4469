"""The execution table's rows and bar chart drawn in Python (planner/budget/table_html.py)
give the markup of the templates they replaced, for both scales, every language, a line's
link, odd names and empty, zero and missing figures."""
from decimal import Decimal as D

import pytest
from flask import render_template_string
from flask_babel import force_locale

from planner.budget import table_html
from planner.budget.execution import execution
from planner.budget.kept import LineFigures, MonthFigures

# The templates as they were (budget/_chart.html, and budget/_table.html's row loop after its
# "set digits"): the references the Python functions must match.
OLD_CHART = '{% macro execution_chart(table, scale, locale, title) -%}\n{% set top = table.rows|selectattr("depth", "equalto", 0)|list %}\n{% if top|length == 1 and top[0].line.is_group %}{% set top = table.rows|selectattr("depth", "equalto", 1)|list %}{% endif %}\n{% if top %}\n{% set ns = namespace(peak=0) %}\n{% for r in top %}{% set ns.peak = [ns.peak, r.figures.plan, r.figures.actual]|max %}{% endfor %}\n{% set bar_h, gap, label_h, width = 12, 10, 16, 300 %}\n{% set height = top|length * (2 * bar_h + gap + label_h) %}\n<figure class="chart-svg">\n<figcaption>{{ title }}</figcaption>\n<svg viewBox="0 0 {{ width + 80 }} {{ height }}" role="img" aria-label="{{ title }}" width="100%">\n{% for r in top %}\n{% set y = loop.index0 * (2 * bar_h + gap + label_h) %}\n{% set pw = (r.figures.plan / ns.peak * width) if ns.peak else 0 %}\n{% set aw = (r.figures.actual / ns.peak * width) if ns.peak else 0 %}\n<text x="0" y="{{ y + 12 }}" font-size="12">{{ r.line.code }} {{ r.line.label(locale)|truncate(44) }}</text>\n<rect x="0" y="{{ y + label_h }}" width="{{ \'%.1f\'|format([pw, 0]|max) }}" height="{{ bar_h }}" fill="#9ec5e8"><title>{{ _("Plan to date") }}</title></rect>\n<rect x="0" y="{{ y + label_h + bar_h }}" width="{{ \'%.1f\'|format([aw, 0]|max) }}" height="{{ bar_h }}" fill="#1f5f99"><title>{{ _("Actual to date") }}</title></rect>\n<text x="{{ \'%.1f\'|format([pw, aw, 0]|max + 4) }}" y="{{ y + label_h + 2 * bar_h - 2 }}" font-size="11">{{ (r.figures.percent|number(2) ~ " %") if r.figures.percent is not none else "—" }}</text>\n{% endfor %}\n</svg>\n<p class="chart-key"><span class="key plan"></span> {{ _("Plan to date") }} <span class="key actual"></span> {{ _("Actual to date") }}</p>\n</figure>\n{% endif %}\n{%- endmacro %}' + "{{ execution_chart(table, scale, locale, title) }}"
OLD_ROWS = '{% set digits = 3 if scale == "thousands" else 2 %}' + '{% for r in table.rows %}{% set s = r.figures.shown(scale) %}\n<tr class="depth-{{ [r.depth, 3]|min }}{% if r.line.is_group %} group{% endif %}"><th scope="row" data-label="{{ _(\'Line\') }}">{% if manage_links %}<a href="{{ url_for(\'budget.line\', slug=municipality.slug, year=budget.year, budget_line_id=r.line.id) }}">{{ r.line.code }}</a>{% else %}{{ r.line.code }}{% endif %} {{ r.line.label(locale) }}</th>\n<td data-label="{{ _(\'Annual plan (revised)\') }}" class="num">{{ s.annual|number(digits) }}</td>\n<td data-label="{{ _(\'Plan to date\') }}" class="num">{{ s.plan|number(digits) }}</td>\n<td data-label="{{ _(\'Actual to date\') }}" class="num">{{ s.actual|number(digits) }}</td>\n<td data-label="{{ _(\'Executed, %%\') }}" class="num">{{ (s.percent|number(2)) ~ " %" if s.percent is not none else "—" }}</td>\n<td data-label="{{ _(\'Deviation\') }}" class="num{% if s.deviation < 0 %} negative{% endif %}">{{ s.deviation|number(digits) }}</td></tr>\n{% endfor %}'
NEW_ROWS = ("{{ rows(table, scale, locale, (_('Line'), _('Annual plan (revised)'), _('Plan to date'), "
            "_('Actual to date'), _('Executed, %%'), _('Deviation')), line_url) }}")


def _line(id, code, name, parent=None, group=False, kind="revenue", revised=D("1200"), months=(), names=None):
    return LineFigures(id, parent, kind, "administrative", group, id, code, name, names, revised,
                       tuple(MonthFigures(m, plan, actual) for m, plan, actual in months))


LINES = [
    _line(1, "1", 'Revenue <b>&</b> "grants"', group=True, revised=None),
    _line(2, "1.1", "Tax on a very long name that goes on and on past forty-four letters", parent=1,
          months=[(1, D("100"), D("120.5")), (2, D("100"), None)], names={"ky": "Салык 'ky'"}),
    _line(3, "1.2", "Zero plan", parent=1, revised=D("0"), months=[(1, D("0"), D("5"))]),
    _line(4, "1.3", "Nothing yet", parent=1, revised=None),
    _line(5, "2", "Alone", months=[(1, D("-3.3335"), D("1234567.891"))]),
    _line(9, "9", "Expense", kind="expense", group=True, revised=None),
]


@pytest.mark.parametrize("lang", ["ky", "ru", "hy", "en"])
@pytest.mark.parametrize("scale", ["thousands", "units"])
@pytest.mark.parametrize("month", [1, 2, 12])
def test_rows_and_chart_as_the_templates_drew_them(app, lang, scale, month):
    old_rows = OLD_ROWS.replace(
        "url_for('budget.line', slug=municipality.slug, year=budget.year, budget_line_id=r.line.id)",
        "line_url(r.line.id)")
    assert "line_url(r.line.id)" in old_rows
    with app.test_request_context(), force_locale(lang):
        for kind in ("revenue", "expense"):
            for lines in (LINES, LINES[1:2], LINES[4:5], []):
                table = execution(lines, kind, month)
                for line_url in (None, lambda i: f"/m/x/budget/2026/lines/{i}?a=1&b=2"):
                    values = dict(table=table, scale=scale, locale=lang, manage_links=line_url is not None,
                                  line_url=line_url)
                    old = render_template_string(old_rows, **values)
                    new = render_template_string(NEW_ROWS, rows=table_html.rows_html, **values)
                    assert new == old
                title = 'Kind: <plan> & "actual"'
                old = render_template_string(OLD_CHART, table=table, scale=scale, locale=lang, title=title)
                new = render_template_string("{{ chart(table, scale, locale, title) }}",
                                             chart=table_html.execution_chart, table=table, scale=scale,
                                             locale=lang, title=title)
                assert new == old

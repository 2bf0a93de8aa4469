"""The execution table's rows and its bar chart, drawn by Python formats.

``_table.html`` drew each row through a dozen Jinja expressions (a ``|number`` filter per
cell, a ``_()`` per data label) and ``_chart.html``'s macro drew each bar the same way, with
its ``_()`` and ``|number`` looking the locale and translations up again, as a macro imported
without context has neither: about half of the execution page's drawing. Here a row is one
format, as ``post_button`` and the plan sheet's ``row_html`` are. The HTML is the same, byte
for byte: every value is escaped as the template escaped it, the labels are the templates'
own ``_()`` texts, and the whitespace is that the templates left."""
from markupsafe import Markup, escape

from ..i18n import gettext, number

BAR_H, GAP, LABEL_H, WIDTH = 12, 10, 16, 300
STEP = 2 * BAR_H + GAP + LABEL_H


def _percent_text(value, locale):
    return "—" if value is None else number(value, 2, locale) + " %"


def rows_html(table, scale, locale, labels, line_url=None) -> Markup:
    """The ``<tbody>``'s rows of an execution table (execution.Table). ``labels``: the
    column labels as the template translated them (Line, Annual plan (revised), Plan to date,
    Actual to date, Executed, %, Deviation); ``line_url(id)``: a line's address for staff."""
    line, annual, plan, actual, executed, deviation = labels
    digits = 3 if scale == "thousands" else 2
    e = escape
    parts = []
    for r in table.rows:
        s = r.figures.shown(scale)
        code = e(r.line.code)
        if line_url is not None:
            code = f'<a href="{e(line_url(r.line.id))}">{code}</a>'
        parts.append(
            f'\n<tr class="depth-{min(r.depth, 3)}{" group" if r.line.is_group else ""}">'
            f'<th scope="row" data-label="{line}">{code} {e(r.line.label(locale))}</th>\n'
            f'<td data-label="{annual}" class="num">{e(number(s.annual, digits, locale))}</td>\n'
            f'<td data-label="{plan}" class="num">{e(number(s.plan, digits, locale))}</td>\n'
            f'<td data-label="{actual}" class="num">{e(number(s.actual, digits, locale))}</td>\n'
            f'<td data-label="{executed}" class="num">{e(_percent_text(s.percent, locale))}</td>\n'
            f'<td data-label="{deviation}" class="num{" negative" if s.deviation < 0 else ""}">'
            f'{e(number(s.deviation, digits, locale))}</td></tr>\n')
    return Markup("".join(parts))


def _truncate(text, length=44, end="...", leeway=5):
    """Jinja's ``|truncate(44)``: whole words, "..." appended, unless only ``leeway`` over."""
    if len(text) <= length + leeway:
        return text
    return text[:length - len(end)].rsplit(" ", 1)[0] + end


def _top_rows(table):
    top = [r for r in table.rows if r.depth == 0]
    if len(top) == 1 and top[0].line.is_group:
        top = [r for r in table.rows if r.depth == 1]
    return top


def execution_chart(table, scale, locale, title) -> Markup:
    """An SVG bar chart drawn on the server: for each top-level row, the plan to date (light)
    and the actual to date (dark), on one scale; readable without any script."""
    top = _top_rows(table)
    if not top:
        return Markup("\n\n")
    peak = 0
    for r in top:
        peak = max([peak, r.figures.plan, r.figures.actual])
    e = escape
    plan_label, actual_label = Markup(gettext("Plan to date")), Markup(gettext("Actual to date"))
    title = e(title)
    parts = [f'\n\n\n\n\n\n\n<figure class="chart-svg">\n<figcaption>{title}</figcaption>\n'
             f'<svg viewBox="0 0 {WIDTH + 80} {len(top) * STEP}" role="img" aria-label="{title}" width="100%">\n']
    for index, r in enumerate(top):
        y = index * STEP
        pw = (r.figures.plan / peak * WIDTH) if peak else 0
        aw = (r.figures.actual / peak * WIDTH) if peak else 0
        parts.append(
            f'\n\n\n\n<text x="0" y="{y + 12}" font-size="12">{e(r.line.code)} '
            f'{e(_truncate(r.line.label(locale)))}</text>\n'
            f'<rect x="0" y="{y + LABEL_H}" width="{"%.1f" % max([pw, 0])}" height="{BAR_H}" fill="#9ec5e8">'
            f'<title>{plan_label}</title></rect>\n'
            f'<rect x="0" y="{y + LABEL_H + BAR_H}" width="{"%.1f" % max([aw, 0])}" height="{BAR_H}" '
            f'fill="#1f5f99"><title>{actual_label}</title></rect>\n'
            f'<text x="{"%.1f" % (max([pw, aw, 0]) + 4)}" y="{y + LABEL_H + 2 * BAR_H - 2}" font-size="11">'
            f'{e(_percent_text(r.figures.percent, locale))}</text>\n')
    parts.append(f'\n</svg>\n<p class="chart-key"><span class="key plan"></span> {plan_label} '
                 f'<span class="key actual"></span> {actual_label}</p>\n</figure>\n')
    return Markup("".join(parts))

"""The plan sheet's activity rows as a view-model: every cell's text computed once in Python.

``_sheet.html`` drew each activity through a few dozen Jinja expressions (filters for the
money, the months and the indicators' numbers, a ``url_for`` per row, a loop over the funding
sources per row): about half of a plan page's time for an initiative-group member, whose
working copy is drawn for every request. Here each row is a handful of plain texts; the
template only places each row's markup, drawn by one Python format (``row_html``, as
``post_button`` is: a Jinja expression per cell cost more than the cell's own formatting).
The HTML is the same, byte for byte: every text is escaped as the template escaped it, and
the labels are the template's own (already escaped) ``_()`` texts."""
from markupsafe import Markup, escape

from ..i18n import money, month_year, number
from ..web import row_url


class ActivityRow:
    """One activity's cells, ready to show."""

    __slots__ = ("id", "no", "url", "description", "problem", "villages", "expected_result", "indicators",
                 "responsible", "partners", "period", "total", "split")

    def __init__(self, a, section_number, sources, currency, locale, activity_url):
        self.id = a["id"]
        self.no = f"{section_number}.{a['number']}"
        self.url = activity_url(a["id"]) if activity_url else None
        self.description = a["description"]
        self.problem = a["problem"]
        self.villages = ", ".join(a["villages"]) if a["villages"] else ""
        self.expected_result = a["expected_result"]
        self.indicators = [_indicator(i, locale) for i in a["indicators"]]
        self.responsible = a["responsible"] or "—"
        self.partners = a["partners"]
        self.period = _period(a["start"], a["end"], locale)
        self.total = money(a["total"], currency, locale)
        funding = a["funding"]
        self.split = [f"{label}: {money(funding[key], currency, locale)}" for key, label in sources if funding[key]]


def _indicator(i, locale):
    if i["target"] is None:
        return i["name"]
    baseline = "" if i["baseline"] is None else f"{number(i['baseline'], locale=locale)} → "
    return f"{i['name']}: {baseline}{number(i['target'], locale=locale)} {i['unit']}"


def _period(start, end, locale):
    text = month_year(start, locale=locale) or "—"
    if end and end != start:
        text = f"{text} – {month_year(end, locale=locale)}"
    return text


def row_html(r, labels) -> Markup:
    """An activity's ``<tr>``: ``labels`` are the column and field labels as the template
    translated them (Markup): No., What, Responsible, Period, Cost, Problem:, Result:."""
    no, what, resp, period, cost, problem, result = labels
    e = escape
    description = f'<a href="{e(r.url)}">{e(r.description)}</a>' if r.url else e(r.description)
    parts = [f'<tr id="a{e(r.id)}">\n<td class="no" data-label="{no}">{e(r.no)}</td>\n'
             f'<td data-label="{what}" class="what">\n  {description}\n  ']
    if r.problem:
        parts.append(f'<span class="muted block">{problem} {e(r.problem)}</span>')
    parts.append("\n  ")
    if r.villages:
        parts.append(f'<span class="muted block">{e(r.villages)}</span>')
    parts.append("\n  ")
    if r.expected_result:
        parts.append(f'<span class="block">{result} {e(r.expected_result)}</span>')
    parts.append("\n  ")
    parts.extend(f'<span class="block small">{e(i)}</span>' for i in r.indicators)
    parts.append(f'\n</td>\n<td data-label="{resp}">{e(r.responsible)}')
    if r.partners:
        parts.append(f'<span class="muted block">{e(r.partners)}</span>')
    parts.append(f'</td>\n<td data-label="{period}">{e(r.period)}</td>\n'
                 f'<td data-label="{cost}" class="num"><strong>{e(r.total)}</strong>\n  <ul class="split">')
    parts.extend(f"<li>{e(item)}</li>" for item in r.split)
    parts.append("</ul></td>\n</tr>")
    return Markup("".join(parts))


def sheet_rows(sheet, sources, currency, locale, labels, *, plan=None, municipality=None):
    """{section id: [row markup]} for a Sheet (``labels``: see ``row_html``); with ``plan``
    and ``municipality`` each row links to its activity's page (one routing for the whole
    table, ``row_url``)."""
    activity_url = (row_url("plans.activity", "activity_id", slug=municipality.slug, plan_id=plan.id)
                    if plan is not None else None)
    return {section["id"]: [row_html(ActivityRow(a, section["number"], sources, currency, locale, activity_url), labels)
                            for a in section["activities"]]
            for section in sheet.sections}

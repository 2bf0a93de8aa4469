"""The plan sheet's activity rows as a view-model: every cell's text computed once in Python.

``_sheet.html`` drew each activity through a few dozen Jinja expressions (filters for the
money, the months and the indicators' numbers, a ``url_for`` per row, a loop over the funding
sources per row): about half of a plan page's time for an initiative-group member, whose
working copy is drawn for every request. Here each row is a handful of plain texts; the
template only places them (the HTML is the same, byte for byte: the texts are escaped by the
template as the pieces were, and the literal joins hold no character that escaping changes)."""
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


def sheet_rows(sheet, sources, currency, locale, *, plan=None, municipality=None):
    """{section id: [ActivityRow]} for a Sheet; with ``plan`` and ``municipality`` each row
    links to its activity's page (one routing for the whole table, ``row_url``)."""
    activity_url = (row_url("plans.activity", "activity_id", slug=municipality.slug, plan_id=plan.id)
                    if plan is not None else None)
    return {section["id"]: [ActivityRow(a, section["number"], sources, currency, locale, activity_url)
                            for a in section["activities"]]
            for section in sheet.sections}

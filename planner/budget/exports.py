"""The execution table as rows for CSV and XLSX, exactly as the page shows it."""
from flask_babel import gettext as _


def execution_rows(table, scale, locale, heading):
    """``rows, bold`` (1-based row numbers of the header, groups and the total)."""
    rows = [[h] for h in heading] + [[]]
    rows.append([_("Code"), _("Line"), _("Annual plan (revised)"), _("Plan to date"), _("Actual to date"),
                 _("Executed, %%") % (), _("Deviation")])
    bold = [len(rows)]
    for row in table.rows:
        shown = row.figures.shown(scale)
        rows.append([row.line.code, "  " * row.depth + row.line.label(locale), shown.annual, shown.plan,
                     shown.actual, shown.percent if shown.percent is not None else "", shown.deviation])
        if row.line.is_group:
            bold.append(len(rows))
    total = table.total.shown(scale)
    rows.append(["", _("Total"), total.annual, total.plan, total.actual,
                 total.percent if total.percent is not None else "", total.deviation])
    bold.append(len(rows))
    return rows, bold

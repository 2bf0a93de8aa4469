"""CSV and XLSX of a plan's activities with their funding split (pure functions of a Sheet)."""
from flask_babel import gettext as _

from .. import spreadsheets
from .forms import FUNDING_LABELS
from .models import FUNDING_SOURCES


def _headers():
    return ([_("Section"), _("No."), _("Problem or priority it answers"), _("What will be done"), _("Villages"),
             _("Responsible"), _("Partners"), _("Start"), _("End")]
            + [str(FUNDING_LABELS[k]) for k in FUNDING_SOURCES]
            + [_("Total"), _("Expected result"), _("Indicators")])


def _indicators(a):
    parts = []
    for i in a["indicators"]:
        text = i["name"]
        if i["target"] is not None:
            text += ": " + (f"{i['baseline']} → " if i["baseline"] is not None else "") + f"{i['target']} {i['unit']}"
        parts.append(text.strip())
    return "; ".join(parts)


def _row(section_number, a):
    return ([a["section"], f"{section_number}.{a['number']}", a["problem"], a["description"], ", ".join(a["villages"]),
             a["responsible"], a["partners"], a["start"], a["end"]]
            + [a["funding"][k] for k in FUNDING_SOURCES] + [a["total"], a["expected_result"], _indicators(a)])


def to_csv(sheet, source) -> str:
    """The activities, after a first row naming the version and the council decision."""
    rows = [[source.version_label, source.decision_label], _headers()]
    for n, section in enumerate(sheet.sections, start=1):
        rows += [_row(n, a) for a in section["activities"]]
    rows.append([_("Total"), *[""] * 8] + [sheet.totals[k] for k in FUNDING_SOURCES] + [sheet.total, "", ""])
    return spreadsheets.csv_text(rows)  # BOM for Excel; formula-like text quoted


def to_xlsx(sheet, *, municipality, plan_title, version_label, decision_label) -> bytes:
    """The council's annex: a header, one row per activity, a subtotal per section and a total."""
    headers = _headers()
    rows = [[municipality], [plan_title], [version_label], [decision_label], [], headers]
    header_row = len(rows)
    bold = [header_row]
    blank = [""] * 8
    for n, section in enumerate(sheet.sections, start=1):
        rows.append([f"{n}. {section['title']}"])
        bold.append(len(rows))
        rows += [_row(n, a) for a in section["activities"]]
        rows.append([_("Subtotal"), *blank] + [section["totals"][k] for k in FUNDING_SOURCES] + [section["total"]])
        bold.append(len(rows))
    rows.append([_("Total"), *blank] + [sheet.totals[k] for k in FUNDING_SOURCES] + [sheet.total])
    bold.append(len(rows))
    options = {
        "title_rows": (1, 2), "bold_rows": bold, "wrap_from": header_row, "landscape": True,
        "money_columns": range(10, 10 + len(FUNDING_SOURCES) + 1),
        "widths": [22, 6, 30, 40, 18, 20, 18, 9, 9] + [13] * (len(FUNDING_SOURCES) + 1) + [30, 30],
        "freeze": f"C{header_row + 1}", "print_rows": f"{header_row}:{header_row}",
    }
    return spreadsheets.xlsx_bytes([(_("Activities"), rows, options)])

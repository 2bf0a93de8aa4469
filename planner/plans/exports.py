"""CSV and XLSX of a plan's activities with their funding split (pure functions of a Sheet)."""
import io
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

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
    rows.append([_("Total"), "", "", "", "", "", "", "", ""] + [sheet.totals[k] for k in FUNDING_SOURCES] + [sheet.total, "", ""])
    return spreadsheets.csv_text(rows)  # BOM for Excel; formula-like text quoted


def to_xlsx(sheet, *, municipality, plan_title, version_label, decision_label) -> bytes:
    """The council's annex: a header, one row per activity, a subtotal per section and a total."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Activities")[:31]
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.append([municipality])
    ws.append([plan_title])
    ws.append([version_label])
    ws.append([decision_label])
    ws.append([])
    for r in range(1, 3):
        ws.cell(row=r, column=1).font = Font(bold=True, size=13)
    headers = _headers()
    ws.append(headers)
    header_row = ws.max_row
    for c in range(1, len(headers) + 1):
        cell = ws.cell(row=header_row, column=c)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    money_cols = range(10, 10 + len(FUNDING_SOURCES) + 1)
    for n, section in enumerate(sheet.sections, start=1):
        ws.append([f"{n}. {section['title']}"])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for a in section["activities"]:
            ws.append([spreadsheets.safe_cell(v) for v in _row(n, a)])
        ws.append([_("Subtotal"), "", "", "", "", "", "", "", ""] + [section["totals"][k] for k in FUNDING_SOURCES] + [section["total"]])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.append([_("Total"), "", "", "", "", "", "", "", ""] + [sheet.totals[k] for k in FUNDING_SOURCES] + [sheet.total])
    for c in range(1, len(headers) + 1):
        ws.cell(row=ws.max_row, column=c).font = Font(bold=True)
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            if cell.column in money_cols and isinstance(cell.value, Decimal):
                cell.value = float(cell.value) if cell.value != cell.value.to_integral() else int(cell.value)
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [22, 6, 30, 40, 18, 20, 18, 9, 9] + [13] * (len(FUNDING_SOURCES) + 1) + [30, 30]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    ws.print_title_rows = f"{header_row}:{header_row}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""The one XLSX writer: the same formula policy as CSV, and its layout options."""
import io
from decimal import Decimal as D

from openpyxl import load_workbook

from planner import spreadsheets


def _book(data):
    return load_workbook(io.BytesIO(data))


def test_text_that_would_run_as_a_formula_is_quoted_in_every_cell():
    rows = [["=HYPERLINK(\"http://evil\")"], ["+1", "-2 сом", "@SUM(A1)", "Water"], [D("-5"), D("2.50"), -3]]
    for stream in (False, True):
        sheet = _book(spreadsheets.xlsx_bytes([("T", rows, {})], stream=stream))["T"]
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert values[0][0] == "'=HYPERLINK(\"http://evil\")"
        assert values[1] == ["'+1", "'-2 сом", "'@SUM(A1)", "Water"]
        assert values[2][:3] == [-5, 2.5, -3]  # numbers stay numbers
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    csv = spreadsheets.csv_text(rows)
    assert "'=HYPERLINK" in csv and "'+1" in csv


def test_layout_options():
    rows = [["Title"], ["Sub"], ["Head", "Money"], ["a long text", D("1234.5")]]
    options = {"title_rows": (1,), "bold_rows": (3,), "money_columns": (2,), "wrap_from": 3, "widths": [30, None],
               "freeze": "A4", "print_rows": "3:3", "landscape": True}
    sheet = _book(spreadsheets.xlsx_bytes([("Plan: 2026/2027 [draft]?", rows, options)]))["Plan- 2026-2027 -draft--"]
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 13
    assert sheet["A3"].font.bold and not sheet["A4"].font.bold
    assert sheet["B4"].number_format == "#,##0.00" and sheet["B4"].value == 1234.5
    assert sheet["A4"].alignment.wrap_text and not sheet["A1"].alignment.wrap_text
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.freeze_panes == "A4" and sheet.page_setup.orientation == "landscape"

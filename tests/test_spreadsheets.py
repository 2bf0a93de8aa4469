"""The one XLSX writer: the same formula policy as CSV, and its layout options; the two CSV
dialects: commas and decimal points for programs, semicolons and decimal commas for
spreadsheets set to Russian, Kyrgyz or Armenian (``?sep=semicolon``)."""
import csv
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


def _read(text, delimiter):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_semicolons_and_decimal_commas():
    rows = [["Name", "Amount", "Share", "Count"], ["Суу; түтүк", D("1234.50"), 12.5, 7], ["=SUM(A1)", D("-3"), 0.25, 0]]
    local = _read(spreadsheets.csv_text(rows, semicolons=True), ";")
    assert local == [["Name", "Amount", "Share", "Count"], ["Суу; түтүк", "1234,50", "12,5", "7"],
                     ["'=SUM(A1)", "-3", "0,25", "0"]]
    plain = _read(spreadsheets.csv_text(rows, semicolons=False), ",")
    assert plain[1] == ["Суу; түтүк", "1234.50", "12.5", "7"] and plain[2][0] == "'=SUM(A1)"


def test_the_dialect_follows_the_address(app):
    with app.test_request_context("/x.csv?sep=semicolon"):
        assert spreadsheets.csv_text([["a", D("1.5")]]) == "\ufeffa;1,5\r\n"
    with app.test_request_context("/x.csv"):
        assert spreadsheets.csv_text([["a", D("1.5")]]) == "\ufeffa,1.5\r\n"

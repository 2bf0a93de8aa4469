"""The two CSV dialects: commas and decimal points for programs, semicolons and decimal
commas for spreadsheets set to Russian, Kyrgyz or Armenian (``?sep=semicolon``)."""
import csv
import io
from decimal import Decimal

from planner.spreadsheets import csv_text


def _read(text, delimiter):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_semicolons_and_decimal_commas():
    rows = [["Name", "Amount", "Share", "Count"], ["Суу; түтүк", Decimal("1234.50"), 12.5, 7], ["=SUM(A1)", Decimal("-3"), 0.25, 0]]
    local = _read(csv_text(rows, semicolons=True), ";")
    assert local == [["Name", "Amount", "Share", "Count"], ["Суу; түтүк", "1234,50", "12,5", "7"],
                     ["'=SUM(A1)", "-3", "0,25", "0"]]
    plain = _read(csv_text(rows, semicolons=False), ",")
    assert plain[1] == ["Суу; түтүк", "1234.50", "12.5", "7"] and plain[2][0] == "'=SUM(A1)"


def test_the_dialect_follows_the_address(app):
    with app.test_request_context("/x.csv?sep=semicolon"):
        assert csv_text([["a", Decimal("1.5")]]) == "\ufeffa;1,5\r\n"
    with app.test_request_context("/x.csv"):
        assert csv_text([["a", Decimal("1.5")]]) == "\ufeffa,1.5\r\n"

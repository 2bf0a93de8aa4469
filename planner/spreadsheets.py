"""CSV and XLSX files made from rows of plain values, shared by every export.

CSV comes in two dialects: commas and decimal points for programs (the default), and, with
``?sep=semicolon`` on any CSV address, semicolons and decimal commas for spreadsheets set to
Russian, Kyrgyz or Armenian (the ``downloads`` macro in templates/_downloads.html offers both).

Text typed by users goes into these files, and a spreadsheet runs a CSV cell that starts
with ``=``, ``+``, ``-`` or ``@`` as a formula: such text is prefixed with an apostrophe
(OWASP's advice against CSV injection). In XLSX, cells carry their type, so text stays
text as written. Numbers stay numbers. CSV files start with a BOM so
that Excel opens Cyrillic and Armenian text correctly."""
import csv
import io
from decimal import Decimal

from flask import Response, has_request_context, request

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TITLE_FORBIDDEN = str.maketrans({c: "-" for c in "[]:*?/\\"})


def decode_text(data: bytes) -> str | None:
    """An uploaded table's text: UTF-8 (with or without BOM) or Windows-1251, as accounting
    programmes export; None if it is neither."""
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def safe_cell(value):
    """A value as a spreadsheet cell: text that would run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def wants_semicolons() -> bool:
    """``?sep=semicolon``: the CSV for a spreadsheet set to Russian, Kyrgyz or Armenian, whose
    list separator is ``;`` and whose decimal separator is a comma (Excel splits a
    comma-separated file there into the wrong columns and reads 12.5 as a date or text)."""
    return has_request_context() and request.args.get("sep") == "semicolon"


def _local_number(value):
    if isinstance(value, (Decimal, float)) and not isinstance(value, bool):
        return format(value, "f").replace(".", ",") if isinstance(value, Decimal) else repr(value).replace(".", ",")
    return value


def csv_text(rows, semicolons=None) -> str:
    """CSV text: RFC 4180 (``,`` and decimal points) for programs, or with ``semicolons``
    (default: :func:`wants_semicolons`) ``;`` and decimal commas for spreadsheets."""
    if semicolons is None:
        semicolons = wants_semicolons()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if semicolons else ",")
    for row in rows:
        writer.writerow([_local_number(safe_cell(v)) if semicolons else safe_cell(v) for v in row])
    return out.getvalue()


def sheet_title(title, fallback="Sheet") -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return (str(title or fallback).translate(_TITLE_FORBIDDEN)[:31]) or fallback


def _excel_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def xlsx_bytes(sheets) -> bytes:
    """``sheets``: iterable of ``(title, rows, options)``; options may give ``widths`` (list
    of column widths), ``bold_rows`` (row numbers, 1-based), ``money_columns`` (1-based
    column numbers shown with two decimals) and ``freeze`` (a cell such as ``"A5"``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, rows, options in sheets:
        ws = book.create_sheet(sheet_title(title))
        money_columns = set(options.get("money_columns", ()))
        for row in rows:
            ws.append([_excel_value(v) for v in row])
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":  # text that openpyxl took for a formula stays text
                    cell.data_type = "s"
            for column in money_columns:
                cell = ws.cell(row=ws.max_row, column=column)
                if isinstance(cell.value, (int, float)):
                    cell.number_format = "#,##0.00"
        for number in options.get("bold_rows", ()):
            for cell in ws[number]:
                cell.font = Font(bold=True)
        for i, width in enumerate(options.get("widths", ()), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        if options.get("freeze"):
            ws.freeze_panes = options["freeze"]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(data, filename, mimetype) -> Response:
    """A file response the browser saves under ``filename`` (ASCII only)."""
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}",
                                                      "Cache-Control": "private, no-store"})


def csv_response(rows, filename) -> Response:
    return download(csv_text(rows), filename, "text/csv; charset=utf-8")


def xlsx_response(sheets, filename) -> Response:
    return download(xlsx_bytes(sheets), filename, XLSX_TYPE)


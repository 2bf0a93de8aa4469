"""CSV and XLSX files made from rows of plain values, shared by every export.

Text typed by users goes into these files, and a spreadsheet runs a cell that starts
with ``=``, ``+``, ``-`` or ``@`` as a formula: such text is prefixed with an apostrophe
(OWASP's advice against CSV injection), in CSV and XLSX alike (an XLSX text cell would be
run as a formula as soon as someone edits it). Numbers stay numbers. CSV files start with a BOM so
that Excel opens Cyrillic and Armenian text correctly."""
import csv
import io
from decimal import Decimal

from flask import Response

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


def csv_text(rows) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def sheet_title(title, fallback="Sheet") -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return (str(title or fallback).translate(_TITLE_FORBIDDEN)[:31]) or fallback


def _excel_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def xlsx_bytes(sheets, stream=False) -> bytes:
    """The one XLSX writer. ``sheets``: iterable of ``(title, rows, options)``. Every text
    cell goes through :func:`safe_cell`, as in CSV; Decimals become numbers.

    Options (row and column numbers 1-based): ``widths`` (column widths), ``title_rows``
    (large bold type), ``bold_rows``, ``money_columns`` (numbers shown with two decimals),
    ``wrap_from`` (text wraps, top-aligned, from that row on), ``freeze`` (a cell such as
    ``"C7"``), ``print_rows`` (rows repeated on each printed page, ``"6:6"``), ``landscape``
    (A4 landscape, one page wide). ``stream=True`` writes rows as they come (a survey's
    thousands of answers) and keeps only ``widths``."""
    from openpyxl import Workbook

    book = Workbook(write_only=stream)
    if not stream:
        book.remove(book.active)
    for title, rows, options in sheets:
        ws = book.create_sheet(sheet_title(title))
        if stream:
            _widths(ws, options)
            for row in rows:
                ws.append([_excel_value(safe_cell(v)) for v in row])
        else:
            for row in rows:
                ws.append([_excel_value(safe_cell(v)) for v in row])
            _style(ws, options)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _widths(ws, options):
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(options.get("widths", ()), start=1):
        if width:
            ws.column_dimensions[get_column_letter(i)].width = width


def _style(ws, options):
    from openpyxl.styles import Alignment, Font

    money_columns = set(options.get("money_columns", ()))
    wrap_from = options.get("wrap_from")
    for row in ws.iter_rows() if money_columns or wrap_from else ():
        for cell in row:
            if cell.column in money_columns and isinstance(cell.value, (int, float)):
                cell.number_format = "#,##0.00"
            elif wrap_from and cell.row >= wrap_from and isinstance(cell.value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number in options.get("bold_rows", ()):
        for cell in ws[number]:
            cell.font = Font(bold=True)
    for number in options.get("title_rows", ()):
        for cell in ws[number]:
            cell.font = Font(bold=True, size=13)
    _widths(ws, options)
    if options.get("freeze"):
        ws.freeze_panes = options["freeze"]
    if options.get("print_rows"):
        ws.print_title_rows = options["print_rows"]
    if options.get("landscape"):
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1


def download(data, filename, mimetype) -> Response:
    """A file response the browser saves under ``filename`` (ASCII only)."""
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}",
                                                      "Cache-Control": "private, no-store"})


def csv_response(rows, filename) -> Response:
    return download(csv_text(rows), filename, "text/csv; charset=utf-8")


def xlsx_response(sheets, filename) -> Response:
    return download(xlsx_bytes(sheets), filename, XLSX_TYPE)


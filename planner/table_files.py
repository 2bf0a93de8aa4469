"""Reading a table someone uploads (CSV or XLSX) and the preview of its import, row by row.

Accounting and treasury programmes export with ``;``, ``,`` or tabs, in UTF-8 or
Windows-1251, or as an XLSX workbook; ``read_table`` reads all of these into rows of text
cells. The first row names the columns in any of the app's languages (``columns``). An
import shows a ``Preview`` first, in which every row is matched or carries the reasons it
was not, and happens only when every row is matched (all or nothing)."""
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from .i18n import normalize_text
from .spreadsheets import decode_text


@dataclass
class PreviewRow:
    """A row of the file; ``reasons`` says why it cannot be imported (none: it matched)."""

    reasons: list = field(default_factory=list, kw_only=True)

    @property
    def is_matched(self) -> bool:
        return not self.reasons


@dataclass
class Preview:
    """What an import would do; ``error`` is a reason the whole file cannot be read."""

    rows: list = field(default_factory=list)
    error: str | None = None

    @property
    def is_importable(self) -> bool:
        return self.error is None and bool(self.rows) and all(r.is_matched for r in self.rows)

    @property
    def bad_rows(self) -> list:
        return [r for r in self.rows if not r.is_matched]


def key(text) -> str:
    """A header or a name as it is compared: lower case, single spaces, Kyrgyz letters normalised."""
    return re.sub(r"\s+", " ", normalize_text(str(text or "")).strip().lower())


def columns(header, names: dict) -> dict:
    """``{name: index}`` of the columns whose heading is one of the name's aliases, or starts
    with one followed by a space (``amount (som)``)."""
    found = {}
    header = [key(h) for h in header]
    for name, aliases in names.items():
        for i, h in enumerate(header):
            if h in aliases or any(h.startswith(a + " ") for a in aliases):
                found[name] = i
                break
    return found


def read_table(data: bytes, filename: str, max_rows: int) -> list[list[str]] | str:
    """The file's rows as lists of text cells (blank lines kept, as empty rows), or a
    translated reason it cannot be read. An XLSX workbook's first sheet, read up to
    ``max_rows`` rows past the header."""
    if (filename or "").lower().endswith(".xlsx"):
        return _read_xlsx(data, max_rows)
    text = decode_text(data)
    if text is None:
        return _("The file is neither UTF-8 nor Windows-1251 text.")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return _("The file is empty.")
    first = lines[0]
    delimiter = max(";,\t", key=first.count) if any(c in first for c in ";,\t") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        return _("The file is not a CSV table.")


def _read_xlsx(data: bytes, max_rows: int):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            if len(rows) > max_rows + 1:
                break
            rows.append(["" if v is None else (format(Decimal(str(v)), "f") if isinstance(v, float) else str(v))
                         for v in values])
        book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, ValueError, OSError):
        return _("The file is not an XLSX workbook.")
    if not any(any(str(c).strip() for c in row) for row in rows):
        return _("The file is empty.")
    return rows

"""Reading a month of the budget from the accounting or treasury export (CSV or XLSX).

The first row names the columns: the line's code, and the plan and/or the actual of the
month (or, if the file is cumulative, from January to the month). Amounts are in units or
in thousands with up to three decimals, as published: ``26693.126``, ``26 693,126``,
``1 234 567.50``; a single ``.`` or ``,`` is the decimal mark, spaces and apostrophes group
digits. ``parse`` never touches the database: it returns a preview in which every row is
matched to a line or carries the reason it was not, and the import happens only when every
row is matched (all or nothing)."""
import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from .. import checks, table_files
from ..i18n import normalize_text
from ..table_files import PreviewRow
from .execution import unscaled
from .models import MAX_AMOUNT

MAX_ROWS = 5000

HEADERS = {
    "code": ("code", "код", "коду", "классификация", "ծածկագիր", "կոդ", "հոդված"),
    "plan": ("plan", "план", "пландан", "пландоо", "պլան"),
    "actual": ("actual", "факт", "исполнение", "аткарылышы", "аткарылганы", "փաստացի", "կատարողական"),
}


@dataclass(frozen=True)
class LineRef:
    id: int
    code: str
    name: str
    is_group: bool


@dataclass
class Row(PreviewRow):
    number: int
    code_text: str
    plan_text: str
    actual_text: str
    line: LineRef | None = None
    plan: Decimal | None = None  # in units, as the file gives it (monthly or cumulative)
    actual: Decimal | None = None


@dataclass
class Preview(table_files.Preview):
    has_plan: bool = False
    has_actual: bool = False


def _code_key(text) -> str:
    return re.sub(r"\s+", "", normalize_text(str(text or "")).strip().lower())


def parse_amount(text) -> Decimal | None:
    """``26 693,126`` or ``26693.126`` -> Decimal (up to three decimals: amounts in thousands); None if not a number."""
    return checks.parse_amount(text, places=3, maximum=MAX_AMOUNT)


def read_table(data: bytes, filename: str) -> list[list[str]] | str:
    """The file's rows as lists of text cells, or a translated reason it cannot be read."""
    return table_files.read_table(data, filename, MAX_ROWS)


def to_csv(rows) -> str:
    """The rows as CSV text (an XLSX preview is confirmed from this text)."""
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue()


def parse(table, lines, scale: str) -> Preview:
    """Match ``table`` (from :func:`read_table`) against the year's ``lines`` (LineRef)."""
    if isinstance(table, str):
        return Preview(error=table)
    rows = [r for r in table if any(str(c).strip() for c in r)]
    if not rows:
        return Preview(error=_("The file is empty."))
    columns = table_files.columns(rows[0], HEADERS)
    if "code" not in columns or not ({"plan", "actual"} & columns.keys()):
        return Preview(error=_("The first line must name the columns: code, and plan or actual (or both)."))
    if len(rows) - 1 > MAX_ROWS:
        return Preview(error=checks.too_many_rows(MAX_ROWS))
    by_code = {_code_key(x.code): x for x in lines}
    preview = Preview(has_plan="plan" in columns, has_actual="actual" in columns)
    seen = {}
    for number, cells in enumerate(rows[1:], start=2):
        def cell(name):
            i = columns.get(name)
            return str(cells[i]).strip() if i is not None and i < len(cells) else ""

        row = Row(number, cell("code"), cell("plan"), cell("actual"))
        key = _code_key(row.code_text)
        if not key:
            row.reasons.append(_("No code given."))
        elif key not in by_code:
            row.reasons.append(_("No budget line has the code %(code)s.", code=row.code_text))
        elif by_code[key].is_group:
            row.line = by_code[key]
            row.reasons.append(_("%(code)s is a group: its figures are the sums of its lines.", code=row.code_text))
        elif key in seen:
            row.line = by_code[key]
            row.reasons.append(_("The code %(code)s is also on row %(row)s.", code=row.code_text, row=seen[key]))
        else:
            row.line = by_code[key]
            seen[key] = number
        for name in ("plan", "actual"):
            text = getattr(row, f"{name}_text")
            if name not in columns or not text:
                continue
            value = parse_amount(text)
            if value is None:
                row.reasons.append(_("“%(text)s” is not an amount.", text=text[:40]))
            else:
                setattr(row, name, unscaled(value, scale))
        if row.plan is None and row.actual is None and not row.reasons:
            row.reasons.append(_("Neither a plan nor an actual is given."))
        preview.rows.append(row)
    if not preview.rows:
        return Preview(error=_("The file has no rows below the header."))
    return preview

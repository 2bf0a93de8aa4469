"""Reading the municipality's accounting export of actual spending (CSV).

One row per payment: the activity (its number in the plan, such as ``2.3``, or its exact
title), the funding source, the amount, and optionally the date and a note. Accounting
programmes export with ``;`` or ``,``, in UTF-8 or Windows-1251, with amounts such as
``12 500,50``; all of these are read. ``parse`` never touches the database: it returns a
preview in which each row is either matched to an activity or carries the reason it was
not. The import itself happens only when every row is matched (all or nothing)."""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _

from .. import checks, table_files
from ..checks import too_many_rows
from ..table_files import PreviewRow
from ..table_files import key as _key
from .execution import SOURCES

MAX_ROWS = 5000
MAX_AMOUNT = Decimal("999999999999.99")

HEADERS = {
    "activity": ("activity", "мероприятие", "иш-чара", "միջոցառում", "code", "№", "no"),
    "source": ("source", "funding source", "источник", "источник финансирования", "каржылоо булагы",
               "булак", "աղբյուր", "ֆինանսավորման աղբյուր"),
    "amount": ("amount", "сумма", "сумма (факт)", "факт", "суммасы", "գումար"),
    "date": ("date", "дата", "датасы", "күнү", "ամսաթիվ"),
    "note": ("note", "примечание", "эскертүү", "комментарий", "նշում"),
}

# Source names as accountants write them, in the four languages, mapped to the codes.
SOURCE_NAMES = {
    "local": ("local", "local budget", "местный бюджет", "жергиликтүү бюджет", "համայնքի բյուջե"),
    "republican": ("republican", "republican budget", "state budget", "республиканский бюджет",
                          "республикалык бюджет", "պետական բյուջե"),
    "community_cash": ("community cash", "community contribution (cash)", "вклад сообщества (деньги)",
                       "жамааттын салымы (акча)", "համայնքի ներդրում (դրամ)"),
    "community_kind": ("community in kind", "community labour", "ashar", "ашар",
                          "вклад сообщества (труд)", "жамааттын салымы (эмгек)", "համայնքի ներդրում (աշխատանք)"),
    "donor": ("donor", "донор", "донорлор", "դոնոր"),
    "private": ("private", "частный", "частные средства", "жеке", "մասնավոր"),
}


@dataclass(frozen=True)
class ActivityRef:
    id: int
    code: str
    title: str


@dataclass
class Row(PreviewRow):
    line: int
    activity_text: str
    source_text: str
    amount_text: str
    date_text: str = ""
    note: str = ""
    activity: ActivityRef | None = None
    source: str | None = None
    amount: Decimal | None = None
    spent_on: date | None = None


@dataclass
class Preview(table_files.Preview):
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows if r.amount is not None), Decimal("0.00"))


def parse_amount(text: str) -> Decimal | None:
    """``12 500,50``, ``12,500.50``, ``12500.5`` -> Decimal to the cent; None if not a number."""
    amount = checks.parse_amount(text, maximum=Decimal("Infinity"))
    return None if amount is None else amount.quantize(Decimal("0.01"))


def parse_date(text: str) -> date | None:
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _source_lookup() -> dict:
    lookup = {}
    for code, names in SOURCE_NAMES.items():
        lookup[code] = code
        for name in names:
            lookup[_key(name)] = code
    return lookup


def parse(data: bytes, activities, period_start: date | None = None, period_end: date | None = None) -> Preview:
    """Read ``data`` against the plan's ``activities`` (ActivityRef); never raises."""
    table = table_files.read_table(data, "", MAX_ROWS)
    if isinstance(table, str):
        return Preview(error=table)
    columns = table_files.columns(table[0], HEADERS)
    missing = [n for n in ("activity", "source", "amount") if n not in columns]
    if missing:
        return Preview(error=_("The first line must name the columns: activity, source, amount (and optionally date, note). Missing: %(names)s.",
                               names=", ".join(missing)))
    by_code = {_key(a.code): a for a in activities if a.code}
    by_title = {}
    for a in activities:
        by_title.setdefault(_key(a.title), []).append(a)
    sources = _source_lookup()
    preview = Preview()
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(preview.rows) >= MAX_ROWS:
            return Preview(error=too_many_rows(MAX_ROWS))

        def cell(name):
            i = columns.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        row = Row(line=number, activity_text=cell("activity"), source_text=cell("source"),
                  amount_text=cell("amount"), date_text=cell("date"), note=cell("note")[:200])
        _match(row, by_code, by_title, sources, period_start, period_end)
        preview.rows.append(row)
    if not preview.rows:
        return Preview(error=_("The file has no rows below the header."))
    return preview


def _match(row, by_code, by_title, sources, period_start, period_end):
    key = _key(row.activity_text)
    if not key:
        row.reasons.append(_("No activity given."))
    elif key in by_code:
        row.activity = by_code[key]
    elif len(by_title.get(key, ())) == 1:
        row.activity = by_title[key][0]
    elif len(by_title.get(key, ())) > 1:
        row.reasons.append(_("Several activities have this title; use the activity number."))
    else:
        row.reasons.append(_("No activity of this plan has the number or title “%(text)s”.", text=row.activity_text[:80]))
    row.source = sources.get(_key(row.source_text))
    if row.source is None:
        row.reasons.append(_("Unknown funding source “%(text)s”.", text=row.source_text[:40]))
    row.amount = parse_amount(row.amount_text)
    if row.amount is None:
        row.reasons.append(_("The amount “%(text)s” is not a number.", text=row.amount_text[:40]))
    elif row.amount <= 0:
        row.reasons.append(_("The amount must be more than zero."))
        row.amount = None
    elif row.amount > MAX_AMOUNT:
        row.reasons.append(_("The amount is too large."))
        row.amount = None
    if row.date_text:
        row.spent_on = parse_date(row.date_text)
        if row.spent_on is None:
            row.reasons.append(_("The date “%(text)s” is not a date (use 2026-03-31 or 31.03.2026).", text=row.date_text[:20]))
        elif (period_start and row.spent_on < period_start) or (period_end and row.spent_on > period_end):
            row.reasons.append(_("The date is outside the plan's period."))


assert set(SOURCE_NAMES) == set(SOURCES)

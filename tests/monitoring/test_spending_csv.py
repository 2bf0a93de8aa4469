"""Reading the accounting export: good rows matched, bad rows with their reason."""
from datetime import date
from decimal import Decimal as D

from planner.monitoring.spending_csv import ActivityRef, parse, parse_amount

ACTIVITIES = [
    ActivityRef(11, "1.1", "Repair of the school roof"),
    ActivityRef(12, "1.2", "Street lights"),
    ActivityRef(21, "2.1", "Street lights"),  # the same title twice
    ActivityRef(22, "2.2", "Жол оңдоо"),
]


def test_good_file_semicolons_utf8_bom(rq):
    text = ("Мероприятие;Источник;Сумма;Дата;Примечание\n"
            "1.1;местный бюджет;12 500,50;31.03.2026;акт №4\n"
            "Жол оӊдоо;ашар;3000;2026-04-02;\n")  # old Ӊ in the title still matches
    preview = parse(text.encode("utf-8-sig"), ACTIVITIES)
    assert preview.error is None and preview.is_importable
    first, second = preview.rows
    assert (first.activity.id, first.source, first.amount, first.spent_on) == (11, "local", D("12500.50"), date(2026, 3, 31))
    assert first.note == "акт №4"
    assert (second.activity.id, second.source, second.amount) == (22, "community_kind", D("3000.00"))
    assert preview.total() == D("15500.50")


def test_windows_1251_export(rq):
    text = "Мероприятие;Источник;Сумма\r\n2.2;Республиканский бюджет;7 000,00\r\n"
    preview = parse(text.encode("cp1251"), ACTIVITIES)
    assert preview.is_importable
    assert (preview.rows[0].activity.id, preview.rows[0].source, preview.rows[0].amount) == (22, "republican", D("7000.00"))


def test_bad_rows_carry_reasons(rq):
    text = ("activity,source,amount,date\n"
            "1.1,donor,1000,2026-01-10\n"
            "9.9,donor,1000,\n"
            "Street lights,donor,1000,\n"
            "1.2,lottery,1000,\n"
            "1.2,donor,abc,\n"
            "1.2,donor,-5,\n"
            "1.2,donor,5,2026-13-45\n")
    preview = parse(text.encode(), ACTIVITIES)
    assert not preview.is_importable
    reasons = {row.line: " ".join(row.reasons) for row in preview.rows}
    assert reasons[2] == ""
    assert "9.9" in reasons[3]
    assert "Several activities" in reasons[4]
    assert "lottery" in reasons[5]
    assert "not a number" in reasons[6]
    assert "more than zero" in reasons[7]
    assert "not a date" in reasons[8]
    assert len(preview.bad_rows) == 6


def test_file_level_errors(rq):
    assert parse(b"", ACTIVITIES).error
    assert "Missing: amount" in parse(b"activity;source\n1.1;donor\n", ACTIVITIES).error
    assert parse(b"activity;source;amount\n", ACTIVITIES).error  # header only
    assert parse(b"\xff\xfe\x00\x81\x00", ACTIVITIES).error or not parse(b"\xff\xfe\x00\x81\x00", ACTIVITIES).is_importable


def test_period_bounds(rq):
    preview = parse(b"activity;source;amount;date\n1.1;donor;10;2024-01-01\n", ACTIVITIES,
                    period_start=date(2026, 1, 1), period_end=date(2027, 12, 31))
    assert "outside" in preview.rows[0].reasons[0]


def test_amounts():
    assert parse_amount("12 500,50") == D("12500.50")
    assert parse_amount("12,500.50") == D("12500.50")
    assert parse_amount("12.500,5") == D("12500.50")
    assert parse_amount("1\u00a0000") == D("1000.00")
    assert parse_amount("1.234") is None
    assert parse_amount("") is None

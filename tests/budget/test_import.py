"""Importing a month: previews with good and bad rows, both units, CSV and XLSX, all or
nothing, and a second import of the same month replacing the first and saying what changed."""
import io
from decimal import Decimal as D

from openpyxl import Workbook

from planner.budget import importing, services
from planner.budget.models import BudgetMonth

LINES = [importing.LineRef(1, "1.1", "Land tax", False), importing.LineRef(2, "1.2", "Property tax", False),
         importing.LineRef(3, "1", "Taxes", True), importing.LineRef(4, "05-01-01 × 4511", "Roads", False)]


def _parse(text, scale="thousands", name="f.csv", encoding="utf-8"):
    return importing.parse(importing.read_table(text.encode(encoding), name), LINES, scale)


def test_good_rows_in_thousands_and_units(rq):
    preview = _parse("Код;План;Факт\n1.1;34 311,200;26693.126\n05-01-01 × 4511;12,5;\n")
    assert preview.is_importable
    assert [(r.line.id, r.plan, r.actual) for r in preview.rows] == [
        (1, D("34311200.00"), D("26693126.00")), (4, D("12500.00"), None)]
    preview = _parse("code,actual\n1.2,\"1 234 567,5\"\n", scale="units")
    assert preview.rows[0].actual == D("1234567.50") and preview.rows[0].plan is None


def test_bad_rows_each_with_its_reason(rq):
    preview = _parse("code;plan;actual\n9.9;1;1\n1;5;5\n1.1;abc;1\n1.1;1;1\n;1;1\n1.2;;\n1.2;1.2345;\n")
    assert not preview.is_importable
    reasons = {r.number: " ".join(r.reasons) for r in preview.rows}
    assert "No budget line has the code 9.9" in reasons[2]
    assert "is a group" in reasons[3]
    assert "“abc” is not an amount" in reasons[4]
    assert "also on row 4" in reasons[5]  # row 4 named 1.1 first (its amount was bad, its code was not)
    preview2 = _parse("code;plan\n1.1;1\n1.1;2\n")
    assert preview2.rows[0].is_matched and "also on row 2" in " ".join(preview2.rows[1].reasons)
    assert "No code given" in reasons[6]
    assert "Neither a plan nor an actual" in reasons[7]
    assert "is not an amount" in reasons[8]  # four decimals


def test_files_that_are_not_tables(rq):
    assert importing.parse(importing.read_table(b"\xff\xfe\x00garbage\x81", "x.csv"), LINES, "units").error
    assert importing.parse(importing.read_table(b"PK\x03\x04 not a zip", "x.xlsx"), LINES, "units").error
    assert importing.parse(importing.read_table("name;sum\n1.1;1\n".encode(), "x.csv"), LINES, "units").error
    assert _parse("code;plan\n").error  # a header and nothing below


def test_xlsx_and_windows_1251(rq):
    book = Workbook()
    book.active.append(["Code", "Plan", "Actual"])
    book.active.append(["1.1", 34311.2, 26693.126])
    out = io.BytesIO()
    book.save(out)
    preview = importing.parse(importing.read_table(out.getvalue(), "march.XLSX"), LINES, "thousands")
    assert preview.is_importable and preview.rows[0].actual == D("26693126.00")
    preview = _parse("Код;Факт\n1.1;5\n", encoding="cp1251")
    assert preview.is_importable


def _post_file(client, slug, year, content, name="m.csv", month=3, scale="units", cumulative=False):
    data = {"month": str(month), "scale": scale, "file": (io.BytesIO(content), name)}
    if cumulative:
        data["cumulative"] = "y"
    return client.post(f"/m/{slug}/budget/{year}/import", data=data, content_type="multipart/form-data")


def _confirm(client, slug, year, page):
    import re
    from html import unescape

    form = page.split('name="content"', 1)[1]
    fields = dict(re.findall(r'name="(content|filename|month|scale|cumulative)"[^>]*value="([^"]*)"', page))
    assert "content" in fields, form[:200]
    return client.post(f"/m/{slug}/budget/{year}/import", data={k: unescape(v) for k, v in fields.items()})


def test_import_through_the_pages_replaces_and_reports(db, staff_and_budget, client, auth):
    municipality, staff, budget = staff_and_budget
    a = services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.1", name="Land", approved=D("0"))
    b = services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.2", name="Prop", approved=D("0"))
    db.session.commit()
    auth.as_user(staff)
    slug = municipality.slug

    bad = _post_file(client, slug, 2026, "code;plan;actual\n1.1;100;90\n7.7;1;1\n".encode())
    assert bad.status_code == 200 and "No budget line has the code 7.7" in bad.get_data(as_text=True)
    assert 'name="content"' not in bad.get_data(as_text=True)  # nothing to confirm
    assert db.session.query(BudgetMonth).count() == 0

    page = _post_file(client, slug, 2026, "code;plan;actual\n1.1;100;90\n1.2;50;55\n".encode()).get_data(as_text=True)
    assert db.session.query(BudgetMonth).count() == 0  # a preview saves nothing
    done = _confirm(client, slug, 2026, page).get_data(as_text=True)
    assert "2 lines are new this month" in done
    db.session.expire_all()
    assert {(m.line_id, m.month, m.plan, m.actual) for m in db.session.query(BudgetMonth)} == {
        (a.id, 3, D("100.00"), D("90.00")), (b.id, 3, D("50.00"), D("55.00"))}

    page = _post_file(client, slug, 2026, "code;plan;actual\n1.1;100;95\n1.2;50;55\n".encode()).get_data(as_text=True)
    done = _confirm(client, slug, 2026, page).get_data(as_text=True)
    assert "1 line changed" in done and "1 line is unchanged" in done
    db.session.expire_all()
    assert db.session.query(BudgetMonth).filter_by(line_id=a.id, month=3).one().actual == D("95.00")
    assert db.session.query(BudgetMonth).count() == 2


def test_cumulative_file_becomes_the_month(db, staff_and_budget, client, auth):
    municipality, staff, budget = staff_and_budget
    a = services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.1", name="Land", approved=D("0"))
    services.set_months(a, staff, {1: D("1000"), 2: D("1000")}, {1: D("800"), 2: D("900")})
    db.session.commit()
    auth.as_user(staff)
    page = _post_file(client, municipality.slug, 2026, "code;plan;actual\n1.1;3,5;2,6\n".encode(), scale="thousands",
                      cumulative=True).get_data(as_text=True)
    _confirm(client, municipality.slug, 2026, page)
    db.session.expire_all()
    march = db.session.query(BudgetMonth).filter_by(line_id=a.id, month=3).one()
    assert (march.plan, march.actual) == (D("1500.00"), D("900.00"))


def test_tampered_confirmation_changes_nothing(db, staff_and_budget, client, auth):
    municipality, staff, budget = staff_and_budget
    services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.1", name="Land", approved=D("0"))
    db.session.commit()
    auth.as_user(staff)
    response = client.post(f"/m/{municipality.slug}/budget/2026/import",
                           data={"content": "code;actual\n9.9;1\n", "month": "3", "scale": "units", "filename": "x"})
    assert response.status_code == 200 and "nothing was imported" in response.get_data(as_text=True)
    response = client.post(f"/m/{municipality.slug}/budget/2026/import",
                           data={"content": "code;actual\n1.1;1\n", "month": "13", "scale": "units"})
    assert response.status_code == 200 and "Choose the month" in response.get_data(as_text=True)
    assert db.session.query(BudgetMonth).count() == 0

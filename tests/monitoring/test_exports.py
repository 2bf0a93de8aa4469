"""The budget execution table as CSV and XLSX: the dashboard's figures, hand-checked."""
import csv
import io
from decimal import Decimal as D

from openpyxl import load_workbook

from planner import spreadsheets

from .test_views import _url, fresh

EN = {"Accept-Language": "en"}


def _exports(app, client, m):
    slug, plan_id = m["municipality"].slug, m["plan"].id
    fresh()
    csv_response = client.get(_url(app, "monitoring.execution_csv", slug=slug, plan_id=plan_id), headers=EN)
    fresh()
    xlsx_response = client.get(_url(app, "monitoring.execution_xlsx", slug=slug, plan_id=plan_id),
                               headers=EN)
    return csv_response, xlsx_response


def test_execution_table_exports(app, db, client, monitoring, file_report):
    m = monitoring
    first, second = m["activities"][0], m["activities"][1]
    first.description = "=HYPERLINK(\"http://evil\")"  # typed by a user: must not run as a formula
    db.session.commit()
    # first activity: planned local 100,000 + community cash 10,000 (make_plan); spent 30,000 then 130,000 in Q2
    file_report(first, spending={"local": D("30000")})
    file_report(first, period_number=2, spending={"local": D("100000"), "community_cash": D("12000")})
    file_report(second, approve=False, spending={"local": D("99999")})  # a draft: does not count
    csv_response, xlsx_response = _exports(app, client, m)

    assert csv_response.status_code == 200 and csv_response.mimetype == "text/csv"
    assert "attachment" in csv_response.headers["Content-Disposition"]
    text = csv_response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == [m["municipality"].name]
    header = rows.index(["No.", "Section or activity", "Plan", "Actual", "Executed, %", "Deviation", "Remark",
                         "Status", "Progress, %"])
    by_number = {r[0]: r for r in rows[header + 1:] if r and r[0]}
    planned = first.total
    assert by_number["1.1"][1] == "'=HYPERLINK(\"http://evil\")"
    assert D(by_number["1.1"][2]) == planned
    assert D(by_number["1.1"][3]) == D("142000.00")
    assert D(by_number["1.1"][5]) == D("142000.00") - planned
    assert by_number["1.1"][6] == ("overspent" if D("142000") > planned else "")
    assert D(by_number["1.1"][4]) == (D("142000") * 100 / planned).quantize(D("0.01"))
    assert D(by_number["1.2"][3]) == 0  # only the draft: nothing counts
    total = next(r for r in rows if len(r) > 1 and r[1] == "Total")
    assert D(total[3]) == D("142000.00")
    community = rows.index(["The community's own contribution", "Plan", "Actual", "Executed, %", "Deviation", "Remark"])
    # the source is named as in the plan's funding columns
    assert rows[community + 1][0] == "Community contribution, cash" and D(rows[community + 1][2]) == D("12000.00")

    assert xlsx_response.status_code == 200 and xlsx_response.mimetype == spreadsheets.XLSX_TYPE
    book = load_workbook(io.BytesIO(xlsx_response.data))
    assert book.sheetnames == ["By activity", "By funding source"]
    sheet = book["By activity"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    row = next(r for r in values if r[0] == "1.1")
    assert row[1] == "'=HYPERLINK(\"http://evil\")" and row[3] == 142000 and isinstance(row[2], (int, float))
    assert sheet.cell(row=values.index(row) + 1, column=2).data_type == "s"  # text, quoted as in the CSV
    assert sheet.cell(row=values.index(row) + 1, column=3).number_format == "#,##0.00"
    sources = [[c.value for c in r] for r in book["By funding source"].iter_rows()]
    local = next(r for r in sources if r[0] == "Local budget")
    assert local[2] == 130000


def test_execution_export_follows_the_dashboard_rules(app, db, client, monitoring, make_plan):
    m = monitoring
    draft = make_plan(m["municipality"], stage="draft")
    url = _url(app, "monitoring.execution_csv", slug=m["municipality"].slug, plan_id=draft.id)
    response = client.get(url)  # a draft plan's figures stay inside: the anonymous visitor is sent to log in
    assert response.status_code == 302 and "login" in response.location
    page = client.get(_url(app, "monitoring.dashboard", slug=m["municipality"].slug, plan_id=m["plan"].id))
    assert "execution.xlsx" in page.get_data(as_text=True)


def test_spreadsheet_cells_are_safe():
    assert spreadsheets.safe_cell("=1+2") == "'=1+2"
    assert spreadsheets.safe_cell("-5 сом") == "'-5 сом"
    assert spreadsheets.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheets.safe_cell("Water") == "Water"
    assert spreadsheets.safe_cell(D("-5")) == D("-5")
    assert spreadsheets.sheet_title("Plan: 2026/2027 [draft]?") == "Plan- 2026-2027 -draft--"
    assert len(spreadsheets.sheet_title("x" * 40)) == 31

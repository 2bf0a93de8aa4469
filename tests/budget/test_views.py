"""The budget pages: a draft stays with the members, the public table and its files show the
same figures, user text is escaped, and the number of queries does not grow with the lines."""
import io
from datetime import date
from decimal import Decimal as D

from openpyxl import load_workbook

from planner.budget import services


def _budget_with_lines(db, budget, staff, n, name="Line"):
    group = services.add_line(budget, staff, kind="revenue", fund="administrative", code="G", name="Group",
                              is_group=True)
    for i in range(n):
        line = services.add_line(budget, staff, kind="revenue", fund="administrative" if i % 2 else "capital",
                                 code=f"1.{i}", name=f"{name} {i}", parent=group, approved=D("12000"))
        services.set_months(line, staff, {m: D("1000") for m in range(1, 13)}, {1: D("900"), 2: D(1100 + i)})
    db.session.commit()


def test_draft_is_for_members_only(db, staff_and_budget, client, auth, make_user):
    municipality, staff, budget = staff_and_budget
    _budget_with_lines(db, budget, staff, 2)
    url = f"/m/{municipality.slug}/budget/2026"
    assert client.get(url).status_code == 302  # to the login page
    assert "2026" not in client.get(f"/m/{municipality.slug}/budget").get_data(as_text=True)
    auth.as_user(make_user())
    assert client.get(url).status_code == 403
    assert client.get(url + "/execution.csv").status_code == 403
    auth.as_user(staff)
    assert client.get(url).status_code == 200
    services.adopt(budget, staff, "N 5", date(2026, 1, 10))
    db.session.commit()
    auth.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 200 and "N 5" in anonymous.get_data(as_text=True)


def test_page_csv_and_xlsx_show_the_same_figures(db, staff_and_budget, client):
    municipality, staff, budget = staff_and_budget
    _budget_with_lines(db, budget, staff, 3)
    services.adopt(budget, staff, "N 5", date(2026, 1, 10))
    db.session.commit()
    base = f"/m/{municipality.slug}/budget/2026"
    query = "?month=2&kind=revenue&fund=all&scale=thousands"
    page = client.get(base + query, headers={"Accept-Language": "en"}).get_data(as_text=True)
    # three lines: plan to date 3 × 2,000 = 6.000 thousand; actual 3 × 900 + 1,100 + 1,101 + 1,102 = 6.003
    assert "6.000" in page and "6.003" in page and "100.05" in page
    csv_text = client.get(base + "/execution.csv" + query, headers={"Accept-Language": "en"}).get_data(as_text=True)
    total = [row for row in csv_text.splitlines() if row.startswith(",Total")][0]
    assert total == ",Total,36.000,6.000,6.003,100.05,0.003"
    book = load_workbook(io.BytesIO(client.get(base + "/execution.xlsx" + query, headers={"Accept-Language": "en"}).data))
    rows = [r for r in book.active.iter_rows(values_only=True) if r and r[1] == "Total"]
    assert rows == [(None, "Total", 36, 6, 6.003, 100.05, 0.003)]


def test_user_text_is_escaped(db, staff_and_budget, client):
    municipality, staff, budget = staff_and_budget
    _budget_with_lines(db, budget, staff, 1, name="<script>alert(1)</script>")
    services.adopt(budget, staff, "<b>N 5</b>", date(2026, 1, 10))
    db.session.commit()
    page = client.get(f"/m/{municipality.slug}/budget/2026").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<b>N 5</b>" not in page


def test_bad_query_values_fall_back(db, staff_and_budget, client):
    municipality, staff, budget = staff_and_budget
    _budget_with_lines(db, budget, staff, 1)
    services.adopt(budget, staff, "N 5", date(2026, 1, 10))
    db.session.commit()
    for query in ("?month=abc", "?month=13&kind=x&fund=y&scale=z", "?month=-1"):
        assert client.get(f"/m/{municipality.slug}/budget/2026{query}").status_code == 200
    assert client.get(f"/m/{municipality.slug}/budget/1999").status_code == 404


def test_queries_do_not_grow_with_lines(app, db, staff_and_budget, make_municipality, make_user, make_member, client):
    counts = []
    for n in (10, 300):
        municipality = make_municipality()
        staff = make_user()
        make_member(staff, municipality, "staff")
        budget = services.create_year(municipality, staff, 2026, "units")
        _budget_with_lines(db, budget, staff, n)
        services.adopt(budget, staff, "N", date(2026, 1, 1))
        db.session.commit()
        response = client.get(f"/m/{municipality.slug}/budget/2026")
        assert response.status_code == 200
        counts.append(int(response.headers["X-Query-Count"]))
    assert counts[0] == counts[1] and counts[0] <= 8, counts


def test_staff_enter_a_line_and_its_months(db, staff_and_budget, client, auth):
    municipality, staff, budget = staff_and_budget
    auth.as_user(staff)
    base = f"/m/{municipality.slug}/budget/2026"
    response = client.post(base + "/lines", data={"kind": "expense", "fund": "capital", "code": "05-01-01 × 5112",
                                                  "name": "Ջրագիծ", "parent_id": "0", "approved": "1 500,5"})
    assert response.status_code == 200  # "1 500,5" is not a number WTForms reads: the form says so
    response = client.post(base + "/lines", data={"kind": "expense", "fund": "capital", "code": "05-01-01 × 5112",
                                                  "name": "Ջրագիծ", "name_ru": "Водопровод", "parent_id": "0",
                                                  "approved": "1500.5"})
    assert response.status_code == 302
    db.session.expire_all()
    from planner.budget.models import BudgetLine

    line = db.session.query(BudgetLine).one()
    assert line.approved == D("1500500.00") and line.names == {"ru": "Водопровод"}
    response = client.post(f"{base}/lines/{line.id}/months", data={"plan_1": "100", "actual_1": "99.999"})
    assert response.status_code == 302
    db.session.expire_all()
    assert [(m.month, m.plan, m.actual) for m in line.months] == [(1, D("100000.00"), D("99999.00"))]
    again = client.post(base + "/lines", data={"kind": "expense", "fund": "capital", "code": "05-01-01 × 5112",
                                               "name": "x", "parent_id": "0"})
    assert "Another line of this budget has the code" in again.get_data(as_text=True)

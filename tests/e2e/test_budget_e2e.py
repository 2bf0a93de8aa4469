"""End to end in a real browser at phone width: staff import a month of the budget from a
CSV (preview, then import, with CSRF on), and the public execution table shows it."""
from datetime import date
from decimal import Decimal as D

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def csrf_app(app):
    from planner import page_cache

    page_cache.clear()
    app.config.update(SERVER_NAME=None, WTF_CSRF_ENABLED=True, PAGE_CACHE_SECONDS=30)
    yield app
    page_cache.clear()


def test_staff_import_a_month_and_the_public_table_shows_it(csrf_app, db, browser, live_server, make_user,
                                                           make_municipality, make_member, tmp_path):
    from planner.budget import services

    municipality = make_municipality(currency="AMD", country="AM", default_locale="hy")
    staff = make_user()
    make_member(staff, municipality, "staff")
    budget = services.create_year(municipality, staff, 2026, "thousands")
    group = services.add_line(budget, staff, kind="revenue", fund="administrative", code="1", name="Եկամուտներ",
                              is_group=True)
    for code, annual in (("1.1", "65440600"), ("1.2", "41679400")):
        services.add_line(budget, staff, kind="revenue", fund="administrative", code=code, name=f"Line {code}",
                          parent=group, approved=D(annual))
    services.adopt(budget, staff, "N 112-Ն", date(2025, 12, 24))
    db.session.commit()
    table = f"{live_server}/m/{municipality.slug}/budget/2026?month=9&scale=thousands"

    visitor = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    public = visitor.new_page()
    public.goto(table)
    assert "26,693.126" not in public.content()

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button.primary")
    page.goto(f"{live_server}/m/{municipality.slug}/budget/2026/import")
    csv = tmp_path / "september.csv"
    csv.write_text("Code;Plan;Actual\n1.1;34311,200;26693,126\n1.2;23000;21232.078\n", encoding="utf-8")
    page.select_option("select[name=month]", "9")
    page.select_option("select[name=scale]", "thousands")
    page.set_input_files("input[name=file]", str(csv))
    page.click("main form button:has-text('Check the file')")
    assert "All 2 rows are matched" in page.content()
    page.click("main button.primary:has-text('Import these figures')")
    assert "2 lines are new this month" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()

    public.goto(table)
    text = public.content()
    # the month's figures are the year's to date here (nothing before September)
    assert "26,693.126" in text and "21,232.078" in text
    assert "47,925.204" in text and "57,311.200" in text  # the total actual and plan to date
    assert "83.62 %" in text  # 47,925.204 / 57,311.200, half up
    assert public.evaluate("document.documentElement.scrollWidth") <= 360
    visitor.close()

"""End to end in a real browser: a monitor files a report with a photo, another member of
the group approves it, and the public progress page shows the new progress."""
import pytest

from tests.conftest import PASSWORD
from tests.monitoring.conftest import make_plan, monitoring  # noqa: F401  (fixtures)
from tests.monitoring.test_photos import jpeg_with_gps

pytestmark = pytest.mark.e2e


@pytest.fixture
def csrf_app(app):
    """The e2e runs with CSRF on and public pages kept for anonymous visitors, as in
    production, and answers on 127.0.0.1."""
    from planner import page_cache

    page_cache.clear()
    app.config.update(SERVER_NAME=None, WTF_CSRF_ENABLED=True, PAGE_CACHE_SECONDS=30)
    yield app
    page_cache.clear()


def _log_in(page, base, user):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button.primary")


def test_report_with_photo_approved_shows_on_dashboard(csrf_app, browser, live_server, monitoring, tmp_path):
    m = monitoring
    slug, plan, activity = m["municipality"].slug, m["plan"], m["activities"][0]
    photo = tmp_path / "site.jpg"
    photo.write_bytes(jpeg_with_gps())
    dashboard = f"{live_server}/m/{slug}/progress/{plan.id}"
    contexts = []

    def context():
        contexts.append(browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US",
                                            extra_http_headers={"Accept-Language": "en"}))
        return contexts[-1]

    try:
        anonymous = context()
        public = anonymous.new_page()
        public.goto(dashboard)
        assert "0.0 %" in public.inner_text("#overall-h + p")

        author = context()
        page = author.new_page()
        _log_in(page, live_server, m["author"])
        page.goto(f"{live_server}/m/{slug}/monitoring/plans/{plan.id}/activities/{activity.id}/reports/new")
        page.select_option("select[name=period_kind]", "quarter")
        page.fill("input[name=period_number]", "1")
        page.fill("input[name=period_year]", "2026")
        page.fill("input[name=visit_date]", "2026-03-20")
        page.check(f"input[name=members_present][value='{m['members'][0].id}']")
        page.select_option("select[name=status]", "on_track")
        page.fill("input[name=progress]", "60")
        page.fill("input[name=spent_local]", "45000")
        page.fill("textarea[name=findings]", "Walls are up, roof next.")
        page.set_input_files("input[name=photo]", str(photo))
        page.fill("input[name=caption]", "North wall")
        page.click("main form button.primary")
        assert "saved as a draft" in page.inner_text(".flashes")
        report_url = page.url
        assert page.locator("ul.photos img").count() == 1

        approver = context()
        page2 = approver.new_page()
        _log_in(page2, live_server, m["approver"])
        page2.goto(report_url)
        page2.click("text=Approve the report")
        assert "approved" in page2.inner_text(".flashes")

        public.goto(dashboard)
        assert "15.0 %" in public.inner_text("#overall-h + p")  # 60 % of a quarter of the cost
        assert "Walls are up, roof next." in public.inner_text("#latest-h + ul")
        assert public.locator("#latest-h + ul img").count() == 1
        src = public.locator("#latest-h + ul img").first.get_attribute("src")
        image = public.request.get(live_server + src)
        assert image.ok and image.headers["content-type"] == "image/jpeg"
    finally:
        for c in contexts:
            c.close()

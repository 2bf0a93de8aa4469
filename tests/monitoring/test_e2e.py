"""End to end in a real browser: a monitor files a report with a photo, another member of
the group approves it, and the public progress page shows the new progress."""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

from .test_photos import jpeg_with_gps

CHROMIUM = "/usr/bin/chromium"

pytestmark = pytest.mark.e2e


def _browser_or_skip():
    required = os.environ.get("PLANNER_E2E_REQUIRED") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        if required:
            raise
        pytest.skip("playwright is not installed: the e2e scenario did not run")
    if not Path(CHROMIUM).exists():
        if required:
            pytest.fail(f"PLANNER_E2E_REQUIRED=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing: the e2e scenario did not run")
    return sync_playwright


@pytest.fixture
def live_server(app):
    app.config.update(SERVER_NAME=None, WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def _log_in(page, base, user):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button.primary")


def test_report_with_photo_approved_shows_on_dashboard(live_server, monitoring, tmp_path):
    sync_playwright = _browser_or_skip()
    m = monitoring
    slug, plan, activity = m["municipality"].slug, m["plan"], m["activities"][0]
    photo = tmp_path / "site.jpg"
    photo.write_bytes(jpeg_with_gps())
    dashboard = f"{live_server}/m/{slug}/progress/{plan.id}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            anonymous = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"})
            public = anonymous.new_page()
            public.goto(dashboard)
            assert "0.0 %" in public.inner_text("#overall-h + p")

            author = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"})
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

            approver = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"})
            page2 = approver.new_page()
            _log_in(page2, live_server, m["approver"])
            page2.goto(report_url)
            page2.click("text=Approve the report")
            assert "approved" in page2.inner_text(".flashes")

            public.goto(dashboard)
            assert "15.0 %" in public.inner_text("#overall-h + p")  # 60 % of a quarter of the cost
            assert "Walls are up, roof next." in public.inner_text("#latest-h + ul")
            assert public.locator("#latest-h + ul img").count() == 1
            thumb = public.locator("#latest-h + ul img").first
            public.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
        finally:
            browser.close()

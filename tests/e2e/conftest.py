"""Browser tests: Playwright driving the system Chromium against a live server.

Skipped with a reason where /usr/bin/chromium (or Playwright) is missing, unless
PLANNER_E2E_REQUIRED=1 (CI), which turns that into a failure."""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("PLANNER_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("PLANNER_E2E_REQUIRED") == "1"
PHONE = {"width": 360, "height": 740}


def _missing_reason():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing_reason()
    if reason:
        if REQUIRED:
            pytest.fail(f"PLANNER_E2E_REQUIRED=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The app served over HTTP from a thread, on the test database."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def phone(browser):
    """A new phone-sized browser context; close() is automatic."""
    contexts = []

    def open_page(locale="en-US"):
        context = browser.new_context(viewport=PHONE, locale=locale, device_scale_factor=1)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot_dir():
    path = os.environ.get("PLANNER_SCREENSHOTS")
    if path:
        os.makedirs(path, exist_ok=True)
    return path

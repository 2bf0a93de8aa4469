"""Weight budgets and accessibility of the main pages in a real browser at 360 px (issue 15).

The demo is served with compression and the page cache as in production. Chromium's own
network events (DevTools ``Network.loadingFinished``: bytes on the wire, headers included,
0 for what comes from its cache) add up what a page transfers:

- first load (empty cache): at most 60 KB for a page without a chart, 100 KB for a chart page;
- second load (the same address again, as a reader who comes back): at most 10 % of that;
- axe-core (axe-playwright-python ships it) finds no serious or critical violation.

The pages people work in are measured signed in, as the demo's staff, initiative-group member,
monitor or resident: the session is opened through the login form by the context's own request
client, so the page's first load still starts with an empty cache."""
import re
import threading

import pytest
from werkzeug.serving import make_server

pytestmark = pytest.mark.e2e

KB = 1024
PLAIN, CHART = 60 * KB, 100 * KB

# (name, path, budget): public main pages of the demo
PAGES = [
    ("home", "/", PLAIN),
    ("municipality", "/m/jashyl-oron/", PLAIN),
    ("plans list", "/m/jashyl-oron/plans/", PLAIN),
    ("plan page, 45 activities", "/m/jashyl-oron/plans/1", PLAIN),
    ("plan chart", "/m/jashyl-oron/plans/1/chart", CHART),
    ("surveys list", "/m/jashyl-oron/surveys", PLAIN),
    ("meetings", "/m/jashyl-oron/meetings", CHART),
    ("problem register", "/m/jashyl-oron/problems", PLAIN),
    ("ballots list", "/m/jashyl-oron/ballots", PLAIN),
    ("ballot results", "/m/jashyl-oron/ballots/1/results", CHART),
    ("priority list", "/m/jashyl-oron/priorities", PLAIN),
    ("progress dashboard", "/m/jashyl-oron/progress/1", CHART),
    ("annual monitoring report", "/m/jashyl-oron/progress/1/annual/2026", PLAIN),
    ("monitoring report", "/m/jashyl-oron/monitoring/reports/1", PLAIN),
    ("budget execution", "/m/jashyl-oron/budget/2026", CHART),
]
# (name, path, budget, who): the main pages of those who work in it, signed in
SIGNED_IN = [
    ("account", "/account", PLAIN, "resident"),
    ("ballot page, resident", "/m/jashyl-oron/ballots/2", PLAIN, "resident"),
    ("plan page, group member", "/m/jashyl-oron/plans/1", PLAIN, "group"),
    ("members, staff", "/m/jashyl-oron/members", PLAIN, "staff"),
    ("audit log, staff", "/m/jashyl-oron/audit", PLAIN, "staff"),
    ("survey results, staff", "/m/jashyl-oron/surveys/1/results", CHART, "staff"),
    ("monitoring group, staff", "/m/jashyl-oron/monitoring/groups/1", PLAIN, "staff"),
    ("monitoring reports list, monitor", "/m/jashyl-oron/monitoring/plans/1/reports", PLAIN, "monitor"),
    ("budget lines, staff", "/m/jashyl-oron/budget/2026/lines", PLAIN, "staff"),
    ("notifications, resident", "/notifications", PLAIN, "resident"),
]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo on a SQLite file of its own, served over HTTP from a thread."""
    from planner import create_app
    from planner.extensions import db

    path = tmp_path_factory.mktemp("budgets") / "demo.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "e2e-budgets",
                      "BALLOT_RECEIPT_KEY": "e2e-budgets-receipt", "RATELIMIT_STORAGE_URI": "memory://",
                      "PAGE_CACHE_SECONDS": 300})
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["demo", "--quiet"])
        assert result.exit_code == 0, (result.output, result.exception)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()
    with app.app_context():
        db.engine.dispose()


def _transferred(page, cdp, url):
    """Bytes on the wire for loading ``url`` in ``page`` (headers included), and the failures."""
    sizes, failed = [], []
    on_done = lambda event: sizes.append(event["encodedDataLength"])  # noqa: E731
    on_fail = lambda event: failed.append(event.get("errorText"))  # noqa: E731
    cdp.on("Network.loadingFinished", on_done)
    cdp.on("Network.loadingFailed", on_fail)
    response = page.goto(url, wait_until="networkidle")
    cdp.remove_listener("Network.loadingFinished", on_done)
    cdp.remove_listener("Network.loadingFailed", on_fail)
    return response, sum(sizes), failed


def _sign_in(page, server, who):
    """Sign in through the login form with the context's request client (it shares the
    browser's cookies, not its cache)."""
    form = page.context.request.get(server + "/login").text()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    answer = page.context.request.post(server + "/login", max_redirects=0, form={
        "csrf_token": token, "email": f"{who}@example.org", "password": "demo-planner-2026"})
    assert answer.status == 302, (who, answer.status)


@pytest.mark.parametrize(("name", "path", "budget"), PAGES, ids=[p[0] for p in PAGES])
def test_page_weight_and_accessibility_at_phone_width(demo_server, phone, name, path, budget):
    _check(phone("ky-KG"), demo_server, name, path, budget)


@pytest.mark.parametrize(("name", "path", "budget", "who"), SIGNED_IN, ids=[p[0] for p in SIGNED_IN])
def test_signed_in_page_weight_and_accessibility_at_phone_width(demo_server, phone, name, path, budget, who):
    page = phone("ky-KG")
    _sign_in(page, demo_server, who)
    _check(page, demo_server, name, path, budget)
    assert page.locator("form[action$='/logout']").count() == 1, f"{name}: not signed in"


def _check(page, server, name, path, budget):
    from axe_playwright_python.sync_playwright import Axe

    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    response, first, failed = _transferred(page, cdp, server + path)
    assert response.status == 200, (name, response.status)
    assert not failed, (name, failed)
    assert first <= budget, f"{name}: first load {first / KB:.1f} KB > {budget / KB:.0f} KB"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: {width} px wide at 360 px"
    _response, second, _failed = _transferred(page, cdp, server + path)
    assert second <= budget / 10, f"{name}: second load {second / KB:.1f} KB > {budget / 10 / KB:.0f} KB"
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: {serious}"

"""No page of the demo scrolls sideways on a 360-px phone, in any language.

The pages are found by following the demo's own links (the test client, fast), one page per
URL shape (``/m/<slug>/plans/<n>`` once per municipality); each is then opened in Chromium at
360 px in ky, ru, hy and en, anonymously and signed in as staff, and the document's width is
measured. A failure lists every page and language that is too wide, and the elements that
stick out, so one run shows all there is to fix."""
import re
from urllib.parse import urljoin, urlsplit

import pytest

from planner.demo import PASSWORD

pytestmark = pytest.mark.e2e

WIDTH = 360
LANGUAGES = ("ky", "ru", "hy", "en")
SKIP = re.compile(r"/(logout|lang|static|api)/?|\.(csv|xlsx|pdf|png|jpe?g|json)$|/(export|download|file|photo)s?\b"
                  r"|/print\b|/receipt\b")
LINK = re.compile(r'<a\s[^>]*href="([^"#]+)"')
LIMIT = 120

# What sticks out: elements wider than the viewport that are not inside a box that scrolls.
OFFENDERS = """() => {
  const out = [];
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX; if (s === 'auto' || s === 'scroll' || s === 'hidden') return true; }
    return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > 360.5 && !scrolls(el)) {
      out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '')
               + ' ' + Math.round(r.right) + 'px: ' + (el.textContent || '').trim().slice(0, 40));
    }
  }
  return out.slice(0, 4);
}"""


def _shape(path):
    return re.sub(r"\d+", "N", path)


def crawl(client, starts):
    """GET pages reachable from ``starts`` through links, one per URL shape."""
    seen, pages, queue = set(), [], list(starts)
    while queue and len(pages) < LIMIT:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc or SKIP.search(parts.path) or _shape(parts.path) in seen:
            continue
        seen.add(_shape(parts.path))
        response = client.get(url)
        html = response.mimetype == "text/html" and response.get_data(as_text=True)
        response.close()
        if response.status_code != 200 or not html:
            continue
        pages.append(url)
        for href in LINK.findall(html):
            href = urljoin(url, href.replace("&amp;", "&"))
            if href.startswith("/") and _shape(urlsplit(href).path) not in seen:
                queue.append(href)
    return pages


@pytest.fixture
def demo(app, runner, client):
    result = runner.invoke(args=["demo", "--quiet"])
    assert result.exit_code == 0, result.output
    return client


def _too_wide(page, base, pages, lang):
    failures = []
    for path in pages:
        page.goto(base + path, wait_until="load")
        assert page.locator("html").get_attribute("lang") == lang, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            failures.append(f"{lang} {path}: {width}px {page.evaluate(OFFENDERS)}")
    return failures


@pytest.mark.parametrize("who", ["anonymous", "staff@example.org", "hy-staff@example.org"])
def test_no_page_scrolls_sideways_at_360px(demo, live_server, browser, who):
    client = demo
    if who != "anonymous":
        assert client.post("/login", data={"email": who, "password": PASSWORD}).status_code == 302
    starts = ["/", "/m/jashyl-oron/", "/m/verindzor/"] if who == "anonymous" else \
        ["/account", "/m/jashyl-oron/" if who.startswith("staff") else "/m/verindzor/"]
    pages = crawl(client, starts)
    assert len(pages) > (15 if who == "anonymous" else 25), pages  # the crawl found the demo
    failures = []
    for lang in LANGUAGES:
        context = browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="en-US",
                                      device_scale_factor=1, is_mobile=True, has_touch=True)
        try:
            page = context.new_page()
            if who == "anonymous":
                context.add_cookies([{"name": "lang", "value": lang, "url": live_server}])
            else:
                page.goto(live_server + "/login")
                page.fill("input[name=email]", who)
                page.fill("input[name=password]", PASSWORD)
                page.locator("main form button.primary, main form button[type=submit]").first.click()
                page.wait_for_load_state()
                page.locator(f"form.langs button[value={lang}]").click()
                page.wait_for_load_state()
            failures += _too_wide(page, live_server, pages, lang)
        finally:
            context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("lang", "who", "start"), [("ky", "staff@example.org", "/m/jashyl-oron/surveys"),
                                                    ("hy", "hy-staff@example.org", "/m/verindzor/surveys")])
def test_staff_menu_is_one_line_on_a_phone_without_javascript(demo, live_server, browser, lang, who, start):
    context = browser.new_context(viewport={"width": WIDTH, "height": 740}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server + "/login")
        page.fill("input[name=email]", who)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button.primary").click()
        page.locator(f"form.langs button[value={lang}]").click()
        page.goto(live_server + start)
        assert page.locator("html").get_attribute("lang") == lang
        menu = page.locator("nav.subnav details.menu")
        assert menu.is_visible() and page.locator("nav.subnav ul.wide").is_hidden()
        assert page.locator("nav.subnav").count() == 1  # no second row repeating Surveys, Meetings, Problems
        # Header, languages and menu together: well under the 200–260 px the two rows of links took.
        assert page.evaluate("document.querySelector('main').getBoundingClientRect().top") < 150
        meetings = menu.locator("a[href$='/meetings']")
        assert meetings.is_hidden()
        menu.locator("summary").click()  # details/summary: opens without JavaScript
        assert meetings.is_visible()
        meetings.click()
        assert page.url.endswith("/meetings")
    finally:
        context.close()

"""Every print view of the demo printed to PDF by Chromium (issue 14, Plans): A4 pages in the
orientation the view declares, nothing wider than the page or overflowing its table cell (text that
would overprint its neighbour), totals printed once beside their rows, and the sheets that are cut
or handed out one a page: a tally sheet per polling place, one certificate a page, four login cards
a page, and 1, 2 or 4 ballots on a sheet (priority and participatory-budgeting ballots alike). The
plan's council annex has its own test (test_plan_print_pdf.py)."""
import io
import math

import pytest

from planner.demo import PASSWORD

pytestmark = pytest.mark.e2e

PORTRAIT, LANDSCAPE = (595.28, 841.89), (841.89, 595.28)  # A4 in points
# The printable width of A4 less the margins, in CSS px (96 per inch): layout is checked at this width.
CONTENT_WIDTH = {PORTRAIT: 680, LANDSCAPE: 1040}

OVERFLOWING = """() => {
  const out = [];
  for (const c of document.querySelectorAll('td, th')) {
    if (c.offsetParent !== null && c.scrollWidth > c.clientWidth + 1) out.push('cell: ' + c.textContent.trim().slice(0, 40));
  }
  const width = document.documentElement.clientWidth;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1) out.push('wider than the page: ' + el.tagName.toLowerCase() + ' ' + Math.round(r.right) + 'px');
  }
  return out.slice(0, 5);
}"""


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo", "--quiet"])
    assert result.exit_code == 0, result.output


def _urls(app):
    """The demo's print views: (who, lang, url, orientation, what to count on the page, pages per counted item)."""
    from sqlalchemy import select

    from planner.budget.models import BudgetHearing, BudgetYear
    from planner.budgeting.models import PbBallot
    from planner.extensions import db
    from planner.municipalities.models import Municipality
    from planner.plans.models import Plan
    from planner.surveys.ballots.models import Ballot
    from planner.workshops.models import PracticeMunicipality, Workshop

    with app.app_context():
        kg = db.session.scalar(select(Municipality).where(Municipality.slug == "jashyl-oron"))
        ballots = sorted(db.session.scalars(select(Ballot).where(Ballot.municipality_id == kg.id)),
                         key=lambda b: len(b.options))
        short, long_ = ballots[0], ballots[-1]
        pb = db.session.scalars(select(PbBallot).where(PbBallot.municipality_id == kg.id)).first()
        hearing, year = db.session.execute(select(BudgetHearing, BudgetYear.year).join(
            BudgetYear, BudgetYear.id == BudgetHearing.budget_id).where(BudgetYear.municipality_id == kg.id)).first()
        plan = db.session.scalars(select(Plan).where(Plan.municipality_id == kg.id).order_by(Plan.id)).first()
        workshop = db.session.scalars(select(Workshop).order_by(Workshop.id)).first()
        practice = db.session.scalars(select(PracticeMunicipality).where(
            PracticeMunicipality.workshop_id == workshop.id)).first()
        b = f"/m/{kg.slug}"
        return [
            ("staff@example.org", "ky", f"{b}/ballots/{long_.id}/print", PORTRAIT, ".paper-ballot", 1),
            ("staff@example.org", "ru", f"{b}/ballots/{long_.id}/print?per_sheet=2", PORTRAIT, ".paper-ballot", 1 / 2),
            ("staff@example.org", "hy", f"{b}/ballots/{short.id}/print?per_sheet=4", PORTRAIT, ".paper-ballot", 1 / 4),
            ("staff@example.org", "ru", f"{b}/ballots/{long_.id}/tally-sheets", PORTRAIT, "article.sheet", 1),
            ("staff@example.org", "ky", f"{b}/budgeting/{pb.id}/print", PORTRAIT, ".paper-ballot", 1),
            ("staff@example.org", "ru", f"{b}/budgeting/{pb.id}/print?per_sheet=2", PORTRAIT, ".paper-ballot", 1 / 2),
            # fifteen projects do not fit a quarter sheet: each ballot grows (never clipped), see below for four
            ("staff@example.org", "hy", f"{b}/budgeting/{pb.id}/print?per_sheet=4", PORTRAIT, None, None),
            ("staff@example.org", "ru", f"{b}/budget/{year}/hearings/{hearing.id}", PORTRAIT, None, None),
            ("staff@example.org", "ky", f"{b}/progress/{plan.id}/annual/{plan.year_from}", PORTRAIT, None, None),
            ("trainer@example.org", "ky", f"/workshops/{workshop.id}/certificates", PORTRAIT, ".certificate", 1),
            ("trainer@example.org", "ru", f"/workshops/{workshop.id}/sign-in-sheet", LANDSCAPE, None, None),
            ("trainer@example.org", "hy", f"/workshops/{workshop.id}/practice/{practice.id}/cards", PORTRAIT,
             ".login-card", 1 / 4),
        ]


def _village_pb_ballot(app):
    """A village's participatory budget of six projects (the demo's first six), made through the
    services: the size that goes four to a sheet. Its print address."""
    from sqlalchemy import select

    from planner.auth.models import User
    from planner.budgeting import services
    from planner.budgeting.models import PbBallot
    from planner.extensions import db
    from planner.municipalities.models import Municipality

    with app.app_context():
        kg = db.session.scalar(select(Municipality).where(Municipality.slug == "jashyl-oron"))
        staff = db.session.scalar(select(User).where(User.email == "staff@example.org"))
        pb = db.session.scalars(select(PbBallot).where(PbBallot.municipality_id == kg.id)).first()
        small = services.create_ballot(kg, staff, title="Ак-Булуң: айылдын долбоорлору", style=pb.style, rule=pb.rule,
                                       budget=pb.budget, max_choices=pb.max_choices, opens_at=pb.opens_at,
                                       closes_at=pb.closes_at)
        for project in pb.projects[:6]:
            services.add_project(small, staff, title=project.title, cost=project.cost,
                                 village_ids=[v.id for v in project.villages])
        db.session.commit()
        return f"/m/{kg.slug}/budgeting/{small.id}/print?per_sheet=4"


def _signed_in(browser, base, who):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("input[name=email]", who)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button.primary, main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/login" not in page.url, who
    return context


def _problems(page, url, orientation, counted, per_item):
    """What is wrong with one print view, as sentences (empty when it prints well)."""
    from pypdf import PdfReader

    problems = []
    page.emulate_media(media="print")
    page.set_viewport_size({"width": CONTENT_WIDTH[orientation], "height": 900})
    problems += [f"{url}: {p}" for p in page.evaluate(OVERFLOWING)]
    items = page.locator(counted).count() if counted else 0
    # the text of every total row, once in the page: printed more often means it repeats at each page foot
    totals = page.evaluate("() => [...document.querySelectorAll('tfoot th')].map(t => t.innerText.trim())")
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    for n, p in enumerate(reader.pages, 1):
        size = (float(p.mediabox.width), float(p.mediabox.height))
        if abs(size[0] - orientation[0]) > 2 or abs(size[1] - orientation[1]) > 2:
            problems.append(f"{url}: page {n} is {size[0]:.0f}×{size[1]:.0f} pt, not A4 {orientation}")
    if counted:
        assert items, f"{url}: nothing matches {counted}"
        if len(reader.pages) != math.ceil(items * per_item):
            problems.append(f"{url}: {len(reader.pages)} pages for {items} × {counted}")
    text = "\n".join(p.extract_text() for p in reader.pages)
    for label in set(totals):
        shown = page.evaluate("l => document.body.innerText.split(l).length - 1", label)
        if text.count(label) > shown:
            problems.append(f"{url}: the total '{label}' is printed {text.count(label)} times, {shown} in the page")
    return problems


def test_every_print_view_is_a4_and_nothing_overprints(app, demo, live_server, browser):
    views = _urls(app)
    problems, contexts = [], {}
    try:
        for who, lang, url, orientation, counted, per_item in views:
            if who not in contexts:
                contexts[who] = _signed_in(browser, live_server, who)
            page = contexts[who].new_page()
            page.goto(live_server + "/")
            page.locator(f"form.langs button[value={lang}]").click()  # a signed-in user's language is kept
            page.wait_for_load_state()
            response = page.goto(live_server + url)
            assert response.status == 200, url
            assert page.locator("html").get_attribute("lang") == lang, url
            problems += _problems(page, url, orientation, counted, per_item)
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", ["ballots", "budgeting"])
def test_four_ballots_on_a_sheet_with_cut_lines(app, demo, live_server, browser, kind):
    """Priority and participatory-budgeting ballots alike (one sheet machinery, _ballot_sheet.html)."""
    from pypdf import PdfReader

    views = _urls(app)
    url = next(v[2] for v in views if v[2].endswith("per_sheet=4") and f"/{kind}/" in v[2])
    if kind == "budgeting":
        url = _village_pb_ballot(app)
    context = browser.new_context()
    try:
        page = context.new_page()
        context.add_cookies([{"name": "lang", "value": "ky", "url": live_server}])
        page.goto(live_server + url)
        title = page.locator(".paper-ballot h1").first.inner_text()
        page.emulate_media(media="print")
        borders = page.evaluate("""() => [...document.querySelectorAll('.paper-ballot')]
            .map(e => [getComputedStyle(e).borderBottomStyle, getComputedStyle(e).borderRightStyle])""")
        assert borders == [["dashed", "dashed"], ["dashed", "none"], ["none", "dashed"], ["none", "none"]]
        reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    finally:
        context.close()
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text().replace("\n", " ")
    assert text.count(title.split()[0]) >= 4, text

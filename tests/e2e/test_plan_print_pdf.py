"""The council annex printed to PDF by Chromium: A4 landscape pages, funding columns and
totals that fit their cells (each total its own text run), and no last page holding a
lone line (issue 14, Plans). Uses the shared e2e fixtures (system Chromium, live server)."""
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

STATIC = Path(__file__).resolve().parents[2] / "planner" / "static"
A4_LANDSCAPE = (841.89, 595.28)  # points


@pytest.fixture
def big_plan(app, live_server, make_user, make_municipality, make_member):
    """An approved plan of 45 activities in 5 sections with million-som amounts."""
    from planner.extensions import db
    from planner.plans import services

    m = make_municipality(villages=("Ак-Булуң", "Кара-Дөбө", "Жашыл-Өрөн"))
    staff = make_user()
    make_member(staff, m, "staff")
    with app.test_request_context():
        plan = services.create_plan(m, staff, kind="jap", title="Биргелешкен аракеттер планы", year_from=2026,
                                    year_to=2027)
        for s in range(5):
            section = services.add_section(plan, staff, f"Артыкчылык {s + 1}: суу, жол жана мектептер")
            db.session.flush()
            for n in range(9):
                services.add_activity(section, staff, {
                    "description": f"Иш-чара {s + 1}.{n + 1}: айылдык суу түтүгүн оңдоо жана кеңейтүү",
                    "problem": "", "responsible": "Айыл өкмөтү", "partners": "", "expected_result": "Суу бар",
                    "start_month": date(2026, 4, 1), "end_month": date(2026, 10, 1), "villages": list(m.villages),
                    "fund_local": Decimal("1504000.50"), "fund_republican": Decimal("1457777.75"),
                    "fund_community_cash": Decimal("265555.55"), "fund_community_kind": Decimal("412222.20"),
                    "fund_donor": Decimal("1247777.80"), "fund_private": Decimal("307777.70"), "indicators": []})
        services.open_discussion(plan, staff)
        services.submit_plan(plan, staff)
        services.record_decision(plan, staff, session_date=date(2026, 2, 20), number="7/42", votes_for=15,
                                 votes_against=0, votes_abstained=0, outcome="approved")
    db.session.commit()
    return f"{live_server}/m/{m.slug}/plans/{plan.id}/print"


def _serve_static(route):
    name = route.request.url.split("/static/", 1)[1].split("?", 1)[0]
    path = STATIC / name
    if path.is_file():
        route.fulfill(status=200, body=path.read_bytes(),
                      content_type="text/css" if name.endswith(".css") else "application/octet-stream")
    else:
        route.fulfill(status=404, body="")


def _runs(page):
    """The text runs Chromium wrote on a PDF page (pypdf's text visitor)."""
    runs = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append(text) if text.strip() else None)
    return [r.strip() for r in runs]


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_print_is_a4_landscape_with_separate_totals(browser, big_plan, lang, tmp_path):
    from pypdf import PdfReader

    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale=lang)
    context.add_cookies([{"name": "lang", "value": lang, "url": big_plan}])
    context.route("**/static/**", _serve_static)
    try:
        page = context.new_page()
        page.goto(big_plan)
        assert page.locator("link[href*='plans.css']").count() == 1
        # every amount fits its cell in print layout (overflowing cells overprint their neighbours)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 1047, "height": 740})  # A4 landscape less the margins, in CSS px
        overflowing = page.evaluate("""() => [...document.querySelectorAll('.print-table td.num, .print-table th.num')]
            .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent)""")
        assert overflowing == []
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    Path("/tmp/plansui_pdf", f"test-{lang}.pdf").write_bytes(pdf) if Path("/tmp/plansui_pdf").is_dir() else None
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    for p in reader.pages:
        width, height = float(p.mediabox.width), float(p.mediabox.height)
        assert abs(width - A4_LANDSCAPE[0]) < 2 and abs(height - A4_LANDSCAPE[1]) < 2, (width, height)

    # the grand totals: each one its own text run, none glued to its neighbour
    last = reader.pages[-1]
    runs = _runs(last)
    text = " ".join(runs)
    sep = {"ky": "\u00a0", "ru": "\u00a0"}[lang]
    grand_local = f"67{sep}680{sep}022,5"  # 45 × 1 504 000,50
    grand_total = f"233{sep}780{sep}017,5"  # 45 × 5 195 111,50
    normal = [r.replace("\u202f", "\u00a0").replace(" ", "\u00a0") for r in runs]
    assert grand_local in normal, runs
    assert grand_total in normal, runs
    assert not any(re.search(r"\d,\d+\d{1,3}[\u00a0 ]\d{3}[\u00a0 ]\d{3}", r) for r in normal)  # "…,06 550 000"

    # the last page carries at least two activity rows with the subtotal and total, not one line
    numbers = set(re.findall(r"\b5\.\d\b", text))
    assert len(numbers) >= 2, text

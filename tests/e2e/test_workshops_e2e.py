"""A trainer on a phone (360 px): creates a workshop, types in a sign-in sheet (a wrong row
first), ticks attendance, reads the statistics with the chart drawn, prints a certificate."""
from datetime import date

from playwright.sync_api import expect


def _shot(page, screenshot_dir, name):
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/{name}.png", full_page=True)


def _fits(page):
    """Nothing wider than the phone's screen (no sideways scrolling of the page)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_trainer_runs_a_workshop_on_a_phone(live_server, phone, screenshot_dir, make_user, make_municipality):
    from ..conftest import PASSWORD

    for name in ("Gülchö", "Kara-Kulja", "Nookat"):
        make_municipality(name=name, region="Osh")
    trainer = make_user(email="trainer@example.org", name="Gulnara", is_trainer=True)
    page = phone()
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(trainer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form button").click()

    page.goto(live_server + "/workshops")
    page.get_by_role("link", name="New workshop").click()
    page.get_by_label("Title").fill("SEDP training")
    page.get_by_label("The SEDP method").check()
    page.get_by_label("First day").fill("2026-03-02")
    page.get_by_label("Last day").fill("2026-03-03")
    page.get_by_label("Place", exact=True).fill("Gülchö")
    page.get_by_label("Region").fill("Osh")
    for name in ("Gülchö", "Kara-Kulja", "Nookat"):
        page.get_by_label(f"{name} (Osh)").check()
    _shot(page, screenshot_dir, "workshop-form")
    assert _fits(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="SEDP training")).to_be_visible()

    page.get_by_role("link", name="Enter a sign-in sheet").first.click()
    page.get_by_label("Rows of the sign-in sheet").fill("Aida;f;30-44;staff;Gülchö\nBolot;x;45-59;deputy;Nookat")
    page.get_by_role("button", name="Add the participants").click()
    expect(page.locator(".problems")).to_contain_text("Unknown sex “x”.")
    _shot(page, screenshot_dir, "workshop-sheet-errors")
    assert _fits(page)
    page.get_by_label("Rows of the sign-in sheet").fill(
        "Aida;f;30-44;staff;Gülchö\nBolot;m;45-59;deputy;Nookat\nCholpon;f;18-29;initiative group;Kara-Kulja")
    page.get_by_role("button", name="Add the participants").click()
    expect(page.get_by_role("heading", name="Participants and attendance")).to_be_visible()
    page.get_by_label(f"Bolot, {date(2026, 3, 3).strftime('%b')} 3, 2026").uncheck()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".flash")).to_contain_text("Attendance saved.")
    assert _fits(page)

    page.get_by_role("link", name="Statistics").first.click()
    expect(page.locator(".report-sentence")).to_have_text("3 participants, 2 of them women, from 3 municipalities")
    expect(page.locator("#chart-sex .main-svg").first).to_be_attached()  # plotly drew it
    expect(page.locator("[data-fallback]")).to_have_count(0)
    _shot(page, screenshot_dir, "workshop-statistics")
    assert _fits(page)

    page.get_by_role("link", name="Participants and attendance").first.click()
    page.locator('a[href$="/certificate"]').first.click()
    expect(page.locator(".certificate .who")).to_have_text("Aida")
    _shot(page, screenshot_dir, "workshop-certificate")

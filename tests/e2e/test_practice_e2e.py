"""At phone width: a trainer makes a practice municipality for a workshop and opens a poll;
a participant joins it by its code on another phone and votes; the projector view, left
open, shows the vote without anyone reloading it (static/projector.js under the CSP)."""
from datetime import date

from playwright.sync_api import expect


def test_practice_and_live_vote_on_phones(live_server, phone, make_user, make_municipality, db):
    from planner.workshops import services

    from ..conftest import PASSWORD

    place = make_municipality(name="Gülchö", region="Osh")
    trainer = make_user(email="trainer@example.org", name="Gulnara", is_trainer=True)
    workshop = services.create_workshop(trainer, title="SEDP training", topics=["jap"], starts_on=date(2026, 3, 2),
                                        ends_on=date(2026, 3, 2), place="Gülchö", region="Osh", language="en",
                                        agenda="", municipality_ids=[place.id])
    db.session.commit()
    page = phone()
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(trainer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form button").click()

    page.goto(f"{live_server}/workshops/{workshop.id}")
    page.get_by_role("link", name="Practice municipalities").first.click()
    page.get_by_label("Practice accounts").fill("Aida, staff\nBolot, deputy")
    page.get_by_role("button", name="Create the practice municipality").click()
    expect(page.locator(".flash")).to_contain_text("Practice municipality created.")
    page.locator("section.card h2 a").first.click()
    expect(page.locator(".sandbox-banner")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    page.goto(f"{live_server}/workshops/{workshop.id}/exercises")
    page.get_by_label("Question").fill("What first?")
    page.get_by_label("Options", exact=True).fill("Drinking water\nRoads")
    page.get_by_role("button", name="Open it and show the projector view").click()
    code = page.locator(".projector .code").inner_text()
    expect(page.locator(".big-count")).to_contain_text("0 answers")

    participant = phone()
    participant.goto(live_server + "/workshops/join")
    participant.get_by_label("Code").fill(code.lower())
    participant.get_by_role("button", name="Join").click()
    participant.get_by_label("Roads").check()
    participant.get_by_role("button", name="Send").click()
    expect(participant.locator(".flash")).to_contain_text("your answer is counted")
    assert participant.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # the projector page was not reloaded by anyone: its script fetched the new count
    expect(page.locator(".big-count")).to_contain_text("1 answer", timeout=15000)
    expect(page.locator("#live-results tbody tr").nth(1)).to_contain_text("Roads1")

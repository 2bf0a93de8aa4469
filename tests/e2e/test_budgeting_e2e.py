"""End to end at phone width with JavaScript off, CSRF on: a resident checks the running
total of a budgeting ballot (the server says what is over budget and keeps the ticks) and
votes; a clerk enters a paper ballot and a second staff member confirms the batch by typing
the tally's figures; once closed, the results show online, paper and together. No page is
wider than the phone."""
from datetime import timedelta

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e
WIDTH = 360


@pytest.fixture
def csrf_app(app):
    app.config.update(SERVER_NAME=None, WTF_CSRF_ENABLED=True)
    yield app


def _no_js_phone(browser):
    return browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="en-US",
                               java_script_enabled=False).new_page()


def _login(page, base, user):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button.primary")


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url}: {width}px"


def test_vote_and_paper_batch_at_phone_width_without_javascript(csrf_app, db, browser, live_server, make_user,
                                                                 make_municipality, make_member):
    from planner.budgeting import services
    from planner.models import utcnow

    town = make_municipality()
    clerk, checker, voter = make_user(), make_user(), make_user()
    make_member(clerk, town, "staff")
    make_member(checker, town, "staff")
    make_member(voter, town, "resident")
    now = utcnow()
    ballot = services.create_ballot(town, clerk, title="Айылдын долбоорлору 2027", style="budget", rule="greedy",
                                    budget=1_000, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1))
    for title, cost in (("Көчө жарыгы жана жаңы тротуарлар борбордук көчөдө", 600), ("Мектептин чатыры", 500),
                        ("Балдар аянтчасы", 300)):
        services.add_project(ballot, clerk, title=title, cost=cost)
    db.session.commit()
    url = f"{live_server}/m/{town.slug}/budgeting/{ballot.id}"
    first, second, third = (str(p.id) for p in ballot.projects)

    resident = _no_js_phone(browser)
    _login(resident, live_server, voter)
    resident.goto(url)
    _fits(resident)
    resident.check(f"input[name=project][value='{first}']")
    resident.check(f"input[name=project][value='{second}']")
    resident.click("button[name=action][value=check]")
    assert "over the budget" in resident.inner_text(".pb-total")
    assert resident.is_checked(f"input[name=project][value='{first}']")
    assert resident.is_checked(f"input[name=project][value='{second}']")
    _fits(resident)
    resident.uncheck(f"input[name=project][value='{second}']")
    resident.check(f"input[name=project][value='{third}']")
    resident.click("button[name=action][value=send]")
    assert "Your vote is recorded" in resident.content()
    assert resident.is_checked(f"input[name=project][value='{third}']")

    desk = _no_js_phone(browser)
    _login(desk, live_server, clerk)
    desk.goto(f"{url}/paper")
    _fits(desk)
    desk.click("main button.primary:has-text('Start a new batch')")
    for marked in ((first, second), (third,)):  # the first is over the budget
        for pid in marked:
            desk.check(f"input[name=project][value='{pid}']")
        desk.click("main button.primary:has-text('Enter this ballot')")
    assert "Ballot 1 is entered as invalid" not in desk.content()  # the flash of the last one
    assert "Ballot 2 is entered as valid" in desk.content()
    desk.fill("input[name=issued]", "3")
    desk.fill("input[name=spoiled]", "0")
    desk.fill("input[name=unused]", "1")
    desk.click("main button:has-text('Save the figures')")
    assert "It balances." in desk.content()
    _fits(desk)
    batch_url = desk.url.split("#")[0]

    second_person = _no_js_phone(browser)
    _login(second_person, live_server, checker)
    second_person.goto(batch_url)
    assert "more than the budget" in second_person.content()
    _fits(second_person)
    second_person.fill("input[name=valid]", "1")
    second_person.fill("input[name=invalid]", "1")
    for pid, total in ((first, "0"), (second, "0"), (third, "1")):
        second_person.fill(f"input[name=total-{pid}]", total)
    second_person.click("main button.primary:has-text('Confirm the batch')")
    assert "The batch is confirmed" in second_person.content()

    from planner.budgeting import mixing

    ballot.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    mixing.settle(ballot)  # the last sealed paper (as the results page would at close)
    db.session.commit()
    db.session.remove()
    resident.goto(f"{url}/results")
    _fits(resident)
    table = resident.text_content("#channels ~ .table-wrap thead")
    assert "Online" in table and "Paper" in table and "Together" in table
    row = resident.inner_text("#channels ~ .table-wrap tfoot tr")
    assert row.split()[-3:] == ["1", "1", "2"]

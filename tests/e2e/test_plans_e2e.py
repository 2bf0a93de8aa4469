"""End to end, in a real browser: a group member drafts an activity, a resident proposes a
change, the group accepts it, staff submit, a deputy comments, staff record the council's
approval, and editing the approved version is refused.

Uses the shared e2e fixtures (tests/e2e/conftest.py): the app served from a thread on the
test database, and the system Chromium at phone size (skipped with the reason shown when
it is missing, unless PLANNER_E2E_REQUIRED=1)."""
import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD
from ..plans.conftest import PDF

pytestmark = pytest.mark.e2e


@pytest.fixture
def live(app, live_server, tmp_path, make_user, make_municipality, make_member):
    """A municipality with one user per role and a plan in draft with one section."""
    from planner.extensions import db
    from planner.plans import services

    app.config["PLANS_UPLOAD_DIR"] = str(tmp_path / "uploads")
    m = make_municipality(villages=("Тоо-Башы",))
    users = {}
    for role in ("group_member", "resident", "staff", "deputy"):
        users[role] = make_user(email=f"{role}@e2e.test", name=f"E2E {role}")
        make_member(users[role], m, role)
    with app.test_request_context():
        plan = services.create_plan(m, users["staff"], kind="jap", title="E2E план", year_from=2026, year_to=2026)
        services.add_section(plan, users["staff"], "Ичүүчү суу")
    db.session.commit()
    return {"base": live_server, "plan": f"/m/{m.slug}/plans/{plan.id}", "tmp": tmp_path}


def test_plan_from_draft_to_approval(browser, live):
    base, plan = live["base"], live["base"] + live["plan"]
    pdf = live["tmp"] / "decision.pdf"
    pdf.write_bytes(PDF)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    # Static files are answered by the browser itself: a navigation that cancels a
    # half-sent favicon would leave the threaded test server with an unclosed file.
    context.route("**/static/**", lambda route: route.fulfill(status=200, body=""))
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        body = page.locator("body")

        def login(role):
            context.clear_cookies()
            page.goto(base + "/login")
            page.fill("input[name=email]", f"{role}@e2e.test")
            page.fill("input[name=password]", PASSWORD)
            page.click("main form button.primary")

        # 1. a group member drafts an activity and opens the public discussion
        login("group_member")
        page.goto(plan)
        page.click("text=Add an activity")
        page.fill("textarea[name=description]", "Булактан суу түтүгүн тартуу")
        page.fill("input[name=fund_local]", "150000")
        page.fill("input[name=fund_community_kind]", "50000")
        page.click("main form button.primary")
        expect(body).to_contain_text("Булактан суу түтүгүн тартуу")
        page.click("text=Open the public discussion")
        expect(body).to_contain_text("Public discussion")

        # 2. a resident proposes a change to it
        login("resident")
        page.goto(plan)
        page.click("text=Булактан суу түтүгүн тартуу")
        page.click("text=Propose a change")
        page.fill("textarea[name=text]", "Булактан суу түтүгүн тартуу жана эки кран орнотуу")
        page.click("main form button.primary")
        expect(body).to_contain_text("Waiting for an answer")

        # 3. the group accepts it, with a public reason
        login("group_member")
        page.goto(plan + "/proposals")
        page.select_option("select[name=status]", "accepted")
        page.fill("textarea[name=answer]", "Кабыл алынды: крандар ашар менен орнотулат.")
        page.click("text=Publish the answer")
        expect(body).to_contain_text("Accepted and applied")
        page.goto(plan)
        expect(body).to_contain_text("эки кран орнотуу")

        # 4. staff submit to the council
        login("staff")
        page.goto(plan)
        page.click("text=Submit to the council")
        expect(body).to_contain_text("Submitted to the council")

        # 5. a deputy comments on the activity
        login("deputy")
        page.goto(plan)
        page.click("text=эки кран орнотуу")
        page.fill("textarea[name=body]", "Сметага крандардын баасын кошуу керек.")
        page.click("text=Comment as a deputy")
        expect(body).to_contain_text("Сметага крандардын баасын кошуу керек.")
        activity_url = page.url.split("#")[0]

        # 6. staff record the approval, with the scanned decision
        login("staff")
        page.goto(plan)
        page.click("text=Record the council's decision")
        page.fill("input[name=session_date]", "2026-02-20")
        page.fill("input[name=number]", "3/15")
        page.fill("input[name=votes_for]", "11")
        page.fill("input[name=votes_against]", "0")
        page.fill("input[name=votes_abstained]", "1")
        page.select_option("select[name=outcome]", "approved")
        page.set_input_files("input[name=document]", str(pdf))
        page.click("main form button.primary")
        expect(body).to_contain_text("Decision No. 3/15")
        page.goto(plan)
        expect(body).to_contain_text("Approved")
        expect(body).not_to_contain_text("Add an activity")

        # 7. editing the approved version is refused
        response = page.goto(activity_url + "/edit")
        assert response.status == 403
        expect(body).to_contain_text("Not allowed")
    finally:
        context.close()

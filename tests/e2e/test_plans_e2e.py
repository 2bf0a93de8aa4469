"""End to end, in a real browser: a group member drafts an activity, a resident proposes a
change, the group accepts it, staff submit, a deputy comments, staff record the council's
approval, and editing the approved version is refused.

Runs the app with werkzeug's ``make_server`` in a thread on its own SQLite file, and drives
the system Chromium with Playwright. Skipped (with the reason shown) when Playwright or
/usr/bin/chromium is missing, unless PLANNER_E2E_REQUIRED=1."""
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "e2e-password-long-enough"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.e2e


def _skip_or_fail(reason):
    if os.environ.get("PLANNER_E2E_REQUIRED") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _skip_or_fail("Playwright is not installed")
    if not Path(CHROMIUM).exists():
        _skip_or_fail(f"{CHROMIUM} is missing: the e2e scenario needs a system Chromium")
    return sync_playwright


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The app on a free port, with a plan in draft and one user per role."""
    from werkzeug.serving import make_server

    from planner import create_app
    from planner.auth.models import User
    from planner.extensions import db
    from planner.models import utcnow
    from planner.municipalities.models import Membership, Municipality, Village
    from planner.plans import services

    tmp = tmp_path_factory.mktemp("e2e")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'e2e.db'}", "SECRET_KEY": "e2e-not-secret",
                      "PLANS_UPLOAD_DIR": str(tmp / "uploads"), "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        m = Municipality(slug="e2e-aiyl", name="Е2Е айыл аймагы", country="KG", currency="KGS", default_locale="en")
        db.session.add(m)
        db.session.add(Village(municipality=m, name="Тоо-Башы"))
        users = {}
        for role in ("group_member", "resident", "staff", "deputy"):
            user = User(email=f"{role}@e2e.test", name=f"E2E {role}", locale="en")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.add(Membership(user=user, municipality=m, role=role, status="active", verified_at=utcnow()))
            users[role] = user
        db.session.flush()
        with app.test_request_context():
            plan = services.create_plan(m, users["staff"], kind="jap", title="E2E план", year_from=2026, year_to=2026)
            services.add_section(plan, users["staff"], "Ичүүчү суу")
        db.session.commit()
        plan_url = f"/m/{m.slug}/plans/{plan.id}"
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"base": f"http://127.0.0.1:{server.server_port}", "plan": plan_url, "tmp": tmp}
    server.shutdown()
    thread.join()
    with app.app_context():
        db.engine.dispose()


def test_plan_from_draft_to_approval(sync_playwright, live):
    base, plan = live["base"], live["base"] + live["plan"]
    pdf = live["tmp"] / "decision.pdf"
    pdf.write_bytes(PDF)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 360, "height": 800})
        page = context.new_page()

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
        assert "Булактан суу түтүгүн тартуу" in page.content()
        page.click("text=Open the public discussion")
        assert "Public discussion" in page.content()

        # 2. a resident proposes a change to it
        login("resident")
        page.goto(plan)
        page.click("text=Булактан суу түтүгүн тартуу")
        page.click("text=Propose a change")
        page.fill("textarea[name=text]", "Булактан суу түтүгүн тартуу жана эки кран орнотуу")
        page.click("main form button.primary")
        assert "Waiting for an answer" in page.content()

        # 3. the group accepts it, with a public reason
        login("group_member")
        page.goto(plan + "/proposals")
        page.select_option("select[name=status]", "accepted")
        page.fill("textarea[name=answer]", "Кабыл алынды: крандар ашар менен орнотулат.")
        page.click("text=Publish the answer")
        assert "Accepted and applied" in page.content()
        page.goto(plan)
        assert "эки кран орнотуу" in page.content()

        # 4. staff submit to the council
        login("staff")
        page.goto(plan)
        page.click("text=Submit to the council")
        assert "Submitted to the council" in page.content()

        # 5. a deputy comments on the activity
        login("deputy")
        page.goto(plan)
        page.click("text=эки кран орнотуу")
        page.fill("textarea[name=body]", "Сметага крандардын баасын кошуу керек.")
        page.click("text=Comment as a deputy")
        assert "Сметага крандардын баасын кошуу керек." in page.content()
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
        assert "Decision No. 3/15" in page.content()
        page.goto(plan)
        assert "Approved" in page.content() and "Add an activity" not in page.content()

        # 7. editing the approved version is refused
        response = page.goto(activity_url + "/edit")
        assert response.status == 403
        assert "Not allowed" in page.content()
        browser.close()

"""Plan factories: a municipality with a person for each role, and plans at any stage."""
import io
from datetime import date
from decimal import Decimal

import pytest



def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=842, height=595)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image(kind, size=(40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind)
    return out.getvalue()


PDF = _pdf()  # a real one-page PDF (pypdf must parse it)
PNG = _image("PNG")
JPEG = _image("JPEG")


@pytest.fixture
def request_ctx(app):
    """Services translate their messages: give them a request (and so a locale)."""
    with app.test_request_context():
        yield


@pytest.fixture
def people(make_user, make_municipality, make_member):
    """A municipality with one user per role, and a stranger who is staff elsewhere."""
    municipality = make_municipality()
    other = make_municipality(villages=("Башка-Айыл",))
    users = {}
    for role in ("resident", "group_member", "staff", "deputy", "monitor"):
        users[role] = make_user()
        make_member(users[role], municipality, role)
    users["admin"] = make_user(is_admin=True)
    users["outsider"] = make_user()
    make_member(users["outsider"], other, "staff")
    users["nobody"] = make_user()
    return {"m": municipality, "other": other, **users}


def activity_data(**overrides):
    data = {"problem": "Жол начар", "description": "Айылдык жолду оңдоо", "responsible": "Айыл өкмөтү",
            "partners": "", "expected_result": "2 км жол оңдолду",
            "start_month": date(2026, 4, 1), "end_month": date(2026, 9, 1),
            "fund_local": Decimal("100000"), "fund_republican": Decimal("0"),
            "fund_community_cash": Decimal("20000"), "fund_community_kind": Decimal("30000"),
            "fund_donor": Decimal("50000"), "fund_private": Decimal("0"), "villages": [],
            "indicators": [{"name": "Оңдолгон жол", "unit": "км", "baseline": Decimal("0"), "target": Decimal("2")}]}
    data.update(overrides)
    return data


@pytest.fixture
def make_plan(db, people):
    """``make_plan(stage="draft", sections=2, per_section=2, municipality=None)``: a plan
    built through the services and moved to ``stage``."""
    from planner.plans import services

    def make(stage="draft", sections=2, per_section=2, municipality=None, kind="jap"):
        municipality = municipality or people["m"]
        staff = people["staff"]
        plan = services.create_plan(municipality, staff, kind=kind, title="Биргелешкен аракеттер планы",
                                    year_from=2026, year_to=2027)
        for s in range(sections):
            section = services.add_section(plan, staff, f"Артыкчылык {s + 1}")
            db.session.flush()
            for n in range(per_section):
                services.add_activity(section, staff, activity_data(description=f"Иш-чара {s + 1}.{n + 1}"))
        db.session.flush()
        order = ["discussion", "submitted", "approved", "implementation", "completed"]
        target = order.index(stage) + 1 if stage in order else 0
        for step in order[:target]:
            if step == "discussion":
                services.open_discussion(plan, staff)
            elif step == "submitted":
                services.submit_plan(plan, staff)
            elif step == "approved":
                services.record_decision(plan, staff, session_date=date(2026, 2, 20), number="12/3", votes_for=15,
                                         votes_against=1, votes_abstained=2, outcome="approved")
            elif step == "implementation":
                services.start_implementation(plan, staff)
            elif step == "completed":
                services.complete_plan(plan, staff)
        db.session.commit()
        return plan

    return make


@pytest.fixture
def login(client, auth):
    """Sign in as ``user`` (None: sign out). The tests keep one app context, so Flask-Login's
    per-context cache of the current user (and the query counter) are reset here."""
    from flask import g

    def switch(user):
        g.pop("_login_user", None)
        if user is None:
            with client.session_transaction() as session:
                session.clear()
        else:
            auth.as_user(user)

    return switch


def query_count(client, db, url):
    """The number of SQL queries a GET of ``url`` made, with a fresh session and counter."""
    from flask import g

    g.pop("query_count", None)
    g.pop("_login_user", None)
    db.session.expunge_all()
    response = client.get(url)
    response.close()
    assert response.status_code == 200, (url, response.status_code)
    return int(response.headers["X-Query-Count"])


@pytest.fixture(autouse=True)
def _english(request):
    """Pages in English for the assertions (a municipality's default language is Kyrgyz)."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

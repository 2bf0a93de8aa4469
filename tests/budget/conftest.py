import pytest


@pytest.fixture
def rq(app):
    """A request context (English), for code that translates its messages."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield app


@pytest.fixture
def staff_and_budget(db, rq, make_user, make_municipality, make_member):
    """A municipality with a staff member and an empty draft budget of 2026 in thousands."""
    from planner.budget import services

    municipality = make_municipality(currency="AMD", country="AM", default_locale="hy")
    staff = make_user()
    make_member(staff, municipality, "staff")
    budget = services.create_year(municipality, staff, 2026, "thousands")
    db.session.commit()
    return municipality, staff, budget

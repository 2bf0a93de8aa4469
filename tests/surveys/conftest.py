"""Factories for surveys, meetings and problems (callables, like the foundation's)."""
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from planner.surveys import services

DEFAULT_QUESTIONS = [
    dict(kind="single", text="Is there drinking water at home?", choices=["Yes", "No", "Sometimes"], is_required=True,
         allows_other=True),
    dict(kind="multiple", text="Which problems matter most?", choices=["Water", "Roads", "School", "Clinic"],
         max_choices=2, allows_other=True),
    dict(kind="scale", text="How good are the roads?"),
    dict(kind="number", text="How many people live in your household?", min_value=1, max_value=30),
    dict(kind="short_text", text="Your street"),
    dict(kind="long_text", text="What should change?"),
    dict(kind="ranking", text="Put in order", choices=["Water", "Roads", "School"], max_choices=3),
]


@pytest.fixture
def staff_user(make_user):
    return make_user(name="Staff")


@pytest.fixture
def kg(make_municipality, make_member, staff_user):
    municipality = make_municipality(villages=("Ак-Суу", "Кара-Таш", "Жаңы-Жол"))
    make_member(staff_user, municipality, "staff")
    return municipality


@pytest.fixture
def make_survey(db, staff_user):
    def make(municipality, questions=None, sections=None, **overrides):
        fields = dict(title="Needs assessment", intro="Please answer.", opens_on=date.today() - timedelta(days=2),
                      closes_on=date.today() + timedelta(days=20), access="link", paging="one", asks_profile=True,
                      is_public_results=False)
        fields.update(overrides)
        survey = services.create_survey(municipality, staff_user, **fields)
        section_ids = [services.add_section(survey, staff_user, title).id for title in (sections or [])]
        for spec in DEFAULT_QUESTIONS if questions is None else questions:
            spec = dict(spec)
            section = spec.pop("section", None)
            services.add_question(survey, staff_user, section_id=section_ids[section] if section is not None else None,
                                  **spec)
        db.session.commit()
        return survey

    return make


def q(survey, kind):
    """The first question of ``kind``."""
    return next(x for x in survey.questions if x.kind == kind)


def choice(question, text):
    return next(c for c in question.choices if c.text == text)


def full_answer(survey, **extra):
    """A complete, valid ``raw`` answer to the default questionnaire."""
    single, multiple, scale = q(survey, "single"), q(survey, "multiple"), q(survey, "scale")
    number, short, long_, ranking = q(survey, "number"), q(survey, "short_text"), q(survey, "long_text"), q(survey, "ranking")
    raw = {
        single.field_name: [str(choice(single, "Yes").id)],
        multiple.field_name: [str(choice(multiple, "Water").id), str(choice(multiple, "Roads").id)],
        scale.field_name: ["4"],
        number.field_name: ["5"],
        short.field_name: ["Main street"],
        long_.field_name: ["Repair the canal"],
        f"{ranking.field_name}_r{choice(ranking, 'Roads').id}": ["1"],
        f"{ranking.field_name}_r{choice(ranking, 'Water').id}": ["2"],
    }
    raw.update(extra)
    return raw


@pytest.fixture
def request_ctx(app):
    """Services translate their messages, which needs a request (for the locale)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def get_counted(client, url):
    """GET ``url`` and return (response, SQL queries). The tests' app context is shared
    with the requests (and so is ``g``), so the counter is reset first."""
    from flask import g

    g.pop("query_count", None)
    response = client.get(url)
    return response, int(response.headers["X-Query-Count"])


class FreshClient(FlaskClient):
    """The tests' app context (and ``g``) outlives each request: forget the user that
    Flask-Login cached there and the query counter, so every request starts clean."""

    def open(self, *args, **kwargs):
        from flask import g

        for name in ("_login_user", "query_count"):
            g.pop(name, None)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the tests read the English messages
    return client

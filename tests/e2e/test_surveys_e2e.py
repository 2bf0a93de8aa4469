"""End to end: a resident answers a survey in Kyrgyz on a phone-sized screen, in a real
browser (Playwright + the system's Chromium), against the app served in a thread."""
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from planner import create_app
from planner.surveys.models import SurveyResponse

from ..surveys.conftest import kg, make_survey, staff_user  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(db, database_url):
    app = create_app({"TESTING": False, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "e2e",
                      "BALLOT_RECEIPT_KEY": "e2e-receipt", "RATELIMIT_ENABLED": False})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)
    with app.app_context():
        from planner.extensions import db as _db

        _db.session.remove()
        _db.engine.dispose()


def test_resident_answers_in_kyrgyz_on_a_phone(db, kg, make_survey, server, browser):  # noqa: F811
    survey = make_survey(kg, title="Айылдын муктаждыктары", sections=["Суу", "Жолдор"], paging="sections", questions=[
        dict(kind="single", text="Үйүңүздө ичүүчү суу барбы?", choices=["Ооба", "Жок", "Кээде"], is_required=True,
             section=0),
        dict(kind="multiple", text="Эң маанилүү көйгөйлөр", choices=["Суу", "Жол", "Мектеп", "Бала бакча"],
             max_choices=2, section=0),
        dict(kind="number", text="Үй-бүлөңүздө канча адам бар?", min_value=1, max_value=20, section=0),
        dict(kind="scale", text="Жолдордун абалы", section=1),
        dict(kind="ranking", text="Иреттеңиз", choices=["Суу түтүгү", "Көчө жарыгы", "Көпүрө"], max_choices=2,
             section=1),
        dict(kind="long_text", text="Сунушуңуз", section=1)])
    url = f"{server}/m/{kg.slug}/surveys/{survey.id}"
    if True:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ky-KG", is_mobile=True,
                                      has_touch=True, java_script_enabled=False)
        page = context.new_page()
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "ky"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator("form.answer button.primary").inner_text().strip() == "Кийинки"  # "Next", in Kyrgyz
        page.get_by_label("Ооба").check()
        page.get_by_label("Суу", exact=True).check()
        page.get_by_label("Жол", exact=True).check()
        page.get_by_label("Мектеп").check()  # three: one too many
        page.fill("#q%d-in" % survey.questions[2].id, "25")  # outside 1–20
        page.locator("form.answer button.primary").click()
        # Refused, with every answer kept; then corrected.
        assert "Айрым жоопторду оңдоо керек" in page.locator(".error-box").inner_text()
        assert "Эң көп дегенде 2 жооп тандаңыз." in page.content()
        assert page.get_by_label("Ооба").is_checked() and page.get_by_label("Мектеп").is_checked()
        assert page.locator("#q%d-in" % survey.questions[2].id).input_value() == "25"
        page.get_by_label("Мектеп").uncheck()
        page.fill("#q%d-in" % survey.questions[2].id, "6")
        page.locator("form.answer button.primary").click()
        # Second page: scale, ranking, text and the optional profile.
        page.get_by_label("4", exact=True).check()
        page.select_option(f"#{survey.questions[4].field_name}_r{survey.questions[4].choices[2].id}", "1")
        page.select_option(f"#{survey.questions[4].field_name}_r{survey.questions[4].choices[0].id}", "2")
        page.fill(f"#{survey.questions[5].field_name}-in", "Көпүрөнү тезирээк оңдош керек.")
        page.check("input[name=profile_sex][value=f]")
        page.check("input[name=profile_age][value='30-44']")
        page.select_option("#profile_village", str(kg.villages[1].id))
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator("form.answer button.primary").inner_text().strip() == "Жоопторумду жөнөтүү"
        page.locator("form.answer button.primary").click()
        assert "/thanks" in page.url and "Рахмат!" in page.content()
        context.close()
    db.session.expire_all()
    responses = db.session.scalars(select(SurveyResponse)).all()
    assert len(responses) == 1
    response = responses[0]
    assert response.sex == "f" and response.village_id == kg.villages[1].id
    ranking = survey.questions[4]
    ranks = sorted((a.rank, a.choice_id) for a in response.answers if a.question_id == ranking.id)
    assert ranks == [(1, ranking.choices[2].id), (2, ranking.choices[0].id)]
    assert db.session.scalar(select(func.count(SurveyResponse.id))) == 1

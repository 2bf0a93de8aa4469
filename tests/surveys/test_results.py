"""Results counted in SQL, small groups hidden, exports."""
import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from planner.surveys import answering, results, services

from .conftest import choice, full_answer, get_counted, q


def _answer(db, survey, n, village=None, sex=None, age=None, channel="online", entered_by=None, **extra):
    for _ in range(n):
        raw = full_answer(survey, **extra)
        if village is not None:
            raw["profile_village"] = [str(village.id)]
        if sex:
            raw["profile_sex"] = [sex]
        if age:
            raw["profile_age"] = [age]
        answering.submit(survey, services.ordered_questions(survey), raw, key=answering.new_key(),
                         villages=survey.municipality.villages, channel=channel, entered_by=entered_by)
    db.session.commit()


def _compute(db, survey, **filters):
    dimension = filters.pop("by", None)
    labels = {"village": {v.id: v.name for v in survey.municipality.villages}, "sex": {"f": "W", "m": "M"}}.get(dimension)
    return results.compute(db.session, survey, services.ordered_questions(survey), results.Filters(**filters),
                           dimension, labels)


@pytest.fixture
def answered(db, app, kg, make_survey, staff_user):
    with app.test_request_context():
        survey = make_survey(kg)
        single, scale = q(survey, "single"), q(survey, "scale")
        a, b, c = kg.villages
        _answer(db, survey, 6, village=a, sex="f", age="18-29")
        _answer(db, survey, 4, village=b, sex="m", age="60+",
                **{single.field_name: [str(choice(single, "No").id)], scale.field_name: ["2"]})
        _answer(db, survey, 3, village=c, sex="f", channel="paper", entered_by=staff_user,
                **{single.field_name: ["other"], f"{single.field_name}_other": ["Only from the river"]})
    return survey


def test_counts_per_choice(db, answered):
    out = _compute(db, answered)
    assert out.respondents == 13 and out.channels == {"online": 10, "paper": 3}
    single = next(r for r in out.questions if r.question.kind == "single")
    assert [(label, n) for label, n, _pct in single.rows] == [("Yes", 6), ("No", 4), ("Sometimes", 0)]
    assert single.answered == 13 and single.other[0] == 3
    assert single.texts == ["Only from the river"] * 3
    multiple = next(r for r in out.questions if r.question.kind == "multiple")
    assert dict((label, n) for label, n, _pct in multiple.rows) == {"Water": 13, "Roads": 13, "School": 0, "Clinic": 0}
    scale = next(r for r in out.questions if r.question.kind == "scale")
    assert dict((label, n) for label, n, _pct in scale.rows) == {"1": 0, "2": 4, "3": 0, "4": 9, "5": 0}
    assert scale.stats["mean"] == Decimal("3.38")
    number = next(r for r in out.questions if r.question.kind == "number")
    assert number.stats["count"] == 13 and number.stats["min"] == 5
    ranking = next(r for r in out.questions if r.question.kind == "ranking")
    # Borda with 3 choices: Roads first (2 points each), Water second (1 point each), School unranked.
    assert ranking.rows[0][:4] == ("Roads", 26, 13, 13) and ranking.rows[1][:2] == ("Water", 13)


def test_filters(db, answered, kg):
    out = _compute(db, answered, village_id=kg.villages[0].id)
    assert out.respondents == 6 and not out.hidden
    single = next(r for r in out.questions if r.question.kind == "single")
    assert single.rows[0][1] == 6
    out = _compute(db, answered, sex="f")
    assert out.respondents == 9


def test_groups_under_five_are_hidden(db, answered, kg):
    out = _compute(db, answered, village_id=kg.villages[1].id)  # 4 people
    assert out.hidden and out.questions == []
    out = _compute(db, answered, sex="m", age_band="60+")
    assert out.hidden


def test_breakdown_hides_small_columns(db, answered, kg):
    out = _compute(db, answered, by="village")
    shown = {label: shown for _key, label, _size, shown in out.columns}
    assert shown == {kg.villages[0].name: True, kg.villages[1].name: False, kg.villages[2].name: False}
    single = next(r for r in out.questions if r.question.kind == "single")
    yes = dict(single.breakdown)["Yes"]
    assert yes == [6, None, None]
    out = _compute(db, answered, by="sex")
    single = next(r for r in out.questions if r.question.kind == "single")
    # women 9, men 4: showing the women would give the men as the total minus the women
    assert dict(single.breakdown)["No"] == [None, None]
    assert [size for _key, _label, size, _shown in out.columns] == [None, None]


def test_query_count_does_not_grow_with_answers(app, db, kg, make_survey, client, auth, staff_user):
    with app.test_request_context():
        survey = make_survey(kg)
    auth.as_user(staff_user)
    url = f"/m/{kg.slug}/surveys/{survey.id}/results"
    with app.test_request_context():
        _answer(db, survey, 5, village=kg.villages[0], sex="f", age="30-44")
    few, few_queries = get_counted(client, url + "?by=village")
    with app.test_request_context():
        _answer(db, survey, 40, village=kg.villages[1], sex="m", age="45-59")
    many, many_queries = get_counted(client, url + "?by=village")
    assert few.status_code == many.status_code == 200
    assert few_queries == many_queries <= 8
    assert "chart-data" in many.get_data(as_text=True)


def test_texts_page_lists_written_answers(app, db, answered, client, auth, staff_user, kg):
    auth.as_user(staff_user)
    long_ = q(answered, "long_text")
    page = client.get(f"/m/{kg.slug}/surveys/{answered.id}/results/q/{long_.id}").get_data(as_text=True)
    assert page.count("Repair the canal") == 13
    hidden = client.get(f"/m/{kg.slug}/surveys/{answered.id}/results/q/{long_.id}?village={kg.villages[1].id}")
    assert "Repair the canal" not in hidden.get_data(as_text=True)


def test_csv_export(app, db, answered, client, auth, staff_user, kg):
    auth.as_user(staff_user)
    response = client.get(f"/m/{kg.slug}/surveys/{answered.id}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 14
    header = rows[0]
    assert header[:6] == ["Response", "Channel", "Date", "Village", "Sex", "Age band"]
    paper = [r for r in rows[1:] if r[1] == "Paper"]
    assert len(paper) == 3
    single_col = next(i for i, h in enumerate(header) if h.endswith("Is there drinking water at home?"))
    assert paper[0][single_col] == "Other: Only from the river"
    ranking_col = next(i for i, h in enumerate(header) if h.endswith("Put in order"))
    assert rows[1][ranking_col] == "Roads > Water"
    assert staff_user.email not in response.get_data(as_text=True)


def test_xlsx_export(app, db, answered, client, auth, staff_user, kg):
    auth.as_user(staff_user)
    response = client.get(f"/m/{kg.slug}/surveys/{answered.id}/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 14
    number_col = next(i for i, h in enumerate(rows[0]) if h.endswith("household?"))
    assert rows[1][number_col] == 5


def test_exports_are_for_the_group_only(app, db, answered, client, auth, make_user, make_member, kg):
    resident = make_user()
    make_member(resident, kg, "resident")
    auth.as_user(resident)
    assert client.get(f"/m/{kg.slug}/surveys/{answered.id}/export.csv").status_code == 403


def test_results_are_counted_once_per_change_of_the_answers(app, db, kg, make_survey, client, auth, staff_user):
    """The results' queries run once per data version (issue 15); a new answer is counted at
    once, and a filter or a breakdown never gets another filter's kept figures."""
    with app.test_request_context():
        survey = make_survey(kg)
        _answer(db, survey, 6, village=kg.villages[0], sex="f", age="30-44")
        _answer(db, survey, 5, village=kg.villages[1], sex="m", age="45-59")
    auth.as_user(staff_user)
    url = f"/m/{kg.slug}/surveys/{survey.id}/results"
    first, first_queries = get_counted(client, url)
    again, again_queries = get_counted(client, url)
    assert again_queries <= first_queries - 3  # profile, aggregates and text sample kept
    assert _untokened(again) == _untokened(first)
    women = client.get(url + "?sex=f").get_data(as_text=True)
    men = client.get(url + "?sex=m").get_data(as_text=True)
    with app.test_request_context():
        out_f = _compute(db, survey, sex="f")
        out_m = _compute(db, survey, sex="m")
    assert (out_f.respondents, out_m.respondents) == (6, 5)
    assert women != men
    with app.test_request_context():
        _answer(db, survey, 2, village=kg.villages[0], sex="f", age="30-44")
        assert _compute(db, survey, sex="f").respondents == 8  # the new answers, not the kept figures
    after, after_queries = get_counted(client, url)
    assert after_queries > again_queries and _untokened(after) != _untokened(first)  # counted again


def _untokened(response):
    """The page without its CSRF tokens (new for every request)."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r"\1", response.get_data(as_text=True))

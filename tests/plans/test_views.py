"""Plan pages through the HTTP client: wiring, visibility, bad input, exports, query counts."""
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from planner.plans import services
from planner.plans.models import Activity, CouncilDecision, Section

from .conftest import PDF, PNG, activity_data, query_count


def _url(plan, tail=""):
    return f"/m/{plan.municipality.slug}/plans/{plan.id}{tail}"


def _form(**overrides):
    data = {"description": "Мектепке суу түтүгүн тартуу", "problem": "Мектепте суу жок", "responsible": "Айыл өкмөтү",
            "partners": "", "start_month": "2026-04", "end_month": "2026-08", "fund_local": "120000",
            "fund_republican": "", "fund_community_cash": "15000", "fund_community_kind": "25000", "fund_donor": "",
            "fund_private": "", "expected_result": "Мектепте суу бар", "indicators-0-name": "Түтүк",
            "indicators-0-unit": "м", "indicators-0-baseline": "0", "indicators-0-target": "800"}
    data.update(overrides)
    return data


@pytest.fixture
def plan_with_pages(make_plan):
    return make_plan(stage="discussion")


def test_plan_page_shows_sections_totals_and_timeline(client, make_plan):
    plan = make_plan(stage="discussion")
    response = client.get(_url(plan))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Артыкчылык 1" in html and "Иш-чара 2.2" in html
    assert "800,000.00" in html or "800 000,00" in html or "800\u00a0000,00" in html
    assert "25" in html  # community share 25 %
    assert 'class="stack' in html
    assert "plotly" not in html  # the chart library only on the chart page


def test_chart_page_draws_its_figures_and_loads_plotly_on_request(client, make_plan):
    from tests.test_chart_pictures import assert_no_blocking_plotly

    plan = make_plan(stage="discussion")
    html = client.get(_url(plan, "/chart")).get_data(as_text=True)
    assert_no_blocking_plotly(html)  # only the "Show charts" button names it
    assert '<script src="/static/charts.js' in html and "defer" in html
    assert re.search(r'id="cost-figure"[^>]*><svg', html)  # the picture before any script
    assert '"cost-figure":' in re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html).group(1)
    assert "<table" in html and "Артыкчылык 2" in html
    assert "<script>" not in html


def test_draft_is_members_only(client, login, make_plan, people):
    plan = make_plan()
    assert client.get(_url(plan)).status_code == 302
    login(people["outsider"])
    assert client.get(_url(plan)).status_code == 403
    login(people["resident"])
    assert client.get(_url(plan)).status_code == 200


def test_public_page_lists_public_plans_only(client, make_plan, people):
    public = make_plan(stage="discussion")
    draft = make_plan()
    draft.title = "Жашыруун долбоор"
    from planner.extensions import db

    db.session.commit()
    html = client.get(f"/m/{people['m'].slug}/").get_data(as_text=True)
    assert _url(public) in html and "Жашыруун долбоор" not in html


def test_create_plan_and_add_section_and_activity(client, login, people, db):
    login(people["group_member"])
    slug = people["m"].slug
    response = client.post(f"/m/{slug}/plans/new", data={"kind": "jap", "title": "БАП 2026", "year_from": "2026",
                                                         "year_to": "2026", "sedp_id": "0"})
    assert response.status_code == 302
    plan_url = response.headers["Location"]
    client.post(plan_url + "/sections", data={"title": "Ичүүчү суу"})
    section = db.session.scalar(select(Section))
    village = people["m"].villages[0]
    response = client.post(f"{plan_url}/sections/{section.id}/activities/new",
                           data=_form(village_ids=str(village.id)))
    assert response.status_code == 302
    activity = db.session.scalar(select(Activity))
    assert activity.total == Decimal("160000.00") and [v.name for v in activity.villages] == [village.name]
    assert activity.indicators[0].target == Decimal("800")


@pytest.mark.parametrize(("overrides", "message"), [
    ({"fund_local": "-5"}, "cannot be negative"),
    ({"start_month": "2026-09", "end_month": "2026-03"}, "end month cannot be before"),
    ({"indicators-0-unit": ""}, "needs a unit"),
    ({"description": ""}, "Describe the activity"),
    ({"description": "ж" * 2001}, "2000"),
    ({"start_month": "апрель"}, "year and month"),
])
def test_bad_activity_input_shows_message_next_to_field(client, login, make_plan, people, db, overrides, message):
    plan = make_plan(sections=1, per_section=0)
    login(people["staff"])
    response = client.post(_url(plan, f"/sections/{plan.sections[0].id}/activities/new"), data=_form(**overrides))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html and 'class="error"' in html
    assert db.session.scalar(select(func.count(Activity.id))) == 0


def test_tampered_ids_are_404(client, login, make_plan, make_municipality, people, db):
    plan = make_plan()
    other_plan = make_plan()
    login(people["staff"])
    foreign = db.session.scalar(select(Activity).where(Activity.plan_id == other_plan.id))
    assert client.get(_url(plan, f"/activities/{foreign.id}/edit")).status_code == 404
    assert client.post(_url(plan, f"/activities/{foreign.id}/delete")).status_code == 404
    assert client.get(_url(plan, f"/sections/{other_plan.sections[0].id}/activities/new")).status_code == 404
    own = db.session.scalar(select(Activity).where(Activity.plan_id == plan.id))
    response = client.post(_url(plan, f"/activities/{own.id}/move"), data={"section_id": other_plan.sections[0].id})
    assert response.status_code == 404
    # the plan under another municipality's address
    elsewhere = people["other"]
    assert client.get(f"/m/{elsewhere.slug}/plans/{plan.id}").status_code == 404
    # a village of another municipality
    response = client.post(_url(plan, f"/activities/{own.id}/edit"),
                           data=_form(version="1", village_ids=str(elsewhere.villages[0].id)))
    assert response.status_code == 200 and "not a valid choice" in response.get_data(as_text=True)
    assert db.session.get(Activity, own.id).version == 1


def test_edit_conflict_shows_both_versions_and_loses_nothing(client, login, make_plan, people, db):
    plan = make_plan()
    activity = db.session.scalar(select(Activity).where(Activity.plan_id == plan.id))
    url = _url(plan, f"/activities/{activity.id}/edit")
    login(people["staff"])
    assert client.post(url, data=_form(version="1", description="Биринчи сакталган текст")).status_code == 302
    login(people["group_member"])
    response = client.post(url, data=_form(version="1", description="Экинчи адамдын тексти"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Somebody else saved this activity" in html
    assert "Биринчи сакталган текст" in html and "Экинчи адамдын тексти" in html
    assert 'name="version" type="hidden" value="2"' in html
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).description == "Биринчи сакталган текст"
    # sending again, now on version 2, keeps the second person's text
    assert client.post(url, data=_form(version="2", description="Экинчи адамдын тексти")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).description == "Экинчи адамдын тексти"


def test_editing_approved_version_is_refused(client, login, make_plan, people, db):
    plan = make_plan(stage="approved")
    activity = db.session.scalar(select(Activity).where(Activity.plan_id == plan.id))
    login(people["staff"])
    assert client.get(_url(plan, f"/activities/{activity.id}/edit")).status_code == 403
    assert client.post(_url(plan, f"/activities/{activity.id}/edit"), data=_form(version="1")).status_code == 403
    assert client.post(_url(plan, "/sections"), data={"title": "x"}).status_code == 403


def test_stage_moves_through_http(client, login, make_plan, people, db):
    plan = make_plan()
    login(people["resident"])
    assert client.post(_url(plan, "/stage/open_discussion")).status_code == 403
    login(people["group_member"])
    assert client.post(_url(plan, "/stage/submit")).status_code == 403  # skipping a stage
    ends = (date.today() + timedelta(days=20)).isoformat()
    assert client.post(_url(plan, "/stage/open_discussion"), data={"ends_on": ends, "confirm": "y"}).status_code == 302
    db.session.refresh(plan)
    assert plan.stage == "discussion"
    assert client.post(_url(plan, "/stage/submit"), data={"confirm": "y"}).status_code == 403  # staff only
    login(people["staff"])
    assert client.post(_url(plan, "/stage/submit"), data={"confirm": "y"}).status_code == 302
    db.session.refresh(plan)
    assert plan.stage == "submitted"
    assert client.post(_url(plan, "/stage/nonsense")).status_code == 404


def test_decision_upload_checked_by_content(client, login, make_plan, people, db, app, tmp_path):
    app.config["PLANS_UPLOAD_DIR"] = str(tmp_path)
    plan = make_plan(stage="submitted")
    login(people["staff"])
    data = {"session_date": "2026-02-20", "number": "14/2", "votes_for": "12", "votes_against": "0",
            "votes_abstained": "1", "outcome": "approved", "remarks": ""}
    fake = dict(data, document=(io.BytesIO(b"GIF89a not allowed"), "decision.pdf"))
    response = client.post(_url(plan, "/decision"), data=fake, content_type="multipart/form-data")
    assert response.status_code == 200 and "PDF, PNG or JPEG" in response.get_data(as_text=True)
    assert plan.stage == "submitted" and db.session.scalar(select(func.count(CouncilDecision.id))) == 0
    app.config["PLANS_DOCUMENT_MAX_BYTES"] = 1024
    big = dict(data, document=(io.BytesIO(PDF + b"0" * 4096), "big.pdf"))
    response = client.post(_url(plan, "/decision"), data=big, content_type="multipart/form-data")
    assert response.status_code == 200 and "larger than" in response.get_data(as_text=True)
    good = dict(data, document=(io.BytesIO(PDF), "Чечим 14-2.pdf"))
    response = client.post(_url(plan, "/decision"), data=good, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    decision = db.session.scalar(select(CouncilDecision))
    assert decision.document_type == "application/pdf"
    login(None)
    doc = client.get(_url(plan, f"/decisions/{decision.id}/document"))
    assert doc.status_code == 200 and doc.data == PDF and doc.mimetype == "application/pdf"
    # a PDF is downloaded, never drawn in the site's origin; nothing in it may run
    assert doc.headers["Content-Disposition"].startswith("attachment")
    assert doc.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in doc.headers["Content-Security-Policy"]
    assert "default-src 'none'" in doc.headers["Content-Security-Policy"]
    doc.close()
    history = client.get(_url(plan, "/history")).get_data(as_text=True)
    assert "14/2" in history


def test_decision_image_checked_by_pixels_and_served_sandboxed(client, login, make_plan, people, db, app, tmp_path):
    from .test_services import _huge_png

    app.config["PLANS_UPLOAD_DIR"] = str(tmp_path)
    plan = make_plan(stage="submitted")
    login(people["staff"])
    data = {"session_date": "2026-02-20", "number": "14/2", "votes_for": "12", "votes_against": "0",
            "votes_abstained": "1", "outcome": "approved", "remarks": ""}
    bomb = dict(data, document=(io.BytesIO(_huge_png()), "scan.png"))
    response = client.post(_url(plan, "/decision"), data=bomb, content_type="multipart/form-data")
    assert response.status_code == 200 and "too many pixels" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(CouncilDecision.id))) == 0 and list(tmp_path.iterdir()) == []
    good = dict(data, document=(io.BytesIO(PNG), "scan.png"))
    assert client.post(_url(plan, "/decision"), data=good, content_type="multipart/form-data").status_code == 302
    decision = db.session.scalar(select(CouncilDecision))
    login(None)
    doc = client.get(_url(plan, f"/decisions/{decision.id}/document"))
    assert doc.status_code == 200 and doc.data == PNG and doc.mimetype == "image/png"
    assert doc.headers["Content-Disposition"].startswith("inline")
    assert "sandbox" in doc.headers["Content-Security-Policy"] and doc.headers["X-Content-Type-Options"] == "nosniff"
    doc.close()


def test_exports_csv_and_xlsx_figures(client, make_plan, db):
    plan = make_plan(stage="approved")
    csv_text = client.get(_url(plan, "/export.csv")).get_data(as_text=True)
    assert "Иш-чара 1.1" in csv_text and "100000.00" in csv_text
    response = client.get(_url(plan, "/export.xlsx?version=1"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == plan.municipality.name
    assert "12/3" in rows[3][0]  # decision number in the header
    activity_rows = [r for r in rows if r[1] and "." in str(r[1]) and r[3] and str(r[3]).startswith("Иш-чара")]
    assert len(activity_rows) == 4
    first = activity_rows[0]
    assert first[9:16] == (100000, 0, 20000, 30000, 50000, 0, 200000)
    total = rows[-1]
    assert total[0] == "Total" and total[15] == 800000 and total[11] == 80000


def test_print_view_has_header(client, make_plan):
    plan = make_plan(stage="approved")
    html = client.get(_url(plan, "/print?version=1")).get_data(as_text=True)
    assert plan.municipality.name in html and "Version 1" in html and "12/3" in html
    assert "plans.css" in html


def test_compare_page(client, login, make_plan, people, db):
    plan = make_plan(stage="approved")
    services.start_amendment(plan, people["staff"])
    activity = db.session.scalar(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id))
    services.update_activity(activity, people["staff"], activity.version, activity_data(description="Өзгөртүлгөн"))
    db.session.commit()
    login(people["resident"])
    html = client.get(_url(plan, "/compare?a=1&b=current")).get_data(as_text=True)
    assert "Өзгөртүлгөн" in html and "Иш-чара 1.1" in html
    login(None)
    # the public may not compare against the unpublished amendment draft
    assert client.get(_url(plan, "/compare?a=1&b=current")).status_code == 404
    assert client.get(_url(plan, "/compare?a=1&b=1")).status_code == 200
    # the public reads the approved version of a plan being amended
    html = client.get(_url(plan)).get_data(as_text=True)
    assert "approved version 1" in html and "Өзгөртүлгөн" not in html


def test_proposal_flow(client, login, make_plan, people, db):
    plan = make_plan(stage="discussion")
    activity = db.session.scalar(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id))
    login(people["resident"])
    response = client.post(_url(plan, "/proposals/new"), data={"kind": "change", "activity_id": activity.id,
                                                               "section_id": 0, "text": "Жолду асфальттоо", "reason": ""})
    assert response.status_code == 302
    client.post(_url(plan, f"/activities/{activity.id}/comments"), data={"body": "Жакшы сунуш"})
    from planner.plans.models import Comment, Proposal

    proposal = db.session.scalar(select(Proposal))
    assert db.session.scalar(select(Comment)).body == "Жакшы сунуш"
    assert client.post(_url(plan, f"/proposals/{proposal.id}/answer"),
                       data={"status": "accepted", "answer": "x", "merged_into_id": 0}).status_code == 403
    login(people["group_member"])
    response = client.post(_url(plan, f"/proposals/{proposal.id}/answer"),
                           data={"status": "declined", "answer": "", "merged_into_id": 0})
    assert response.status_code == 200 and "This field is required" in response.get_data(as_text=True)
    response = client.post(_url(plan, f"/proposals/{proposal.id}/answer"),
                           data={"status": "accepted", "answer": "Туура, кабыл алынды", "merged_into_id": 0})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/activities/{activity.id}/edit?proposal={proposal.id}")
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).description == "Иш-чара 1.1"
    login(None)
    html = client.get(_url(plan, "/proposals")).get_data(as_text=True)
    assert "Туура, кабыл алынды" in html and "Accepted" in html


def _seed(db, plan, people, n):
    """Add ``n`` activities (with villages and two indicators each) straight to the tables."""
    from planner.plans.models import Indicator

    section = plan.sections[0]
    villages = people["m"].villages
    for i in range(n):
        a = Activity(plan_id=plan.id, section=section, position=100 + i, description=f"Көп иш-чара {i}",
                     fund_local=Decimal("1000"), fund_community_kind=Decimal("10"))
        a.villages = list(villages)
        a.indicators = [Indicator(position=1, name="a", unit="м", target=Decimal(1)),
                        Indicator(position=2, name="b", unit="%", target=Decimal(2))]
        db.session.add(a)
    db.session.commit()


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_plan_page_query_count_is_flat(client, login, make_plan, people, db, who):
    small = make_plan(stage="discussion", sections=2, per_section=5)
    big = make_plan(stage="discussion", sections=2, per_section=5)
    _seed(db, big, people, 290)
    if who != "anonymous":
        login(people[who])
    urls = [(_url(small, tail), _url(big, tail)) for tail in
            ("", "/print", "/chart", "/export.csv", "/export.xlsx", "/history", "/proposals",
             "/compare?a=current&b=current", "/groups")]
    for small_url, big_url in urls:
        small_n, big_n = query_count(client, db, small_url), query_count(client, db, big_url)
        assert small_n == big_n <= 8, (small_url, small_n, big_n)


def test_working_copy_is_read_once_per_data_version(client, login, make_plan, people, db):
    """Those who work on a plan see its working copy, read once per data version: a second
    request skips the working copy's two queries and the timeline's (``kept_page_parts``),
    and a change shows on the next request."""
    plan = make_plan(stage="draft")
    plan_id, staff_id, staff_model = plan.id, people["staff"].id, type(people["staff"])
    login(people["group_member"])
    url = _url(plan)
    first = query_count(client, db, url)
    assert query_count(client, db, url) == first - 3
    plan, staff = db.session.get(type(plan), plan_id), db.session.get(staff_model, staff_id)
    section = services.add_section(plan, staff, "Жаңы бөлүм")
    db.session.flush()
    services.add_activity(section, staff, activity_data(description="Кийин кошулган иш-чара"))
    db.session.commit()
    html = client.get(url).get_data(as_text=True)
    assert "Жаңы бөлүм" in html and "Кийин кошулган иш-чара" in html
    assert query_count(client, db, url) == first - 3


def test_kept_working_sheet_carries_each_visitors_own_token(make_app, make_plan, people, db):
    """The working copy's sheet is drawn once per data version and kept (``working_sheet_html``):
    its move buttons carry each visitor's own CSRF token, which is accepted when posted, and
    the edit buttons kept for a visitor who may edit never reach a member who may not."""
    plan = make_plan(stage="draft")
    url, plan_id = _url(plan), plan.id
    app = make_app(WTF_CSRF_ENABLED=True)

    def page(user):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = user.get_id(), True
        response = client.get(url)
        assert response.status_code == 200
        return client, response.get_data(as_text=True)

    def tokens(html):
        return set(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', html))

    first_client, first = page(people["staff"])
    _, second = page(people["staff"])  # another session: the sheet is the kept one
    assert "/move" in first and "/move" in second and "<!--csrf-->" not in first + second
    assert len(tokens(first)) == len(tokens(second)) == 1 and tokens(first) != tokens(second)
    _, deputy = page(people["deputy"])
    assert "/move" not in deputy and "<!--csrf-->" not in deputy
    move = re.search(r'<form method="post" action="([^"]+/sections/(\d+)/move)"', first)
    section_id = int(move.group(2))

    def order():
        db.session.expire_all()
        return db.session.scalars(select(Section.id).where(Section.plan_id == plan_id)
                                  .order_by(Section.position, Section.id)).all()

    before = order()
    response = first_client.post(move.group(1), data={"csrf_token": tokens(first).pop(), "direction": "down"})
    assert response.status_code == 302 and order() != before and order().index(section_id) == before.index(section_id) + 1


def test_approved_snapshot_is_read_once_and_a_new_version_shows_at_once(client, login, make_plan, people, db):
    """The approved version's snapshot is kept (``with_kept_snapshot``): a second public
    request makes three statements fewer (the snapshot, and the timeline and budget block kept per
    data version); an amendment approved later shows on the next request."""
    plan = make_plan(stage="approved")
    plan_id, staff_id, staff_model = plan.id, people["staff"].id, type(people["staff"])
    url = _url(plan)
    first = query_count(client, db, url)
    assert query_count(client, db, url) == first - 3
    plan, staff = db.session.get(type(plan), plan_id), db.session.get(staff_model, staff_id)
    services.start_amendment(plan, staff, "Жаңы түзөтүү")
    section = db.session.scalars(select(Section).where(Section.plan_id == plan_id)).first()
    activity = section.activities[0]
    services.update_activity(activity, staff, activity.version, activity_data(description="Түзөтүлгөн иш-чара"))
    services.open_discussion(plan, staff)
    services.submit_plan(plan, staff)
    db.session.flush()
    services.record_decision(plan, staff, session_date=date(2026, 5, 1), number="7", votes_for=9, votes_against=0,
                             votes_abstained=0, outcome="approved")
    db.session.commit()
    assert "Түзөтүлгөн иш-чара" in client.get(url).get_data(as_text=True)


def test_kept_timeline_follows_the_language_and_each_write(client, make_plan, people, db):
    """The plan page's timeline and the blocks other features add are drawn once per data
    version and kept (``kept_page_parts``): the key holds the language, so a reader in another
    language is not shown the kept English, and a stage change shows on the next request."""
    plan = make_plan(stage="approved")
    url, plan_id, staff = _url(plan), plan.id, people["staff"]

    def timeline(language):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        html = client.get(url).get_data(as_text=True)
        return re.search(r'<ol class="timeline">.*?</ol>', html, re.S).group(0)

    english, russian = timeline("en"), timeline("ru")
    assert english != russian and "Approved" in english and "Approved" not in russian
    assert timeline("en") == english
    services.start_amendment(db.session.get(type(plan), plan_id), db.session.get(type(staff), staff.id), "Түзөтүү")
    db.session.commit()
    assert timeline("en").count("<li>") == english.count("<li>") + 1


def test_kept_print_table_follows_the_language_and_the_currency(client, make_plan, db):
    """The print table of a frozen version is drawn once per process and kept
    (``frozen_print_html``): its key holds the language and the currency, so a reader is never
    shown a table kept in another language or currency; a second request skips the snapshot."""
    plan = make_plan(stage="approved")
    url, municipality_id = _url(plan, "/print"), plan.municipality_id

    def table(language):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        html = client.get(url).get_data(as_text=True)
        return re.search(r'<table class="print-table">.*?</table>', html, re.S).group(0)

    client.get(_url(plan))  # the plan page's sheet, kept for the same version and language
    english = table("en")
    assert "What will be done" in english and table("en") == english
    assert "What will be done" not in table("ru")
    assert query_count(client, db, url) == query_count(client, db, url)
    municipality = db.session.get(type(plan.municipality), municipality_id)
    currency = "AMD" if municipality.currency != "AMD" else "KGS"
    municipality.currency = currency
    db.session.commit()
    assert f"Total, {currency}" in table("en")


def test_kept_add_section_form_follows_the_language_and_the_plan(client, login, make_plan, people, db):
    """The form that adds a section is drawn once per process and kept (``add_section_html``):
    its key holds the language and the plan, so neither is shown from another's form."""
    plans = make_plan(stage="draft"), make_plan(stage="draft")
    staff = people["staff"]
    login(staff)

    def form(plan, language):
        staff.locale = language  # a signed-in user's own language comes first
        db.session.commit()
        html = client.get(_url(plan)).get_data(as_text=True)
        return re.search(r'<section aria-labelledby="add-section-h">.*?</section>', html, re.S).group(0)

    english = form(plans[0], "en")
    assert "Add a section" in english and f"/plans/{plans[0].id}/sections" in english
    assert "Add a section" not in form(plans[0], "ru")
    assert f"/plans/{plans[1].id}/sections" in form(plans[1], "en")


def test_hearing_and_group_pages(client, login, make_plan, people, db):
    plan = make_plan(stage="discussion")
    login(people["group_member"])
    response = client.post(_url(plan, "/hearings/new"), data={"held_on": "2026-01-20", "place": "Клуб", "women": "30",
                                                               "men": "20", "age_18_29": "10", "age_30_44": "10",
                                                               "age_45_59": "10", "age_60_plus": "10"})
    assert response.status_code == 200 and "add up to 40" in response.get_data(as_text=True)
    response = client.post(_url(plan, "/hearings/new"), data={"held_on": "2026-01-20", "place": "Клуб", "women": "30",
                                                               "men": "20", "minutes": "Протокол", "outcome": "Макул"})
    assert response.status_code == 302
    html = client.get(_url(plan, "/history")).get_data(as_text=True)
    assert "Клуб" in html and "Version 1" in html
    response = client.post(_url(plan, "/groups"), data={"name": "Суу тобу", "section_ids": [plan.sections[0].id],
                                                         "gathering_date": "2026-01-05", "gathering_place": "Мектеп"})
    assert response.status_code == 302
    group_url = response.headers["Location"]
    response = client.post(group_url + "/members", data={"name": "Айгүл", "role": "лидер", "sex": "f",
                                                          "user_email": "nobody-here@example.org"})
    assert response.status_code == 200 and "No account" in response.get_data(as_text=True)
    response = client.post(group_url + "/members", data={"name": "Айгүл", "role": "лидер", "sex": "f",
                                                          "user_email": people["group_member"].email})
    assert response.status_code == 302
    html = client.get(_url(plan)).get_data(as_text=True)
    assert "Carried by the initiative group: Суу тобу" in html
    other_section = plan.sections[1]
    response = client.post(_url(plan, "/groups"), data={"name": "X", "section_ids": [other_section.id + 1000]})
    assert response.status_code == 200  # not a valid choice: shown next to the field


@pytest.mark.parametrize("who", ["anonymous", "group_member", "staff"])
def test_plan_page_first_request_of_a_new_process_stays_within_eight_statements(client, login, make_plan,
                                                                                people, db, who):
    """Nothing kept yet (a process just started: no approved snapshot, sheet, timeline or
    panel kept): the page still makes at most 8 statements, the data version read with the
    plan; once kept, 3."""
    from planner.extensions import cache
    from planner.plans import sheet_cache

    plan = make_plan(stage="approved")
    services.start_amendment(plan, people["staff"], "Жаңы түзөтүү")
    db.session.commit()
    if who != "anonymous":
        login(people[who])
    cache.clear()
    sheet_cache._cache.clear()
    first = query_count(client, db, _url(plan))
    assert first <= 8, first
    assert query_count(client, db, _url(plan)) == 3


def test_digits_that_are_not_numbers_are_refused_not_crashed_on(client, login, make_plan, people):
    """"²" passes str.isdigit() but not int(): a village, an activity or a members' page
    written so is not found (or the first page), never a 500."""
    plan = make_plan(stage="approved")
    assert client.get(_url(plan, "?village=%C2%B2")).status_code == 404
    login(people["staff"])
    response = client.get(f"/m/{people['m'].slug}/members?page=%C2%B2")
    assert response.status_code == 200


def _outside(html, root):
    """Root-relative links and form targets in ``html`` that are not under ``root``."""
    return [url for url in re.findall(r'(?:href|action|src)="(/[^"]*)"', html) if not url.startswith(root)]


def test_kept_parts_follow_the_address_the_app_is_served_at(client, login, make_plan, people, db):
    """The plan page's kept timeline, panels and sheets, and the add-section form, are kept
    per mount point: drawn first at "/", then asked at "/planner/", every link and form of
    the second page is under "/planner/" (one Redis may serve two mount points)."""
    approved, draft = make_plan(stage="approved"), make_plan(stage="draft")
    public_url, working_url = _url(approved), _url(draft)
    assert client.get(public_url).status_code == 200
    mounted = client.get(public_url, base_url="http://localhost/planner/").get_data(as_text=True)
    assert mounted.count("/planner/") > 5 and _outside(mounted, "/planner/") == []
    login(people["staff"])
    assert client.get(working_url).status_code == 200
    mounted = client.get(working_url, base_url="http://localhost/planner/").get_data(as_text=True)
    assert "/move" in mounted and _outside(mounted, "/planner/") == []

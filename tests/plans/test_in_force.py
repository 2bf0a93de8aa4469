"""A plan with an approved version and a draft amendment: every public page, print, export,
chart, API answer, progress dashboard and annual report shows the approved version, names
its council decision, and shows no draft-only activity and no draft figure."""
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask_babel import gettext
from openpyxl import load_workbook

from .conftest import activity_data

DRAFT_ONLY = "Черновиктеги гана иш-чара"
# approved: 4 activities of 200,000 = 800,000 (make_plan). The amendment raises one
# activity to 223,457 and adds one of 313,131: the draft total is 1,136,588.
DRAFT_FIGURES = ("1136588", "223457", "313131", "123457")
APPROVED_TOTAL = "800000"
VALUES = {"plan_id", "slug", "version_number", "report_year", "report_id"}


@pytest.fixture
def amended(db, make_plan, people, make_user, make_member):
    """Demo-like: approved (decision 12/3) and in implementation, with an approved monitoring
    report, then a draft amendment with a changed cost and an activity that exists only in
    the draft."""
    from planner.monitoring import services as monitoring
    from planner.plans import services

    plan = make_plan(stage="implementation")
    staff = people["staff"]
    services.start_amendment(plan, staff, "Смета өзгөрдү")
    first = plan.sections[0].activities[0]
    services.update_activity(first, staff, first.version,
                             activity_data(description=first.description, fund_local=Decimal("123457")))
    extra = services.add_activity(plan.sections[1], staff, activity_data(
        description=DRAFT_ONLY, fund_local=Decimal("313131"), fund_community_cash=Decimal("0"),
        fund_community_kind=Decimal("0"), fund_donor=Decimal("0")))
    db.session.flush()
    approver = make_user()
    make_member(approver, people["m"], "monitor")
    group = monitoring.create_group(people["m"], staff, "Мониторинг тобу", formed_on=date(2026, 2, 1),
                                    approved_at="Айыл жыйыны")
    members = [monitoring.add_member(group, staff, "Айгүл", "resident", "f", user=people["monitor"]),
               monitoring.add_member(group, staff, "Бакыт", "deputy", "m", user=approver)]
    report = monitoring.create_report(first, group, people["monitor"], _report(members), today=date(2026, 12, 31))
    monitoring.approve_report(report, approver)
    db.session.commit()
    return {"plan": plan, "extra": extra, "group": group, "members": members, "report": report}


def _report(members, **overrides):
    data = {"period_year": 2026, "period_kind": "quarter", "period_number": 3, "visit_date": date(2026, 9, 20),
            "status": "on_track", "progress": 40, "findings": "Иш башталды", "problems": "",
            "recommendations": "", "members_present": [m.id for m in members],
            "spending": {"local": Decimal("31313")}, "indicator_values": {}}
    data.update(overrides)
    return data


def _text(response):
    if response.mimetype.endswith("spreadsheetml.sheet"):
        wb = load_workbook(io.BytesIO(response.data))
        return "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    if response.mimetype == "application/zip":  # the open-data ZIP: every file in it
        import zipfile

        archive = zipfile.ZipFile(io.BytesIO(response.data))
        return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    return response.get_data(as_text=True)


def _digits(text):
    """Amounts as bare digits, whatever the locale's grouping and decimals ("1,136,588.00")."""
    text = re.sub(r"(?<=\d)[\s,\u00a0\u202f'’](?=\d{3})", "", text)
    return re.sub(r"(?<=\d)[.,]00\b", "", text)


def _public_urls(app, amended):
    from flask import url_for

    plan = amended["plan"]
    values = {"slug": plan.municipality.slug, "plan_id": plan.id,
              "version_number": 1, "report_year": 2026, "report_id": amended["report"].id}
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or not rule.arguments <= VALUES or rule.endpoint == "static":
                continue
            if not rule.arguments & {"plan_id", "slug"}:
                continue
            urls.append(url_for(rule.endpoint, **{k: values[k] for k in rule.arguments}))
    return urls


def test_every_public_page_and_export_shows_the_approved_version_only(app, client, amended, db):
    urls = _public_urls(app, amended)
    amended = amended["plan"]
    assert len(urls) > 20
    seen = {}
    for url in urls + [u + "?version=1" for u in urls if u.endswith(("/print", "/chart", ".csv", ".xlsx"))]:
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _text(response)
        assert DRAFT_ONLY not in text, url
        plain = _digits(text)
        for figure in DRAFT_FIGURES:
            assert figure not in plain, (url, figure)
        seen[url] = plain
    base = f"/m/{amended.municipality.slug}"
    for tail in ("/plans/{id}", "/plans/{id}/print", "/plans/{id}/chart", "/plans/{id}/export.csv",
                 "/plans/{id}/export.xlsx", "/progress/{id}", "/progress/{id}/execution.csv",
                 "/progress/{id}/execution.xlsx", "/progress/{id}/annual/2026"):
        url = base + tail.format(id=amended.id)
        assert url in seen, url  # walked, and public
        assert "12/3" in seen[url], url  # names the council decision the figures come from
    for url in (base + f"/plans/{amended.id}", base + f"/plans/{amended.id}/print",
                base + f"/plans/{amended.id}/export.csv", base + f"/progress/{amended.id}",
                base + f"/progress/{amended.id}/execution.csv"):
        assert APPROVED_TOTAL in seen[url], url
    api = f"/api/v1/municipalities/{amended.municipality.slug}/plans/{amended.id}"
    assert api in seen
    data = client.get(api).get_json()
    assert data["approved_version"] == 1 and data["council_decision"]["number"] == "12/3"
    assert Decimal(data["total"]) == Decimal(APPROVED_TOTAL) and data["amendment_in_preparation"]
    # the draft itself stays closed to the public, whatever the address asks for
    for tail in ("print", "chart", "export.csv", "export.xlsx"):
        assert client.get(f"{base}/plans/{amended.id}/{tail}?version=current").status_code == 404
    extra = next(a for s in amended.sections for a in s.activities if a.description == DRAFT_ONLY)
    assert "/monitoring/reports/" in " ".join(seen)  # the approved report's page was walked too
    assert client.get(f"{base}/plans/{amended.id}/activities/{extra.id}").status_code != 200


def test_exports_of_an_approved_plan_are_the_approved_version_with_its_decision(client, make_plan):
    plan = make_plan(stage="approved")
    base = f"/m/{plan.municipality.slug}/plans/{plan.id}"
    for tail, ext in (("export.csv", "csv"), ("export.xlsx", "xlsx")):
        response = client.get(f"{base}/{tail}")
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        assert f"plan-{plan.id}-v1-decision-12-3.{ext}" in disposition and "draft" not in disposition
        text = _text(response)
        assert "Version 1" in text and "12/3" in text and "not approved" not in text
    html = client.get(f"{base}/print").get_data(as_text=True)
    assert "Version 1" in html and "12/3" in html and "Working copy" not in html


def test_members_still_work_on_the_draft(client, login, amended, people):
    amended = amended["plan"]
    login(people["staff"])
    base = f"/m/{amended.municipality.slug}/plans/{amended.id}"
    assert DRAFT_ONLY in client.get(base).get_data(as_text=True)
    response = client.get(f"{base}/export.csv?version=current")
    assert response.status_code == 200 and DRAFT_ONLY in response.get_data(as_text=True)
    assert "draft" in response.headers["Content-Disposition"]
    # their print and export buttons without a version still give the approved version
    assert DRAFT_ONLY not in client.get(f"{base}/print").get_data(as_text=True)


def test_switching_the_currency_shows_at_once(client, amended, db):
    """The frozen sheet is cached per process; its key holds everything it renders."""
    plan = amended["plan"]
    url = f"/m/{plan.municipality.slug}/plans/{plan.id}"
    plan.municipality.currency = "KGS"
    db.session.commit()
    before = client.get(url).get_data(as_text=True)
    assert "KGS" in before or "сом" in before
    plan.municipality.currency = "AMD"
    db.session.commit()
    after = client.get(url).get_data(as_text=True)
    assert "AMD" in after or "֏" in after
    assert before != after


def test_reports_are_filed_only_on_approved_activities(amended, people, request_ctx):
    """A draft-only activity cannot collect reports (and so public spending) before approval."""
    from planner.errors import ServiceError
    from planner.monitoring import services as monitoring

    with pytest.raises(ServiceError) as e:
        monitoring.create_report(amended["extra"], amended["group"], people["monitor"], _report(amended["members"]),
                                 today=date(2026, 12, 31))
    assert e.value.message == gettext("Reports are filed on the activities of the approved plan; this activity is only "
                                      "in the amendment being prepared.")


def test_switching_the_currency_shows_at_once_through_the_page_cache(make_app, amended, db):
    """Kept pages and fragments (page_cache) and the frozen sheet (sheet_cache) together."""
    from planner import page_cache

    plan = amended["plan"]
    page_cache.clear()
    app = make_app(PAGE_CACHE_SECONDS=30)
    client = app.test_client()
    urls = [f"/m/{plan.municipality.slug}/plans/{plan.id}", f"/m/{plan.municipality.slug}/progress/{plan.id}"]
    plan.municipality.currency = "KGS"
    db.session.commit()
    for url in urls:
        client.get(url, headers={"Accept-Language": "en"})
        kept = client.get(url, headers={"Accept-Language": "en"})
        assert kept.headers["X-Page-Cache"] == "hit" and "AMD" not in kept.get_data(as_text=True)
    plan.municipality.currency = "AMD"
    db.session.commit()
    for url in urls:
        html = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert "AMD" in html or "֏" in html, url
    page_cache.clear()


def test_an_amendment_in_public_discussion_is_shown_as_proposed_changes(client, amended, people, db):
    """The plan page keeps the approved version; the discussion reads the changes beside it."""
    from planner.plans import services

    plan = amended["plan"]
    services.open_discussion(plan, people["staff"])
    db.session.commit()
    base = f"/m/{plan.municipality.slug}/plans/{plan.id}"
    html = client.get(base).get_data(as_text=True)
    assert DRAFT_ONLY not in html and "12/3" in html
    link = f"{base}/compare?a=1&amp;b=current"
    assert link in html
    assert DRAFT_ONLY in client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert DRAFT_ONLY not in client.get(f"{base}/export.csv").get_data(as_text=True)


def test_a_version_made_under_a_deleted_ones_id_is_never_shown_its_sheet(client, amended, db):
    """The frozen sheet and snapshot are kept per process under the version's id: a version
    deleted and another written under the same id (SQLite gives a freed highest id again)
    must show its own activities, not the kept ones."""
    import copy

    from planner.plans.models import PlanVersion

    plan = amended["plan"]
    url = f"/m/{plan.municipality.slug}/plans/{plan.id}"
    old = plan.approved_version
    assert "Жаңы жол" not in client.get(url).get_data(as_text=True)  # drawn, and kept
    snapshot = copy.deepcopy(old.snapshot)
    snapshot["activities"][0]["description"] = "Жаңы жол"
    fields = {"id": old.id, "plan_id": plan.id, "number": old.number + 1, "status": old.status,
              "snapshot": snapshot, "total": old.total, "created_at": old.created_at + timedelta(days=1)}
    plan.approved_version = None
    db.session.flush()
    db.session.delete(old)
    db.session.flush()
    again = PlanVersion(**fields)
    db.session.add(again)
    db.session.flush()
    plan.approved_version = again
    db.session.commit()
    assert "Жаңы жол" in client.get(url).get_data(as_text=True)

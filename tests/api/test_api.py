"""The JSON API: every response as the served OpenAPI describes it, ETags, pagination,
errors as translated JSON, the rate limit, and what it refuses to publish."""
import re

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

from .conftest import DRAFT_TITLE, SANDBOX_NAME, walk_api


def _validator(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    return OpenAPI.from_dict(spec.get_json())


def test_every_response_matches_the_served_openapi(client, demo):
    openapi = _validator(client)
    seen = walk_api(client)
    assert len(seen) > 30
    statuses = {}
    for url, response in seen.items():
        assert response.status_code in (200, 404), url
        statuses.setdefault(response.status_code, []).append(url)
        openapi.validate_response(WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response))
    assert len(statuses[200]) > 30
    kinds = " ".join(statuses[200])
    for part in ("/plans/", "/ballots/", "/surveys/", "/budgets/", "/meetings", "/reports", "/decisions"):
        assert part in kinds, part
    # a plan's figures come from the approved version and name the decision
    plan = next(r.get_json() for u, r in seen.items() if "/plans/" in u and u.count("/") == 6)
    assert plan["approved_version"] and plan["council_decision"]["number"] and plan["sections"]


def test_nothing_from_drafts_or_practice_municipalities(client, demo):
    seen = walk_api(client)
    text = " ".join(r.get_data(as_text=True) for r in seen.values())
    assert DRAFT_TITLE not in text and SANDBOX_NAME not in text
    assert client.get(f"/api/v1/municipalities/{demo['sandbox'].slug}").status_code == 404
    assert client.get(f"/api/v1/municipalities/{demo['sandbox'].slug}/plans").status_code == 404
    draft = client.get("/api/v1/municipalities/jashyl-oron/plans?page_size=100").get_json()
    assert all(p["title"] != DRAFT_TITLE for p in draft)


def test_ballot_results_only_when_visible(client, demo, db):
    from planner.models import utcnow
    from planner.surveys.ballots.models import Ballot

    hidden = [b for b in db.session.query(Ballot).all() if not b.results_visible(utcnow())]
    shown = [b for b in db.session.query(Ballot).all() if b.results_visible(utcnow())]
    assert hidden and shown
    for b in hidden:
        url = f"/api/v1/municipalities/{b.municipality.slug}/ballots/{b.id}/results"
        assert client.get(url).status_code == 404
        assert client.get(f"/m/{b.municipality.slug}/open-data/ballot-{b.id}.csv").status_code == 404
    b = shown[0]
    data = client.get(f"/api/v1/municipalities/{b.municipality.slug}/ballots/{b.id}/results").get_json()
    assert data["options"] and data["turnout"]["ballots_counted"] >= 5


def test_too_few_ballots_publish_no_figure_per_option(client, demo, db):
    from datetime import timedelta

    from planner.models import utcnow
    from planner.surveys.ballots.models import Ballot, BallotOption

    m = demo["kg"]
    ballot = Ballot(municipality_id=m.id, title="Tiny", method="single", opens_at=utcnow() - timedelta(days=2),
                    closes_at=utcnow() - timedelta(days=1))
    ballot.options = [BallotOption(text="A", position=1), BallotOption(text="B", position=2)]
    db.session.add(ballot)
    db.session.commit()
    data = client.get(f"/api/v1/municipalities/{m.slug}/ballots/{ballot.id}/results").get_json()
    assert data["too_few"] is True and data["options"] == []


def test_survey_results_hidden_under_the_small_group_rule(client, demo, db):
    from datetime import date, timedelta

    from planner.surveys.models import Survey

    m = demo["kg"]
    survey = Survey(municipality_id=m.id, title="Small", opens_on=date.today() - timedelta(days=3),
                    closes_on=date.today() + timedelta(days=3), is_public_results=True)
    private = Survey(municipality_id=m.id, title="Private", opens_on=date.today() - timedelta(days=3),
                     closes_on=date.today() + timedelta(days=3), is_public_results=False)
    db.session.add_all([survey, private])
    db.session.commit()
    data = client.get(f"/api/v1/municipalities/{m.slug}/surveys/{survey.id}/results").get_json()
    assert data["hidden"] is True and data["respondents"] is None and data["questions"] == []
    assert client.get(f"/api/v1/municipalities/{m.slug}/surveys/{private.id}/results").status_code == 404


def test_etag_and_pagination(client, demo):
    url = "/api/v1/municipalities/jashyl-oron/reports?page_size=5"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    assert len(first.get_json()) == 5
    import json

    pagination = json.loads(first.headers["X-Pagination"])
    assert pagination["total"] > 5 and pagination["next_page"] == 2
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    second = client.get(url.replace("page_size=5", "page_size=5&page=2"))
    assert second.get_json() != first.get_json() and second.headers["ETag"] != first.headers["ETag"]
    bad = client.get("/api/v1/municipalities?page_size=100000")
    assert bad.status_code == 422 and bad.get_json()["code"] == 422


def test_errors_are_translated_json(client, db):
    english = client.get("/api/v1/municipalities/nowhere?lang=en")
    russian = client.get("/api/v1/municipalities/nowhere?lang=ru")
    armenian = client.get("/api/v1/municipalities/nowhere?lang=hy")
    assert english.status_code == russian.status_code == 404 and english.is_json
    assert english.get_json()["status"] == "Not Found"
    messages = {english.get_json()["message"], russian.get_json()["message"], armenian.get_json()["message"]}
    assert len(messages) == 3
    assert "страниц" in russian.get_json()["message"]
    # the site's own pages keep their HTML error page
    page = client.get("/m/nowhere/plans/1")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_labels_follow_lang(client, demo):
    ru = client.get("/api/v1/municipalities/jashyl-oron/plans?lang=ru").get_json()[0]
    en = client.get("/api/v1/municipalities/jashyl-oron/plans?lang=en").get_json()[0]
    assert ru["kind"] == en["kind"] and ru["kind_label"] != en["kind_label"]


def test_rate_limited_per_address(make_app):
    app = make_app(API_RATE_LIMIT="3 per minute")
    with app.app_context():
        client = app.test_client()
        codes = [client.get("/api/v1/municipalities").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        refused = client.get("/api/v1/municipalities")
        assert refused.is_json and refused.get_json()["code"] == 429 and refused.get_json()["message"]
        other = client.get("/api/v1/municipalities", environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert other.status_code == 200


def test_browsable_page_lists_every_operation_without_outside_assets(client, db):
    page = client.get("/api/v1/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in spec["paths"]:
        assert path in html
    listed = spec["paths"]["/api/v1/municipalities/{slug}/plans"]
    names = {p.get("name") for p in listed["parameters"] + listed["get"]["parameters"]}
    assert {"page", "page_size", "lang", "slug"} <= names
    assert "<code>page_size</code>" in html and "<code>lang</code>" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from another host
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_read_only(client, db, method):
    response = getattr(client, method)("/api/v1/municipalities")
    assert response.status_code == 405 and response.is_json


def test_a_report_on_an_activity_outside_the_approved_version_stays_out(client, demo, db):
    from planner.monitoring.models import MonitoringReport
    from planner.plans.models import Activity

    m = demo["kg"]
    before = client.get(f"/api/v1/municipalities/{m.slug}/reports?page_size=100").get_json()
    report = db.session.get(MonitoringReport, before[0]["id"])
    approved_activity = db.session.get(Activity, report.activity_id)
    draft_only = Activity(plan_id=approved_activity.plan_id, section_id=approved_activity.section_id,
                          description="Draft-only activity 7Q")
    db.session.add(draft_only)
    db.session.flush()
    columns = ("municipality_id", "plan_id", "group_id", "period_year", "period_kind", "period_number", "visit_date",
               "status", "progress", "state", "decided_at")
    report = MonitoringReport(activity_id=draft_only.id, findings="Findings on a draft-only activity",
                              **{c: getattr(report, c) for c in columns})
    db.session.add(report)
    db.session.commit()
    after = client.get(f"/api/v1/municipalities/{m.slug}/reports?page_size=100").get_json()
    assert report.id not in {r["id"] for r in after} and len(after) == len(before)
    zipped = client.get(f"/m/{m.slug}/open-data.zip").data
    import io
    import zipfile

    reports_csv = zipfile.ZipFile(io.BytesIO(zipped)).read("monitoring_reports.csv").decode("utf-8-sig")
    assert not any(line.startswith(f"{report.id},") for line in reports_csv.splitlines())


def test_links_lead_to_the_feed_and_the_open_data(client, demo):
    m = client.get("/api/v1/municipalities/jashyl-oron").get_json()
    assert client.get(m["links"]["feed"]).mimetype == "application/atom+xml"
    assert client.get(m["links"]["open_data"]).mimetype == "application/zip"
    plan = client.get("/api/v1/municipalities/jashyl-oron/plans").get_json()[0]
    csv_text = client.get(plan["links"]["csv"]).get_data(as_text=True)
    assert csv_text.lstrip("\ufeff").startswith("plan_id,section,number,description")
    ballots = client.get("/api/v1/municipalities/jashyl-oron/ballots").get_json()
    visible = [b for b in ballots if b["results_visible"]]
    assert visible and all("csv" in b["links"] for b in visible)
    assert all("csv" not in b["links"] for b in ballots if not b["results_visible"])
    assert client.get(visible[0]["links"]["csv"]).status_code == 200


def test_priorities_hide_the_score_of_a_ballot_with_too_few_counted(client, demo, db):
    from datetime import timedelta

    from planner.models import utcnow
    from planner.surveys.ballots.models import Ballot, BallotOption, Priority

    m = demo["kg"]
    ballot = Ballot(municipality_id=m.id, title="Tiny", method="single", opens_at=utcnow() - timedelta(days=2),
                    closes_at=utcnow() - timedelta(days=1), options=[BallotOption(text="Tiny option", position=1)])
    db.session.add(ballot)
    db.session.flush()
    db.session.add(Priority(municipality_id=m.id, ballot_id=ballot.id, option_id=ballot.options[0].id, rank=1,
                            title="Tiny option", score=3))
    db.session.commit()
    items = client.get(f"/api/v1/municipalities/{m.slug}/priorities?page_size=100").get_json()
    tiny = next(p for p in items if p["ballot_id"] == ballot.id)
    assert tiny["score"] is None
    assert any(p["score"] for p in items if p["ballot_id"] != ballot.id)

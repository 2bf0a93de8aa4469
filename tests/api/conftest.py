"""The demo world for the API, feed and open-data tests, plus what must never show: a
practice municipality and a draft plan."""
import pytest

DRAFT_TITLE = "Draft plan nobody may see 7Q"
SANDBOX_NAME = "Practice municipality 7Q"


@pytest.fixture
def demo(db, runner, make_municipality):
    from planner.municipalities.models import Municipality
    from planner.plans.models import Plan

    result = runner.invoke(args=["demo", "--quiet"])
    assert result.exit_code == 0, result.output
    kg = db.session.query(Municipality).filter_by(slug="jashyl-oron").one()
    sandbox = make_municipality(name=SANDBOX_NAME, is_sandbox=True)
    for m in (kg, sandbox):
        db.session.add(Plan(municipality_id=m.id, kind="jap", title=DRAFT_TITLE, year_from=2027, year_to=2029))
    db.session.commit()
    return {"kg": kg, "sandbox": sandbox}


def walk_api(client):
    """Every API response reachable from the municipality list: {url: response}."""
    seen = {}

    def get(url):
        response = client.get(url)
        seen[url] = response
        return response

    municipalities = get("/api/v1/municipalities?page_size=100").get_json()
    for m in municipalities:
        base = f"/api/v1/municipalities/{m['slug']}"
        get(base)
        for plan in get(base + "/plans").get_json():
            get(f"{base}/plans/{plan['id']}")
            get(f"{base}/plans/{plan['id']}/reports?page=2&page_size=5")
        get(base + "/decisions")
        for ballot in get(base + "/ballots").get_json():
            get(f"{base}/ballots/{ballot['id']}/results")
        for survey in get(base + "/surveys").get_json():
            get(f"{base}/surveys/{survey['id']}/results")
        get(base + "/priorities")
        get(base + "/meetings")
        get(base + "/reports?page_size=100")
        for budget in get(base + "/budgets").get_json():
            get(f"{base}/budgets/{budget['year']}")
    return seen

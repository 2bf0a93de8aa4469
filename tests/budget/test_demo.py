"""The demo's plans show the budget block on their page and dashboard, with the figures of the
full coverage page (computed there from every budget with its lines, here from one query)."""
from sqlalchemy import select

from planner.municipalities.models import Municipality
from planner.plans.models import Plan

from .test_plan_panel import block, rows


def test_demo_plans_show_the_budget_block(runner, client, db):
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    seen = {}
    for slug in ("jashyl-oron", "verindzor"):
        municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
        plan = db.session.scalar(select(Plan).where(Plan.municipality_id == municipality.id,
                                                    Plan.approved_version_id.is_not(None)))
        coverage = client.get(f"/m/{slug}/budget/plans/{plan.id}", headers={"Accept-Language": "en"})
        full = {row[0].split()[0]: row[1:4] for row in rows(coverage.get_data(as_text=True))}
        for page in (f"/m/{slug}/plans/{plan.id}", f"/m/{slug}/progress/{plan.id}"):
            response = client.get(page, headers={"Accept-Language": "en"})
            assert response.status_code == 200, page
            shown = block(response.get_data(as_text=True))
            assert shown, page  # both demo municipalities adopted their 2026 budget
            for year, share, covered, percent, _missing in shown:
                assert full[year] == (share, covered, percent), (page, year)
        seen[slug] = shown
    # the Kyrgyz budget funds the water and school activities; the Armenian one links none yet
    assert seen["jashyl-oron"][0][3] not in ("0.00 %", "—") and seen["verindzor"][0][2].endswith("0.00")

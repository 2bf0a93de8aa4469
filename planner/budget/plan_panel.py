"""The budget's block on a plan's page and progress dashboard: for each year with an adopted
budget, the plan's local-budget share, the part the budget covers and the activities without
a budget line (``coverage.py``; the full list on the plan's coverage page). Figures of the
approved version in force and of adopted budgets only; one query, two when the approved
snapshot is not loaded yet."""
from ..extensions import db
from ..plans import panels
from . import coverage, queries


def build(plan):
    if plan.approved_version_id is None:
        return None
    linked: dict[int, set] = {}
    for year, activity_id in db.session.execute(queries.adopted_links(plan)):
        ids = linked.setdefault(year, set())  # an adopted year, even one that funds nothing
        if activity_id is not None:
            ids.add(activity_id)
    if not linked:
        return None
    rows = coverage.year_rows(plan, coverage.from_snapshot(plan.approved_version.snapshot), linked)
    return "budget/_plan_panel.html", {"rows": [r for r in rows if r.adopted]}


panels.register(50, build)

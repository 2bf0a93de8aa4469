"""Expected outcomes of the budget routes (see tests/routes.py), and the objects they need."""
ANON_LOGIN = {"anonymous": "login"}
PUBLIC = {"*": "ok"}
STAFF_ONLY = {"*": 403, "staff": "ok", "admin": "ok", **ANON_LOGIN}

ROUTES = {
    ("budget.index", "GET"): PUBLIC,
    ("budget.year", "GET"): PUBLIC,  # the world's budget is adopted
    ("budget.months", "GET"): PUBLIC,
    ("budget.citizens", "GET"): PUBLIC,
    ("budget.execution_csv", "GET"): PUBLIC,
    ("budget.execution_xlsx", "GET"): PUBLIC,
    ("budget.create", "POST"): {**STAFF_ONLY, "staff": 400, "admin": 400},  # an empty form is refused
    ("budget.adopt", "POST"): STAFF_ONLY,
    ("budget.scale", "POST"): STAFF_ONLY,
    ("budget.lines", "GET"): STAFF_ONLY,
    ("budget.lines", "POST"): STAFF_ONLY,
    ("budget.line", "GET"): STAFF_ONLY,
    ("budget.line", "POST"): STAFF_ONLY,
    ("budget.line_months", "POST"): STAFF_ONLY,
    ("budget.line_revise", "POST"): {**STAFF_ONLY, "staff": 400, "admin": 400},
    ("budget.line_delete", "POST"): STAFF_ONLY,
    ("budget.import_month", "GET"): STAFF_ONLY,
    ("budget.import_month", "POST"): STAFF_ONLY,
}


def world(w):
    from datetime import date
    from decimal import Decimal as D

    from planner.budget import services

    municipality, staff = w["municipality"], w["users"]["staff"]
    budget = services.create_year(municipality, staff, 2026, "thousands")
    line = services.add_line(budget, staff, kind="revenue", fund="administrative", code="1.1", name="Land tax",
                             approved=D("1000000"))
    services.adopt(budget, staff, "Decision 1", date(2026, 1, 10))
    from planner.budget import hearings
    from planner.surveys import meetings

    meeting = meetings.create_meeting(municipality, staff, {}, kind="hearing", held_on=date(2025, 7, 1), place="",
                                      target_group="everyone", deputies_present=0, minutes="")
    hearing = hearings.create(budget, staff, meeting, "")  # not published: members only
    proposal = hearings.add_proposal(hearing, staff, "Proposal")
    return {"year": 2026, "budget_line_id": line.id, "hearing_id": hearing.id, "proposal_id": proposal.id}


MEMBERS = {"*": "ok", "trainer": 403, "other_staff": 403, **ANON_LOGIN}

ROUTES.update({
    ("budget.hearing_new", "GET"): STAFF_ONLY,
    ("budget.hearing_new", "POST"): STAFF_ONLY,
    ("budget.hearing", "GET"): MEMBERS,
    ("budget.hearing_presented", "POST"): STAFF_ONLY,
    ("budget.hearing_publish", "POST"): STAFF_ONLY,  # refused (nothing presented): a redirect with the reason
    ("budget.hearing_proposal", "POST"): {**STAFF_ONLY, "staff": 400, "admin": 400},  # an empty proposal
    ("budget.hearing_answer", "POST"): STAFF_ONLY,
    ("budget.line_activities", "POST"): {**STAFF_ONLY, "staff": 400, "admin": 400},  # a revenue line funds nothing
    ("budget.plan_coverage", "GET"): {"*": 404},  # the world has no approved plan in this municipality
})

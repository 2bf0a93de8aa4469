"""Expected outcomes of the budgeting routes (see tests/routes.py), and the objects they need."""
ANON_LOGIN = {"anonymous": "login"}
PUBLIC = {"*": "ok"}
MANAGERS = {"*": 403, "staff": "ok", "group_member": "ok", "admin": "ok", **ANON_LOGIN}
MANAGERS_400 = {**MANAGERS, "staff": 400, "group_member": 400, "admin": 400}  # an empty form is refused
PAPER_STAFF = {"*": 403, "staff": "ok", "admin": "ok", **ANON_LOGIN}
PAPER_STAFF_400 = {**PAPER_STAFF, "staff": 400, "admin": 400}

ROUTES = {
    ("budgeting.index", "GET"): PUBLIC,
    ("budgeting.detail", "GET"): PUBLIC,
    ("budgeting.results_page", "GET"): PUBLIC,
    ("budgeting.print_ballot", "GET"): PUBLIC,
    ("budgeting.export", "GET"): PUBLIC,  # the world's ballot is closed
    ("budgeting.create", "GET"): MANAGERS,
    ("budgeting.create", "POST"): MANAGERS_400,
    ("budgeting.edit", "GET"): MANAGERS,
    ("budgeting.edit", "POST"): MANAGERS_400,
    ("budgeting.add_project", "POST"): MANAGERS_400,
    ("budgeting.remove_project", "POST"): MANAGERS,  # refused (votes cast): back to the page with the reason
    ("budgeting.to_plan", "POST"): MANAGERS,  # no plan chosen: back to the results with the reason
    ("budgeting.import_file", "GET"): MANAGERS,
    ("budgeting.import_file", "POST"): MANAGERS_400,
    # only verified residents may send a ballot paper; the world's ballot is closed, so theirs is refused
    ("budgeting.vote", "POST"): {"*": 403, "resident": 400, **ANON_LOGIN},
    # paper ballots: staff only; an empty form is refused with a message (a redirect) or a 400 page
    ("budgeting.paper_page", "GET"): PAPER_STAFF,
    ("budgeting.open_batch", "POST"): PAPER_STAFF,
    ("budgeting.batch", "GET"): PAPER_STAFF,
    ("budgeting.batch_figures", "POST"): PAPER_STAFF_400,
    ("budgeting.enter_paper", "POST"): PAPER_STAFF,  # an empty paper: entered as invalid
    ("budgeting.remove_paper", "POST"): PAPER_STAFF,
    ("budgeting.confirm_batch", "POST"): PAPER_STAFF_400,
    ("budgeting.reopen_batch", "POST"): PAPER_STAFF_400,
    ("budgeting.mark_voter", "POST"): PAPER_STAFF,
    ("budgeting.add_voter", "POST"): PAPER_STAFF,
}


def world(w):
    from datetime import timedelta

    from planner.budgeting import paper, services
    from planner.models import utcnow

    municipality, staff = w["municipality"], w["users"]["staff"]
    now = utcnow()
    ballot = services.create_ballot(municipality, staff, title="Projects 2027", style="budget", rule="greedy",
                                    budget=100, opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=1))
    project = services.add_project(ballot, staff, title="Well", cost=60)
    services.add_project(ballot, staff, title="Lights", cost=50)
    services.cast_vote(ballot, w["users"]["resident"], {project.id: 1}, str)
    batch = paper.open_batch(ballot, municipality.villages[0], staff)
    sheet = paper.enter_paper(batch, staff, {project.id: 1})
    ballot.closes_at = now - timedelta(minutes=1)
    return {"pb_id": ballot.id, "project_id": project.id, "pb_batch_id": batch.id, "pb_paper_id": sheet.id}

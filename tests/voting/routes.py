"""Expected outcome of every ballot route for every kind of visitor (see tests/routes.py)."""
from datetime import timedelta

PUBLIC = {"*": "ok"}
SIGNED_IN = {"*": "ok", "anonymous": "login"}
DRAFTERS = {"*": 403, "group_member": "ok", "staff": "ok", "admin": "ok", "anonymous": "login"}
STAFF_ONLY = {"*": 403, "staff": "ok", "admin": "ok", "anonymous": "login"}

ROUTES = {
    ("surveys.ballots", "GET"): PUBLIC,
    ("surveys.ballot_new", "GET"): DRAFTERS,
    ("surveys.ballot_new", "POST"): DRAFTERS,
    ("surveys.ballot_edit", "GET"): DRAFTERS,
    ("surveys.ballot_edit", "POST"): DRAFTERS,
    ("surveys.ballot", "GET"): PUBLIC,
    ("surveys.ballot_vote", "POST"): SIGNED_IN,
    ("surveys.ballot_print", "GET"): PUBLIC,
    ("surveys.ballot_tally_sheets", "GET"): DRAFTERS,
    ("surveys.ballot_paper", "GET"): STAFF_ONLY,
    ("surveys.ballot_paper_voter", "POST"): STAFF_ONLY,
    ("surveys.ballot_paper_resident", "POST"): STAFF_ONLY,
    ("surveys.ballot_tally", "GET"): STAFF_ONLY,
    ("surveys.ballot_tally", "POST"): STAFF_ONLY,
    ("surveys.ballot_tally_confirm", "POST"): STAFF_ONLY,
    ("surveys.ballot_results", "GET"): PUBLIC,
    ("surveys.ballot_results_csv", "GET"): PUBLIC,
    ("surveys.ballot_results_xlsx", "GET"): PUBLIC,
    ("surveys.ballot_priorities", "POST"): STAFF_ONLY,
    ("surveys.ballot_priority_list", "GET"): PUBLIC,
}


def world(w):
    """A closed ballot (results visible) with an unconfirmed paper protocol."""
    from planner.extensions import db
    from planner.models import utcnow
    from planner.surveys.ballots.models import Ballot, BallotOption, PaperTally

    municipality = w["municipality"]
    now = utcnow()
    ballot = Ballot(municipality_id=municipality.id, title="Route walk ballot", method="single",
                    opens_at=now - timedelta(days=2), closes_at=now - timedelta(hours=1),
                    options=[BallotOption(position=1, text="A"), BallotOption(position=2, text="B")])
    db.session.add(ballot)
    db.session.flush()
    tally = PaperTally(ballot_id=ballot.id, village_id=municipality.villages[0].id, issued=3, valid=3, invalid=0,
                       entered_by_id=w["users"]["group_member"].id)
    db.session.add(tally)
    db.session.flush()
    return {"ballot_id": ballot.id, "tally_id": tally.id}

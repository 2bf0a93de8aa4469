"""Expected outcome of every ballot route for every kind of visitor (see tests/routes.py)."""
from datetime import timedelta

PUBLIC = {"*": "ok"}
SIGNED_IN = {"*": "ok", "anonymous": "login"}
DRAFTERS = {"*": 403, "group_member": "ok", "staff": "ok", "admin": "ok", "anonymous": "login"}
STAFF_ONLY = {"*": 403, "staff": "ok", "admin": "ok", "anonymous": "login"}

ROUTES = {
    ("ballots.index", "GET"): PUBLIC,
    ("ballots.new", "GET"): DRAFTERS,
    ("ballots.new", "POST"): DRAFTERS,
    ("ballots.edit", "GET"): DRAFTERS,
    ("ballots.edit", "POST"): DRAFTERS,
    ("ballots.detail", "GET"): PUBLIC,
    ("ballots.vote", "POST"): SIGNED_IN,
    ("ballots.print_ballot", "GET"): PUBLIC,
    ("ballots.tally_sheets", "GET"): DRAFTERS,
    ("ballots.paper", "GET"): STAFF_ONLY,
    ("ballots.paper_voter", "POST"): STAFF_ONLY,
    ("ballots.paper_resident", "POST"): STAFF_ONLY,
    ("ballots.tally", "GET"): STAFF_ONLY,
    ("ballots.tally", "POST"): STAFF_ONLY,
    ("ballots.tally_confirm", "POST"): STAFF_ONLY,
    ("ballots.results", "GET"): PUBLIC,
    ("ballots.results_csv", "GET"): PUBLIC,
    ("ballots.results_xlsx", "GET"): PUBLIC,
    ("ballots.make_priorities", "POST"): STAFF_ONLY,
    ("ballots.priorities", "GET"): PUBLIC,
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

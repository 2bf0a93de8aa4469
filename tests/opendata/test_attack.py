"""As an attacker reading the open-data files: a ZIP built by the job holds only public,
approved data. A draft plan saved by staff a moment before the build, a problem not accepted,
and the partial tally of a ballot still open are in no file, in no language; the closed
ballot beside them shows that ballot results do reach the file once they are public."""
from planner.actions import commit
from planner.extensions import db
from planner.surveys.models import Problem

from ..voting.conftest import backdate, make_ballot, make_resident, vote_as  # noqa: F401  (fixtures)
from .conftest import queue_of, stored, work

DRAFT = "Draft saved a moment ago 7Q"


def test_a_zip_built_by_the_job_holds_no_draft_hidden_problem_or_open_tally(od_rq_app, make_municipality,
                                                                          make_user, make_member, make_ballot,
                                                                          make_resident):
    m = make_municipality()
    still_open = make_ballot(m, options=("Open option 7Q", "Other"), title="Open ballot 7Q")
    closed = make_ballot(m, options=("Closed option 7Q", "Other"), title="Closed ballot 7Q")
    for _n in range(6):  # enough ballots counted for the small-group rule to show options
        voter = make_resident(m)
        vote_as(db, still_open, voter, {1: 1})
        vote_as(db, closed, voter, {1: 1})
    backdate(db, closed, "closed")
    for status in ("pending", "rejected"):
        db.session.add(Problem(municipality_id=m.id, text=f"Hidden problem {status} 7Q", status=status))
    commit()
    staff = make_user()
    make_member(staff, m, "staff")
    work(od_rq_app)
    client = od_rq_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = staff.get_id()
    response = client.post(f"/m/{m.slug}/plans/new",
                           data={"kind": "jap", "title": DRAFT, "year_from": 2027, "year_to": 2028, "sedp_id": 0})
    assert response.status_code == 302, response.text
    response.close()
    assert len(queue_of(od_rq_app)) == 1  # the draft's commit queued a rebuild
    work(od_rq_app)
    for locale in ("ky", "ru", "hy", "en"):
        stamp, files = stored(m, locale)
        assert stamp.version > 0
        everything = "\n".join(files.values())
        assert "Closed option 7Q" in files["ballot_results.csv"]  # public results do reach the file
        for secret in (DRAFT, "Open ballot 7Q", "Open option 7Q", "Hidden problem pending 7Q",
                       "Hidden problem rejected 7Q"):
            assert secret not in everything, (locale, secret)

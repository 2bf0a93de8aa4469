"""One person, one ballot under real concurrency: gunicorn with several worker processes
against PostgreSQL; 200 residents each send 8 different votes at the same moment."""
import http.client
import os
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, insert, select

from .conftest import settle

DATABASE_URL = os.environ.get("PLANNER_TEST_DATABASE_URL", "")
VOTERS = int(os.environ.get("VOTING_CONCURRENCY_VOTERS", "200"))
REQUESTS_EACH = 8
WORKERS = 4

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgres"),
    reason="needs PostgreSQL: set PLANNER_TEST_DATABASE_URL (SQLite is one file with one writer, "
           "not the several-process deployment this test is about)",
)

# The 8 different votes each voter sends at once (approval, up to 2 of 4 options).
CHOICES = [(0,), (1,), (2,), (3,), (0, 1), (1, 2), (2, 3), (0, 3)]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(app, database_url):
    port = _free_port()
    env = dict(os.environ, PLANNER_DATABASE_URL=database_url, PLANNER_SECRET_KEY=app.config["SECRET_KEY"],
               PLANNER_BALLOT_RECEIPT_KEY=app.config["BALLOT_RECEIPT_KEY"],
               PLANNER_WTF_CSRF_ENABLED="false")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "--preload", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level", "info",
         "planner:create_app()"],
        cwd=Path(__file__).resolve().parents[2], env=env, stderr=subprocess.PIPE, text=True)
    booted = 0
    for line in proc.stderr:  # blocks until gunicorn reports each worker: no sleeping
        if "Booting worker" in line:
            booted += 1
            if booted == WORKERS:
                break
        if proc.poll() is not None:
            break
    assert booted == WORKERS, "gunicorn did not start"
    drain = threading.Thread(target=proc.stderr.read, daemon=True)  # keep reading its log
    drain.start()
    yield port
    proc.terminate()
    proc.wait(timeout=30)
    drain.join(timeout=30)
    proc.stderr.close()


def _session_cookie(app, user):
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.dumps({"_user_id": user.get_id(), "_fresh": True})


def test_200_residents_times_8_simultaneous_votes(app, db, server, make_municipality, make_ballot, password_hash):
    from planner.auth.models import User
    from planner.municipalities.models import Membership
    from planner.surveys.ballots import counting, services
    from planner.surveys.ballots.models import BallotParticipation, BallotVote

    town = make_municipality()
    ballot = make_ballot(town, "approval", options=("A", "B", "C", "D"), k=2)
    db.session.execute(insert(User), [
        {"email": f"voter{n}@example.org", "name": f"Voter {n}", "password_hash": password_hash,
         "session_nonce": f"n{n}", "is_admin": False, "is_trainer": False} for n in range(VOTERS)])
    users = db.session.scalars(select(User).where(User.email.like("voter%")).order_by(User.id)).all()
    db.session.execute(insert(Membership), [
        {"user_id": u.id, "municipality_id": town.id, "role": "resident", "status": "active",
         "village_id": town.villages[0].id} for u in users])
    db.session.commit()
    option_ids = [o.id for o in ballot.options]
    path = f"/m/{town.slug}/ballots/{ballot.id}/vote"
    barriers = {u.id: threading.Barrier(REQUESTS_EACH, timeout=60) for u in users}

    def send(user_id, cookie, choice):
        body = urlencode([("choice", option_ids[i]) for i in CHOICES[choice]])
        barriers[user_id].wait()  # the voter's 8 requests leave together
        conn = http.client.HTTPConnection("127.0.0.1", server, timeout=60)
        try:
            conn.request("POST", path, body=body, headers={
                "Cookie": f"session={cookie}", "Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            response.read()
            return user_id, choice, response.status, response.getheader("X-Vote-Version")
        finally:
            conn.close()

    jobs = [(u.id, _session_cookie(app, u), c) for u in users for c in range(REQUESTS_EACH)]
    with ThreadPoolExecutor(max_workers=8 * REQUESTS_EACH) as pool:
        results = list(pool.map(lambda job: send(*job), jobs))

    statuses = [status for _u, _c, status, _v in results]
    assert not [s for s in statuses if s >= 500], "a vote request failed with a server error"
    assert set(statuses) == {302}
    last = {}
    for user_id, choice, _status, version in results:
        if user_id not in last or int(version) > last[user_id][0]:
            last[user_id] = (int(version), choice)
    versions = {}
    for user_id, _choice, _status, version in results:
        versions.setdefault(user_id, set()).add(int(version))
    bad = [sorted(v) for v in versions.values() if v != set(range(1, REQUESTS_EACH + 1))]
    assert not bad, f"requests were not serialised: {bad[:5]} of {len(bad)}"

    db.session.expire_all()
    settle(db, ballot)  # the last sealed votes, as at close (full batches were mixed by the workers)
    assert db.session.scalar(select(func.count()).select_from(BallotParticipation)
                             .where(BallotParticipation.ballot_id == ballot.id)) == VOTERS
    assert db.session.scalar(select(func.count(func.distinct(BallotVote.receipt)))
                             .where(BallotVote.ballot_id == ballot.id)) == VOTERS
    for user in users:
        stored = set(db.session.scalars(select(BallotVote.option_id).where(
            BallotVote.ballot_id == ballot.id, BallotVote.receipt == services.receipt_for(ballot.id, user.id))))
        assert stored == {option_ids[i] for i in CHOICES[last[user.id][1]]}
    expected = {o: 0 for o in option_ids}
    for _version, choice in last.values():
        for i in CHOICES[choice]:
            expected[option_ids[i]] += 1
    ballot = db.session.scalar(services.ballot_detail(ballot.id))
    result = counting.count(ballot, with_breakdowns=False)
    assert {r.option.id: r.online for r in result.rows} == expected
    assert result.turnout.online_voters == VOTERS

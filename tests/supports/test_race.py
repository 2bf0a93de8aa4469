"""Two tabs of one resident support the same proposal at the same moment, on PostgreSQL:
the second transaction waits on the first one's row, then meets the unique constraint; both
requests succeed and one support is counted."""
import os
import threading
import time

import pytest
from sqlalchemy import func, select, text

from planner.supports import services
from planner.supports.models import Support

pytestmark = pytest.mark.skipif(
    not os.environ.get("PLANNER_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL: set PLANNER_TEST_DATABASE_URL (SQLite has one writer at a time)")


def _waiting_on_a_lock(db):
    return db.session.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                  "AND datname = current_database()"))


def test_two_tabs_support_at_once(app, db, town):
    from planner.auth.models import User
    from planner.plans.models import Proposal

    proposal_id, user_id, municipality_id = town["proposal"].id, town["residents"][1].id, town["m"].id
    db.session.commit()
    db.session.remove()
    first_inserted, release_first = threading.Event(), threading.Event()
    results, errors = {}, []

    def tab(name):
        try:
            with app.app_context(), app.test_request_context(headers={"Accept-Language": "en"}):
                target = db.session.get(Proposal, proposal_id)
                user = db.session.get(User, user_id)
                if name == "second":
                    first_inserted.wait(timeout=30)
                results[name] = services.set_support(target, user, municipality_id, True)
                if name == "first":
                    first_inserted.set()
                    release_first.wait(timeout=30)  # hold the row until the second tab waits on it
                db.session.commit()
                db.session.remove()
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = {name: threading.Thread(target=tab, args=(name,)) for name in ("first", "second")}
    for thread in threads.values():
        thread.start()
    first_inserted.wait(timeout=30)
    deadline = time.monotonic() + 30
    while not _waiting_on_a_lock(db) and time.monotonic() < deadline and threads["second"].is_alive():
        db.session.rollback()
    db.session.rollback()
    release_first.set()
    for thread in threads.values():
        thread.join(timeout=60)
    assert not errors, errors
    assert results == {"first": True, "second": False}
    assert db.session.scalar(select(func.count()).select_from(Support).where(Support.proposal_id == proposal_id)) == 1

"""Issue 10, paper protocols: a confirmation names the figures it confirms, a change to a
confirmed protocol is a correction with a history, two staff at once get one winner and a
message (never a 500 or a double confirmation)."""
import hashlib
import re
import threading

import pytest
from sqlalchemy import func, select

from planner.audit import AuditEntry
from planner.errors import ServiceError
from planner.surveys.ballots import counting, paper
from planner.surveys.ballots.models import PaperTally, PaperTallyVersion

from ..conftest import AuthActions


@pytest.fixture
def town(make_municipality):
    return make_municipality()


@pytest.fixture
def staff_a(town, make_user, make_member):
    user = make_user(name="Aida Staff")
    make_member(user, town, "staff")
    return user


@pytest.fixture
def staff_b(town, make_user, make_member):
    user = make_user(name="Bakyt Staff")
    make_member(user, town, "staff")
    return user


@pytest.fixture
def ballot(town, make_ballot):
    return make_ballot(town, "single", options=("Road", "Water"))


@pytest.fixture
def two_staff(app, client, staff_a, staff_b):
    """Two browsers: staff A and staff B, each signed in."""
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    AuthActions(client).as_user(staff_a)
    AuthActions(other).as_user(staff_b)
    return client, other


def _url(town, ballot, suffix=""):
    return f"/m/{town.slug}/ballots/{ballot.id}{suffix}"


def _figures(ballot, road, water, issued=10, invalid=0):
    a, b = (o.id for o in ballot.options)
    return {"issued": str(issued), "valid": str(road + water), "invalid": str(invalid),
            f"count-{a}": str(road), f"count-{b}": str(water)}


def _hidden(page, name):
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page) or \
        re.search(rf'name="{name}" value="([^"]*)"', page) or re.search(rf'value="([^"]*)" name="{name}"', page)
    assert match, f"no hidden {name} on the page"
    return match.group(1)


def _confirm_data(page):
    return {"shown_version": _hidden(page, "shown_version"), "shown_digest": _hidden(page, "shown_digest")}


def _enter(db, ballot, village, by, road, water, confirm_by=None):
    a, b = (o.id for o in ballot.options)
    tally = paper.save_tally(ballot, village, by, issued=10, valid=road + water, invalid=0,
                             counts={(a, 0): road, (b, 0): water})
    db.session.commit()
    if confirm_by is not None:
        paper.confirm_tally(tally, confirm_by, shown_version=tally.lock_version, shown_digest=paper.digest(tally))
        db.session.commit()
    return tally


def _paper_counts(ballot):
    return {r.option.text: r.paper for r in counting.count(ballot, with_breakdowns=False).rows}


# --- the confirmation names the figures it confirms ----------------------------------------

def test_a_confirmation_of_figures_that_changed_meanwhile_confirms_nothing(db, town, ballot, two_staff):
    browser_a, browser_b = two_staff
    village = town.villages[0]
    tally_url = _url(town, ballot, f"/paper/{village.id}")
    page = browser_a.get(tally_url).get_data(as_text=True)
    assert browser_a.post(tally_url, data={**_figures(ballot, 6, 3), "shown_version": _hidden(page, "shown_version")}
                          ).status_code == 302
    seen_by_b = browser_b.get(tally_url).get_data(as_text=True)  # B opens the page: Road 6, Water 3
    assert "Confirm these figures" in seen_by_b
    page = browser_a.get(tally_url).get_data(as_text=True)  # A changes Road to 7 before B presses the button
    assert browser_a.post(tally_url, data={**_figures(ballot, 7, 2), "shown_version": _hidden(page, "shown_version")}
                          ).status_code == 302
    tally = db.session.scalar(select(PaperTally))
    response = browser_b.post(_url(town, ballot, f"/tallies/{tally.id}/confirm"), data=_confirm_data(seen_by_b),
                              follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "changed after you opened the page" in page and "Nothing was" in page
    assert re.search(r'class="num">7</td>', page)  # B now sees the new figures
    db.session.expire_all()
    tally = db.session.get(PaperTally, tally.id)
    assert tally.confirmed_at is None and tally.confirmed_by_id is None
    assert _paper_counts(ballot) == {"Road": 0, "Water": 0}
    # Confirming what is shown now works.
    page = browser_b.post(_url(town, ballot, f"/tallies/{tally.id}/confirm"), data=_confirm_data(page),
                          follow_redirects=True).get_data(as_text=True)
    assert "now counts in the results" in page
    assert _paper_counts(ballot) == {"Road": 7, "Water": 2}


def test_the_stale_confirmation_message_is_translated(db, client, town, ballot, staff_a, make_user, make_member):
    russian = make_user(locale="ru")
    make_member(russian, town, "staff")
    tally = _enter(db, ballot, town.villages[0], staff_a, 6, 3)
    AuthActions(client).as_user(russian)
    page = client.post(_url(town, ballot, f"/tallies/{tally.id}/confirm"), follow_redirects=True,
                       data={"shown_version": str(tally.lock_version), "shown_digest": "0" * 64}).get_data(as_text=True)
    assert "цифры этого протокола изменились. Ничего не подтверждено" in page
    assert "Подтвердить эти цифры" in page


def test_the_digest_must_match_the_stored_figures(db, request_ctx, town, ballot, staff_a, staff_b):
    tally = _enter(db, ballot, town.villages[0], staff_a, 6, 3)
    other = {"issued": 10, "valid": 9, "invalid": 0, "counts": [[ballot.options[0].id, 0, 9]]}
    forged = hashlib.sha256(repr(other).encode()).hexdigest()
    for version, digest in ((tally.lock_version, forged), (tally.lock_version, ""),
                            (tally.lock_version - 1, paper.digest(tally)), (tally.lock_version + 1, paper.digest(tally))):
        with pytest.raises(ServiceError, match="changed after you opened"):
            paper.confirm_tally(tally, staff_b, shown_version=version, shown_digest=digest)
        db.session.rollback()
    assert db.session.get(PaperTally, tally.id).confirmed_at is None


def test_the_digest_is_of_the_canonical_figures(db, request_ctx, town, ballot, staff_a):
    tally = _enter(db, ballot, town.villages[0], staff_a, 6, 3)
    first = paper.digest(tally)
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    a, b = (o.id for o in ballot.options)
    paper.save_tally(ballot, town.villages[0], staff_a, issued=10, valid=9, invalid=0, counts={(b, 0): 3, (a, 0): 6})
    db.session.commit()
    assert paper.digest(tally) == first  # same figures typed again: same digest
    paper.save_tally(ballot, town.villages[0], staff_a, issued=10, valid=9, invalid=0, counts={(a, 0): 3, (b, 0): 6})
    db.session.commit()
    assert paper.digest(tally) != first


def test_a_confirm_form_without_the_shown_figures_confirms_nothing(db, town, ballot, two_staff, staff_a):
    _browser_a, browser_b = two_staff
    tally = _enter(db, ballot, town.villages[0], staff_a, 6, 3)
    page = browser_b.post(_url(town, ballot, f"/tallies/{tally.id}/confirm"), follow_redirects=True
                          ).get_data(as_text=True)
    assert "Nothing was confirmed" in page
    assert db.session.get(PaperTally, tally.id).confirmed_at is None


# --- corrections -------------------------------------------------------------------------

def test_a_correction_is_a_new_version_confirmed_by_someone_other_than_its_author(db, town, ballot, two_staff,
                                                                                  staff_a, staff_b):
    browser_a, browser_b = two_staff
    village = town.villages[0]
    tally_url = _url(town, ballot, f"/paper/{village.id}")
    _enter(db, ballot, village, staff_a, 6, 3, confirm_by=staff_b)
    assert _paper_counts(ballot) == {"Road": 6, "Water": 3}
    page = browser_a.get(tally_url).get_data(as_text=True)
    assert "Correct the protocol" in page and "version 2" in page
    response = browser_a.post(tally_url, data={**_figures(ballot, 5, 4), "shown_version": _hidden(page, "shown_version")})
    assert response.status_code == 302
    db.session.expire_all()
    tally = db.session.scalar(select(PaperTally))
    assert (tally.version, tally.is_confirmed, tally.entered_by_id) == (2, False, staff_a.id)
    kept = db.session.scalars(select(PaperTallyVersion)).all()
    assert [(v.version, v.issued, v.valid, v.confirmed_by_id, v.entered_by_id, v.replaced_by_id) for v in kept] == [
        (1, 10, 9, staff_b.id, staff_a.id, staff_a.id)]
    assert "[[" in kept[0].counts and kept[0].digest != paper.digest(tally)
    # The author of the correction cannot confirm it: no button, and a forged post is refused.
    page = browser_a.get(tally_url).get_data(as_text=True)
    assert "Confirm these figures" not in page
    assert "Earlier versions" in page and "Version 1" in page and "Bakyt Staff" in page
    forged = {"shown_version": str(tally.lock_version), "shown_digest": paper.digest(tally)}
    page = browser_a.post(_url(town, ballot, f"/tallies/{tally.id}/confirm"), data=forged,
                          follow_redirects=True).get_data(as_text=True)
    assert "you entered it yourself" in page
    db.session.expire_all()
    assert db.session.get(PaperTally, tally.id).confirmed_at is None
    assert _paper_counts(ballot) == {"Road": 0, "Water": 0}  # the correction waits for its confirmation
    # Another staff member (here the one who confirmed version 1) confirms version 2.
    page = browser_b.get(tally_url).get_data(as_text=True)
    browser_b.post(_url(town, ballot, f"/tallies/{tally.id}/confirm"), data=_confirm_data(page))
    db.session.expire_all()
    tally = db.session.get(PaperTally, tally.id)
    assert (tally.version, tally.confirmed_by_id) == (2, staff_b.id)
    assert _paper_counts(ballot) == {"Road": 5, "Water": 4}
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("ballot.tally%"))).all()
    assert sorted(actions) == sorted(["ballot.tally_enter", "ballot.tally_confirm", "ballot.tally_correct",
                                      "ballot.tally_confirm"])


def test_saving_over_a_protocol_someone_else_saved_meanwhile_saves_nothing(db, town, ballot, two_staff, staff_a):
    browser_a, browser_b = two_staff
    village = town.villages[0]
    tally_url = _url(town, ballot, f"/paper/{village.id}")
    form_a = browser_a.get(tally_url).get_data(as_text=True)
    form_b = browser_b.get(tally_url).get_data(as_text=True)  # both open the empty protocol
    assert browser_a.post(tally_url, data={**_figures(ballot, 6, 3), "shown_version": _hidden(form_a, "shown_version")}
                          ).status_code == 302
    response = browser_b.post(tally_url, data={**_figures(ballot, 1, 8), "shown_version": _hidden(form_b, "shown_version")})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Someone else saved this protocol" in page
    assert 'value="8"' in page  # what B typed is still in the form
    db.session.expire_all()
    tally = db.session.scalar(select(PaperTally))
    assert tally.entered_by_id == staff_a.id and {c.amount for c in tally.counts} == {6, 3}
    # B saves again from the refreshed form: now it is B's.
    assert browser_b.post(tally_url, data={**_figures(ballot, 1, 8), "shown_version": _hidden(page, "shown_version")}
                          ).status_code == 302


# --- two staff at the same moment (PostgreSQL: real row locks) ----------------------------------

def _race(app, work, n=2, language="en"):
    """Run ``work(i)`` in ``n`` threads, each with its own request and database session;
    ``work`` calls barrier.wait() once it has read what it will change."""
    from planner.actions import perform

    barrier = threading.Barrier(n, timeout=30)
    outcomes, errors = [None] * n, []

    def run(i):
        try:
            with app.test_request_context(headers={"Accept-Language": language}):
                service, args, kwargs = work(i, barrier)
                outcomes[i] = perform(service, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return outcomes


def _is_postgres(db):
    return db.engine.dialect.name == "postgresql"


def test_two_staff_confirming_at_once_confirm_once(app, db, town, ballot, staff_a, staff_b, make_user, make_member):
    if not _is_postgres(db):
        pytest.skip("needs PostgreSQL (set PLANNER_TEST_DATABASE_URL): SQLite has one writer at a time")
    third = make_user()
    make_member(third, town, "staff")
    tally = _enter(db, ballot, town.villages[0], staff_a, 6, 3)
    tally_id, shown = tally.id, (tally.lock_version, paper.digest(tally))
    confirmers = [staff_b.id, third.id]

    def work(i, barrier):
        from planner.auth.models import User

        mine = db.session.get(PaperTally, tally_id)
        mine.ballot, mine.village  # noqa: B018 — loaded before the race
        user = db.session.get(User, confirmers[i])
        barrier.wait()
        return paper.confirm_tally, (mine, user), {"shown_version": shown[0], "shown_digest": shown[1]}

    outcomes = _race(app, work, language="ru")
    assert sorted(bool(o) for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if not o)
    assert "В тот же момент этот протокол сохранил или подтвердил кто-то другой" in loser.error.message
    db.session.expire_all()
    confirms = db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "ballot.tally_confirm"))
    assert confirms == 1
    assert db.session.get(PaperTally, tally_id).confirmed_by_id in confirmers


@pytest.mark.parametrize("existing", ["none", "unconfirmed", "confirmed"])
def test_two_staff_saving_at_once_one_wins(app, db, town, ballot, staff_a, staff_b, existing):
    if not _is_postgres(db):
        pytest.skip("needs PostgreSQL (set PLANNER_TEST_DATABASE_URL): SQLite has one writer at a time")
    village_id = town.villages[0].id
    shown = 0
    if existing != "none":
        confirm_by = staff_b if existing == "confirmed" else None
        shown = _enter(db, ballot, town.villages[0], staff_a, 6, 3, confirm_by=confirm_by).lock_version
    ballot_id, (a, b) = ballot.id, (o.id for o in ballot.options)
    savers = [staff_a.id, staff_b.id]

    def work(i, barrier):
        from planner.auth.models import User
        from planner.municipalities.models import Village
        from planner.surveys.ballots import services

        mine = db.session.scalar(services.ballot_detail(ballot_id))
        village = db.session.get(Village, village_id)
        user = db.session.get(User, savers[i])
        db.session.scalar(select(PaperTally).where(PaperTally.ballot_id == ballot_id))  # read before the race
        barrier.wait()
        road = 5 + i
        return paper.save_tally, (mine, village, user), {
            "issued": 10, "valid": 9, "invalid": 0, "counts": {(a, 0): road, (b, 0): 9 - road},
            "shown_version": shown}

    outcomes = _race(app, work)
    assert sorted(bool(o) for o in outcomes) == [False, True]
    db.session.expire_all()
    tally = db.session.scalar(select(PaperTally))
    winner = outcomes.index(next(o for o in outcomes if o))
    assert tally.entered_by_id == savers[winner]
    assert sorted(c.amount for c in tally.counts) == sorted([5 + winner, 4 - winner])
    assert db.session.scalar(select(func.count()).select_from(PaperTallyVersion)) == (existing == "confirmed")


def test_a_ranking_protocol_shows_its_figures_and_history_per_rank(db, client, town, make_ballot, staff_a, staff_b):
    ballot = make_ballot(town, "ranking", options=("Road", "Water", "School"), k=2)
    a, b, c = (o.id for o in ballot.options)
    village = town.villages[0]
    tally = paper.save_tally(ballot, village, staff_a, issued=5, valid=4, invalid=1,
                             counts={(a, 1): 3, (b, 1): 1, (b, 2): 2, (c, 2): 2})
    db.session.commit()
    paper.confirm_tally(tally, staff_b, shown_version=tally.lock_version, shown_digest=paper.digest(tally))
    db.session.commit()
    paper.save_tally(ballot, village, staff_a, issued=5, valid=4, invalid=1,
                     counts={(a, 1): 4, (b, 2): 3, (c, 2): 1})
    db.session.commit()
    AuthActions(client).as_user(staff_b)
    page = client.get(_url(town, ballot, f"/paper/{village.id}")).get_data(as_text=True)
    stored, history = page.split('id="history"')
    assert "Stored figures, version 2" in stored and "Confirm these figures" in stored
    assert re.findall(r'class="num">(\d+)</td>', stored.split('id="stored"')[1].split("</section>")[0]) == [
        "4", "0", "0", "3", "0", "1"]
    assert re.findall(r'class="num">(\d+)</td>', history) == ["3", "0", "1", "2", "0", "2"]


def test_two_staff_adding_the_same_listed_resident_at_once_add_one_person(app, db, town, make_ballot, staff_a,
                                                                           staff_b):
    if not _is_postgres(db):
        pytest.skip("needs PostgreSQL (set PLANNER_TEST_DATABASE_URL): SQLite has one writer at a time")
    from planner.auth.models import User

    ballot_id, village_id, adders = make_ballot(town).id, town.villages[0].id, [staff_a.id, staff_b.id]

    def work(i, barrier):
        from planner.municipalities.models import Village
        from planner.surveys.ballots import services

        mine = db.session.scalar(services.ballot_detail(ballot_id))
        mine.municipality  # noqa: B018 — loaded before the race
        village, user = db.session.get(Village, village_id), db.session.get(User, adders[i])
        barrier.wait()
        return paper.add_paper_voter, (mine, user), {"name": "Сапар Жумабаев", "village": village,
                                                     "birth_year": 1958}

    outcomes = _race(app, work)
    assert sorted(bool(o) for o in outcomes) == [False, True]
    assert "already on the list" in next(o for o in outcomes if not o).error.message
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email.is_(None))) == 1

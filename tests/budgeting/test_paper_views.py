"""Paper budgeting pages through the client: two staff members and a second tab, the figures
typed from the tally, the balance, the list of residents, and the results' three columns."""
import re

import pytest
from sqlalchemy import select

from planner.budgeting.models import PbPaperBatch, PbParticipation

from .conftest import close


@pytest.fixture
def town(make_municipality):
    return make_municipality()


@pytest.fixture
def staff(town, make_user, make_member):
    def make(**fields):
        user = make_user(**fields)
        make_member(user, town, "staff")
        return user

    return make


def _login(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def _client(app, user):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    _login(client, user)
    return client


def _base(ballot, town):
    return f"/m/{town.slug}/budgeting/{ballot.id}"


def _shown(page):
    """The hidden version and digest the confirm form carries."""
    form = page.split("/confirm", 1)[1]
    version = re.search(r'name="shown_version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="shown_version"', form)
    digest = re.search(r'name="shown_digest"[^>]*value="([0-9a-f]{64})"|value="([0-9a-f]{64})"[^>]*name="shown_digest"',
                       form)
    return next(g for g in version.groups() if g), next(g for g in digest.groups() if g)


def test_two_staff_enter_and_confirm_a_batch_that_then_counts(app, db, town, make_pb, staff):
    ballot = make_pb(town, costs=(40, 30, 50), budget=100)
    ids = [str(p.id) for p in ballot.projects]
    clerk, checker = _client(app, staff()), _client(app, staff())
    base = _base(ballot, town)
    opened = clerk.post(f"{base}/paper/batches", data={"village_id": str(town.villages[0].id)})
    assert opened.status_code == 302
    batch_url = opened.headers["Location"]
    batch_id = int(batch_url.rstrip("/").rsplit("/", 1)[1])
    assert clerk.post(f"{batch_url}/papers", data={"project": ids[:2]}).status_code == 302
    over = clerk.post(f"{batch_url}/papers", data={"project": ids}, follow_redirects=True).get_data(as_text=True)
    assert "Ballot 2 is entered as invalid" in over and "more than the budget" in over
    clerk.post(f"{batch_url}/papers", data={"project": [ids[2]]})
    clerk.post(f"{batch_url}/figures", data={"shown_version": "4", "issued": "5", "spoiled": "1", "unused": "0"})

    # the clerk cannot confirm their own batch
    page = clerk.get(batch_url).get_data(as_text=True)
    version, digest = _shown(page)
    typed = {"shown_version": version, "shown_digest": digest, "valid": "2", "invalid": "1",
             f"total-{ids[0]}": "1", f"total-{ids[1]}": "1", f"total-{ids[2]}": "1"}
    refused = clerk.post(f"{batch_url}/confirm", data=typed)
    assert refused.status_code == 400 and "second staff member" in refused.get_data(as_text=True)

    # the checker opens the page; meanwhile the clerk enters one more paper in another tab
    version, digest = _shown(checker.get(batch_url).get_data(as_text=True))
    clerk.post(f"{batch_url}/papers", data={"project": [ids[0]]})
    stale = checker.post(f"{batch_url}/confirm", data={**typed, "shown_version": version, "shown_digest": digest})
    assert stale.status_code == 400 and "changed after you opened the page" in stale.get_data(as_text=True)

    # now shown: 4 ballots, 5 issued, 1 spoiled: it balances; a wrong total is refused, naming it
    version, digest = _shown(stale.get_data(as_text=True))
    typed.update(shown_version=version, shown_digest=digest, valid="3")
    wrong = checker.post(f"{batch_url}/confirm", data=typed)
    assert wrong.status_code == 400
    assert "do not match" in wrong.get_data(as_text=True) and "Project 1" in wrong.get_data(as_text=True)
    typed[f"total-{ids[0]}"] = "2"
    done = checker.post(f"{batch_url}/confirm", data=typed)
    assert done.status_code == 302, done.get_data(as_text=True)
    assert db.session.get(PbPaperBatch, batch_id).is_confirmed

    close(db, ballot)
    results = checker.get(f"{base}/results").get_data(as_text=True)
    assert "Online and paper" in results
    table = results.split('id="channels"', 1)[1]
    assert re.search(r"Ballots</th><td[^>]*>0</td><td[^>]*>3</td><td[^>]*>3</td>", table)


def test_an_unbalanced_batch_shows_the_difference_in_the_readers_language(app, db, town, make_pb, staff):
    ballot = make_pb(town)
    clerk, checker = _client(app, staff()), _client(app, staff(locale="ru"))
    checker.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ru"
    base = _base(ballot, town)
    batch_url = clerk.post(f"{base}/paper/batches", data={"village_id": str(town.villages[0].id)}).headers["Location"]
    clerk.post(f"{batch_url}/papers", data={"project": [str(ballot.projects[0].id)]})
    clerk.post(f"{batch_url}/figures", data={"shown_version": "2", "issued": "7", "spoiled": "0", "unused": "2"})
    page = checker.get(batch_url).get_data(as_text=True)
    version, digest = _shown(page)
    typed = {"shown_version": version, "shown_digest": digest, "valid": "1", "invalid": "0",
             **{f"total-{p.id}": "1" if p.position == 1 else "0" for p in ballot.projects}}
    refused = checker.post(f"{batch_url}/confirm", data=typed)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "7" in text and "3" in text and "4" in text
    assert "does not balance" not in text  # translated


def test_a_stale_figures_form_is_refused(app, db, town, make_pb, staff):
    ballot = make_pb(town)
    clerk = _client(app, staff())
    base = _base(ballot, town)
    batch_url = clerk.post(f"{base}/paper/batches", data={"village_id": str(town.villages[0].id)}).headers["Location"]
    assert clerk.post(f"{batch_url}/figures", data={"shown_version": "1", "issued": "3", "spoiled": "0",
                                                    "unused": "0"}).status_code == 302
    again = clerk.post(f"{batch_url}/figures", data={"shown_version": "1", "issued": "9", "spoiled": "0",
                                                     "unused": "0"})
    assert again.status_code == 400 and "changed this batch after you opened it" in again.get_data(as_text=True)
    assert db.session.scalar(select(PbPaperBatch.issued)) == 3


def test_marking_through_the_page_and_the_resident_cannot_then_vote_online(app, db, town, make_pb, staff,
                                                                        make_resident):
    ballot = make_pb(town)
    clerk = _client(app, staff())
    voter = make_resident(town)
    base = _base(ballot, town)
    page = clerk.get(f"{base}/paper").get_data(as_text=True)
    assert f'value="{voter.id}"' in page
    marked = clerk.post(f"{base}/paper-voters", data={"mark-person_id": str(voter.id)}, follow_redirects=True)
    assert "marked as having voted on paper" in marked.get_data(as_text=True)
    assert f'value="{voter.id}"' not in marked.get_data(as_text=True).split('id="voters"', 1)[1].split("</form>")[0]
    resident = _client(app, voter)
    detail = resident.get(base).get_data(as_text=True)
    assert "You voted on paper" in detail and 'name="project"' not in detail
    sent = resident.post(f"{base}/vote", data={"project": [str(ballot.projects[0].id)], "action": "send"})
    assert sent.status_code == 400 and "cannot also vote online" in sent.get_data(as_text=True)
    assert db.session.scalars(select(PbParticipation.channel)).all() == ["paper"]
    added = clerk.post(f"{base}/paper-residents", data={"add-name": "Бакыт Асанов", "add-village_id":
                                                        str(town.villages[1].id), "add-birth_year": "1980"},
                       follow_redirects=True)
    assert "Бакыт Асанов is added" in added.get_data(as_text=True)


def test_a_batch_of_another_ballot_is_not_found(app, db, town, make_pb, staff):
    first, second = make_pb(town), make_pb(town)
    clerk = _client(app, staff())
    batch_url = clerk.post(f"{_base(first, town)}/paper/batches",
                           data={"village_id": str(town.villages[0].id)}).headers["Location"]
    batch_id = batch_url.rstrip("/").rsplit("/", 1)[1]
    assert clerk.get(f"{_base(second, town)}/paper/batches/{batch_id}").status_code == 404
    assert clerk.post(f"{_base(second, town)}/paper/batches/{batch_id}/papers", data={}).status_code == 404

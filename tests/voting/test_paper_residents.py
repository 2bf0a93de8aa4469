"""Issue 10: residents who voted on paper are marked by name and village from the
municipality's list of verified residents, without an e-mail address; one person still has
one vote across paper and online."""
from sqlalchemy import func, select

from planner.auth.models import User
from planner.municipalities.models import Membership
from planner.surveys.ballots.models import BallotParticipation, BallotVote, SealedVote

from .conftest import vote_as


def _url(town, ballot, suffix=""):
    return f"/m/{town.slug}/ballots/{ballot.id}{suffix}"


def _add(client, town, ballot, name, village, year):
    return client.post(_url(town, ballot, "/paper-residents"), follow_redirects=True,
                       data={"add-name": name, "add-village_id": str(village.id), "add-birth_year": str(year)})


def _participations(db):
    return db.session.execute(select(BallotParticipation.user_id, BallotParticipation.channel)).all()


def test_staff_add_a_listed_resident_without_an_email_and_mark_them(client, auth, db, town, make_ballot, staff):
    ballot = make_ballot(town)
    village = town.villages[1]
    auth.as_user(staff)
    page = _add(client, town, ballot, "  Гүлзат   Осмонова ", village, 1961).get_data(as_text=True)
    assert "Гүлзат Осмонова is added from the list of residents" in page
    person = db.session.scalar(select(User).where(User.name == "Гүлзат Осмонова"))
    assert person.email is None and person.birth_year == 1961
    membership = db.session.scalar(select(Membership).where(Membership.user_id == person.id))
    assert (membership.role, membership.status, membership.village_id, membership.verified_by_id) == (
        "resident", "active", village.id, staff.id)
    assert _participations(db) == [(person.id, "paper")]
    assert "Гүлзат Осмонова (1961) · " + village.name in page
    members = client.get(f"/m/{town.slug}/members").get_data(as_text=True)
    assert "None" not in members


def test_the_same_listed_person_cannot_be_added_twice(client, auth, db, town, make_ballot, staff):
    first, second = make_ballot(town), make_ballot(town)
    village = town.villages[0]
    auth.as_user(staff)
    _add(client, town, first, "Асан Үсөнов", village, 1950)
    page = _add(client, town, second, "асан үсөнов", village, 1950).get_data(as_text=True)
    assert "already on the list" in page
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email.is_(None))) == 1
    # In the other ballot they are chosen from the list, by name and village.
    person = db.session.scalar(select(User).where(User.email.is_(None)))
    page = client.get(_url(town, second, "/paper")).get_data(as_text=True)
    assert f'<optgroup label="{village.name}">' in page and f'value="{person.id}">Асан Үсөнов, born 1950' in page
    client.post(_url(town, second, "/paper-voters"), data={"mark-person_id": person.id})
    page = client.post(_url(town, second, "/paper-voters"), data={"mark-person_id": person.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "already marked as having voted on paper" in page
    assert sorted(_participations(db)) == [(person.id, "paper"), (person.id, "paper")]


def test_the_list_shows_names_and_villages_not_emails(client, auth, db, town, make_ballot, make_resident, staff):
    ballot = make_ballot(town)
    resident = make_resident(town, village=town.villages[1], name="Нурлан Абдыкеров")
    auth.as_user(staff)
    page = client.get(_url(town, ballot, "/paper")).get_data(as_text=True)
    assert f'<optgroup label="{town.villages[1].name}">' in page and "Нурлан Абдыкеров" in page
    assert resident.email not in page and 'type="email"' not in page


def test_marked_on_paper_cannot_vote_online_and_online_voter_cannot_be_marked(client, auth, app, db, town,
                                                                             make_ballot, make_resident, staff):
    ballot = make_ballot(town)
    on_paper, online = make_resident(town), make_resident(town)
    vote_as(db, ballot, online, {1: 1})
    auth.as_user(staff)
    client.post(_url(town, ballot, "/paper-voters"), data={"mark-person_id": on_paper.id})
    page = client.post(_url(town, ballot, "/paper-voters"), data={"mark-person_id": online.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "already voted online" in page
    auth.as_user(on_paper)
    page = client.post(_url(town, ballot, "/vote"), data={"choice": ballot.options[0].id},
                       follow_redirects=True).get_data(as_text=True)
    assert "NOT counted" in page and "voted on paper" in page
    assert db.session.scalar(select(func.count()).select_from(BallotVote)) == 1  # the online voter's only
    assert db.session.scalar(select(func.count()).select_from(SealedVote)) == 0  # nothing waits either
    assert dict(_participations(db)) == {on_paper.id: "paper", online.id: "online"}


def test_only_this_ballots_residents_can_be_marked_or_added(client, auth, db, town, make_municipality, make_ballot,
                                                          make_resident, make_user, staff):
    ballot = make_ballot(town, village_ids=[town.villages[0].id])
    other_town = make_municipality()
    foreigner = make_resident(other_town)
    elsewhere = make_resident(town, village=town.villages[1])
    auth.as_user(staff)
    for person_id, message in ((foreigner.id, "not a verified resident"), (elsewhere.id, "not a verified resident"),
                               (staff.id, "not a verified resident"), (10**6, "Choose a resident from the list")):
        page = client.post(_url(town, ballot, "/paper-voters"), data={"mark-person_id": person_id},
                           follow_redirects=True).get_data(as_text=True)
        assert message in page
    page = _add(client, town, ballot, "Жаңы Адам", town.villages[1], 1980).get_data(as_text=True)
    assert "not a verified resident" in page
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email.is_(None))) == 0
    page = _add(client, town, ballot, "Жаңы Адам", other_town.villages[0], 1980).get_data(as_text=True)
    assert "Choose villages of this municipality" in page
    page = _add(client, town, ballot, "Жаңы Адам", town.villages[0], 1850).get_data(as_text=True)
    assert "Enter the resident" in page or "year of birth" in page
    assert _participations(db) == []


def test_an_account_without_an_email_cannot_sign_in(client, auth, db, town, make_ballot, staff):
    ballot = make_ballot(town)
    auth.as_user(staff)
    _add(client, town, ballot, "Бермет Токтосунова", town.villages[0], 1990)
    person = db.session.scalar(select(User).where(User.name == "Бермет Токтосунова"))
    assert person.email is None and not person.check_password("")
    auth.logout()
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code in (200, 400)
    with client.session_transaction() as session:
        assert "_user_id" not in session

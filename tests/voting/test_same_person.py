"""One person, one vote across a list of residents and accounts (municipalities/people.py):
a resident added from the list at a gathering (no e-mail, marked as a paper voter) who later
registers must not become a second voter, and a listed resident is not added beside an
account of the same name and village unless staff say it is someone else."""
import pytest
from sqlalchemy import func, select

from planner.auth.models import User
from planner.errors import ServiceError
from planner.municipalities import services as municipality_services
from planner.municipalities.models import ACTIVE, PENDING, Membership
from planner.surveys.ballots import paper
from planner.surveys.ballots.models import BallotParticipation

from .conftest import vote_as


@pytest.fixture
def listed_voter(db, town, staff, make_ballot):
    """Гүлзат Осмонова, born 1961, added from the list and marked as a paper voter."""
    ballot = make_ballot(town)
    person = paper.add_paper_voter(ballot, staff, name="Гүлзат Осмонова", village=town.villages[1], birth_year=1961)
    db.session.commit()
    return ballot, person


def _request(db, make_user, make_member, town, name, village):
    """Someone registers with ``name`` and asks to be a resident of ``village``."""
    user = make_user(name=name)
    return make_member(user, town, "resident", status=PENDING, village=village)


def _membership_of(db, user, town):
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id,
                                                      Membership.municipality_id == town.id))


def test_verifying_a_namesake_of_a_listed_voter_asks_first(db, town, staff, listed_voter, make_user, make_member):
    ballot, listed = listed_voter
    # The same name typed in capitals and with extra spaces: names are compared as people read them.
    request = _request(db, make_user, make_member, town, "  ГҮЛЗАТ   осмонова", town.villages[1])
    with pytest.raises(ServiceError) as refused:
        municipality_services.verify_resident(request, staff)
    assert refused.value.field == "same_as" and "Гүлзат Осмонова" in str(refused.value)
    db.session.rollback()
    assert _membership_of(db, request.user, town).status == PENDING


def test_the_same_person_takes_over_the_paper_vote_and_cannot_vote_online(db, town, staff, listed_voter,
                                                                          make_user, make_member):
    ballot, listed = listed_voter
    request = _request(db, make_user, make_member, town, "Гүлзат Осмонова", town.villages[1])
    account = request.user
    municipality_services.verify_resident(request, staff, same_as_id=listed.id)
    db.session.commit()
    assert _membership_of(db, account, town).status == ACTIVE
    assert _membership_of(db, listed, town) is None  # off the list: cannot be marked again
    assert db.session.execute(select(BallotParticipation.user_id, BallotParticipation.channel)
                              .where(BallotParticipation.ballot_id == ballot.id)).all() == [(account.id, "paper")]
    with pytest.raises(ServiceError):  # voted on paper already: no online vote on top
        vote_as(db, ballot, account, {1: 1})
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(BallotParticipation)
                             .where(BallotParticipation.ballot_id == ballot.id)) == 1


def test_a_different_person_of_the_same_name_is_verified_and_both_stay(db, town, staff, listed_voter,
                                                                       make_user, make_member):
    ballot, listed = listed_voter
    request = _request(db, make_user, make_member, town, "Гүлзат Осмонова", town.villages[1])
    municipality_services.verify_resident(request, staff, different=True)
    db.session.commit()
    assert _membership_of(db, request.user, town).status == ACTIVE
    assert _membership_of(db, listed, town).status == ACTIVE
    vote_as(db, ballot, request.user, {2: 1})  # a different person: their own vote
    assert sorted(db.session.execute(select(BallotParticipation.user_id, BallotParticipation.channel)).all()) == \
        sorted([(listed.id, "paper"), (request.user.id, "online")])


def test_a_tampered_same_as_is_refused_and_nothing_moves(db, town, staff, listed_voter, make_user, make_member,
                                                         make_municipality):
    ballot, listed = listed_voter
    other_listed = paper.add_listed_resident(town, staff, name="Бакыт Асанов", village=town.villages[1],
                                             birth_year=1970)
    elsewhere = make_municipality()
    foreign = paper.add_listed_resident(elsewhere, staff, name="Гүлзат Осмонова", village=elsewhere.villages[1],
                                        birth_year=1961)
    db.session.commit()
    request = _request(db, make_user, make_member, town, "Гүлзат Осмонова", town.villages[1])
    for wrong in (other_listed.id, foreign.id, request.user.id, 10**9):
        with pytest.raises(ServiceError):
            municipality_services.verify_resident(request, staff, same_as_id=wrong)
        db.session.rollback()
    assert _membership_of(db, request.user, town).status == PENDING
    assert db.session.execute(select(BallotParticipation.user_id)).scalars().all() == [listed.id]


def test_a_person_who_voted_both_ways_is_not_merged_silently(db, town, staff, make_ballot, make_user, make_member):
    """An account verified, removed and asking again, who also voted online while a listed
    resident of that name voted on paper: merging would hide a double vote."""
    ballot = make_ballot(town)
    listed = paper.add_paper_voter(ballot, staff, name="Асан Үсөнов", village=town.villages[0], birth_year=1950)
    account = make_user(name="Асан Үсөнов")
    make_member(account, town, "resident", village=town.villages[0])
    vote_as(db, ballot, account, {1: 1})
    membership = _membership_of(db, account, town)
    membership.status = PENDING  # removed and asking again
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        municipality_services.verify_resident(membership, staff, same_as_id=listed.id)
    assert ballot.title in str(refused.value)
    db.session.rollback()
    assert sorted(db.session.execute(select(BallotParticipation.user_id)).scalars().all()) == sorted([listed.id, account.id])
    assert _membership_of(db, listed, town).status == ACTIVE


def test_a_listed_resident_is_not_added_beside_an_account_of_the_same_name(db, town, staff, make_ballot,
                                                                         make_resident):
    ballot = make_ballot(town)
    account = make_resident(town, village=town.villages[0], name="Нурлан Абдыкеров")
    with pytest.raises(ServiceError) as refused:
        paper.add_paper_voter(ballot, staff, name="нурлан  абдыкеров", village=town.villages[0], birth_year=1980)
    assert refused.value.field == "different" and "Нурлан Абдыкеров" in str(refused.value)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email.is_(None))) == 0
    # Staff say it is someone else: added and marked; the account keeps its own online vote.
    person = paper.add_paper_voter(ballot, staff, name="Нурлан Абдыкеров", village=town.villages[0], birth_year=1980,
                                   different=True)
    db.session.commit()
    vote_as(db, ballot, account, {1: 1})
    assert person.id != account.id
    # In another village the name is no reason to stop.
    paper.add_listed_resident(town, staff, name="Нурлан Абдыкеров", village=town.villages[1], birth_year=1980)


def test_staff_choose_on_the_members_page(client, auth, db, town, staff, listed_voter, make_user, make_member):
    ballot, listed = listed_voter
    request = _request(db, make_user, make_member, town, "Гүлзат Осмонова", town.villages[1])
    auth.as_user(staff)
    page = client.get(f"/m/{town.slug}/members", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Is this the same person?" in page and "The same person as Гүлзат Осмонова, born 1961" in page
    url = f"/m/{town.slug}/members/{request.id}/verify"
    page = client.post(url, follow_redirects=True, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "already on the list of residents without an account" in page
    db.session.expire_all()
    assert _membership_of(db, request.user, town).status == PENDING
    client.post(url, data={"same_as": str(listed.id)})
    db.session.expire_all()
    assert _membership_of(db, request.user, town).status == ACTIVE
    assert db.session.scalar(select(BallotParticipation.user_id)) == request.user.id

"""A budgeting paper voter from the list who later registers: verified as the same person,
the paper participation moves to the account, which then cannot vote online too
(municipalities/people.py; priority ballots: tests/voting/test_same_person.py)."""
import pytest
from sqlalchemy import select

from planner.budgeting import paper
from planner.budgeting.models import PbParticipation
from planner.errors import ServiceError
from planner.municipalities import services as municipality_services
from planner.municipalities.models import PENDING

from .conftest import vote_as


def test_the_paper_vote_moves_to_the_account_of_the_same_person(db, make_municipality, make_pb, make_user,
                                                                 make_member):
    town = make_municipality()
    staff = make_user()
    make_member(staff, town, "staff")
    ballot = make_pb(town, by=staff)
    listed = paper.add_paper_voter(ballot, staff, name="Анаит Սարգսյան", village=town.villages[0], birth_year=1975)
    db.session.commit()
    account = make_user(name="анаит սարգսյան")
    request = make_member(account, town, "resident", status=PENDING, village=town.villages[0])
    municipality_services.verify_resident(request, staff, same_as_id=listed.id)
    db.session.commit()
    assert db.session.execute(select(PbParticipation.user_id, PbParticipation.channel)).all() == [(account.id, "paper")]
    with pytest.raises(ServiceError):
        vote_as(db, ballot, account, [1])

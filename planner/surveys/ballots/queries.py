"""The ballots' read side: the selects of the ballot pages (lists, a ballot with its options,
paper protocols and voters, listed residents, the priority list) and the loader they share."""
import functools

from flask import abort
from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import joinedload, selectinload

from ...auth.models import User
from ...extensions import db
from ...municipalities.models import ACTIVE, RESIDENT, Membership, Village
from ...municipalities.queries import load_with_municipality
from .models import PAPER, Ballot, BallotParticipation, PaperTally, Priority


def ballot_or_404(municipality, ballot_id):
    """The ballot in the URL with its options and villages; 404 unless it belongs to the municipality."""
    ballot = db.session.scalar(ballot_detail(ballot_id))
    if ballot is None or ballot.municipality_id != municipality.id:
        abort(404)
    return ballot


def ballot_in(slug, ballot_id):
    """``(municipality, ballot)`` from the URL in one query (the vote's loader)."""
    return load_with_municipality(slug, Ballot, ballot_id, joinedload(Ballot.options), joinedload(Ballot.villages))


def ballots_list(municipality):
    return ballots_list_of(municipality.id)


def ballots_list_of(municipality_id):
    return (select(Ballot).where(Ballot.municipality_id == municipality_id)
            .order_by(Ballot.closes_at.desc(), Ballot.id.desc()))


@functools.cache
def _latest_ballots():
    return ballots_list_of(bindparam("municipality_id")).limit(bindparam("limit"))


def latest_ballots(municipality_id, limit):
    """``(statement, parameters)``: the municipality's ``limit`` latest ballots (the public
    page's section), built once: the page is asked often."""
    return _latest_ballots(), {"municipality_id": municipality_id, "limit": limit}


def ballot_detail(ballot_id):
    """A ballot with its options and villages, in one query."""
    return (select(Ballot).where(Ballot.id == ballot_id)
            .options(joinedload(Ballot.options), joinedload(Ballot.villages)))


def tallies_list(ballot):
    return (select(PaperTally).where(PaperTally.ballot_id == ballot.id)
            .options(joinedload(PaperTally.village), joinedload(PaperTally.entered_by),
                     joinedload(PaperTally.confirmed_by), selectinload(PaperTally.counts))
            .order_by(PaperTally.id))


def paper_voters_list(ballot, limit=500):
    return (select(BallotParticipation)
            .where(BallotParticipation.ballot_id == ballot.id, BallotParticipation.channel == PAPER)
            .options(joinedload(BallotParticipation.user), joinedload(BallotParticipation.village))
            .order_by(BallotParticipation.created_at.desc()).limit(limit))


def listed_residents(ballot):
    """The municipality's verified residents who may vote on ``ballot``: (id, name, year of
    birth, village name), by village and name."""
    query = (select(User.id, User.name, User.birth_year, Village.name)
             .join(Membership, Membership.user_id == User.id)
             .join(Village, Village.id == Membership.village_id, isouter=True)
             .where(Membership.municipality_id == ballot.municipality_id, Membership.role == RESIDENT,
                    Membership.status == ACTIVE)
             .order_by(Village.name, User.name, User.id))
    if ballot.villages:
        query = query.where(Membership.village_id.in_([v.id for v in ballot.villages]))
    return query


def priorities_list(municipality):
    return (select(Priority).where(Priority.municipality_id == municipality.id)
            .options(joinedload(Priority.ballot)).order_by(Priority.ballot_id.desc(), Priority.rank, Priority.id))


def has_votes(ballot) -> bool:
    return bool(db.session.scalar(select(
        exists().where(BallotParticipation.ballot_id == ballot.id)
        | exists().where(PaperTally.ballot_id == ballot.id))))

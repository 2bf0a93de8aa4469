"""The ballots' read side: the selects of the ballot pages (lists, a ballot with its options,
paper protocols and voters, listed residents, the priority list) and the loader they share."""
import functools
from dataclasses import dataclass

from flask import abort
from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import joinedload, selectinload

from ... import page_cache
from ...auth.models import User
from ...extensions import db
from ...municipalities.models import ACTIVE, RESIDENT, Membership, Village
from ...municipalities.queries import shown_with_municipality, with_municipality
from .models import PAPER, Ballot, BallotParticipation, PaperTally, Priority


@functools.cache
def _ballot_detail():
    return ballot_detail(bindparam("ballot_id"))


def ballot_or_404(municipality, ballot_id):
    """The ballot in the URL with its options and villages; 404 unless it belongs to the
    municipality. The statement is built once: its loader options cost more than the query."""
    ballot = db.session.scalar(_ballot_detail(), {"ballot_id": ballot_id})
    if ballot is None or ballot.municipality_id != municipality.id:
        abort(404)
    return ballot


@functools.cache
def _ballot_in():
    return with_municipality(Ballot, Ballot.id == bindparam("ballot_id"), bindparam("slug"),
                             joinedload(Ballot.options), joinedload(Ballot.villages))


@functools.cache
def _ballot_in_with_version():
    return _ballot_in().add_columns(page_cache.version_column())


def ballot_in_with_version(slug, ballot_id):
    """``(municipality, ballot, data version)``: :func:`ballot_in` and the version in the same
    statement (the ballot pages keep what they draw per version; None with writes not yet
    committed). The municipality's villages are not joined (a page that shows them loads them
    with a statement of their own: joined to the ballot's options and villages, their rows
    multiplied)."""
    found = db.session.execute(_ballot_in_with_version(), {"ballot_id": ballot_id, "slug": slug}).unique().first()
    municipality, ballot = shown_with_municipality(found[0] if found is not None else None)
    return municipality, ballot, (None if page_cache.uncommitted_writes() else found[1])


def ballot_in(slug, ballot_id):
    """``(municipality, ballot)`` from the URL, the ballot with its options and villages, in
    one query (the vote's and the ballot page's loader; built once, as ``_ballot_detail``);
    404 unless the ballot belongs to the municipality."""
    return shown_with_municipality(
        db.session.scalars(_ballot_in(), {"ballot_id": ballot_id, "slug": slug}).unique().first())


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


@dataclass(frozen=True, slots=True)
class BallotRef:
    title: str
    method: str


@dataclass(frozen=True, slots=True)
class PriorityRow:
    """A priority as the public priority list shows it (``Priority``'s names and meaning)."""

    ballot_id: int | None
    rank: int
    title: str
    score: int
    ballot: BallotRef | None


@functools.cache
def _priority_rows():
    return (select(Priority.ballot_id, Priority.rank, Priority.title, Priority.score, Ballot.id, Ballot.title,
                   Ballot.method)
            .outerjoin(Ballot, Ballot.id == Priority.ballot_id)
            .where(Priority.municipality_id == bindparam("municipality_id"))
            .order_by(Priority.ballot_id.desc(), Priority.rank, Priority.id))


def priority_rows(municipality_id) -> list[PriorityRow]:
    """The municipality's priority list in the order of :func:`priorities_list`, as plain rows
    (the columns the page shows, in a statement built once)."""
    return [PriorityRow(ballot_id, rank, title, score, BallotRef(ballot_title, method) if found is not None else None)
            for ballot_id, rank, title, score, found, ballot_title, method
            in db.session.execute(_priority_rows(), {"municipality_id": municipality_id})]


def has_votes(ballot) -> bool:
    return bool(db.session.scalar(select(
        exists().where(BallotParticipation.ballot_id == ballot.id)
        | exists().where(PaperTally.ballot_id == ballot.id))))

"""One person, one resident: a resident added from the municipality's list without an
e-mail address (a "listed resident", marked as a paper voter at a gathering) who later
registers an account must not become a second voter.

Staff verifying a request whose name and village match a listed resident choose: the same
person (the listed resident's paper participations move to the account and the listed entry
leaves the list) or a different person. Adding a listed resident whose name and village
match a verified resident with an account is refused unless staff say it is a different
person. Names are compared ignoring case and repeated spaces.

The features that record who took part (priority and budgeting ballots) register a
``move(from_user_id, to_user_id)`` at import time: it moves that person's participations
and returns the titles of ballots where both took part (then nothing moves: the same person
would have voted twice, which staff must see rather than the app hide)."""
from sqlalchemy import select, update

from ..auth.models import User
from ..extensions import db
from .models import ACTIVE, RESIDENT, Membership

_MOVES: list = []


def register_move(move) -> None:
    _MOVES.append(move)


def participation_move(participation_model, ballot_model):
    """The ``move`` of a kind of ballot whose ``participation_model`` rows have ``ballot_id``
    and ``user_id`` (one per person and ballot) and whose ``ballot_model`` has a ``title``."""
    def move(from_user_id, to_user_id, check_only):
        table = participation_model
        if check_only:
            theirs = select(table.ballot_id).where(table.user_id == to_user_id)
            return db.session.scalars(select(ballot_model.title).join(table, table.ballot_id == ballot_model.id)
                                      .where(table.user_id == from_user_id, table.ballot_id.in_(theirs))).all()
        db.session.execute(update(table).where(table.user_id == from_user_id).values(user_id=to_user_id))
        return []
    return move


def name_key(name) -> str:
    return " ".join((name or "").split()).lower()


def _residents(municipality_id, village_ids, with_account: bool) -> list:
    """(user, village id) of the verified residents of these villages, listed ones (no
    e-mail) or those with an account (names are compared by ``name_key``, in Python)."""
    has_email = User.email.is_not(None) if with_account else User.email.is_(None)
    return db.session.execute(
        select(User, Membership.village_id).join(Membership, Membership.user_id == User.id)
        .where(Membership.municipality_id == municipality_id, Membership.role == RESIDENT,
               Membership.status == ACTIVE, Membership.village_id.in_(village_ids), has_email)
        .order_by(User.birth_year, User.id)).all()


def namesakes(municipality_id, village_id, name, with_account: bool) -> list:
    """Verified residents of the village with this name: listed ones (no e-mail) or, with
    ``with_account``, those with an account."""
    key = name_key(name)
    return [user for user, _v in _residents(municipality_id, [village_id], with_account) if name_key(user.name) == key]


def listed_namesakes_of(municipality, pending) -> dict:
    """{membership id: [listed residents of the same name and village]} for a page of
    pending requests, in one query (run even for none, so the page's count stays flat)."""
    keys = {m.id: (m.village_id, name_key(m.user.name)) for m in pending if m.village_id}
    found: dict = {}
    for user, village_id in _residents(municipality.id, {v for v, _n in keys.values()}, with_account=False):
        found.setdefault((village_id, name_key(user.name)), []).append(user)
    return {membership_id: found[key] for membership_id, key in keys.items() if key in found}


def move_participations(from_user_id, to_user_id) -> list[str]:
    """Move every participation of ``from_user_id`` to ``to_user_id``; the titles of ballots
    where both took part (nothing is moved then)."""
    both = [title for move in _MOVES for title in move(from_user_id, to_user_id, check_only=True)]
    if both:
        return both
    for move in _MOVES:
        move(from_user_id, to_user_id, check_only=False)
    return []

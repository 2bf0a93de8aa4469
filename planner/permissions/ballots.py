"""Who sets up priority ballots, votes, enters and confirms paper protocols and makes the
priority list (planner/surveys/ballots)."""
from ..roles import RESIDENT
from .common import authenticated, can_draft, is_admin, is_staff
from .surveys import can_enter_paper


def can_view_ballot(user, ballot) -> bool:
    """Ballots, their printable paper and (when visible) results are public."""
    return True


def can_create_ballot(user, municipality) -> bool:
    return is_admin(user) or can_draft(user, municipality)


def can_edit_ballot(user, ballot) -> bool:
    return is_admin(user) or can_draft(user, ballot.municipality_id)


def can_send_vote(user, ballot) -> bool:
    """Any signed-in user may send a vote; the service refuses, with the reason, anyone
    who is not an eligible verified resident."""
    return authenticated(user)


def can_vote(user, ballot) -> bool:
    """A verified resident of the ballot's municipality (and of one of its villages, if
    the ballot is limited to some)."""
    if not authenticated(user):
        return False
    for m in user.memberships:
        if m.municipality_id == ballot.municipality_id and m.role == RESIDENT and m.is_active:
            return not ballot.villages or m.village_id in {v.id for v in ballot.villages}
    return False


def can_confirm_tally(user, tally) -> bool:
    """Staff other than the person who entered the protocol."""
    return (can_enter_paper(user, tally.ballot) and tally.confirmed_at is None
            and tally.entered_by_id != getattr(user, "id", None))


def can_see_results(user, ballot, now) -> bool:
    return ballot.results_visible(now)


def can_make_priorities(user, ballot) -> bool:
    return is_admin(user) or is_staff(user, ballot.municipality_id)

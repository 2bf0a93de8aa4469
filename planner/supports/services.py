"""Giving and withdrawing a support. Both are idempotent: a second POST, or a second tab
sent at the same moment, leaves one support (the unique constraint decides, inside a
savepoint, so the request itself still succeeds)."""
from flask_babel import gettext as _
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..errors import ServiceError
from ..extensions import db
from ..plans.models import Proposal
from .models import Support


def _column(target):
    return Support.proposal_id if isinstance(target, Proposal) else Support.problem_id


def check_open(target) -> None:
    """Supports count while the item is still undecided: an open proposal, a problem in the register."""
    if isinstance(target, Proposal):
        if target.status != "open":
            raise ServiceError(_("This proposal has been answered: supports are closed."))
    elif not target.is_active:
        raise ServiceError(_("This problem is no longer in the register: supports are closed."))


def set_support(target, by, municipality_id, wanted: bool) -> bool:
    """Make ``by`` support ``target`` (``wanted``) or not; True if anything changed."""
    check_open(target)
    column = _column(target)
    if wanted:
        try:
            with db.session.begin_nested():
                db.session.add(Support(municipality_id=municipality_id, user_id=by.id,
                                       **{column.key: target.id}))
        except IntegrityError:  # already supported: another tab or a repeated POST came first
            return False
        audit.record(by, "support.add", target, municipality_id)
        return True
    gone = db.session.execute(delete(Support).where(column == target.id, Support.user_id == by.id)).rowcount
    if gone:
        audit.record(by, "support.withdraw", target, municipality_id)
    return bool(gone)

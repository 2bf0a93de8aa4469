"""Budget hearings: a recorded public hearing where the draft budget is presented, the
residents' proposals are written down and each is answered (accepted, or declined with a
reason). Plain functions that add, flush and audit; never commit."""
from decimal import Decimal

from flask_babel import gettext as _

from .. import audit
from ..errors import ServiceError
from ..extensions import db
from ..models import utcnow
from .models import ACCEPTED, ANSWERS, DECLINED, OPEN, BudgetHearing, HearingProposal

TEXT_MAX = 2000


def create(budget, by, meeting, presented: str) -> BudgetHearing:
    if meeting is None or meeting.municipality_id != budget.municipality_id or meeting.kind != "hearing":
        raise ServiceError(_("Choose a public hearing recorded in this municipality's meetings."), field="meeting_id")
    if any(h.meeting_id == meeting.id for h in budget.hearings):
        raise ServiceError(_("This hearing is already recorded for the budget."), field="meeting_id")
    hearing = BudgetHearing(budget=budget, meeting=meeting, presented=(presented or "").strip()[:4000])
    db.session.add(hearing)
    db.session.flush()
    audit.record(by, "budget.hearing", hearing, budget.municipality_id, str(meeting.held_on))
    return hearing


def update(hearing, by, presented: str) -> None:
    hearing.presented = (presented or "").strip()[:4000]
    audit.record(by, "budget.hearing_edit", hearing, hearing.budget.municipality_id)


def publish(hearing, by) -> None:
    if hearing.published_at is not None:
        raise ServiceError(_("The protocol is already published."))
    if not hearing.presented:
        raise ServiceError(_("Write what was presented before publishing the protocol."), field="presented")
    hearing.published_at = utcnow()
    audit.record(by, "budget.hearing_publish", hearing, hearing.budget.municipality_id)


def add_proposal(hearing, by, text: str, village=None, line=None, amount: Decimal | None = None) -> HearingProposal:
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Write the proposal."), field="text")
    municipality_id = hearing.budget.municipality_id
    if village is not None and village.municipality_id != municipality_id:
        raise ServiceError(_("Choose one of the municipality's villages."), field="village_id")
    if line is not None and line.budget_id != hearing.budget_id:
        raise ServiceError(_("Choose a line of this budget."), field="line_id")
    proposal = HearingProposal(hearing=hearing, text=text[:TEXT_MAX], village=village, line=line,
                               amount=amount.quantize(Decimal("0.01")) if amount is not None else None)
    db.session.add(proposal)
    db.session.flush()
    audit.record(by, "budget.proposal", proposal, municipality_id)
    return proposal


def answer(proposal, by, status: str, text: str) -> None:
    """Accept, or decline with a reason; an answer can be changed, never taken back to open."""
    if status not in ANSWERS or status == OPEN:
        raise ServiceError(_("Choose accepted or declined."), field="status")
    text = (text or "").strip()
    if status == DECLINED and not text:
        raise ServiceError(_("Give the reason the proposal is declined."), field="answer")
    proposal.status, proposal.answer, proposal.answered_at = status, text[:TEXT_MAX], utcnow()
    audit.record(by, "budget.answer", proposal, proposal.hearing.budget.municipality_id, status)


def counts(hearing) -> dict:
    """Proposals by answer: open, accepted, declined."""
    result = {OPEN: 0, ACCEPTED: 0, DECLINED: 0}
    for p in hearing.proposals:
        result[p.status] += 1
    return result

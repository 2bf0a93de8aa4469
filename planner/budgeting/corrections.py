"""Correcting a confirmed batch of paper budgeting ballots: staff reopen it with a reason as a
new batch that starts as its copy, change that copy as they would enter a batch, and a
second person confirms it (budgeting/paper.py's confirm_batch). The confirmed batch keeps
counting until then, so the results change only when the correction is confirmed; every
step is in the audit log."""
from flask_babel import gettext as _
from .. import audit, checks
from ..errors import ServiceError
from ..extensions import db
from ..models import utcnow
from .models import PbPaperBallot, PbPaperBatch, PbPaperChoice
from .paper import check_unchanged, flush_or_refuse, next_number

REASON_LIMIT = 1000


def reopen_batch(batch, by, *, reason, shown_version=None, now=None) -> PbPaperBatch:
    """A correction of the confirmed ``batch``: a new batch of the same polling place (the
    next number) holding a copy of its papers and figures, entered by ``by``, so that
    somebody else confirms it. Refused for a batch not confirmed, already replaced, or with a
    correction under way (also when two staff reopen it at once: UNIQUE corrects_id)."""
    now = now or utcnow()
    reason = checks.text(reason, "reason", REASON_LIMIT, required=True)
    if not batch.is_confirmed:
        raise ServiceError(_("Only a confirmed batch is reopened for a correction; this one can still be changed."))
    if batch.superseded_at is not None:
        raise ServiceError(_("This batch was replaced by a confirmed correction: correct that one instead."))
    check_unchanged(batch, shown_version)
    if batch.correction is not None:
        raise ServiceError(_("A correction of this batch is already being entered."))
    number = next_number(batch.ballot_id, batch.village_id)
    copy = PbPaperBatch(ballot_id=batch.ballot_id, village_id=batch.village_id, number=number, issued=batch.issued,
                        spoiled=batch.spoiled, unused=batch.unused, entered_by_id=by.id, entered_at=now,
                        corrects_id=batch.id, reason=reason, lock_version=1)
    copy.papers = [PbPaperBallot(ballot_id=p.ballot_id, number=p.number, problem=p.problem, entered_by_id=by.id,
                                 choices=[PbPaperChoice(ballot_id=c.ballot_id, project_id=c.project_id, value=c.value)
                                          for c in p.choices])
                   for p in batch.papers]
    db.session.add(copy)
    flush_or_refuse()
    audit.record(by, "pb.batch_reopen", copy, batch.ballot.municipality_id,
                 f"{batch.village.name} #{batch.number} → #{number}: {reason}")
    return copy

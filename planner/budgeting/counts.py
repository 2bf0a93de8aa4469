"""Counting a budgeting ballot's results in a background job, once per change of the ballot.

Every change that bumps a ballot's ``version`` (a vote, a mix, a confirmed paper batch, an
edit, an import) calls :func:`changed`; once its transaction commits, :func:`request` queues
:func:`recount` (``planner.jobs``: on RQ with Redis, else in this process after the response),
as open data's rebuild is queued (planner/opendata/rebuild.py).

A burst of changes queues one count per ballot: the first sets the ballot's "count queued"
mark (``pb_counts.queued_at``) and queues the job; later ones find the mark and queue
nothing. The job takes the mark off as it starts, reads the ballot's version, then counts the
data as it is then (never older than that version), and stores the count under that version
unless a newer one is stored already. A vote committed while it counts bumps the version
past the stored one, so pages say "being recounted" (never a stale count as current), and
queues the next count.

Counting 50 projects x 10,000 papers under every rule takes minutes (bench/pb_count.py), so
a request counts a ballot itself only when it is small (:func:`cheap`)."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update

from .. import jobs
from ..actions import after_commit, after_commit_once, perform
from ..extensions import db
from ..models import utcnow
from ..surveys.ballots.services import insert_ignore
from .models import PbBallot, PbCount, PbPaperBallot, PbPaperBatch, PbVote

_SEEN = "planner.budgeting.changed"


def changed(ballot_id: int) -> None:
    """The ballot's version changed in this transaction: count it again once it commits."""
    after_commit_once(_SEEN, (ballot_id,), _request_after)


def bump(ballot_id: int) -> None:
    """Raise the ballot's version by one (in this transaction) and count it again after."""
    db.session.execute(update(PbBallot).where(PbBallot.id == ballot_id).values(version=PbBallot.version + 1))
    changed(ballot_id)


def row_of(ballot_id: int) -> PbCount | None:
    return db.session.scalar(select(PbCount).where(PbCount.ballot_id == ballot_id))


def ensure_row(ballot_id: int) -> None:
    insert_ignore(PbCount.__table__, {"ballot_id": ballot_id, "version": 0})


def mark_pending(ballot_id: int) -> bool:
    """Set the ballot's "count queued" mark (in this transaction); False if it was set
    already. A mark older than ``PB_COUNT_PENDING_SECONDS`` is taken for one whose job was lost."""
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["PB_COUNT_PENDING_SECONDS"])
    ensure_row(ballot_id)
    marked = db.session.execute(update(PbCount).where(
        PbCount.ballot_id == ballot_id, or_(PbCount.queued_at.is_(None), PbCount.queued_at < stale))
        .values(queued_at=now)).rowcount
    return marked == 1


def clear_pending(ballot_id: int) -> None:
    db.session.execute(update(PbCount).where(PbCount.ballot_id == ballot_id).values(queued_at=None))


def request(ballot_id: int) -> bool:
    """Service: set the ballot's mark and queue :func:`recount` once this transaction commits,
    unless a count is queued already; says whether it will queue."""
    if not mark_pending(ballot_id):
        return False
    after_commit(lambda: _enqueue(ballot_id))
    return True


def request_all(ballot_ids) -> None:
    """Service: :func:`request` for each ballot (the hook of a transaction that changed them)."""
    for ballot_id in ballot_ids:
        request(ballot_id)


def _request_after(ballot_ids) -> None:
    """The hook of a transaction that changed ballots: mark them and queue their counts."""
    try:
        perform(request_all, ballot_ids)
    except Exception:
        db.session.rollback()  # the data is saved; a count not queued is queued by the next page or change
        raise


def _enqueue(ballot_id: int) -> None:
    try:
        jobs.enqueue(recount, ballot_id, description=f"budgeting results of ballot {ballot_id}",
                     timeout=current_app.config["PB_COUNT_TIMEOUT"])
    except Exception:
        perform(clear_pending, ballot_id)  # let the next change try again
        raise


def recount(ballot_id: int) -> bool:
    """The job: count the ballot unless its stored count is of its current version. Says
    whether it counted."""
    from . import results

    perform(clear_pending, ballot_id)  # taken off before counting: a vote from now on queues the next count
    ballot = db.session.get(PbBallot, ballot_id)
    if ballot is None:
        return False
    row = row_of(ballot_id)
    if row is not None and row.version >= ballot.version:
        return False
    results.count_and_store(ballot)
    return True


def papers(ballot) -> int:
    """How many papers a count of the ballot reads (online and confirmed paper), at most."""
    online = db.session.scalar(select(func.count(func.distinct(PbVote.receipt))).where(PbVote.ballot_id == ballot.id))
    on_paper = db.session.scalar(
        select(func.count()).select_from(PbPaperBallot).join(PbPaperBatch, PbPaperBatch.id == PbPaperBallot.batch_id)
        .where(PbPaperBatch.ballot_id == ballot.id, PbPaperBatch.confirmed_at.is_not(None),
               PbPaperBatch.superseded_at.is_(None)))
    return online + on_paper


def cheap(ballot) -> bool:
    """Whether a request may count the ballot itself. Equal shares (which every count runs,
    for the rules shown beside the ballot's) takes time in proportion to papers x projects^2
    (each of its rounds weighs every project against its supporters, for up to one round per
    project; add1 repeats it about 2 x log2 times): at most ``PB_COUNT_IN_REQUEST_MAX``
    (5,000: about 0.1 s here) it is counted in the request."""
    limit = current_app.config["PB_COUNT_IN_REQUEST_MAX"]
    return limit > 0 and papers(ballot) * len(ballot.projects) ** 2 <= limit

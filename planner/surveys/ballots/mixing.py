"""Moving sealed votes into the ballot: the mix (docs/threat-model.md).

``cast_vote`` writes, in the voter's transaction, only the participation and the vote
sealed (``SealedVote``). :func:`mix_ballot` runs in a transaction of its own: it opens a
batch of at least ``BALLOT_MIX_BATCH`` (10) sealed votes, removes the earlier mixed rows of
voters who changed their vote, and writes every paper to ``ballot_votes`` in a shuffled
order, so ids, row order, and transaction ids say only "one of this batch". A batch is
mixed as soon as it is full (after the vote that fills it commits), at close, and by
``flask mix-votes``. A final batch smaller than the minimum takes in papers mixed earlier,
chosen at random, so it still hides each voter among at least ten (or all of them)."""
from sqlalchemy import delete, func, select

from ...extensions import db
from ...models import utcnow
from ...sealing import batch_size, mix_each, mix_when_full, open_all, open_sealed, random_id, seal, shuffled, tag
from .models import Ballot, BallotVote, SealedVote

KIND = "ballot"


def seal_tag(ballot_id, user_id) -> str:
    return tag("sealed-ballot", ballot_id, "voter", user_id)


def seal_vote(ballot, user_id, receipt, choices: dict[int, int], profile: dict) -> SealedVote:
    """Seal ``choices`` (replacing a sealed vote of the same voter is the caller's job)."""
    content = {"receipt": receipt, "choices": sorted([int(k), int(v)] for k, v in choices.items()), **profile}
    return SealedVote(id=random_id(), ballot_id=ballot.id, tag=seal_tag(ballot.id, user_id),
                      sealed=seal(KIND, ballot.id, content))


def open_vote(ballot_id, sealed_vote) -> dict:
    return open_sealed(KIND, ballot_id, sealed_vote.sealed)


def pending(ballot_id) -> int:
    return db.session.scalar(select(func.count()).select_from(SealedVote).where(SealedVote.ballot_id == ballot_id))


def _lock_ballot(ballot_id):
    # FOR NO KEY UPDATE: one mix per ballot at a time, without blocking voters (their
    # foreign keys take KEY SHARE locks on the ballot row).
    db.session.execute(select(Ballot.id).where(Ballot.id == ballot_id).with_for_update(key_share=True))


def _papers_of(ballot_id, receipts):
    rows = db.session.execute(select(BallotVote).where(BallotVote.ballot_id == ballot_id,
                                                       BallotVote.receipt.in_(receipts))).scalars().all()
    papers: dict = {}
    for row in rows:
        paper = papers.setdefault(row.receipt, {"receipt": row.receipt, "choices": [], "village_id": row.village_id,
                                                "sex": row.sex, "age_band": row.age_band})
        paper["choices"].append([row.option_id, row.value])
    return list(papers.values())


def mix_ballot(ballot_id, final=False) -> int:
    """Mix the ballot's sealed votes if a batch is full (or ``final``: whatever waits).
    Returns how many sealed votes went in. Flushes; the caller commits."""
    _lock_ballot(ballot_id)
    opened = open_all(KIND, ballot_id, db.session.scalars(
        select(SealedVote).where(SealedVote.ballot_id == ballot_id).with_for_update()).all())
    minimum = batch_size()
    if not opened or (len(opened) < minimum and not final):
        return 0
    sealed = [item for item, _content in opened]
    papers = [content for _item, content in opened]
    receipts = [p["receipt"] for p in papers]
    if len(papers) < minimum:
        # Hide a short final batch among papers mixed before, taken out and put back shuffled.
        others = db.session.scalars(select(BallotVote.receipt).where(
            BallotVote.ballot_id == ballot_id, BallotVote.receipt.not_in(receipts)).distinct()).all()
        extra = shuffled(others)[:minimum - len(papers)]
        papers += _papers_of(ballot_id, extra)
        receipts += extra
    db.session.execute(delete(BallotVote).where(BallotVote.ballot_id == ballot_id,
                                                BallotVote.receipt.in_(receipts)))
    rows = [{"ballot_id": ballot_id, "receipt": p["receipt"], "option_id": option_id, "value": value,
             "village_id": p.get("village_id"), "sex": p.get("sex"), "age_band": p.get("age_band")}
            for p in shuffled(papers) for option_id, value in shuffled(p["choices"])]
    db.session.execute(BallotVote.__table__.insert(), rows)
    db.session.execute(delete(SealedVote).where(SealedVote.id.in_([s.id for s in sealed])))
    db.session.flush()
    return len(sealed)


def mix_after_vote(ballot_id):
    """An after-commit hook of a vote: mix in a transaction of its own once a batch is full."""
    return mix_when_full(pending, mix_ballot, ballot_id)


def settle(ballot, now=None) -> int:
    """At close: mix whatever still waits (a service; the caller commits)."""
    now = now or utcnow()
    if not ballot.is_closed(now) or not pending(ballot.id):
        return 0
    return mix_ballot(ballot.id, final=True)


def mix_due(now=None) -> int:
    """Every full batch, and every closed ballot's last votes, each ballot in its own
    transaction (``flask mix-votes``). Returns how many sealed votes were mixed."""
    now = now or utcnow()
    ballot_ids = db.session.scalars(select(SealedVote.ballot_id).distinct()).all()
    db.session.rollback()
    return mix_each(ballot_ids, mix_ballot, lambda ballot_id: db.session.get(Ballot, ballot_id).is_closed(now))

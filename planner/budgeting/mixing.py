"""Moving sealed budgeting papers into the ballot: the same mix as the priority ballots'
(planner/surveys/ballots/mixing.py, docs/threat-model.md), with planner/sealing.py's helpers.

``services.cast_vote`` writes, in the voter's transaction, the participation and the paper
sealed. :func:`mix_ballot` opens a batch of at least ``BALLOT_MIX_BATCH`` (10) sealed papers
in a transaction of its own, removes the earlier mixed rows of voters who changed their
vote, writes every paper to ``pb_votes`` in a shuffled order and bumps the ballot's version
(the results are counted again). A short final batch at close takes in papers mixed before,
chosen at random, so each voter still hides among ten (or all of them)."""
from sqlalchemy import delete, func, select, update

from ..extensions import db
from ..models import utcnow
from ..sealing import batch_size, mix_each, mix_when_full, open_all, open_sealed, random_id, seal, shuffled, tag
from .models import PbBallot, PbSealedVote, PbVote

KIND = "pb"


def seal_tag(ballot_id, user_id) -> str:
    return tag("sealed-pb", ballot_id, "voter", user_id)


def receipt_for(ballot_id, user_id) -> str:
    return tag("pb", ballot_id, "voter", user_id)


def seal_vote(ballot, user_id, choices: dict[int, int], village_id) -> PbSealedVote:
    content = {"receipt": receipt_for(ballot.id, user_id), "village_id": village_id,
               "choices": sorted([int(k), int(v)] for k, v in choices.items())}
    return PbSealedVote(id=random_id(), ballot_id=ballot.id, tag=seal_tag(ballot.id, user_id),
                        sealed=seal(KIND, ballot.id, content))


def open_vote(ballot_id, sealed_vote) -> dict:
    return open_sealed(KIND, ballot_id, sealed_vote.sealed)


def pending(ballot_id) -> int:
    return db.session.scalar(select(func.count()).select_from(PbSealedVote).where(PbSealedVote.ballot_id == ballot_id))


def _papers_of(ballot_id, receipts):
    papers: dict = {}
    for row in db.session.scalars(select(PbVote).where(PbVote.ballot_id == ballot_id, PbVote.receipt.in_(receipts))):
        paper = papers.setdefault(row.receipt, {"receipt": row.receipt, "choices": [], "village_id": row.village_id})
        paper["choices"].append([row.project_id, row.value])
    return list(papers.values())


def mix_ballot(ballot_id, final=False) -> int:
    """Mix the ballot's sealed papers if a batch is full (or ``final``). Flushes; the caller commits."""
    db.session.execute(select(PbBallot.id).where(PbBallot.id == ballot_id).with_for_update(key_share=True))
    opened = open_all(KIND, ballot_id, db.session.scalars(
        select(PbSealedVote).where(PbSealedVote.ballot_id == ballot_id).with_for_update()).all())
    minimum = batch_size()
    if not opened or (len(opened) < minimum and not final):
        return 0
    sealed = [item for item, _content in opened]
    papers = [content for _item, content in opened]
    receipts = [p["receipt"] for p in papers]
    if len(papers) < minimum:
        others = db.session.scalars(select(PbVote.receipt).where(
            PbVote.ballot_id == ballot_id, PbVote.receipt.not_in(receipts)).distinct()).all()
        extra = shuffled(others)[:minimum - len(papers)]
        papers += _papers_of(ballot_id, extra)
        receipts += extra
    db.session.execute(delete(PbVote).where(PbVote.ballot_id == ballot_id, PbVote.receipt.in_(receipts)))
    rows = [{"ballot_id": ballot_id, "receipt": p["receipt"], "project_id": project_id, "value": value,
             "village_id": p.get("village_id")}
            for p in shuffled(papers) for project_id, value in shuffled(p["choices"])]
    db.session.execute(PbVote.__table__.insert(), rows)
    db.session.execute(delete(PbSealedVote).where(PbSealedVote.id.in_([s.id for s in sealed])))
    db.session.execute(update(PbBallot).where(PbBallot.id == ballot_id).values(version=PbBallot.version + 1))
    db.session.flush()
    return len(sealed)


def mix_after_vote(ballot_id):
    return mix_when_full(pending, mix_ballot, ballot_id)


def settle(ballot, now=None) -> int:
    """At close: mix whatever still waits (a service; the caller commits)."""
    now = now or utcnow()
    if not ballot.is_closed(now) or not pending(ballot.id):
        return 0
    mixed = mix_ballot(ballot.id, final=True)
    db.session.refresh(ballot)
    return mixed


def mix_due(now=None) -> int:
    """Every full batch, and every closed ballot's last papers (``flask mix-votes``)."""
    now = now or utcnow()
    ballot_ids = db.session.scalars(select(PbSealedVote.ballot_id).distinct()).all()
    db.session.rollback()
    return mix_each(ballot_ids, mix_ballot, lambda ballot_id: db.session.get(PbBallot, ballot_id).is_closed(now))

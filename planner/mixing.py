"""The batch mix of sealed votes, one for every kind of secret ballot (docs/threat-model.md).

A vote is written in the voter's transaction only sealed (planner/sealing.py), next to the
participation. :meth:`VoteMix.mix_ballot` runs in a transaction of its own: it opens a batch
of at least ``BALLOT_MIX_BATCH`` (10) sealed votes, removes the earlier mixed rows of voters
who changed their vote, and writes every paper to the ballot's vote table in a shuffled
order, so ids, row order and transaction ids say only "one of this batch". A batch is mixed
as soon as it is full (after the vote that fills it commits), at close, and by
``flask mix-votes``. A final batch smaller than the minimum takes in papers mixed earlier,
chosen at random, so it still hides each voter among at least ten (or all of them).

The priority ballots (planner/surveys/ballots/mixing.py) and participatory budgeting
(planner/budgeting/mixing.py) each describe their tables with one :class:`VoteMix`."""
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from sqlalchemy import delete, func, select, update

from .extensions import db
from .models import utcnow
from .sealing import batch_size, mix_each, mix_when_full, open_all, open_sealed, shuffled


def voter_profile(user, membership) -> dict:
    """What a mixed paper keeps of its voter, copied from the account into the sealed vote:
    the village, sex and age band (for breakdowns and exports of groups large enough)."""
    return {"village_id": membership.village_id, "sex": user.sex, "age_band": user.age_band}


@dataclass(frozen=True)
class VoteMix:
    """How one kind of ballot keeps its votes.

    ``ballot_model`` has ``id`` and ``is_closed(now)``; ``sealed_model`` rows have
    ``id``, ``ballot_id`` and ``sealed``; ``vote_model`` rows have ``ballot_id``,
    ``receipt``, ``value``, the ``item`` column (what was chosen) and the ``profile`` columns
    (kept with each paper for breakdowns). With ``counts_version`` the ballot's ``version``
    grows with every mix, so results cached on it are counted again (``version_changed`` is told)."""

    kind: str
    ballot_model: type
    sealed_model: type
    vote_model: type
    item: str
    profile: tuple[str, ...]
    counts_version: bool = False
    version_changed: object = None  # called with the ballot id when a mix bumps its version

    def open_vote(self, ballot_id, sealed_vote) -> dict:
        return open_sealed(self.kind, ballot_id, sealed_vote.sealed)

    def own_choices(self, ballot_id, seal_tag, receipt) -> dict:
        """A voter's own choices, to show them their vote: the sealed vote if one waits
        (``seal_tag``), else the mixed rows under their ``receipt``; nothing for a vote
        sealed under another key."""
        sealed, votes = self.sealed_model, self.vote_model
        waiting = db.session.scalar(select(sealed).where(sealed.ballot_id == ballot_id, sealed.tag == seal_tag))
        if waiting is not None:
            try:
                return {k: v for k, v in self.open_vote(ballot_id, waiting)["choices"]}
            except InvalidTag:
                return {}
        return dict(db.session.execute(select(getattr(votes, self.item), votes.value).where(
            votes.ballot_id == ballot_id, votes.receipt == receipt)).all())

    def pending(self, ballot_id) -> int:
        sealed = self.sealed_model
        return db.session.scalar(select(func.count()).select_from(sealed).where(sealed.ballot_id == ballot_id))

    def _papers_of(self, ballot_id, receipts) -> list[dict]:
        votes = self.vote_model
        papers: dict = {}
        for row in db.session.scalars(select(votes).where(votes.ballot_id == ballot_id, votes.receipt.in_(receipts))):
            paper = papers.setdefault(row.receipt, {"receipt": row.receipt, "choices": [],
                                                    **{name: getattr(row, name) for name in self.profile}})
            paper["choices"].append([getattr(row, self.item), row.value])
        return list(papers.values())

    def mix_ballot(self, ballot_id, final=False) -> int:
        """Mix the ballot's sealed votes if a batch is full (or ``final``: whatever waits).
        Returns how many sealed votes went in. Flushes; the caller commits."""
        ballots, sealed_model, votes = self.ballot_model, self.sealed_model, self.vote_model
        # FOR NO KEY UPDATE: one mix per ballot at a time, without blocking voters (their
        # foreign keys take KEY SHARE locks on the ballot row).
        db.session.execute(select(ballots.id).where(ballots.id == ballot_id).with_for_update(key_share=True))
        opened = open_all(self.kind, ballot_id, db.session.scalars(
            select(sealed_model).where(sealed_model.ballot_id == ballot_id).with_for_update()).all())
        minimum = batch_size()
        if not opened or (len(opened) < minimum and not final):
            return 0
        sealed = [item for item, _content in opened]
        papers = [content for _item, content in opened]
        receipts = [p["receipt"] for p in papers]
        if len(papers) < minimum:
            # Hide a short final batch among papers mixed before, taken out and put back shuffled.
            others = db.session.scalars(select(votes.receipt).where(
                votes.ballot_id == ballot_id, votes.receipt.not_in(receipts)).distinct()).all()
            extra = shuffled(others)[:minimum - len(papers)]
            papers += self._papers_of(ballot_id, extra)
            receipts += extra
        db.session.execute(delete(votes).where(votes.ballot_id == ballot_id, votes.receipt.in_(receipts)))
        rows = [{"ballot_id": ballot_id, "receipt": p["receipt"], self.item: item, "value": value,
                 **{name: p.get(name) for name in self.profile}}
                for p in shuffled(papers) for item, value in shuffled(p["choices"])]
        db.session.execute(votes.__table__.insert(), rows)
        db.session.execute(delete(sealed_model).where(sealed_model.id.in_([s.id for s in sealed])))
        if self.counts_version:
            db.session.execute(update(ballots).where(ballots.id == ballot_id).values(version=ballots.version + 1))
            if self.version_changed is not None:
                self.version_changed(ballot_id)
        db.session.flush()
        return len(sealed)

    def mix_after_vote(self, ballot_id):
        """An after-commit hook of a vote: mix in a transaction of its own once a batch is full."""
        return mix_when_full(self.pending, self.mix_ballot, ballot_id)

    def settle(self, ballot, now=None) -> int:
        """At close: mix whatever still waits (a service; the caller commits)."""
        now = now or utcnow()
        if not ballot.is_closed(now) or not self.pending(ballot.id):
            return 0
        mixed = self.mix_ballot(ballot.id, final=True)
        if self.counts_version:
            db.session.refresh(ballot)
        return mixed

    def mix_due(self, now=None) -> int:
        """Every full batch, and every closed ballot's last votes, each ballot in its own
        transaction (``flask mix-votes``). Returns how many sealed votes were mixed."""
        now = now or utcnow()
        ballot_ids = db.session.scalars(select(self.sealed_model.ballot_id).distinct()).all()
        db.session.rollback()
        return mix_each(ballot_ids, self.mix_ballot,
                        lambda ballot_id: db.session.get(self.ballot_model, ballot_id).is_closed(now))

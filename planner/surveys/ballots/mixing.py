"""Sealing priority-ballot votes and mixing them into ``ballot_votes`` (the generic mix is
planner/mixing.py; docs/threat-model.md).

``cast_vote`` writes, in the voter's transaction, only the participation and the vote
sealed (``SealedVote``); the mix moves a batch of at least ten into ``ballot_votes`` in a
shuffled order, with each paper's village, sex and age band for the breakdowns."""
from ...mixing import VoteMix
from ...sealing import random_id, seal, tag
from .models import Ballot, BallotVote, SealedVote

KIND = "ballot"
MIX = VoteMix(kind=KIND, ballot_model=Ballot, sealed_model=SealedVote, vote_model=BallotVote, item="option_id",
              profile=("village_id", "sex", "age_band"))

# The module's names for the mix's steps (callers write mixing.settle(ballot), mixing.pending(id)...).
open_vote, pending, mix_ballot, mix_after_vote, settle, mix_due = (
    MIX.open_vote, MIX.pending, MIX.mix_ballot, MIX.mix_after_vote, MIX.settle, MIX.mix_due)


def seal_tag(ballot_id, user_id) -> str:
    return tag("sealed-ballot", ballot_id, "voter", user_id)


def seal_vote(ballot, user_id, receipt, choices: dict[int, int], profile: dict) -> SealedVote:
    """Seal ``choices`` (replacing a sealed vote of the same voter is the caller's job)."""
    content = {"receipt": receipt, "choices": sorted([int(k), int(v)] for k, v in choices.items()), **profile}
    return SealedVote(id=random_id(), ballot_id=ballot.id, tag=seal_tag(ballot.id, user_id),
                      sealed=seal(KIND, ballot.id, content))

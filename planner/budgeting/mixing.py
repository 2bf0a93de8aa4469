"""Sealing budgeting papers and mixing them into ``pb_votes``: the same mix as the priority
ballots' (the generic mix is planner/mixing.py; docs/threat-model.md).

``services.cast_vote`` writes, in the voter's transaction, the participation and the paper
sealed; the mix moves a batch of at least ten into ``pb_votes`` in a shuffled order and
bumps the ballot's version (the results are counted again: counts.py). Each paper keeps the voter's
village, sex and age band, copied from the account into the sealed paper."""
from ..mixing import VoteMix
from ..sealing import random_id, seal, tag
from .counts import changed
from .models import PbBallot, PbSealedVote, PbVote

KIND = "pb"
MIX = VoteMix(kind=KIND, ballot_model=PbBallot, sealed_model=PbSealedVote, vote_model=PbVote, item="project_id",
              profile=("village_id", "sex", "age_band"), counts_version=True, version_changed=changed)

# The module's names for the mix's steps (callers write mixing.settle(ballot), mixing.pending(id)...).
open_vote, pending, mix_ballot, mix_after_vote, settle, mix_due = (
    MIX.open_vote, MIX.pending, MIX.mix_ballot, MIX.mix_after_vote, MIX.settle, MIX.mix_due)


def seal_tag(ballot_id, user_id) -> str:
    return tag("sealed-pb", ballot_id, "voter", user_id)


def receipt_for(ballot_id, user_id) -> str:
    return tag("pb", ballot_id, "voter", user_id)


def seal_vote(ballot, user_id, choices: dict[int, int], profile: dict) -> PbSealedVote:
    """Seal ``choices`` with the voter's ``profile`` (village_id, sex, age_band)."""
    content = {"receipt": receipt_for(ballot.id, user_id), **profile,
               "choices": sorted([int(k), int(v)] for k, v in choices.items())}
    return PbSealedVote(id=random_id(), ballot_id=ballot.id, tag=seal_tag(ballot.id, user_id),
                        sealed=seal(KIND, ballot.id, content))

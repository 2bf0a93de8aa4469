"""Voting on paper: people marked as having voted at a gathering, and the polling places'
protocols, entered by one staff member and confirmed by another before they count."""
from flask_babel import gettext as _
from sqlalchemy import select

from ... import audit
from ...errors import ServiceError
from ...extensions import db
from ...models import utcnow
from .models import APPROVAL, DOTS, ONLINE, PAPER, RANKING, SINGLE, BallotParticipation, PaperCount, PaperTally
from .services import check_eligible, insert_ignore


def mark_paper_voter(ballot, person, by, now=None) -> BallotParticipation:
    """Record that ``person`` voted on paper: they cannot vote online afterwards."""
    now = now or utcnow()
    if now < ballot.opens_at:
        raise ServiceError(_("Voting has not started yet. Come back when the ballot opens."))
    try:
        membership = check_eligible(person, ballot)
    except ServiceError:
        raise ServiceError(_("This person is not a verified resident who may vote on this ballot."), field="email")
    created = insert_ignore(BallotParticipation.__table__, {
        "ballot_id": ballot.id, "user_id": person.id, "channel": PAPER, "village_id": membership.village_id,
        "version": 1, "created_at": now, "updated_at": now, "marked_by_id": by.id,
    })
    participation = db.session.scalar(select(BallotParticipation).where(
        BallotParticipation.ballot_id == ballot.id, BallotParticipation.user_id == person.id))
    if not created:
        if participation.channel == ONLINE:
            raise ServiceError(_("%(name)s has already voted online, so cannot also vote on paper.",
                                 name=person.name), field="email")
        raise ServiceError(_("%(name)s is already marked as having voted on paper.", name=person.name), field="email")
    audit.record(by, "ballot.paper_voter", participation, ballot.municipality_id, person.email)
    return participation


def _check_tally(ballot, issued, valid, invalid, counts):
    """``counts``: {(option_id, rank): amount}, rank 0 unless the method is ranking."""
    for value in (issued, valid, invalid, *counts.values()):
        if value is None or value < 0:
            raise ServiceError(_("Enter whole numbers, zero or more."))
    if valid + invalid > issued:
        raise ServiceError(_("Valid and invalid ballots together cannot be more than the ballots issued."),
                           field="valid")
    option_ids = {o.id for o in ballot.options}
    if any(option_id not in option_ids for option_id, _rank in counts):
        raise ServiceError(_("One of the options you sent is not on this ballot. Nothing was counted; "
                             "reload the page and vote again."))
    per_option: dict[int, int] = {}
    for (option_id, _rank), amount in counts.items():
        per_option[option_id] = per_option.get(option_id, 0) + amount
    total = sum(counts.values())
    k, m = ballot.max_choices, ballot.max_per_option
    if ballot.method == SINGLE and total != valid:
        raise ServiceError(_("On a single-choice ballot the votes for all options must add up to the valid "
                             "ballots (%(valid)s); they add up to %(total)s.", valid=valid, total=total))
    if ballot.method == APPROVAL:
        if any(n > valid for n in per_option.values()):
            raise ServiceError(_("An option cannot be marked on more ballots than there are valid ballots."))
        if total > valid * k:
            raise ServiceError(_("There are more marks than %(k)s per valid ballot.", k=k))
    if ballot.method == DOTS:
        if any(n > valid * m for n in per_option.values()):
            raise ServiceError(_("An option cannot get more than %(m)s points per valid ballot.", m=m))
        if total > valid * k:
            raise ServiceError(_("There are more points than %(k)s per valid ballot.", k=k))
    if ballot.method == RANKING:
        if any(rank < 1 or rank > k for _o, rank in counts):
            raise ServiceError(_("You can rank at most %(k)s options, from 1 to %(k)s.", k=k))
        per_rank: dict[int, int] = {}
        for (_o, rank), amount in counts.items():
            per_rank[rank] = per_rank.get(rank, 0) + amount
        if any(n > valid for n in per_rank.values()) or any(n > valid for n in per_option.values()):
            raise ServiceError(_("Each rank, and each option, can appear at most once per valid ballot."))


def save_tally(ballot, village, by, *, issued, valid, invalid, counts, now=None) -> PaperTally:
    """Enter or correct a polling place's protocol; it counts once someone else confirms it."""
    now = now or utcnow()
    if village is None or village.municipality_id != ballot.municipality_id:
        raise ServiceError(_("Choose villages of this municipality."), field="village_id")
    if now < ballot.opens_at:
        raise ServiceError(_("Voting has not started yet. Come back when the ballot opens."))
    _check_tally(ballot, issued, valid, invalid, counts)
    tally = db.session.scalar(select(PaperTally).where(PaperTally.ballot_id == ballot.id,
                                                       PaperTally.village_id == village.id))
    if tally is not None and tally.is_confirmed:
        raise ServiceError(_("This protocol is confirmed and counted; it can no longer be changed."))
    if tally is None:
        tally = PaperTally(ballot_id=ballot.id, village_id=village.id, issued=issued, valid=valid, invalid=invalid)
        db.session.add(tally)
    tally.issued, tally.valid, tally.invalid = issued, valid, invalid
    tally.entered_by_id, tally.entered_at = by.id, now
    tally.counts.clear()
    db.session.flush()
    tally.counts.extend(PaperCount(ballot_id=ballot.id, option_id=o, rank=r, amount=a)
                        for (o, r), a in sorted(counts.items()) if a)
    db.session.flush()
    audit.record(by, "ballot.tally_enter", tally, ballot.municipality_id,
                 f"{village.name}: {issued}/{valid}/{invalid}")
    return tally


def confirm_tally(tally, by, now=None) -> None:
    if tally.is_confirmed:
        raise ServiceError(_("This protocol is already confirmed."))
    if tally.entered_by_id == by.id:
        raise ServiceError(_("A second staff member must confirm the protocol: you entered it yourself."))
    tally.confirmed_by_id = by.id
    tally.confirmed_at = now or utcnow()
    audit.record(by, "ballot.tally_confirm", tally, tally.ballot.municipality_id, tally.village.name)

"""Budgeting ballots on paper: residents marked on the list as having voted on paper, and
the paper ballots themselves, entered one by one in batches per polling place and counted
once a second staff member confirms the batch.

The approach of the priority ballots' protocols (planner/surveys/ballots/paper.py): a
confirmation names what it confirms, the batch's ``lock_version`` and the :func:`digest` of
every paper and figure shown, so a batch changed after the page was drawn cannot be
confirmed with stale figures; every UPDATE names the ``lock_version`` it read (SQLAlchemy's
version counter), so two staff changing or confirming at once cannot both succeed. The
confirmer also types the figures (valid and invalid ballots, each project's total) from the
paper tally, and the batch must balance: issued = valid + invalid + spoiled + unused."""
import hashlib
import json

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..auth.models import User
from ..errors import ServiceError
from ..extensions import db
from ..i18n import number
from ..models import utcnow
from ..municipalities.models import ACTIVE, RESIDENT, Membership, Village
from ..municipalities import people
from ..surveys.ballots import paper as ballot_paper
from ..surveys.ballots.services import resident_membership
from . import counts
from .models import PAPER, PbBallot, PbPaperBallot, PbPaperBatch, PbPaperChoice, PbParticipation
from .services import choice_problem

people.register_move(people.participation_move(PbParticipation, PbBallot))

UNCLEAR = "unclear"  # staff found the paper invalid for another reason (marks unclear, voter identifiable)
MAX_FIGURE = 10_000_000


# --- queries ---------------------------------------------------------------------------

def batches_list(ballot):
    return (select(PbPaperBatch).where(PbPaperBatch.ballot_id == ballot.id)
            .options(joinedload(PbPaperBatch.village), selectinload(PbPaperBatch.papers))
            .order_by(PbPaperBatch.village_id, PbPaperBatch.number))


def batch_detail(batch_id):
    return (select(PbPaperBatch).where(PbPaperBatch.id == batch_id)
            .options(joinedload(PbPaperBatch.village),
                     selectinload(PbPaperBatch.papers).selectinload(PbPaperBallot.choices)))


def unmarked_residents(ballot):
    """The municipality's verified residents who have not voted on this ballot, online or on
    paper: (id, name, year of birth, village name), by village and name."""
    voted = select(PbParticipation.user_id).where(PbParticipation.ballot_id == ballot.id)
    return (select(User.id, User.name, User.birth_year, Village.name)
            .join(Membership, Membership.user_id == User.id)
            .join(Village, Village.id == Membership.village_id, isouter=True)
            .where(Membership.municipality_id == ballot.municipality_id, Membership.role == RESIDENT,
                   Membership.status == ACTIVE, User.id.not_in(voted))
            .order_by(Village.name, User.name, User.id))


def paper_voters_list(ballot, limit=500):
    return (select(PbParticipation).where(PbParticipation.ballot_id == ballot.id, PbParticipation.channel == PAPER)
            .options(joinedload(PbParticipation.user)).order_by(PbParticipation.created_at.desc()).limit(limit))


def paper_rows(ballot):
    """(paper id, project_id, value, village_id) of every valid paper ballot of a confirmed
    batch not replaced by a confirmed correction: what the results count, paper by paper."""
    return db.session.execute(
        select(PbPaperBallot.id, PbPaperChoice.project_id, PbPaperChoice.value, PbPaperBatch.village_id)
        .join(PbPaperBallot, PbPaperBallot.id == PbPaperChoice.paper_id)
        .join(PbPaperBatch, PbPaperBatch.id == PbPaperBallot.batch_id)
        .where(PbPaperChoice.ballot_id == ballot.id, PbPaperBatch.confirmed_at.is_not(None),
               PbPaperBatch.superseded_at.is_(None), PbPaperBallot.problem.is_(None))
        .order_by(PbPaperBallot.id)).all()


# --- residents who voted on paper --------------------------------------------------------

def mark_voter(ballot, person, by, now=None) -> PbParticipation:
    """Record that ``person`` voted on paper. One participation row per person and ballot
    (UNIQUE) serves both channels: someone who voted online cannot be marked, and someone
    marked cannot vote online (services.cast_vote), whichever comes first, even at once."""
    now = now or utcnow()
    if now < ballot.opens_at:
        raise ServiceError(_("Voting has not started yet. Come back when the ballot opens."))
    membership = resident_membership(person, ballot) if person is not None else None
    if membership is None:
        raise ServiceError(_("This person is not a verified resident who may vote on this ballot."),
                           field="person_id")
    participation = ballot_paper.mark_on_list(PbParticipation, ballot, person, by, now)
    audit.record(by, "pb.paper_voter", ballot, ballot.municipality_id, person.name)
    return participation


def mark_listed_voter(ballot, person_id, by, now=None) -> PbParticipation:
    person = db.session.get(User, person_id) if person_id else None
    if person is None:
        raise ServiceError(_("Choose a resident from the list."), field="person_id")
    return mark_voter(ballot, person, by, now=now)


def add_paper_voter(ballot, by, *, name, village, birth_year, different=False, now=None) -> User:
    """A listed resident without e-mail who voted on paper: added to the list, then marked."""
    person = ballot_paper.add_listed_resident(ballot.municipality, by, name=name, village=village,
                                              birth_year=birth_year, different=different, now=now)
    mark_voter(ballot, person, by, now=now)
    return person


# --- batches ---------------------------------------------------------------------------

def _changed_meanwhile():
    return ServiceError(_("Someone else changed or confirmed this batch at the same moment. Nothing of yours was "
                          "saved: check what is shown now and try again."))


def flush_or_refuse():
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError):
        raise _changed_meanwhile() from None


def _check_open_for_changes(batch):
    if batch.is_confirmed:
        raise ServiceError(_("This batch is confirmed and counted; it can no longer change."))


def next_number(ballot_id, village_id) -> int:
    """The number of a polling place's next batch: 1, 2 ..."""
    return 1 + (db.session.scalar(select(func.max(PbPaperBatch.number)).where(
        PbPaperBatch.ballot_id == ballot_id, PbPaperBatch.village_id == village_id)) or 0)


def open_batch(ballot, village, by, now=None) -> PbPaperBatch:
    """A new, empty batch for a polling place (numbered 1, 2 ... per place)."""
    now = now or utcnow()
    if village is None or village.municipality_id != ballot.municipality_id:
        raise ServiceError(_("Choose villages of this municipality."), field="village_id")
    if now < ballot.opens_at:
        raise ServiceError(_("Voting has not started yet. Come back when the ballot opens."))
    number = next_number(ballot.id, village.id)
    batch = PbPaperBatch(ballot_id=ballot.id, village_id=village.id, number=number, entered_by_id=by.id,
                         entered_at=now, lock_version=1)
    db.session.add(batch)
    flush_or_refuse()  # UNIQUE (ballot, village, number): two staff opening one at once
    audit.record(by, "pb.batch_open", batch, ballot.municipality_id, f"{village.name} #{number}")
    return batch


def check_unchanged(batch, shown_version):
    if shown_version is not None and batch.lock_version != shown_version:
        raise ServiceError(_("Someone else changed this batch after you opened it. Nothing of yours was saved: "
                             "check the figures shown now and save again."))


def save_reconciliation(batch, by, *, issued, spoiled, unused, shown_version=None) -> None:
    """The polling place's figures for this batch's ballot box: ballots issued, spoiled
    (exchanged for a new one) and returned unused."""
    _check_open_for_changes(batch)
    check_unchanged(batch, shown_version)
    for value in (issued, spoiled, unused):
        if value is None or not 0 <= value <= MAX_FIGURE:
            raise ServiceError(_("Enter whole numbers, zero or more."), field="issued")
    batch.issued, batch.spoiled, batch.unused = issued, spoiled, unused
    ballot_paper.bump(batch)
    flush_or_refuse()
    audit.record(by, "pb.batch_figures", batch, batch.ballot.municipality_id, f"{issued}/{spoiled}/{unused}")


def enter_paper(batch, by, choices: dict[int, int], unclear=False) -> PbPaperBallot:
    """One paper ballot as marked (``choices`` read by services.read_choices, so every
    project is on the ballot). Checked by the online rules: a paper they refuse is kept as
    invalid with the reason, as is one staff call ``unclear``."""
    _check_open_for_changes(batch)
    ballot = batch.ballot
    problem = (UNCLEAR, {}) if unclear else choice_problem(ballot, choices)
    number = 1 + max((p.number for p in batch.papers), default=0)
    paper = PbPaperBallot(ballot_id=ballot.id, number=number, problem=problem[0] if problem else None,
                          entered_by_id=by.id)
    paper.choices = [PbPaperChoice(ballot_id=ballot.id, project_id=pid, value=value)
                     for pid, value in sorted(choices.items()) if value >= 1]
    batch.papers.append(paper)
    ballot_paper.bump(batch)
    flush_or_refuse()
    audit.record(by, "pb.paper_enter", batch, ballot.municipality_id,
                 f"{batch.village.name} #{batch.number}.{number} {problem[0] if problem else 'valid'}")
    return paper


def remove_paper(batch, by, paper) -> None:
    """Take back a paper entered by mistake (before the batch is confirmed)."""
    _check_open_for_changes(batch)
    if paper.batch_id != batch.id:
        raise ServiceError(_("This ballot is not in this batch."))
    batch.papers.remove(paper)
    ballot_paper.bump(batch)
    flush_or_refuse()
    audit.record(by, "pb.paper_remove", batch, batch.ballot.municipality_id,
                 f"{batch.village.name} #{batch.number}.{paper.number}")


# --- figures, digest and confirmation ----------------------------------------------------

def figures(batch) -> dict:
    """What the confirmer checks: the reconciliation, the valid and invalid ballots, and the
    per-project totals of the valid ones (votes, or points)."""
    valid = [p for p in batch.papers if p.is_valid]
    totals = {p.id: 0 for p in batch.ballot.projects}
    for paper in valid:
        for choice in paper.choices:
            totals[choice.project_id] += choice.value
    return {"issued": batch.issued, "spoiled": batch.spoiled, "unused": batch.unused, "valid": len(valid),
            "invalid": len(batch.papers) - len(valid), "totals": totals}


def difference(batch) -> int:
    """issued - (valid + invalid + spoiled + unused): zero when the batch balances."""
    f = figures(batch)
    return f["issued"] - (f["valid"] + f["invalid"] + f["spoiled"] + f["unused"])


def digest(batch) -> str:
    """sha256 of every figure and every paper as entered: what the confirm form was shown."""
    content = {**figures(batch), "totals": sorted(figures(batch)["totals"].items()),
               "papers": [[p.number, p.problem, sorted([c.project_id, c.value] for c in p.choices)]
                          for p in batch.papers]}
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def confirm_batch(batch, by, *, shown_version, shown_digest, typed: dict, labels: dict, now=None) -> None:
    """Confirm exactly what the confirmer was shown (``shown_version``, ``shown_digest``),
    if the batch balances and the figures typed from the paper tally (``typed``: "valid",
    "invalid" and project ids → numbers) match the entered ballots; ``labels`` names them."""
    if batch.is_confirmed:
        raise ServiceError(_("This batch is already confirmed."))
    if batch.lock_version != shown_version or digest(batch) != (shown_digest or ""):
        raise ServiceError(_("The ballots or figures of this batch changed after you opened the page. Nothing was "
                             "confirmed: check what is shown now against the paper ballots and confirm again."))
    if by.id == batch.entered_by_id or any(p.entered_by_id == by.id for p in batch.papers):
        raise ServiceError(_("A second staff member must confirm the batch: you entered ballots of it yourself."))
    shown = figures(batch)
    gap = difference(batch)
    if gap:
        raise ServiceError(_("The batch does not balance: %(issued)s ballots issued, but valid, invalid, spoiled "
                             "and unused returned ballots add up to %(accounted)s (a difference of %(gap)s). "
                             "Find the missing ballots or correct the figures before confirming.",
                             issued=number(shown["issued"]), accounted=number(shown["issued"] - gap), gap=number(gap)),
                             field="issued")
    expected = {"valid": shown["valid"], "invalid": shown["invalid"], **shown["totals"]}
    wrong = [labels.get(key, str(key)) for key, value in expected.items() if typed.get(key) != value]
    if wrong:
        raise ServiceError(_("These figures do not match the ballots entered: %(figures)s. Count the paper ballots "
                             "again; if an entry is wrong, the person who entered it removes it and enters it again.",
                             figures=", ".join(wrong)))
    batch.confirmed_by_id, batch.confirmed_at = by.id, now or utcnow()
    ballot_paper.bump(batch)
    if batch.corrects is not None:  # a correction (budgeting/corrections.py) replaces what it corrects
        batch.corrects.superseded_at = batch.confirmed_at
        ballot_paper.bump(batch.corrects)
    flush_or_refuse()
    # the results count confirmed batches: they are computed again
    counts.bump(batch.ballot_id)
    audit.record(by, "pb.batch_confirm", batch, batch.ballot.municipality_id,
                 f"{batch.village.name} #{batch.number}: {shown['valid']}/{shown['invalid']}")


def place_totals(batches) -> list[dict]:
    """Per polling place, the confirmed batches' figures added up, and how many batches
    still wait for confirmation."""
    places: dict[int, dict] = {}
    for batch in batches:
        row = places.setdefault(batch.village_id, {"village": batch.village, "issued": 0, "valid": 0,
                                                   "invalid": 0, "spoiled": 0, "unused": 0, "waiting": 0})
        if not batch.is_confirmed:
            row["waiting"] += 1
            continue
        if not batch.counts:  # replaced by its confirmed correction
            continue
        valid = sum(1 for p in batch.papers if p.is_valid)
        row["issued"] += batch.issued
        row["spoiled"] += batch.spoiled
        row["unused"] += batch.unused
        row["valid"] += valid
        row["invalid"] += len(batch.papers) - valid
    return sorted(places.values(), key=lambda r: r["village"].name)

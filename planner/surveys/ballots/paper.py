"""Voting on paper: people marked as having voted at a gathering, and the polling places'
protocols, entered by one staff member and confirmed by another before they count.

A confirmation names what it confirms: the form carries the protocol's ``lock_version`` and
the digest of the figures shown (:func:`digest`); if either changed, nothing is confirmed.
A change to a confirmed protocol is a correction: a new version, the confirmed one kept in
``paper_tally_versions``, and a new confirmation by someone other than the correction's author.
Every UPDATE of a protocol names the ``lock_version`` it read (SQLAlchemy's version counter),
so two staff saving or confirming at once cannot both succeed."""
import hashlib
import json

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ... import audit
from ...auth.models import User
from ...errors import ServiceError
from ...extensions import db
from ...models import utcnow
from ...municipalities import people
from ...municipalities.models import ACTIVE, RESIDENT, Membership, Village
from .models import (
    APPROVAL,
    DOTS,
    ONLINE,
    PAPER,
    RANKING,
    SINGLE,
    Ballot,
    BallotParticipation,
    PaperCount,
    PaperTally,
    PaperTallyVersion,
)
from .services import check_eligible, insert_ignore, rank_limit

OLDEST_BIRTH_YEAR = 1900

people.register_move(people.participation_move(BallotParticipation, Ballot))


# --- people who voted on paper ---------------------------------------------------------

def mark_paper_voter(ballot, person, by, now=None) -> BallotParticipation:
    """Record that ``person`` voted on paper: they cannot vote online afterwards (and someone
    who voted online cannot be marked): both channels share one participation row per person."""
    now = now or utcnow()
    if now < ballot.opens_at:
        raise ServiceError(_("Voting has not started yet. Come back when the ballot opens."))
    try:
        membership = check_eligible(person, ballot)
    except ServiceError:
        raise ServiceError(_("This person is not a verified resident who may vote on this ballot."),
                           field="person_id")
    participation = mark_on_list(BallotParticipation, ballot, person, by, now, village_id=membership.village_id)
    audit.record(by, "ballot.paper_voter", participation, ballot.municipality_id, person.name)
    return participation


def mark_on_list(model, ballot, person, by, now, **values):
    """Insert ``person``'s paper participation row in ``model`` (a ballot's participations,
    UNIQUE per ballot and person, shared by both channels) or say why it exists already:
    they voted online, or were marked before. Priority and budgeting ballots alike."""
    created = insert_ignore(model.__table__, {
        "ballot_id": ballot.id, "user_id": person.id, "channel": PAPER, "version": 1, "created_at": now,
        "updated_at": now, "marked_by_id": by.id, **values})
    participation = db.session.scalar(select(model).where(model.ballot_id == ballot.id, model.user_id == person.id))
    if not created:
        if participation.channel == ONLINE:
            raise ServiceError(_("%(name)s has already voted online, so cannot also vote on paper.",
                                 name=person.name), field="person_id")
        raise ServiceError(_("%(name)s is already marked as having voted on paper.", name=person.name),
                           field="person_id")
    return participation


def mark_listed_voter(ballot, person_id, by, now=None) -> BallotParticipation:
    """Mark a person chosen from the municipality's list of verified residents."""
    person = db.session.get(User, person_id) if person_id else None
    if person is None:
        raise ServiceError(_("Choose a resident from the list."), field="person_id")
    return mark_paper_voter(ballot, person, by, now=now)


def add_listed_resident(municipality, by, *, name, village, birth_year, different=False, now=None) -> User:
    """Add a resident from the municipality's list of verified residents who has no e-mail
    address: an account that cannot log in, verified by ``by``. Refused if the same name,
    village and year of birth are already listed (they are one person: mark them instead), or
    if a verified resident of the village with an account has the same name, unless staff
    say it is a ``different`` person (municipalities/people.py)."""
    now = now or utcnow()
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError(_("Enter the resident's name as it is on the list."), field="name")
    if village is None or village.municipality_id != municipality.id:
        raise ServiceError(_("Choose villages of this municipality."), field="village_id")
    if birth_year is None or not OLDEST_BIRTH_YEAR <= birth_year <= now.year:
        raise ServiceError(_("Enter a year of birth between %(first)s and %(last)s.",
                             first=OLDEST_BIRTH_YEAR, last=now.year), field="birth_year")
    # Two staff adding the same person at once: the village row's lock makes the second wait
    # and then find the first one's row (PostgreSQL; SQLite has one writer at a time anyway).
    db.session.execute(select(Village.id).where(Village.id == village.id).with_for_update())
    same = next((p for p in people.namesakes(municipality.id, village.id, name, with_account=False)
                 if p.birth_year == birth_year), None)
    if same is not None:
        raise ServiceError(_("%(name)s, born %(year)s, of %(village)s is already on the list: choose them "
                             "in the list above instead of adding them again.",
                             name=same.name, year=birth_year, village=village.name), field="name")
    registered = people.namesakes(municipality.id, village.id, name, with_account=True)
    if registered and not different:
        raise ServiceError(_("%(name)s of %(village)s already has an account and is a verified resident: choose "
                             "them in the list above. If this is a different person of the same name, tick the box "
                             "saying so.", name=registered[0].name, village=village.name), field="different")
    person = User(email=None, name=name, birth_year=birth_year, password_hash="!")  # "!": no password matches
    db.session.add(person)
    db.session.flush()
    db.session.add(Membership(user_id=person.id, municipality_id=municipality.id, role=RESIDENT, status=ACTIVE,
                              village_id=village.id, verified_at=now, verified_by_id=by.id))
    db.session.flush()
    db.session.expire(person, ["memberships"])
    audit.record(by, "membership.listed_resident", person, municipality.id, f"{name}, {village.name}, {birth_year}")
    return person


def add_paper_voter(ballot, by, *, name, village, birth_year, different=False, now=None) -> User:
    """A listed resident not yet in the app who voted on paper: add them and mark them."""
    person = add_listed_resident(ballot.municipality, by, name=name, village=village, birth_year=birth_year,
                                 different=different, now=now)
    mark_paper_voter(ballot, person, by, now=now)
    return person


# --- protocols ------------------------------------------------------------------------

def canonical_figures(tally) -> dict:
    """The figures a confirmation vouches for, in one canonical form."""
    return {"issued": tally.issued, "valid": tally.valid, "invalid": tally.invalid,
            "counts": sorted([c.option_id, c.rank, c.amount] for c in tally.counts if c.amount)}


def digest(tally) -> str:
    """sha256 of the canonical figures: what the confirm form says it was shown."""
    text = json.dumps(canonical_figures(tally), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def bump(tally) -> None:
    """Every change moves the lock version on; the UPDATE names the old one (see the model)."""
    tally.lock_version = (tally.lock_version or 0) + 1


def _changed_meanwhile():
    return ServiceError(_("Someone else saved or confirmed this protocol at the same moment. Nothing of yours "
                          "was saved or confirmed: check the figures shown now and try again."))


def _flush_or_refuse():
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError):
        raise _changed_meanwhile() from None


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
            raise ServiceError(ngettext("An option cannot get more than %(num)s point per valid ballot.",
                                         "An option cannot get more than %(num)s points per valid ballot.", m))
        if total > valid * k:
            raise ServiceError(_("There are more points than %(k)s per valid ballot.", k=k))
    if ballot.method == RANKING:
        if any(rank < 1 or rank > k for _o, rank in counts):
            raise ServiceError(rank_limit(k))
        per_rank: dict[int, int] = {}
        for (_o, rank), amount in counts.items():
            per_rank[rank] = per_rank.get(rank, 0) + amount
        if any(n > valid for n in per_rank.values()) or any(n > valid for n in per_option.values()):
            raise ServiceError(_("Each rank, and each option, can appear at most once per valid ballot."))


def _keep_confirmed_version(tally, by, now) -> None:
    """Before a correction: keep the confirmed version as it was confirmed."""
    figures = canonical_figures(tally)
    db.session.add(PaperTallyVersion(
        tally_id=tally.id, version=tally.version, issued=tally.issued, valid=tally.valid, invalid=tally.invalid,
        counts=json.dumps(figures["counts"], separators=(",", ":")), digest=digest(tally),
        entered_by_id=tally.entered_by_id, entered_at=tally.entered_at, confirmed_by_id=tally.confirmed_by_id,
        confirmed_at=tally.confirmed_at, replaced_by_id=by.id, replaced_at=now))


def save_tally(ballot, village, by, *, issued, valid, invalid, counts, shown_version=None, now=None) -> PaperTally:
    """Enter a polling place's protocol, change it before it is confirmed, or correct a
    confirmed one (a new version needing a new confirmation); it counts once someone other
    than its author confirms it. ``shown_version``: the ``lock_version`` the form was drawn
    with (0 for a new protocol); if the protocol changed since, nothing is saved."""
    now = now or utcnow()
    if village is None or village.municipality_id != ballot.municipality_id:
        raise ServiceError(_("Choose villages of this municipality."), field="village_id")
    if now < ballot.opens_at:
        raise ServiceError(_("Voting has not started yet. Come back when the ballot opens."))
    _check_tally(ballot, issued, valid, invalid, counts)
    tally = db.session.scalar(select(PaperTally).where(PaperTally.ballot_id == ballot.id,
                                                       PaperTally.village_id == village.id))
    if shown_version is not None and (tally.lock_version if tally else 0) != shown_version:
        raise ServiceError(_("Someone else saved this protocol after you opened it. Nothing of yours was saved: "
                             "the figures stored now are shown above; compare them with the paper protocol "
                             "and save again if yours are right."))
    action = "ballot.tally_enter"
    if tally is None:
        tally = PaperTally(ballot_id=ballot.id, village_id=village.id, version=1, lock_version=1)
        db.session.add(tally)
    else:
        if tally.is_confirmed:
            _keep_confirmed_version(tally, by, now)
            tally.version += 1
            tally.confirmed_by_id, tally.confirmed_at = None, None
            action = "ballot.tally_correct"
        bump(tally)
    tally.issued, tally.valid, tally.invalid = issued, valid, invalid
    tally.entered_by_id, tally.entered_at = by.id, now
    _flush_or_refuse()  # the protocol row first: its lock orders concurrent saves
    tally.counts.clear()
    db.session.flush()
    tally.counts.extend(PaperCount(ballot_id=ballot.id, option_id=o, rank=r, amount=a)
                        for (o, r), a in sorted(counts.items()) if a)
    db.session.flush()
    audit.record(by, action, tally, ballot.municipality_id,
                 f"{village.name} v{tally.version}: {issued}/{valid}/{invalid}")
    return tally


def confirm_tally(tally, by, *, shown_version, shown_digest, now=None) -> None:
    """Confirm exactly the figures the confirmer was shown: ``shown_version`` and
    ``shown_digest`` come from the form; if the protocol changed since, nothing is confirmed."""
    if tally.is_confirmed:
        raise ServiceError(_("This protocol is already confirmed."))
    if tally.lock_version != shown_version or digest(tally) != (shown_digest or ""):
        raise ServiceError(_("The figures of this protocol changed after you opened the page. Nothing was "
                             "confirmed: check the figures shown now against the paper protocol and confirm "
                             "again if they match."))
    if tally.entered_by_id == by.id:
        raise ServiceError(_("A second staff member must confirm the protocol: you entered it yourself."))
    tally.confirmed_by_id = by.id
    tally.confirmed_at = now or utcnow()
    bump(tally)
    _flush_or_refuse()
    audit.record(by, "ballot.tally_confirm", tally, tally.ballot.municipality_id,
                 f"{tally.village.name} v{tally.version}")

"""Ballot operations: create and edit (until the first vote), vote, paper protocols,
paper voters, the priority list. Functions add and flush; views commit."""
import functools
import re

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import bindparam, delete, exists, func, select

from ... import audit, sealing
from ...actions import after_commit
from ...errors import ServiceError
from ...extensions import db
from ...mixing import voter_profile
from ...models import utcnow
from ...municipalities.models import ACTIVE, RESIDENT, Village
from .models import (
    APPROVAL,
    DOTS,
    METHODS,
    ONLINE,
    RANKING,
    SINGLE,
    Ballot,
    BallotOption,
    BallotParticipation,
    BallotVote,
    PaperTally,
    Priority,
    SealedVote,
)
from . import mixing
from .queries import (  # noqa: F401  (the read side, importable from here as before)
    ballot_detail,
    ballots_list,
    has_votes,
    listed_residents,
    paper_voters_list,
    priorities_list,
    tallies_list,
)

MAX_OPTIONS = 60


# --- ballots ---------------------------------------------------------------------------

def _check_rules(method, max_choices, max_per_option, opens_at, closes_at, n_options):
    if method not in METHODS:
        raise ServiceError(_("Choose a voting method from the list."), field="method")
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        raise ServiceError(_("The ballot must close after it opens."), field="closes_at")
    if n_options < 2:
        raise ServiceError(_("A ballot needs at least two options."), field="options")
    if n_options > MAX_OPTIONS:
        raise ServiceError(ngettext("A ballot can have at most %(num)s option.",
                                    "A ballot can have at most %(num)s options.", MAX_OPTIONS), field="options")
    if method == SINGLE:
        return 1, 1
    if not max_choices or max_choices < 1:
        raise ServiceError(_("Enter how many choices or points each voter has."), field="max_choices")
    if method in (APPROVAL, RANKING) and max_choices > n_options:
        raise ServiceError(_("Voters cannot choose or rank more options than the ballot has."), field="max_choices")
    if method == DOTS:
        if not max_per_option or max_per_option < 1:
            raise ServiceError(_("Enter the most points one option can get from a voter."), field="max_per_option")
        if max_per_option > max_choices:
            raise ServiceError(_("One option cannot get more points than a voter has."), field="max_per_option")
        return max_choices, max_per_option
    return max_choices, 1


def _villages_of(municipality, village_ids):
    if not village_ids:
        return []
    villages = db.session.scalars(select(Village).where(Village.id.in_(village_ids))).all()
    if len(villages) != len(set(village_ids)) or any(v.municipality_id != municipality.id for v in villages):
        raise ServiceError(_("Choose villages of this municipality."), field="village_ids")
    return villages


def create_ballot(municipality, by, *, title, explanation, method, max_choices, max_per_option,
                  opens_at, closes_at, is_results_live, village_ids=(), options=()) -> Ballot:
    """``options``: a list of (text, extra fields) pairs, e.g. ("Road", {"problem_id": 3})."""
    options = [(text.strip(), extra) for text, extra in options if text and text.strip()]
    k, m = _check_rules(method, max_choices, max_per_option, opens_at, closes_at, len(options))
    ballot = Ballot(municipality_id=municipality.id, title=title, explanation=explanation or "", method=method,
                    max_choices=k, max_per_option=m, opens_at=opens_at, closes_at=closes_at,
                    is_results_live=bool(is_results_live), created_by_id=getattr(by, "id", None))
    ballot.villages = _villages_of(municipality, village_ids)
    ballot.options = [BallotOption(position=i, text=text[:1000], **extra) for i, (text, extra) in enumerate(options, 1)]
    db.session.add(ballot)
    db.session.flush()
    audit.record(by, "ballot.create", ballot, municipality.id, title)
    return ballot


def update_ballot(ballot, by, *, title, explanation, method, max_choices, max_per_option,
                  opens_at, closes_at, is_results_live, village_ids=(), options=None) -> None:
    """Change a ballot; refused once anyone has voted (online or on paper)."""
    if has_votes(ballot):
        raise ServiceError(_("The rules can no longer change: voting has started and people have already voted "
                             "under these rules. Create a new ballot instead."))
    if options is not None:
        options = [(text.strip(), extra) for text, extra in options if text and text.strip()]
    n = len(options) if options is not None else len(ballot.options)
    k, m = _check_rules(method, max_choices, max_per_option, opens_at, closes_at, n)
    ballot.title, ballot.explanation, ballot.method = title, explanation or "", method
    ballot.max_choices, ballot.max_per_option = k, m
    ballot.opens_at, ballot.closes_at, ballot.is_results_live = opens_at, closes_at, bool(is_results_live)
    ballot.villages = _villages_of(ballot.municipality, village_ids)
    if options is not None:
        ballot.options.clear()
        db.session.flush()
        ballot.options.extend(BallotOption(position=i, text=text[:1000], **extra)
                              for i, (text, extra) in enumerate(options, 1))
    db.session.flush()
    audit.record(by, "ballot.update", ballot, ballot.municipality_id, title)


# --- eligibility -----------------------------------------------------------------------

def resident_membership(user, ballot):
    for m in getattr(user, "memberships", ()):
        if m.municipality_id == ballot.municipality_id and m.role == RESIDENT and m.status == ACTIVE:
            return m
    return None


def check_eligible(user, ballot):
    """The voter's resident membership, or a refusal saying why they may not vote."""
    membership = resident_membership(user, ballot)
    if membership is None:
        raise ServiceError(_("Only verified residents of %(name)s can vote. Ask to join the municipality; "
                             "staff will verify that you live here.", name=ballot.municipality.name))
    if ballot.villages and membership.village_id not in {v.id for v in ballot.villages}:
        raise ServiceError(_("This ballot is only for residents of: %(villages)s.",
                             villages=", ".join(v.name for v in ballot.villages)))
    return membership


def check_open(ballot, now):
    if now < ballot.opens_at:
        raise ServiceError(_("Voting has not started yet. Come back when the ballot opens."))
    if now >= ballot.closes_at:
        raise ServiceError(_("Voting has ended. Votes are no longer accepted."))


# --- reading the voting form -----------------------------------------------------------

_FIELD = re.compile(r"^(points|rank)-(.+)$")


def _tampered():
    return ServiceError(_("The form was changed or damaged and could not be read. Nothing was counted; "
                          "reload the page and vote again."))


def _int(text):
    text = (text or "").strip()
    if not re.fullmatch(r"\d{1,6}", text):
        raise _tampered()
    return int(text)


def read_choices(ballot, form) -> dict[int, int]:
    """{option_id: value} from the posted form; value 1, the points or the rank."""
    option_ids = {o.id for o in ballot.options}
    choices: dict[int, int] = {}

    def option(raw):
        option_id = _int(raw)
        if option_id not in option_ids:
            raise ServiceError(_("One of the options you sent is not on this ballot. Nothing was counted; "
                                 "reload the page and vote again."))
        return option_id

    if ballot.method in (SINGLE, APPROVAL):
        if any(_FIELD.match(key) for key in form):
            raise _tampered()
        for raw in form.getlist("choice"):
            choices[option(raw)] = 1
        return choices
    prefix = "points" if ballot.method == DOTS else "rank"
    if "choice" in form:
        raise _tampered()
    for key in form:
        match = _FIELD.match(key)
        if not match:
            continue
        if match.group(1) != prefix:
            raise _tampered()
        value = (form.get(key) or "").strip()
        option_id = option(match.group(2))
        if value in ("", "0"):
            continue
        choices[option_id] = _int(value)
    return choices


def rank_limit(k) -> str:
    """The refusal of a ranking past place ``k`` (online and on paper)."""
    return ngettext("You can rank at most %(num)s option, from 1 to %(num)s.",
                    "You can rank at most %(num)s options, from 1 to %(num)s.", k)


def check_choices(ballot, choices: dict[int, int]):
    k, m = ballot.max_choices, ballot.max_per_option
    if not choices:
        raise ServiceError(_("Choose at least one option before sending your vote."))
    if ballot.method == SINGLE and len(choices) > 1:
        raise ServiceError(_("Choose only one option."))
    if ballot.method == APPROVAL and len(choices) > k:
        raise ServiceError(ngettext("You chose %(num)s option; this ballot allows at most %(k)s.",
                                    "You chose %(num)s options; this ballot allows at most %(k)s.", len(choices), k=k))
    if ballot.method == DOTS:
        if any(v > m for v in choices.values()):
            raise ServiceError(ngettext("One option can get at most %(num)s point.",
                                         "One option can get at most %(num)s points.", m))
        if sum(choices.values()) > k:
            raise ServiceError(ngettext("You gave %(num)s point; you have %(k)s to spread.",
                                        "You gave %(num)s points; you have %(k)s to spread.", sum(choices.values()),
                                        k=k))
    if ballot.method == RANKING:
        ranks = list(choices.values())
        if len(ranks) != len(set(ranks)):
            raise ServiceError(_("Each rank can be given to only one option: two options have the same rank."))
        if len(ranks) > k or max(ranks) > k:
            raise ServiceError(rank_limit(k))
        if sorted(ranks) != list(range(1, len(ranks) + 1)):
            raise ServiceError(_("Use the ranks 1, 2, 3 … in order, without gaps."))


# --- voting ----------------------------------------------------------------------------

def receipt_for(ballot_id, user_id) -> str:
    """A keyed hash of ballot and voter: the same for every vote of this voter on this
    ballot, so a new vote replaces the old one, yet the votes table holds no user id.

    The key is PLANNER_BALLOT_RECEIPT_KEY (never the secret key). Changing it while a
    ballot is open makes earlier votes unmatchable: cast_vote then refuses a change rather
    than count a voter twice."""
    return sealing.tag("ballot", ballot_id, "voter", user_id)


def insert_ignore(table, values):
    """INSERT .. ON CONFLICT DO NOTHING (PostgreSQL and SQLite); True if a row went in."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    return db.session.execute(statement).scalar() is not None


def _upsert(table, values, conflict, update, where=None):
    """INSERT .. ON CONFLICT (conflict) DO UPDATE SET update [WHERE where] (PostgreSQL and
    SQLite): one statement whatever the row's state; a callable value in ``update`` is
    given the proposed row (``excluded``). With ``.returning(...)``, no row comes back when
    the row exists and ``where`` is false."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=conflict, set_={k: (v(statement.excluded) if callable(v) else v) for k, v in update.items()},
        where=where)
    return statement


def _participate_online(ballot, user, membership, receipt, now):
    """The voter's participation, made or counted up in one statement, which also says what
    the vote needs to know of the sealed and mixed votes: ``(created, version, earlier_found,
    waiting)`` (``waiting``: the ballot's sealed votes once this one is written), or a
    refusal if the voter is marked as having voted on paper. On PostgreSQL the statement
    locks the row until commit, which orders concurrent requests of one voter."""
    table = BallotParticipation.__table__
    mine = exists().where(SealedVote.ballot_id == ballot.id, SealedVote.tag == mixing.seal_tag(ballot.id, user.id))
    mixed = exists().where(BallotVote.ballot_id == ballot.id, BallotVote.receipt == receipt)
    sealed = select(func.count()).select_from(SealedVote).where(SealedVote.ballot_id == ballot.id).scalar_subquery()
    statement = _upsert(table, {
        "ballot_id": ballot.id, "user_id": user.id, "channel": ONLINE, "village_id": membership.village_id,
        "version": 1, "created_at": now, "updated_at": now,
    }, ["ballot_id", "user_id"], {"version": table.c.version + 1, "updated_at": now},
        where=table.c.channel == ONLINE).returning(table.c.version, mine, mixed, sealed)
    row = db.session.execute(statement).first()
    if row is None:
        raise ServiceError(_("You are marked as having voted on paper at a village gathering, so you cannot "
                             "also vote online."))
    version, mine_waits, was_mixed, sealed_count = row
    return version == 1, version, bool(mine_waits or was_mixed), sealed_count + (0 if mine_waits else 1)


def _earlier_vote_found(ballot, user, receipt) -> bool:
    """Whether the voter's earlier vote is still sealed or among the mixed papers."""
    return bool(db.session.scalar(select(
        exists().where(SealedVote.ballot_id == ballot.id, SealedVote.tag == mixing.seal_tag(ballot.id, user.id))
        | exists().where(BallotVote.ballot_id == ballot.id, BallotVote.receipt == receipt))))


def cast_vote(ballot, user, choices: dict[int, int], now=None) -> int:
    """Record (or replace) ``user``'s online vote; returns the vote's version (1 for the
    first, 2 after one change...). The UNIQUE (ballot_id, user_id) of the participation
    table makes this one row per person; the row lock orders concurrent requests of the
    same voter, and the last one to commit is the vote that counts.

    Statements (4, with the request's loads of the user and the ballot 6): the
    participation (one upsert that also returns whether the earlier vote is found and how
    many sealed votes wait), the sealed vote (one upsert: it replaces a waiting one), and at
    commit the data version and the audit row. Only when the upsert found no earlier vote
    of a changing voter is it looked for again in a statement of its own: on PostgreSQL a
    request that waited for the same voter's concurrent request sees that request's vote
    only in a later statement. The mix (counting what waits first) runs after the commit
    only when this vote fills a batch; two voters filling one at the same moment may each
    see the other's vote missing and leave the batch to the next vote, the close or
    ``flask mix-votes`` (a sealed vote that waits longer is no less secret)."""
    now = now or utcnow()
    check_open(ballot, now)
    membership = check_eligible(user, ballot)
    check_choices(ballot, choices)
    receipt = receipt_for(ballot.id, user.id)
    created, version, found, waiting = _participate_online(ballot, user, membership, receipt, now)
    if not created and not found and not _earlier_vote_found(ballot, user, receipt):
        current_app.logger.error("ballot %s: no earlier vote matches a voter's receipt (receipt key changed?)",
                                 ballot.id)
        raise ServiceError(_("Your earlier vote could not be matched, so it cannot be changed now; nothing was "
                             "counted twice. Please tell the municipality's staff."))
    # The choice is written only sealed; mixing.mix_ballot moves it into ballot_votes later,
    # in a shuffled batch and a transaction of its own (docs/threat-model.md). A waiting
    # sealed vote of the same voter is replaced, new id included.
    sealed = mixing.seal_vote(ballot, user.id, receipt, choices, voter_profile(user, membership))
    db.session.execute(_upsert(SealedVote.__table__, {
        "id": sealed.id, "ballot_id": sealed.ballot_id, "tag": sealed.tag, "sealed": sealed.sealed,
    }, ["ballot_id", "tag"], {"id": lambda new: new.id, "sealed": lambda new: new.sealed}))
    # Date only: a time would let the audit log be matched with the order of mixed votes.
    audit.record(user, "ballot.vote" if created else "ballot.vote_change", ballot, ballot.municipality_id)
    if waiting >= sealing.batch_size():
        after_commit(mixing.mix_after_vote(ballot.id))
    return version


@functools.cache
def _participation():
    """A voter's participation in a ballot: built once (the ballot page asks it on every visit)."""
    return select(BallotParticipation).where(BallotParticipation.ballot_id == bindparam("ballot_id"),
                                             BallotParticipation.user_id == bindparam("user_id"))


def my_vote(ballot, user) -> tuple[dict[int, int], object]:
    """The user's current online choices and participation (for pre-filling the form):
    the sealed vote if one waits, else the mixed rows under the voter's receipt."""
    if not getattr(user, "is_authenticated", False):
        return {}, None
    participation = db.session.scalar(_participation(), {"ballot_id": ballot.id, "user_id": user.id})
    if participation is None or participation.channel != ONLINE:
        return {}, participation
    return mixing.MIX.own_choices(ballot.id, mixing.seal_tag(ballot.id, user.id),
                                  receipt_for(ballot.id, user.id)), participation


# --- priorities ------------------------------------------------------------------------

def make_priorities(ballot, result, by, top, now=None) -> list[Priority]:
    """Replace the ballot's priority list with its ``top`` options in result order (an
    option tied with the last one taken is taken too)."""
    now = now or utcnow()
    if not ballot.is_closed(now):
        raise ServiceError(_("The priority list is made after the ballot closes."))
    if top < 1:
        raise ServiceError(_("Enter how many priorities to take."), field="top")
    pending = db.session.scalar(select(func.count(PaperTally.id)).where(
        PaperTally.ballot_id == ballot.id, PaperTally.confirmed_at.is_(None)))
    if pending:
        raise ServiceError(ngettext("Confirm or correct every paper protocol first: %(num)s still waits for "
                                    "confirmation.", "Confirm or correct every paper protocol first: %(num)s still "
                                    "wait for confirmation.", pending))
    rows = [r for r in result.rows if r.rank <= top]
    db.session.execute(delete(Priority).where(Priority.ballot_id == ballot.id))
    priorities = [Priority(municipality_id=ballot.municipality_id, ballot_id=ballot.id, option_id=r.option.id,
                           rank=r.rank, title=r.option.text, score=r.total, created_by_id=by.id,
                           **priority_links(r.option))
                  for r in rows]
    db.session.add_all(priorities)
    db.session.flush()
    audit.record(by, "ballot.priorities", ballot, ballot.municipality_id, f"{len(priorities)}")
    return priorities


def priority_links(option) -> dict:
    """Fields a priority copies from its option's source."""
    return {"problem_id": option.problem_id}

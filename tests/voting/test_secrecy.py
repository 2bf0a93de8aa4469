"""The secret ballot attacked from a copy of the database without the receipt key
(docs/threat-model.md): pair voters with ballot papers by ids, timestamps, row order, ctid
and xmin (PostgreSQL), and the audit log. Each attack is run on several ballots of 10
voters; its accuracy must stay near chance (0.1), far below what it was when the votes
were written in the voter's own transaction (1.0)."""
import random
import re
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidTag
from flask_babel import force_locale
from sqlalchemy import event, func, select, text

from planner import actions, audit_texts, create_app
from planner.audit import AuditEntry
from planner.auth.models import User
from planner.models import utcnow
from planner.surveys.ballots import counting, mixing, services
from planner.surveys.ballots.models import BallotParticipation, BallotVote, SealedVote

from .conftest import settle

pytestmark = pytest.mark.usefixtures("request_ctx")

VOTERS = 10
TRIALS = 5
OPTIONS = tuple(f"Option {n}" for n in range(1, VOTERS + 1))


def _cast(db, ballot, user, option_id):
    """One vote as the vote page sends it: its own transaction, then the after-commit mix."""
    services.cast_vote(ballot, user, {option_id: 1})
    actions.commit()


def _election(db, town, make_resident, make_ballot, voters=VOTERS):
    """A ballot where every voter picks a different option; returns (ballot, {user_id: option_id})."""
    ballot = make_ballot(town, "single", options=OPTIONS)
    users = [make_resident(town) for _ in range(voters)]
    options = [o.id for o in ballot.options]
    random.shuffle(options)
    truth = {}
    for user, option_id in zip(users, options):
        _cast(db, ballot, user, option_id)
        truth[user.id] = option_id
    return ballot, truth


def _rows(db, sql, ballot):
    return db.session.execute(text(sql), {"b": ballot.id}).all()


def _attacks(db, ballot):
    """Each attack: voters in its order, papers in its order; it pairs them one to one."""
    pg = db.engine.dialect.name == "postgresql"
    votes_by_id = [r[0] for r in _rows(db, "SELECT option_id FROM ballot_votes WHERE ballot_id = :b ORDER BY id", ballot)]
    attacks = {
        "ids": ("SELECT user_id FROM ballot_participations WHERE ballot_id = :b ORDER BY id", votes_by_id),
        "timestamps": ("SELECT user_id FROM ballot_participations WHERE ballot_id = :b ORDER BY updated_at, id",
                       votes_by_id),
        "row order": ("SELECT user_id FROM ballot_participations WHERE ballot_id = :b",
                      [r[0] for r in _rows(db, "SELECT option_id FROM ballot_votes WHERE ballot_id = :b", ballot)]),
        "audit log": ("SELECT user_id FROM audit_entries WHERE object_type = 'Ballot' AND object_id = :b "
                      "AND action = 'ballot.vote' ORDER BY created_at, id", votes_by_id),
    }
    if pg:
        attacks["ctid"] = ("SELECT user_id FROM ballot_participations WHERE ballot_id = :b ORDER BY ctid",
                           [r[0] for r in _rows(db, "SELECT option_id FROM ballot_votes WHERE ballot_id = :b "
                                                    "ORDER BY ctid", ballot)])
        attacks["xmin"] = ("SELECT user_id FROM ballot_participations WHERE ballot_id = :b "
                           "ORDER BY xmin::text::bigint, id",
                           [r[0] for r in _rows(db, "SELECT option_id FROM ballot_votes WHERE ballot_id = :b "
                                                    "ORDER BY xmin::text::bigint, id", ballot)])
    return {name: ([r[0] for r in _rows(db, sql, ballot)], papers) for name, (sql, papers) in attacks.items()}


def test_no_attack_on_a_database_copy_links_votes_better_than_chance(db, make_municipality, make_resident,
                                                                      make_ballot):
    town = make_municipality()
    hits: dict = {}
    for _trial in range(TRIALS):
        ballot, truth = _election(db, town, make_resident, make_ballot)
        assert db.session.scalar(select(func.count()).select_from(SealedVote)) == 0, "a full batch is mixed at once"
        for name, (voters, papers) in _attacks(db, ballot).items():
            assert len(voters) == len(papers) == VOTERS, name
            hits.setdefault(name, []).extend(truth[u] == p for u, p in zip(voters, papers))
    for name, results in hits.items():
        accuracy = sum(results) / len(results)
        # Chance is 0.1; a fixed pairing of random permutations scores >= 0.4 over 5 ballots
        # with probability about 1e-6.
        assert accuracy < 0.4, f"the {name} attack links {accuracy:.0%} of votes to their voters"


def test_no_paper_shares_a_transaction_or_a_time_with_its_voter(db, make_municipality, make_resident, make_ballot):
    town = make_municipality()
    ballot, _truth = _election(db, town, make_resident, make_ballot)
    assert "created_at" not in BallotVote.__table__.columns and "user_id" not in BallotVote.__table__.columns
    times = db.session.scalars(select(AuditEntry.created_at).where(
        AuditEntry.object_id == ballot.id, AuditEntry.action.like("ballot.vote%"))).all()
    assert len(times) == VOTERS and all(t.time() == t.time().min for t in times), "audit keeps the day only"
    if db.engine.dialect.name == "postgresql":
        voters = {r[0] for r in _rows(db, "SELECT xmin::text FROM ballot_participations WHERE ballot_id = :b", ballot)}
        papers = {r[0] for r in _rows(db, "SELECT xmin::text FROM ballot_votes WHERE ballot_id = :b", ballot)}
        assert not voters & papers, "a paper was written in its voter's transaction"
        assert len(papers) == 1, "a batch is written in one transaction of its own"


def test_staff_see_the_day_of_a_vote_in_the_audit_log_not_its_time(db, client, auth, make_municipality,
                                                                   make_resident, make_ballot, make_user, make_member):
    town = make_municipality()
    ballot = make_ballot(town, "single", options=OPTIONS)
    _cast(db, ballot, make_resident(town), ballot.options[0].id)
    staff = make_user()
    make_member(staff, town, "staff")
    auth.as_user(staff)
    page = client.get(f"/m/{town.slug}/audit").get_data(as_text=True)
    rows = re.findall(r"<tr>.*?</tr>", page, re.S)  # a row spans lines; its "What" cell is the action's sentence

    language = re.search(r'<html lang="([^"]+)"', page).group(1)

    def row_of(action):
        with client.application.test_request_context(), force_locale(language):
            what = audit_texts.sentence(action)
        return next(row for row in rows if f">{what}<" in row)

    row = row_of("ballot.vote")
    assert not re.search(r"\d{1,2}:\d{2}", row), row
    assert re.search(r"\d{1,2}:\d{2}", row_of("ballot.create"))


def test_a_waiting_vote_is_sealed_and_counts_only_with_its_batch(db, app, make_municipality, make_resident,
                                                                 make_ballot):
    town = make_municipality()
    ballot = make_ballot(town, "single", options=OPTIONS, is_results_live=True)
    users = [make_resident(town) for _ in range(VOTERS)]
    for user in users[:-1]:
        _cast(db, ballot, user, ballot.options[0].id)
    assert db.session.scalar(select(func.count()).select_from(BallotVote)) == 0
    sealed = db.session.scalars(select(SealedVote).where(SealedVote.ballot_id == ballot.id)).all()
    assert len(sealed) == VOTERS - 1
    assert len({len(s.sealed) for s in sealed}) == 1, "sealed votes are padded to one length"
    assert all(b'"choices"' not in s.sealed for s in sealed)
    # Live results move only a whole batch at a time: nine votes show nothing yet.
    assert counting.count(ballot, with_breakdowns=False).rows[0].online == 0
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "BALLOT_RECEIPT_KEY": "other"})
    with other.app_context(), pytest.raises(InvalidTag):
        mixing.open_vote(ballot.id, sealed[0])
    _cast(db, ballot, users[-1], ballot.options[1].id)
    result = {r.option.text: r.online for r in counting.count(ballot, with_breakdowns=False).rows}
    assert result["Option 1"] == VOTERS - 1 and result["Option 2"] == 1
    assert db.session.scalar(select(func.count()).select_from(SealedVote)) == 0


def test_a_changed_vote_replaces_the_mixed_paper_and_the_form_shows_it(db, make_municipality, make_resident,
                                                                       make_ballot):
    town = make_municipality()
    ballot, truth = _election(db, town, make_resident, make_ballot)
    user_id = next(iter(truth))
    user = db.session.get(User, user_id)
    new_option = next(o.id for o in ballot.options if o.id != truth[user_id])
    assert services.cast_vote(ballot, user, {new_option: 1}) == 2
    actions.commit()
    assert services.my_vote(ballot, user)[0] == {new_option: 1}, "the waiting vote pre-fills the form"
    settle(db, ballot)
    assert services.my_vote(ballot, user)[0] == {new_option: 1}
    online = {r.option.id: r.online for r in counting.count(ballot, with_breakdowns=False).rows}
    assert sum(online.values()) == VOTERS and online[truth[user_id]] == 0 and online[new_option] == 2


def test_a_short_last_batch_still_hides_each_voter_among_ten(db, make_municipality, make_resident, make_ballot):
    town = make_municipality()
    ballot, _truth = _election(db, town, make_resident, make_ballot)
    for user in [make_resident(town) for _ in range(3)]:
        _cast(db, ballot, user, ballot.options[0].id)
    ballot.opens_at, ballot.closes_at = utcnow() - timedelta(days=2), utcnow() - timedelta(minutes=1)
    db.session.commit()
    written = []

    def watch(_conn, _cursor, statement, parameters, _context, executemany):
        if statement.startswith("INSERT INTO ballot_votes"):
            written.extend(parameters if executemany else [parameters])

    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        assert mixing.settle(ballot) == 3
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)
    receipts = {r for params in written for r in _receipts_in(params)}
    assert len(receipts) >= VOTERS, "the last 3 votes are written among papers of 7 earlier voters"
    assert sum(r.online for r in counting.count(ballot, with_breakdowns=False).rows) == VOTERS + 3


def _receipts_in(parameters):
    values = parameters.values() if isinstance(parameters, dict) else parameters
    return [v for v in values if isinstance(v, str) and len(v) == 32]


def test_fewer_than_ten_voters_are_mixed_all_together_at_close(db, client, auth, make_municipality, make_resident,
                                                               make_ballot, make_user, make_member):
    town = make_municipality()
    ballot, truth = _election(db, town, make_resident, make_ballot, voters=4)
    assert db.session.scalar(select(func.count()).select_from(BallotVote)) == 0
    ballot.opens_at, ballot.closes_at = utcnow() - timedelta(days=2), utcnow() - timedelta(minutes=1)
    db.session.commit()
    staff = make_user()
    make_member(staff, town, "staff")
    auth.as_user(staff)
    assert client.get(f"/m/{town.slug}/ballots/{ballot.id}/results").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(SealedVote)) == 0, "results mix the last votes"
    assert db.session.scalar(select(func.count()).select_from(BallotVote)) == 4
    assert db.session.scalar(select(func.count()).select_from(BallotParticipation)) == 4


def test_flask_mix_votes_mixes_closed_ballots_and_full_batches_only(app, db, make_municipality, make_resident,
                                                                   make_ballot):
    town = make_municipality()
    closed, _truth = _election(db, town, make_resident, make_ballot, voters=3)
    still_open, _truth = _election(db, town, make_resident, make_ballot, voters=3)
    closed.opens_at, closed.closes_at = utcnow() - timedelta(days=2), utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mix-votes"])
    assert result.exit_code == 0 and "Mixed 3 sealed votes" in result.output
    waiting = dict(db.session.execute(select(SealedVote.ballot_id, func.count()).group_by(SealedVote.ballot_id)).all())
    assert waiting == {still_open.id: 3}
    app.config["BALLOT_RECEIPT_KEY"] = "a-changed-key"
    still_open.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mix-votes"])
    assert result.exit_code == 0 and "Mixed 0 sealed votes" in result.output, "unreadable votes wait, no crash"
    app.config.pop("BALLOT_RECEIPT_KEY")
    result = app.test_cli_runner().invoke(args=["mix-votes"])
    assert result.exit_code != 0 and "PLANNER_BALLOT_RECEIPT_KEY" in result.output


@pytest.mark.parametrize(("config", "message"), [
    ({}, "ballot receipt key"),
    ({"BALLOT_RECEIPT_KEY": "same"}, "must differ"),
])
def test_the_app_refuses_to_start_without_its_own_receipt_key(monkeypatch, config, message):
    monkeypatch.delenv("PLANNER_BALLOT_RECEIPT_KEY", raising=False)
    with pytest.raises(RuntimeError, match=message):
        create_app({"SECRET_KEY": "same", "SQLALCHEMY_DATABASE_URI": "sqlite://", **config})

"""Budgeting services: each voting style's checks, the lock on the rule, votes without voters."""
import pytest
from sqlalchemy import func, inspect, select

from planner.budgeting import services
from planner.budgeting.models import PbParticipation, PbSealedVote, PbVote
from planner.errors import ServiceError

from .conftest import close, money, vote_as


@pytest.fixture
def town(make_municipality):
    return make_municipality()


def _ids(ballot, *positions):
    by_position = {p.position: p.id for p in ballot.projects}
    return {by_position[p]: 1 for p in positions}


def test_within_budget_refuses_a_paper_over_budget(rq, town, make_pb):
    ballot = make_pb(town, costs=(40, 30, 30, 20), budget=100)
    services.check_choices(ballot, _ids(ballot, 1, 2, 3), money)  # exactly 100
    with pytest.raises(ServiceError, match="cost 120 KGS, more than the budget of 100 KGS"):
        services.check_choices(ballot, _ids(ballot, 1, 2, 3, 4), money)


def test_up_to_k_refuses_more_than_k(rq, town, make_pb):
    ballot = make_pb(town, style="up_to_k", k=2)
    services.check_choices(ballot, _ids(ballot, 1, 4), money)
    with pytest.raises(ServiceError, match="at most 2"):
        services.check_choices(ballot, _ids(ballot, 1, 2, 3), money)


def test_points_refuses_more_points_than_the_voter_has(rq, town, make_pb):
    ballot = make_pb(town, style="points", k=5)
    ids = [p.id for p in ballot.projects]
    services.check_choices(ballot, {ids[0]: 3, ids[1]: 2}, money)
    with pytest.raises(ServiceError, match="You gave 6 points; you have 5 points"):
        services.check_choices(ballot, {ids[0]: 3, ids[1]: 3}, money)


def test_minimum_spend_and_minimum_number_of_projects(rq, town, make_pb):
    ballot = make_pb(town, costs=(40, 30, 30, 20), min_spend=60, min_projects=2)
    with pytest.raises(ServiceError, match="at least 2 projects"):
        services.check_choices(ballot, _ids(ballot, 1), money)
    with pytest.raises(ServiceError, match="cost 50 KGS; choose projects worth at least 60 KGS"):
        services.check_choices(ballot, _ids(ballot, 3, 4), money)
    services.check_choices(ballot, _ids(ballot, 1, 4), money)


def test_empty_paper_is_refused(rq, town, make_pb):
    ballot = make_pb(town)
    with pytest.raises(ServiceError, match="at least one project"):
        services.check_choices(ballot, {}, money)


def test_minimum_spend_cannot_exceed_the_budget(rq, town, make_user):
    from planner.models import utcnow
    from datetime import timedelta

    with pytest.raises(ServiceError) as refused:
        services.create_ballot(town, make_user(), title="x", style="budget", rule="greedy", budget=100,
                               min_spend=101, opens_at=utcnow(), closes_at=utcnow() + timedelta(days=1))
    assert refused.value.field == "min_spend"


def test_the_rule_changes_freely_until_the_first_vote_then_never(rq, db, town, make_pb, make_resident):
    ballot = make_pb(town, rule="greedy")
    staff = None  # the services record who acted; the lock does not depend on it
    fields = dict(title=ballot.title, description="", style=ballot.style, budget=ballot.budget,
                  max_choices=ballot.max_choices, min_spend=None, min_projects=None,
                  opens_at=ballot.opens_at, closes_at=ballot.closes_at)
    services.update_ballot(ballot, staff, rule="mes_add1", **fields)
    db.session.commit()
    assert ballot.rule == "mes_add1"
    vote_as(db, ballot, make_resident(town), [1])
    with pytest.raises(ServiceError, match="can no longer change") as refused:
        services.update_ballot(ballot, staff, rule="greedy", **fields)
    assert refused.value.field == "rule"
    db.session.rollback()
    assert ballot.rule == "mes_add1"
    with pytest.raises(ServiceError, match="can no longer change"):
        services.update_ballot(ballot, staff, rule="mes_add1", **{**fields, "budget": 90})
    db.session.rollback()
    with pytest.raises(ServiceError, match="can no longer change"):
        services.add_project(ballot, staff, title="Late", cost=5)
    db.session.rollback()
    with pytest.raises(ServiceError, match="can no longer change"):
        services.remove_project(ballot, staff, ballot.projects[0])
    db.session.rollback()
    # the title and the closing time may still be corrected
    services.update_ballot(ballot, staff, rule="mes_add1", **{**fields, "title": "Projects of 2027"})
    db.session.commit()
    assert ballot.title == "Projects of 2027"


def test_a_vote_can_be_changed_and_counts_once(rq, db, town, make_pb, make_resident):
    ballot = make_pb(town)
    voter = make_resident(town)
    assert vote_as(db, ballot, voter, [1, 2]) == 1
    assert vote_as(db, ballot, voter, [3]) == 2
    assert services.my_vote(ballot, voter)[0] == {ballot.projects[2].id: 1}  # read from the sealed paper
    assert db.session.scalar(select(func.count()).select_from(PbSealedVote)) == 1
    assert db.session.scalar(select(func.count()).select_from(PbVote)) == 0  # nothing readable before the mix
    close(db, ballot)
    rows = db.session.execute(select(PbVote.project_id)).scalars().all()
    assert rows == [ballot.projects[2].id]
    assert db.session.scalar(select(PbParticipation.version)) == 2
    assert services.my_vote(ballot, voter)[0] == {ballot.projects[2].id: 1}  # now from the mixed rows


def test_votes_are_stored_without_the_voter(rq, db, town, make_pb, make_resident):
    ballot = make_pb(town)
    voter = make_resident(town)
    vote_as(db, ballot, voter, [1, 4])
    close(db, ballot)
    columns = {c.key for c in inspect(PbVote).columns}
    assert not {"user_id", "participation_id", "created_at"} & columns
    assert not [fk for fk in PbVote.__table__.foreign_keys if fk.column.table.name in ("users", "pb_participations")]
    receipts = set(db.session.scalars(select(PbVote.receipt)).all())
    assert receipts == {services.receipt_for(ballot.id, voter.id)}
    # without the key, the receipt cannot be tied to the voter by hashing the ids
    import hashlib
    assert hashlib.sha256(f"pb:{ballot.id}:voter:{voter.id}".encode()).hexdigest()[:32] not in receipts


def test_papers_wait_sealed_until_a_batch_of_ten_then_mix_in_shuffled_order(rq, db, town, make_pb, make_resident):
    ballot = make_pb(town)
    for n in range(9):
        vote_as(db, ballot, make_resident(town), [1 + n % 4])
    assert db.session.scalar(select(func.count()).select_from(PbVote)) == 0
    assert db.session.scalar(select(func.count()).select_from(PbSealedVote)) == 9
    sealed = db.session.scalars(select(PbSealedVote.sealed)).all()
    assert all(b"project" not in bytes(s) and len(s) > 512 for s in sealed)
    version = ballot.version
    vote_as(db, ballot, make_resident(town), [2])  # the tenth fills the batch
    assert db.session.scalar(select(func.count()).select_from(PbSealedVote)) == 0
    assert db.session.scalar(select(func.count()).select_from(PbVote)) == 10
    db.session.refresh(ballot)
    assert ballot.version > version + 1  # the vote and the mix both bump it


def test_only_verified_residents_and_only_while_open(rq, db, town, make_pb, make_user, make_resident):
    ballot = make_pb(town)
    with pytest.raises(ServiceError, match="Only verified residents"):
        vote_as(db, ballot, make_user(), [1])
    db.session.rollback()
    closed = make_pb(town, state="closed")
    with pytest.raises(ServiceError, match="Voting has ended"):
        vote_as(db, closed, make_resident(town), [1])


def test_every_vote_bumps_the_version(rq, db, town, make_pb, make_resident):
    ballot = make_pb(town)
    before = ballot.version
    vote_as(db, ballot, make_resident(town), [1])
    db.session.refresh(ballot)
    assert ballot.version == before + 1


def test_a_tampered_paper_is_refused(rq, town, make_pb):
    from werkzeug.datastructures import MultiDict

    ballot = make_pb(town)
    with pytest.raises(ServiceError, match="not on this ballot"):
        services.read_choices(ballot, MultiDict([("project", "999999")]))
    with pytest.raises(ServiceError, match="changed or damaged"):
        services.read_choices(ballot, MultiDict([(f"points-{ballot.projects[0].id}", "3")]))


def test_mixed_papers_keep_their_voters_profile_through_changes_and_a_short_last_batch(
        rq, db, town, make_pb, make_resident):
    """The voter's village, sex and age band go from the account into the sealed paper and
    onto every mixed row of it, also when the paper is changed and when a short last batch
    takes earlier papers out and writes them again."""
    ballot = make_pb(town)
    a, b = town.villages
    people = [make_resident(town, village=(a, b)[n % 2], sex="fm"[n % 3 == 0], age_band=("18-29", "60+", None)[n % 3])
              for n in range(13)]
    for n, voter in enumerate(people[:10]):
        vote_as(db, ballot, voter, [1 + n % 4, 1 + (n + 1) % 4])
    assert db.session.scalar(select(func.count()).select_from(PbSealedVote)) == 0
    vote_as(db, ballot, people[0], [3])  # a change: its mixed paper is replaced at the next mix
    for voter in people[10:]:
        vote_as(db, ballot, voter, [2])
    close(db, ballot)
    expected = {}
    for voter in people:
        village = next(m.village_id for m in voter.memberships if m.municipality_id == town.id)
        expected[services.receipt_for(ballot.id, voter.id)] = (village, voter.sex, voter.age_band)
    stored = db.session.execute(select(PbVote.receipt, PbVote.village_id, PbVote.sex, PbVote.age_band)).all()
    assert {r for r, *_ in stored} == set(expected)
    assert all(tuple(profile) == expected[receipt] for receipt, *profile in stored)
    assert {s for _r, _v, s, _a in stored} == {"f", "m"}
    assert db.session.scalars(select(PbVote.project_id).where(
        PbVote.receipt == services.receipt_for(ballot.id, people[0].id))).all() == [ballot.projects[2].id]

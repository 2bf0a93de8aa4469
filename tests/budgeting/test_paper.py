"""Paper budgeting ballots, as an auditor would try them: each paper checked by the online
rules (invalid with the reason), a batch confirmed only by a second person, only with the
figures shown and typed again, only when it balances; only confirmed batches count; nobody
votes both on paper and online, whichever comes first."""
import pytest
from sqlalchemy import func, select

from planner.actions import commit
from planner.budgeting import paper, results, services
from planner.budgeting.models import PbPaperBallot, PbParticipation
from planner.errors import ServiceError

from .conftest import close, money, vote_as


@pytest.fixture
def town(make_municipality):
    return make_municipality()


def _ids(ballot, positions):
    by_position = {p.position: p.id for p in ballot.projects}
    if isinstance(positions, dict):
        return {by_position[p]: v for p, v in positions.items()}
    return {by_position[p]: 1 for p in positions}


def _batch(ballot, town, by, papers=(), issued=None, spoiled=0, unused=0):
    batch = paper.open_batch(ballot, town.villages[0], by)
    for positions in papers:
        paper.enter_paper(batch, by, _ids(ballot, positions))
    n = len(batch.papers)
    paper.save_reconciliation(batch, by, issued=n + spoiled + unused if issued is None else issued,
                              spoiled=spoiled, unused=unused)
    commit()
    return batch


def _typed(batch):
    shown = paper.figures(batch)
    return {"valid": shown["valid"], "invalid": shown["invalid"], **shown["totals"]}


def _confirm(batch, by, typed=None, version=None, digest=None):
    paper.confirm_batch(batch, by, shown_version=batch.lock_version if version is None else version,
                        shown_digest=paper.digest(batch) if digest is None else digest,
                        typed=_typed(batch) if typed is None else typed, labels={})
    commit()


def test_each_paper_is_checked_by_the_online_rules_and_kept_invalid_with_the_reason(rq, db, town, make_pb, staff):
    clerk = staff()
    ballot = make_pb(town, costs=(40, 30, 50), budget=100)
    batch = _batch(ballot, town, clerk, papers=[[1, 2], [1, 2, 3], [], [3]])
    assert [p.problem for p in batch.papers] == [None, "over_budget", "empty", None]
    paper.enter_paper(batch, clerk, _ids(ballot, [1]), unclear=True)
    assert batch.papers[-1].problem == "unclear" and [c.project_id for c in batch.papers[-1].choices]
    k = make_pb(town, costs=(10, 10, 10), style="up_to_k", k=2)
    kbatch = _batch(k, town, clerk, papers=[[1, 2], [1, 2, 3]])
    assert [p.problem for p in kbatch.papers] == [None, "over_k"]
    points = make_pb(town, costs=(10, 10, 10), style="points", k=5)
    pbatch = _batch(points, town, clerk, papers=[{1: 3, 2: 2}, {1: 4, 3: 2}])
    assert [p.problem for p in pbatch.papers] == [None, "over_points"]
    assert paper.figures(pbatch)["totals"] == {points.projects[0].id: 3, points.projects[1].id: 2,
                                               points.projects[2].id: 0}


def test_a_batch_needs_a_second_person_who_entered_none_of_its_papers(rq, db, town, make_pb, staff):
    first, second, third = staff(), staff(), staff()
    ballot = make_pb(town)
    batch = _batch(ballot, town, first, papers=[[1]])
    paper.enter_paper(batch, second, _ids(ballot, [2]))
    paper.save_reconciliation(batch, first, issued=2, spoiled=0, unused=0)
    commit()
    for who in (first, second):
        with pytest.raises(ServiceError, match="second staff member"):
            _confirm(batch, who)
        db.session.rollback()
    _confirm(batch, third)
    assert batch.is_confirmed and batch.confirmed_by_id == third.id


def test_a_batch_changed_after_it_was_shown_cannot_be_confirmed_with_the_old_figures(rq, db, town, make_pb, staff):
    clerk, checker = staff(), staff()
    ballot = make_pb(town)
    batch = _batch(ballot, town, clerk, papers=[[1], [2]])
    shown_version, shown_digest, typed = batch.lock_version, paper.digest(batch), _typed(batch)
    # meanwhile a paper is taken back and entered again with another choice: the counts stay,
    # the content does not
    paper.remove_paper(batch, clerk, batch.papers[1])
    paper.enter_paper(batch, clerk, _ids(ballot, [3]))
    commit()
    with pytest.raises(ServiceError, match="changed after you opened"):
        _confirm(batch, checker, typed=typed, version=shown_version, digest=shown_digest)
    db.session.rollback()
    # the right version with a digest of other figures is refused too (a tampered form)
    with pytest.raises(ServiceError, match="changed after you opened"):
        _confirm(batch, checker, digest=shown_digest)
    db.session.rollback()
    _confirm(batch, checker)
    assert batch.is_confirmed
    with pytest.raises(ServiceError, match="confirmed and counted"):
        paper.enter_paper(batch, clerk, _ids(ballot, [1]))


def test_a_batch_that_does_not_balance_is_refused_with_the_difference(rq, db, town, make_pb, staff):
    clerk, checker = staff(), staff()
    ballot = make_pb(town)
    batch = _batch(ballot, town, clerk, papers=[[1], [2], [1, 2, 3, 4]], issued=10, spoiled=1, unused=4)
    with pytest.raises(ServiceError) as refused:
        _confirm(batch, checker)
    assert "does not balance" in refused.value.message
    assert "10 ballots issued" in refused.value.message and "add up to 8" in refused.value.message
    assert "difference of 2" in refused.value.message
    db.session.rollback()
    paper.save_reconciliation(batch, clerk, issued=10, spoiled=1, unused=6)
    commit()
    _confirm(batch, checker)
    assert paper.place_totals([batch]) == [{"village": town.villages[0], "issued": 10, "valid": 2, "invalid": 1,
                                            "spoiled": 1, "unused": 6, "waiting": 0}]


def test_the_confirmer_must_type_the_figures_of_the_paper_tally(rq, db, town, make_pb, staff):
    clerk, checker = staff(), staff()
    ballot = make_pb(town)
    batch = _batch(ballot, town, clerk, papers=[[1], [1, 2]])
    typed = _typed(batch)
    typed[ballot.projects[1].id] += 1
    with pytest.raises(ServiceError, match="do not match") as refused:
        paper.confirm_batch(batch, checker, shown_version=batch.lock_version, shown_digest=paper.digest(batch),
                            typed=typed, labels={ballot.projects[1].id: "Project 2"})
    assert "Project 2" in refused.value.message and "Project 1" not in refused.value.message
    db.session.rollback()
    assert not batch.is_confirmed


def test_only_confirmed_batches_count_and_the_results_show_each_channel(rq, db, town, make_pb, staff, make_resident):
    clerk, checker = staff(), staff()
    ballot = make_pb(town, costs=(40, 30, 50), budget=100)
    vote_as(db, ballot, make_resident(town), [1, 2])
    batch = _batch(ballot, town, clerk, papers=[[3], [3], [1, 2, 3]])
    close(db, ballot)
    counted = results.by_channel(ballot)
    assert counted["paper"]["ballots"] == 0 and counted["all"]["ballots"] == 1
    version = ballot.version
    _confirm(batch, checker)
    db.session.refresh(ballot)
    assert ballot.version == version + 1  # the results are computed again
    counted = results.by_channel(ballot)
    p3 = ballot.projects[2].id
    assert counted["online"]["ballots"] == 1 and counted["paper"]["ballots"] == 2  # the invalid one is not counted
    assert counted["all"]["ballots"] == 3 and counted["all"]["projects"][p3]["score"] == 2
    assert counted["paper"]["scores"] == {ballot.projects[0].id: 0, ballot.projects[1].id: 0, p3: 2}
    assert counted["online"]["scores"][p3] == 0 and counted["online"]["scores"][ballot.projects[0].id] == 1
    assert results.results(ballot) == counted["all"]


def test_someone_who_voted_online_cannot_be_marked_as_a_paper_voter(rq, db, town, make_pb, staff, make_resident):
    clerk = staff()
    ballot = make_pb(town)
    voter = make_resident(town)
    vote_as(db, ballot, voter, [1])
    with pytest.raises(ServiceError, match="already voted online"):
        paper.mark_voter(ballot, voter, clerk)
    db.session.rollback()
    assert db.session.scalar(select(PbParticipation.channel).where(PbParticipation.user_id == voter.id)) == "online"


def test_someone_marked_on_paper_cannot_vote_online(rq, db, town, make_pb, staff, make_resident):
    clerk = staff()
    ballot = make_pb(town)
    voter = make_resident(town)
    paper.mark_voter(ballot, voter, clerk)
    commit()
    with pytest.raises(ServiceError, match="voted on paper"):
        vote_as(db, ballot, voter, [1])
    db.session.rollback()
    with pytest.raises(ServiceError, match="already marked"):
        paper.mark_voter(ballot, voter, clerk)
    db.session.rollback()
    assert services.my_vote(ballot, voter)[1].channel == "paper"


def test_a_listed_resident_without_email_is_added_and_marked(rq, db, town, make_pb, staff):
    clerk = staff()
    ballot = make_pb(town)
    person = paper.add_paper_voter(ballot, clerk, name="Айгүл Осмонова", village=town.villages[1], birth_year=1971)
    commit()
    assert person.email is None
    assert [row.user_id for row in db.session.scalars(paper.paper_voters_list(ballot))] == [person.id]
    assert person.id not in [row[0] for row in db.session.execute(paper.unmarked_residents(ballot))]
    with pytest.raises(ServiceError, match="already on the list"):
        paper.add_paper_voter(ballot, clerk, name="айгүл осмонова", village=town.villages[1], birth_year=1971)


def test_a_non_resident_cannot_be_marked_and_paper_locks_the_rule(rq, db, town, make_pb, staff, make_user):
    clerk = staff()
    ballot = make_pb(town)
    with pytest.raises(ServiceError, match="not a verified resident"):
        paper.mark_voter(ballot, make_user(), clerk)
    db.session.rollback()
    assert not services.has_votes(ballot)
    paper.open_batch(ballot, town.villages[0], clerk)
    commit()
    assert services.has_votes(ballot)  # paper ballots are being entered: the rule is locked
    assert db.session.scalar(select(func.count()).select_from(PbPaperBallot)) == 0

"""Correcting a confirmed paper batch, as an auditor would try it: reopened only with a
reason, as a copy; the results keep the confirmed batch until a second person confirms the
correction, then count the correction only; every step in the audit log."""
import pytest
from pabutools.election.pabulib import parse_pabulib_from_string
from sqlalchemy import select

from planner.actions import commit
from planner.audit import AuditEntry
from planner.budgeting import corrections, exchange, paper, results
from planner.budgeting.models import PbPaperBatch
from planner.errors import ServiceError

from .conftest import close, confirmed_batch


@pytest.fixture
def town(make_municipality):
    return make_municipality()


def _paper_scores(ballot):
    counted = results.by_channel(ballot)["paper"]
    position = {p.id: p.position for p in ballot.projects}
    return counted["ballots"], {position[p]: n for p, n in counted["scores"].items() if n}


def _confirm(batch, by):
    shown = paper.figures(batch)
    paper.confirm_batch(batch, by, shown_version=batch.lock_version, shown_digest=paper.digest(batch),
                        typed={"valid": shown["valid"], "invalid": shown["invalid"], **shown["totals"]}, labels={})
    commit()


def test_a_correction_counts_only_once_a_second_person_confirms_it(rq, db, town, make_pb, make_user, make_member,
                                                                     staff):
    ballot = make_pb(town, costs=(60, 40, 30, 20, 10), budget=100)
    original = confirmed_batch(db, ballot, town.villages[0], [[1, 2]] * 3 + [[3, 4]] * 2, make_user, make_member)
    close(db, ballot)
    assert _paper_scores(ballot) == (5, {1: 3, 2: 3, 3: 2, 4: 2})
    by_position = {p.position: p.id for p in ballot.projects}

    clerk, checker = staff(), staff()
    correction = corrections.reopen_batch(original, clerk, reason="Ballot 5 was read as 3, 4; it marks 5 only.")
    commit()
    assert (correction.number, correction.corrects_id, correction.is_confirmed) == (2, original.id, False)
    assert paper.figures(correction) == paper.figures(original)  # a copy to start from
    version = ballot.version
    # the correction is changed as a batch is entered: one paper out, another in
    paper.remove_paper(correction, clerk, correction.papers[-1])
    paper.enter_paper(correction, clerk, {by_position[5]: 1})
    commit()
    db.session.refresh(ballot)
    assert ballot.version == version and _paper_scores(ballot) == (5, {1: 3, 2: 3, 3: 2, 4: 2})  # not yet

    with pytest.raises(ServiceError, match="second staff member"):
        _confirm(correction, clerk)
    db.session.rollback()
    _confirm(correction, checker)
    db.session.refresh(ballot)
    db.session.refresh(original)
    assert ballot.version > version and original.superseded_at is not None and not original.counts
    assert _paper_scores(ballot) == (5, {1: 3, 2: 3, 3: 1, 4: 1, 5: 1})
    # the polling place's figures count the correction only, and so does the .pb export
    places = paper.place_totals(db.session.scalars(paper.batches_list(ballot)).unique().all())
    assert [(row["valid"], row["issued"], row["waiting"]) for row in places] == [(5, 5, 0)]
    _instance, profile = parse_pabulib_from_string(exchange.export_pb(ballot))
    assert sorted(sorted(int(p.name) for p in b) for b in profile) == [[1, 2]] * 3 + [[3, 4], [5]]
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == correction.id,
                                                                 AuditEntry.object_type == "PbPaperBatch")
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["pb.batch_reopen", "pb.paper_remove", "pb.paper_enter", "pb.batch_confirm"]
    reopened = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "pb.batch_reopen"))
    assert reopened.user_id == clerk.id and "it marks 5 only" in reopened.detail


def test_reopening_is_refused_without_reason_twice_or_for_what_is_not_confirmed(rq, db, town, make_pb, make_user,
                                                                                make_member, staff):
    ballot = make_pb(town, costs=(60, 40), budget=100)
    clerk = staff()
    waiting = paper.open_batch(ballot, town.villages[0], clerk)
    commit()
    with pytest.raises(ServiceError, match="required"):
        corrections.reopen_batch(waiting, clerk, reason="  ")
    with pytest.raises(ServiceError, match="can still be changed"):
        corrections.reopen_batch(waiting, clerk, reason="typo")
    done = confirmed_batch(db, ballot, town.villages[1], [[1]] * 2, make_user, make_member)
    with pytest.raises(ServiceError, match="changed this batch"):
        corrections.reopen_batch(done, clerk, reason="typo", shown_version=done.lock_version - 1)
    first = corrections.reopen_batch(done, clerk, reason="typo")
    commit()
    with pytest.raises(ServiceError, match="already being entered"):
        corrections.reopen_batch(done, staff(), reason="another")
    db.session.rollback()
    _confirm(first, staff())
    db.session.refresh(done)
    with pytest.raises(ServiceError, match="replaced by a confirmed correction"):
        corrections.reopen_batch(done, clerk, reason="again")
    db.session.rollback()
    # the correction, once confirmed, can be corrected in turn
    second = corrections.reopen_batch(first, clerk, reason="again")
    commit()
    assert second.corrects_id == first.id and second.number == 3


def test_one_correction_per_batch_is_kept_by_the_database(rq, db, town, make_pb, make_user, make_member):
    """The UNIQUE corrects_id, not only the check in Python, keeps it to one correction: two
    staff reopening at once both pass the check, and the second insert is refused (which
    reopen_batch turns into "changed at the same moment")."""
    from sqlalchemy.exc import IntegrityError

    ballot = make_pb(town, costs=(60, 40), budget=100)
    done = confirmed_batch(db, ballot, town.villages[0], [[1]], make_user, make_member)
    for number in (7, 8):
        db.session.add(PbPaperBatch(ballot_id=ballot.id, village_id=done.village_id, number=number,
                                    corrects_id=done.id, reason="a tab", lock_version=1))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_batch_page_reopens_with_a_reason(rq, db, town, make_pb, make_user, make_member, client, auth, staff):
    ballot = make_pb(town, costs=(60, 40), budget=100)
    done = confirmed_batch(db, ballot, town.villages[0], [[1]] * 2, make_user, make_member)
    url = f"/m/{town.slug}/budgeting/{ballot.id}/paper/batches/{done.id}"
    auth.as_user(staff())
    page = client.get(url).get_data(as_text=True)
    assert "Reopen for a correction" in page
    empty = client.post(f"{url}/reopen", data={"shown_version": str(done.lock_version), "reason": ""})
    assert empty.status_code == 400
    reopened = client.post(f"{url}/reopen", data={"shown_version": str(done.lock_version), "reason": "a typo"})
    assert reopened.status_code == 302
    new_page = client.get(reopened.headers["Location"]).get_data(as_text=True)
    assert "Corrects:" in new_page and "a typo" in new_page and "counts in the results until" in new_page
    assert "Reopen for a correction" not in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("lang, reopen, channels", [
    ("ky", "Оңдоо үчүн кайра ачуу", "Бюллетендин берилүү жолу боюнча ар бир долбоордун добуштары жана жеңүүчүлөр"),
    ("ru", "Открыть для исправления", "Голоса и победители по проектам в зависимости от способа голосования"),
    ("hy", "Վերաբացել ուղղման համար", "Ձայներն ու հաղթողներն ըստ նախագծի և քվեարկության եղանակի"),
])
def test_the_new_pages_speak_the_readers_language(rq, db, town, make_pb, make_user, make_member, make_resident, client,
                                                  auth, lang, reopen, channels):
    from .conftest import vote_as

    ballot = make_pb(town, costs=(60, 40), budget=100)
    for _ in range(5):
        vote_as(db, ballot, make_resident(town), [1])
    done = confirmed_batch(db, ballot, town.villages[0], [[2]] * 5, make_user, make_member)
    close(db, ballot)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    assert channels in client.get(f"/m/{town.slug}/budgeting/{ballot.id}/results").get_data(as_text=True)
    clerk = make_user(locale=lang)  # a signed-in reader's own language wins over the browser's
    make_member(clerk, town, "staff")
    auth.as_user(clerk)
    page = client.get(f"/m/{town.slug}/budgeting/{ballot.id}/paper/batches/{done.id}").get_data(as_text=True)
    assert reopen in page

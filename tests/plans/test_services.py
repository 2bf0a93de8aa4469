"""Plan services and permissions, without HTTP."""
import struct
import zlib
from datetime import date
from decimal import Decimal

import pytest
from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from planner import permissions as p
from planner.actions import commit, run_hooks
from planner.audit import AuditEntry
from planner.errors import ServiceError
from planner.plans import services
from planner.plans.models import Activity, Plan, PlanVersion, StageChange
from planner.plans.snapshots import Sheet, compare, snapshot

from .conftest import JPEG, PDF, PNG, activity_data

pytestmark = pytest.mark.usefixtures("request_ctx")


def _activities(db, plan):
    return db.session.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.id)).all()


# --- stages and who may move them -------------------------------------------------------

STAGE_RULES = [
    # (predicate, stage the plan is in, roles allowed)
    (p.can_open_discussion, "draft", {"group_member", "staff", "admin"}),
    (p.can_submit_plan, "discussion", {"staff", "admin"}),
    (p.can_record_hearing, "discussion", {"group_member", "staff", "admin"}),
    (p.can_record_decision, "submitted", {"staff", "admin"}),
    (p.can_review_plan, "submitted", {"deputy"}),
    (p.can_start_implementation, "approved", {"staff", "admin"}),
    (p.can_complete_plan, "implementation", {"staff", "admin"}),
    (p.can_amend_plan, "approved", {"staff", "admin"}),
    (p.can_edit_plan, "draft", {"group_member", "staff", "admin"}),
    (p.can_comment_plan, "discussion", {"resident", "group_member", "staff", "deputy", "monitor", "admin"}),
]
ROLES = ("resident", "group_member", "staff", "deputy", "monitor", "admin", "outsider", "nobody")


@pytest.mark.parametrize(("predicate", "stage", "allowed"), STAGE_RULES, ids=[r[0].__name__ for r in STAGE_RULES])
def test_who_may_move_each_stage(make_plan, people, predicate, stage, allowed):
    plan = make_plan(stage=stage)
    for role in ROLES:
        assert predicate(people[role], plan) is (role in allowed), role
    from flask_login import AnonymousUserMixin

    assert predicate(AnonymousUserMixin(), plan) is False


@pytest.mark.parametrize("stage", ["draft", "discussion", "submitted", "approved", "implementation", "completed"])
def test_predicates_refuse_other_stages(make_plan, people, stage):
    plan = make_plan(stage=stage)
    for predicate, own_stage, _allowed in STAGE_RULES:
        if predicate is p.can_edit_plan:
            expected = stage in ("draft", "discussion")
        elif predicate is p.can_amend_plan:
            expected = stage in ("approved", "implementation")
        else:
            expected = stage == own_stage
        assert predicate(people["admin"] if predicate is not p.can_review_plan else people["deputy"], plan) is expected


def test_full_path_writes_timeline_and_audit(db, make_plan, people):
    plan = make_plan(stage="completed")
    stages = db.session.scalars(select(StageChange.to_stage).where(StageChange.plan_id == plan.id)
                                .order_by(StageChange.id)).all()
    assert stages == ["draft", "discussion", "submitted", "approved", "implementation", "completed"]
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.municipality_id == plan.municipality_id)))
    assert {"plan.create", "plan.discussion", "plan.submitted", "plan.approved", "plan.implementation",
            "plan.completed", "activity.create", "plan.freeze"} <= actions


@pytest.mark.parametrize(("stage", "move"), [
    ("draft", services.submit_plan),
    ("draft", services.start_implementation),
    ("discussion", services.start_implementation),
    ("discussion", services.open_discussion),
    ("submitted", services.complete_plan),
    ("approved", services.complete_plan),
    ("draft", services.start_amendment),
])
def test_nobody_skips_a_stage(db, make_plan, people, stage, move):
    plan = make_plan(stage=stage)
    with pytest.raises(ServiceError):
        move(plan, people["admin"])
    assert plan.stage == stage


def test_decision_requires_submitted_plan(make_plan, people):
    plan = make_plan(stage="discussion")
    with pytest.raises(ServiceError):
        services.record_decision(plan, people["staff"], session_date=date(2026, 1, 1), number="1", votes_for=1,
                                 votes_against=0, votes_abstained=0, outcome="approved")


def test_empty_plan_cannot_go_to_discussion(make_plan, people):
    plan = make_plan(sections=1, per_section=0)
    with pytest.raises(ServiceError):
        services.open_discussion(plan, people["staff"])


def test_returned_plan_goes_back_to_draft_with_remarks(db, make_plan, people):
    plan = make_plan(stage="submitted")
    services.record_decision(plan, people["staff"], session_date=date(2026, 3, 1), number="7", votes_for=3,
                             votes_against=9, votes_abstained=0, outcome="returned", remarks="Суу боюнча сметаны тактоо")
    db.session.commit()
    assert plan.stage == "draft" and plan.approved_version_id is None
    last = db.session.scalars(select(StageChange).where(StageChange.plan_id == plan.id).order_by(StageChange.id.desc())).first()
    assert last.note == "Суу боюнча сметаны тактоо"
    assert services.latest_version(plan).status == "returned"


def test_returned_needs_remarks(make_plan, people):
    plan = make_plan(stage="submitted")
    with pytest.raises(ServiceError) as e:
        services.record_decision(plan, people["staff"], session_date=date(2026, 3, 1), number="7", votes_for=3,
                                 votes_against=9, votes_abstained=0, outcome="returned", remarks="")
    assert e.value.field == "remarks"


# --- approved versions are immutable; amendments ----------------------------------------

def test_approved_plan_cannot_be_edited(db, make_plan, people):
    plan = make_plan(stage="approved")
    activity = _activities(db, plan)[0]
    assert not p.can_edit_plan(people["staff"], plan)
    with pytest.raises(ServiceError):
        services.update_activity(activity, people["staff"], activity.version, activity_data(description="Башка"))
    with pytest.raises(ServiceError):
        services.add_activity(activity.section, people["staff"], activity_data())
    with pytest.raises(ServiceError):
        services.delete_activity(activity, people["staff"])
    db.session.rollback()
    assert _activities(db, plan)[0].description == activity.description


def test_frozen_snapshot_cannot_be_rewritten(db, make_plan):
    plan = make_plan(stage="approved")
    version = db.session.get(PlanVersion, plan.approved_version_id)
    version.snapshot = {**version.snapshot, "total": "0"}
    with pytest.raises(ValueError):
        db.session.flush()
    db.session.rollback()


def test_amendment_is_a_new_version_through_review(db, make_plan, people):
    staff = people["staff"]
    plan = make_plan(stage="implementation")
    approved_id = plan.approved_version_id
    services.start_amendment(plan, staff, "Кошумча каражат")
    activity = _activities(db, plan)[0]
    services.update_activity(activity, staff, activity.version, activity_data(description="Жаңы жол", fund_donor=Decimal("80000")))
    services.open_discussion(plan, staff)
    version = services.submit_plan(plan, staff)
    services.record_decision(plan, staff, session_date=date(2026, 6, 1), number="20", votes_for=10, votes_against=0,
                             votes_abstained=0, outcome="approved")
    db.session.commit()
    assert plan.approved_version_id == version.id != approved_id
    old = db.session.get(PlanVersion, approved_id)
    assert old.status == "approved" and old.snapshot["activities"][0]["description"] == "Иш-чара 1.1"
    diff = compare(old.snapshot, version.snapshot)
    assert [c["after"]["description"] for c in diff["changed"]] == ["Жаңы жол"]


def test_amended_draft_shows_approved_version_to_public(db, make_plan, people):
    plan = make_plan(stage="approved")
    services.start_amendment(plan, people["staff"])
    db.session.commit()
    assert p.can_read_plan(people["nobody"], plan)
    assert not p.can_read_working_copy(people["nobody"], plan)
    assert p.can_read_working_copy(people["resident"], plan)


def test_draft_is_for_members_only(make_plan, people):
    plan = make_plan()
    assert not p.can_read_plan(people["nobody"], plan)
    assert not p.can_read_plan(people["outsider"], plan)
    assert p.can_read_plan(people["resident"], plan)


# --- comparison and totals -------------------------------------------------------------

def test_compare_added_removed_changed(db, make_plan, people):
    staff = people["staff"]
    plan = make_plan(stage="discussion")
    before = snapshot(plan, services.load_working_copy(plan))
    a1, a2, a3, _a4 = _activities(db, plan)
    services.delete_activity(a2, staff)
    services.update_activity(a1, staff, a1.version, activity_data(description="Иш-чара 1.1", fund_local=Decimal("150000"),
                                                                  end_month=date(2026, 10, 1)))
    new = services.add_activity(a3.section, staff, activity_data(description="Көпүрө"))
    db.session.commit()
    after = snapshot(plan, services.load_working_copy(plan))
    diff = compare(before, after)
    assert [a["id"] for a in diff["added"]] == [new.id]
    assert [a["description"] for a in diff["removed"]] == ["Иш-чара 1.2"]
    assert len(diff["changed"]) == 1
    fields = {name: (old, new) for name, old, new in diff["changed"][0]["fields"]}
    assert fields == {"fund_local": (Decimal("100000.00"), Decimal("150000.00")), "end": ("2026-09", "2026-10")}
    assert diff["total_after"] - diff["total_before"] == Decimal("50000") - Decimal("200000") + Decimal("200000")


def test_compare_identical_versions_is_empty(make_plan):
    plan = make_plan(stage="discussion")
    data = snapshot(plan, services.load_working_copy(plan))
    assert compare(data, data) == {"added": [], "removed": [], "changed": [], "total_before": Decimal("800000.00"),
                                   "total_after": Decimal("800000.00")}


def test_totals_per_section_source_and_community_share(db, make_plan, people):
    plan = make_plan(sections=2, per_section=0)
    s1, s2 = plan.sections
    services.add_activity(s1, people["staff"], activity_data(fund_local=Decimal("1000"), fund_community_cash=Decimal("500"),
                                                              fund_community_kind=Decimal("250"), fund_donor=Decimal("0")))
    services.add_activity(s2, people["staff"], activity_data(fund_local=Decimal("0"), fund_community_cash=Decimal("0"),
                                                              fund_community_kind=Decimal("0"), fund_donor=Decimal("2250"),
                                                              fund_private=Decimal("1000.50")))
    db.session.commit()
    sheet = Sheet(snapshot(plan, services.load_working_copy(plan)))
    assert sheet.sections[0]["total"] == Decimal("1750")
    assert sheet.sections[1]["totals"]["donor"] == Decimal("2250")
    assert sheet.totals["community_kind"] == Decimal("250")
    assert sheet.total == Decimal("5000.50")
    assert sheet.community == Decimal("750")
    assert sheet.community_share == Decimal("15.0")


# --- optimistic locking ----------------------------------------------------------------

def test_second_saver_gets_a_conflict_and_nothing_is_written(db, make_plan, people):
    plan = make_plan()
    activity = _activities(db, plan)[0]
    opened = activity.version
    services.update_activity(activity, people["staff"], opened, activity_data(description="Биринчи адамдын тексти"))
    db.session.commit()
    with pytest.raises(services.ConflictError) as e:
        services.update_activity(activity, people["group_member"], opened, activity_data(description="Экинчи адамдын тексти"))
    db.session.rollback()
    assert e.value.current.description == "Биринчи адамдын тексти"
    db.session.expire_all()
    fresh = db.session.get(Activity, activity.id)
    assert fresh.description == "Биринчи адамдын тексти" and fresh.version == opened + 1
    # saving again on the version now shown keeps the second person's text
    services.update_activity(fresh, people["group_member"], fresh.version, activity_data(description="Экинчи адамдын тексти"))
    db.session.commit()
    assert fresh.description == "Экинчи адамдын тексти" and fresh.version == opened + 2


# --- bad input -------------------------------------------------------------------------

@pytest.mark.parametrize(("overrides", "field"), [
    ({"fund_local": Decimal("-1")}, "fund_local"),
    ({"fund_donor": Decimal("-0.01")}, "fund_donor"),
    ({"start_month": date(2026, 5, 1), "end_month": date(2026, 4, 1)}, "end_month"),
    ({"indicators": [{"name": "Үй-бүлөлөр", "unit": "", "baseline": None, "target": Decimal("40")}]}, "indicators-0-unit"),
    ({"indicators": [{"name": "", "unit": "км", "baseline": None, "target": Decimal("4")}]}, "indicators-0-name"),
    ({"description": "   "}, "description"),
    ({"description": "ж" * 2001}, "description"),
    ({"responsible": "ж" * 301}, "responsible"),
    ({"fund_private": Decimal("1e13")}, "fund_private"),
])
def test_bad_activity_input_is_refused_and_nothing_saved(db, make_plan, people, overrides, field):
    plan = make_plan(sections=1, per_section=1)
    section = plan.sections[0]
    activity = _activities(db, plan)[0]
    count = db.session.scalar(select(func.count(Activity.id)))
    with pytest.raises(ServiceError) as e:
        services.add_activity(section, people["staff"], activity_data(**overrides))
    assert e.value.field == field
    with pytest.raises(ServiceError):
        services.update_activity(activity, people["staff"], activity.version, activity_data(**overrides))
    db.session.rollback()
    assert db.session.scalar(select(func.count(Activity.id))) == count
    assert db.session.get(Activity, activity.id).version == 1


def test_villages_of_another_municipality_are_refused(db, make_plan, people):
    plan = make_plan(sections=1, per_section=0)
    with pytest.raises(ServiceError):
        services.add_activity(plan.sections[0], people["staff"], activity_data(villages=people["other"].villages))


def test_moving_to_a_section_of_another_plan_is_refused(db, make_plan, people):
    plan, other = make_plan(), make_plan()
    activity = _activities(db, plan)[0]
    with pytest.raises(ServiceError):
        services.move_activity(activity, people["staff"], section=other.sections[0])


def test_reorder_and_move_between_sections(db, make_plan, people):
    plan = make_plan(sections=2, per_section=3)
    s1, s2 = plan.sections
    a = list(s1.activities)
    services.move_activity(a[2], people["staff"], direction="up")
    db.session.commit()
    db.session.expire_all()
    assert [x.description for x in s1.activities] == ["Иш-чара 1.1", "Иш-чара 1.3", "Иш-чара 1.2"]
    moved = s1.activities[0]
    services.move_activity(moved, people["staff"], section=s2)
    db.session.commit()
    db.session.expire_all()
    assert [x.description for x in s1.activities] == ["Иш-чара 1.3", "Иш-чара 1.2"]
    assert [x.position for x in s1.activities] == [1, 2]
    assert s2.activities[-1].description == "Иш-чара 1.1"
    services.move_section(s2, people["staff"], "up")
    db.session.commit()
    db.session.expire_all()
    assert [s.title for s in plan.sections] == ["Артыкчылык 2", "Артыкчылык 1"]


# --- proposals -------------------------------------------------------------------------

def test_proposals_answered_accept_merge_decline(db, make_plan, people):
    plan = make_plan(stage="discussion")
    resident, group = people["resident"], people["group_member"]
    a1, a2 = _activities(db, plan)[:2]
    change = services.add_proposal(plan, resident, kind="change", text="Жолду 3 км оңдоо", reason="", activity=a1)
    new = services.add_proposal(plan, resident, kind="new", text="Балдар аянтчасы", reason="Балдар көп",
                                section=plan.sections[1])
    merged = services.add_proposal(plan, resident, kind="change", text="Жол", reason="", activity=a2)
    declined = services.add_proposal(plan, resident, kind="new", text="Аэропорт", reason="", section=plan.sections[0])
    db.session.commit()
    services.answer_proposal(change, group, status="accepted", answer="Макул")
    services.answer_proposal(new, group, status="accepted", answer="Кошулду")
    services.answer_proposal(merged, group, status="merged", answer="1.1 менен бирдей", merged_into=a1)
    services.answer_proposal(declined, group, status="declined", answer="Бюджет жетпейт")
    db.session.commit()
    # accepting a change incorporates nothing by itself: a person edits the activity
    assert a1.description == "Иш-чара 1.1" and a1.version == 1 and change.applied_activity_id == a1.id
    assert db.session.get(Activity, new.applied_activity_id).description == "Балдар аянтчасы"
    assert merged.merged_into_id == a1.id and declined.status == "declined"
    with pytest.raises(ServiceError):
        services.answer_proposal(declined, group, status="accepted", answer="x")


def test_answer_needs_a_public_reason(db, make_plan, people):
    plan = make_plan(stage="discussion")
    proposal = services.add_proposal(plan, people["resident"], kind="new", text="x", reason="", section=plan.sections[0])
    with pytest.raises(ServiceError) as e:
        services.answer_proposal(proposal, people["group_member"], status="declined", answer="  ")
    assert e.value.field == "answer"


def test_proposals_only_during_discussion(make_plan, people):
    plan = make_plan()
    with pytest.raises(ServiceError):
        services.add_proposal(plan, people["resident"], kind="new", text="x", reason="", section=plan.sections[0])


# --- groups, hearings, decisions -------------------------------------------------------

def test_group_members_edit_their_own_priority(db, make_plan, people):
    plan = make_plan(sections=2)
    s1, s2 = plan.sections
    group = services.save_group(plan, people["staff"], name="Суу тобу", gathering_date=date(2026, 1, 5),
                                gathering_place="Клуб", gathering_note="", sections=[s1])
    services.add_group_member(group, people["staff"], name="Жамила", role="лидер", sex="f", user=people["group_member"])
    other = people["admin"]  # any other account
    db.session.commit()
    assert s1.group is group
    assert p.can_edit_section(people["group_member"], plan, s1)
    assert p.can_edit_section(people["group_member"], plan, s2)  # no group has taken it up
    services.save_group(plan, people["staff"], name="Жол тобу", gathering_date=None, gathering_place="",
                        gathering_note="", sections=[s2])
    db.session.commit()
    g2 = s2.group
    services.add_group_member(g2, people["staff"], name="Асан", role="", sex="m", user=other)
    db.session.commit()
    assert not p.can_edit_section(people["group_member"], plan, s2)
    assert p.can_edit_section(people["staff"], plan, s2)


def test_group_member_needs_sex(make_plan, people):
    plan = make_plan()
    group = services.save_group(plan, people["staff"], name="Топ", gathering_date=None, gathering_place="",
                                gathering_note="", sections=[])
    with pytest.raises(ServiceError):
        services.add_group_member(group, people["staff"], name="X", role="", sex="x")


def test_hearing_freezes_the_presented_version(db, make_plan, people):
    plan = make_plan(stage="discussion")
    hearing = services.record_hearing(plan, people["staff"], held_on=date(2026, 1, 15), place="Маданият үйү",
                                      women=34, men=28, ages={"age_18_29": 12, "age_30_44": 20, "age_45_59": 18,
                                                              "age_60_plus": 12}, minutes="…", outcome="Жактырылды")
    db.session.commit()
    assert hearing.version.status == "presented" and hearing.version.number == 1
    assert len(hearing.version.snapshot["activities"]) == 4
    version = services.submit_plan(plan, people["staff"])
    assert version.number == 2


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"women": -1}, "women"),
    ({"ages": {"age_18_29": 10, "age_30_44": 1, "age_45_59": None, "age_60_plus": None}}, "age_18_29"),
    ({"place": ""}, "place"),
])
def test_bad_hearing_input(db, make_plan, people, kwargs, field):
    plan = make_plan(stage="discussion")
    data = {"held_on": date(2026, 1, 15), "place": "Клуб", "women": 5, "men": 5}
    data.update(kwargs)
    with pytest.raises(ServiceError) as e:
        services.record_hearing(plan, people["staff"], **data)
    assert e.value.field == field
    db.session.rollback()
    assert db.session.scalar(select(func.count(PlanVersion.id))) == 0


def _huge_png(width=30000, height=30000) -> bytes:
    """A valid PNG header for a ``width`` × ``height`` picture in a few hundred bytes."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\x00" * (1 + width // 8) * 8)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


FAKE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # the magic bytes, nothing a reader can open


@pytest.mark.parametrize(("content", "ok"), [
    (PDF, True), (PNG, True), (JPEG, True),
    (FAKE_PDF, False), (PDF[:len(PDF) // 2], False), (b"%PDF-1.7\n<script>alert(1)</script>", False),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, False), (b"\xff\xd8\xff\xe0" + b"0" * 20, False),
    (_huge_png(), False), (b"GIF89a" + b"\x00" * 20, False), (b"MZ\x90\x00 not a pdf", False),
    (b"<html>%PDF-", False), (b"", False)])
def test_decision_document_checked_by_content(db, tmp_path, make_plan, people, content, ok):
    plan = make_plan(stage="submitted")
    kwargs = dict(session_date=date(2026, 2, 1), number="5/1", votes_for=9, votes_against=0, votes_abstained=1,
                  outcome="approved", document=("decision.pdf", content), upload_dir=str(tmp_path))
    if ok:
        decision = services.record_decision(plan, people["staff"], **kwargs)
        commit()
        assert (tmp_path / decision.document_path).read_bytes() == content
    else:
        with pytest.raises(ServiceError) as e:
            services.record_decision(plan, people["staff"], **kwargs)
        assert e.value.field == "document"
        db.session.rollback()
        assert plan.stage == "submitted" and list(tmp_path.iterdir()) == []


def test_a_pixel_bomb_is_refused_by_its_size(db, tmp_path, make_plan, people):
    plan = make_plan(stage="submitted")
    with pytest.raises(ServiceError) as e:
        services.record_decision(plan, people["staff"], session_date=date(2026, 2, 1), number="5/1", votes_for=9,
                                 votes_against=0, votes_abstained=1, outcome="approved",
                                 document=("scan.png", _huge_png()), upload_dir=str(tmp_path))
    assert e.value.field == "document"
    assert e.value.message == gettext("The image has too many pixels; scan the decision at a lower resolution.")


def test_decision_document_is_written_only_when_the_decision_commits(db, tmp_path, make_plan, people):
    kwargs = dict(session_date=date(2026, 2, 1), number="5/1", votes_for=9, votes_against=0, votes_abstained=1,
                  outcome="approved", document=("decision.pdf", PDF), upload_dir=str(tmp_path))
    plan_id = make_plan(stage="submitted").id
    services.record_decision(db.session.get(Plan, plan_id), people["staff"], **kwargs)
    assert list(tmp_path.iterdir()) == []  # nothing on disk before the commit
    db.session.rollback()  # the save failed: no file
    run_hooks()
    assert list(tmp_path.iterdir()) == []

    # a commit that fails (here: a row that breaks a constraint) leaves no file either
    services.record_decision(db.session.get(Plan, plan_id), people["staff"], **kwargs)
    db.session.add(Plan(municipality_id=people["m"].id, kind="nonsense", title="x", year_from=2026, year_to=2026))
    with pytest.raises(IntegrityError):
        commit()
    db.session.rollback()
    run_hooks()
    assert list(tmp_path.iterdir()) == []

    decision = services.record_decision(db.session.get(Plan, plan_id), people["staff"], **kwargs)
    commit()
    kept = tmp_path / decision.document_path
    assert kept.read_bytes() == PDF and [p.name for p in tmp_path.iterdir()] == [kept.name]
    db.session.rollback()  # a later rollback does not touch a committed file
    assert kept.read_bytes() == PDF


def test_decision_document_and_savepoints(db, tmp_path, make_plan, people):
    kwargs = dict(session_date=date(2026, 2, 1), number="5/1", votes_for=9, votes_against=0, votes_abstained=1,
                  outcome="approved", document=("decision.pdf", PDF), upload_dir=str(tmp_path))
    plan_id = make_plan(stage="submitted").id
    # a savepoint released later in the transaction is not its commit
    services.record_decision(db.session.get(Plan, plan_id), people["staff"], **kwargs)
    with db.session.begin_nested():
        pass
    run_hooks()
    db.session.rollback()
    assert list(tmp_path.iterdir()) == []
    # written inside a savepoint that rolls back: never written, though the outer transaction commits
    savepoint = db.session.begin_nested()
    services.record_decision(db.session.get(Plan, plan_id), people["staff"], **kwargs)
    savepoint.rollback()
    commit()
    assert list(tmp_path.iterdir()) == []
    # a session closed without a commit
    services.record_decision(db.session.get(Plan, plan_id), people["staff"], **kwargs)
    db.session.close()
    run_hooks()
    assert list(tmp_path.iterdir()) == []


def test_decision_document_size_limit(tmp_path, make_plan, people):
    plan = make_plan(stage="submitted")
    with pytest.raises(ServiceError) as e:
        services.record_decision(plan, people["staff"], session_date=date(2026, 2, 1), number="5", votes_for=1,
                                 votes_against=0, votes_abstained=0, outcome="approved",
                                 document=("big.pdf", PDF + b"0" * 2048), upload_dir=str(tmp_path), max_bytes=1024)
    assert e.value.field == "document" and plan.stage == "submitted"


def test_deputy_comments_per_activity_on_submitted_version(db, make_plan, people):
    plan = make_plan(stage="submitted")
    activity = _activities(db, plan)[0]
    comment = services.add_review_comment(activity, people["deputy"], "Сметаны карап чыгуу керек")
    db.session.commit()
    assert comment.is_review and comment.version.status == "submitted"
    with pytest.raises(ServiceError):
        services.add_comment(activity, people["resident"], "Пикир")


@pytest.mark.parametrize("locale", ["ky", "ru", "hy", "en"])
@pytest.mark.parametrize("currency", ["KGS", "AMD"])
@pytest.mark.parametrize("amount", ["0", "12500", "1234567.89", "0.5", "999999999999.99"])
def test_fast_money_matches_babel(app, locale, currency, amount):
    from babel.numbers import format_currency

    from planner.plans.formatting import plan_money

    from ..test_formatting import CURRENCY_LOCALES

    with app.test_request_context(headers={"Accept-Language": locale}):
        from flask_babel import get_locale

        assert str(get_locale()) == locale
        # the currency named as the reader's language writes it in its country (ru_KG: сом), issue 14
        named_by = CURRENCY_LOCALES.get((locale, currency), locale)
        assert plan_money(Decimal(amount), currency) == format_currency(Decimal(amount), currency, locale=named_by)

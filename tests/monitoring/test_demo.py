"""The demo loader on an approved plan like the demo's JAP."""
from datetime import date

from planner.monitoring import queries, services
from planner.monitoring.models import MonitoringGroup, MonitoringReport, Photo


def test_demo_monitoring(rq, db, make_municipality, make_user, make_member, make_plan):
    from planner.demo import monitoring as demo

    kg = make_municipality()
    staff, monitor = make_user(), make_user()
    make_member(staff, kg, "staff")
    make_member(monitor, kg, "monitor")
    plan = make_plan(kg, sections=4, per_section=5)
    demo.load({"kg": kg, "staff": staff, "monitor": monitor})
    db.session.commit()
    group = db.session.scalars(db.select(MonitoringGroup)).one()
    by_sex, _by_kind = services.composition(group.members)
    assert sum(by_sex.values()) == 7 and by_sex["f"] == 3
    assert group.meeting.kind == "gathering" and group.meeting.municipality_id == kg.id
    assert group.meeting.held_on == group.formed_on and group.meeting.total == 82
    approved = db.session.scalars(db.select(MonitoringReport).where(MonitoringReport.state == "approved")).all()
    assert len(approved) == 2 * 16  # two quarters for 16 of the 20 activities
    assert db.session.scalar(db.select(db.func.count(Photo.id))) >= 3
    board = queries.build_dashboard(plan, today=date(2026, 7, 1))
    assert sum(ln.is_overspent for ln in board.execution.by_activity.values()) == 1
    assert board.status_counts["delayed"] >= 2
    assert 0 < board.progress < 100

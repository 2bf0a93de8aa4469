"""Groups, the report lifecycle, corrections, figures from approved reports, the import."""
from datetime import date
from decimal import Decimal as D

import pytest

from planner.audit import AuditEntry
from planner.errors import ServiceError
from planner.monitoring import queries, services, spending_csv
from planner.monitoring.models import Expense, MonitoringReport

from .conftest import report_data


def test_composition_by_sex_and_kind(rq, monitoring):
    by_sex, by_kind = services.composition(monitoring["group"].members)
    assert by_sex == {"f": 2, "m": 1}
    assert by_kind == {"resident": 1, "deputy": 1, "staff": 1, "other": 0}
    services.remove_member(monitoring["members"][2], monitoring["staff"])
    by_sex, by_kind = services.composition(monitoring["group"].members)
    assert by_sex == {"f": 1, "m": 1} and by_kind["staff"] == 0


def test_member_bad_kind_and_sex(rq, monitoring):
    with pytest.raises(ServiceError) as error:
        services.add_member(monitoring["group"], monitoring["staff"], "X", "mayor", "f")
    assert error.value.field == "kind"
    with pytest.raises(ServiceError) as error:
        services.add_member(monitoring["group"], monitoring["staff"], "X", "other", "x")
    assert error.value.field == "sex"


def test_monitoring_plan_items(rq, db, monitoring, make_municipality, make_plan):
    group, activity = monitoring["group"], monitoring["activities"][0]
    item = services.add_plan_item(group, monitoring["staff"], 2026, activity, "quarterly", monitoring["members"][0])
    assert item.monitoring_plan.year == 2026
    with pytest.raises(ServiceError, match="already"):
        services.add_plan_item(group, monitoring["staff"], 2026, activity, "monthly")
    foreign = make_plan(make_municipality())
    foreign_activity = foreign.sections[0].activities[0]
    with pytest.raises(ServiceError) as error:
        services.add_plan_item(group, monitoring["staff"], 2026, foreign_activity, "monthly")
    assert error.value.field == "activity_id"


def test_lifecycle_draft_return_edit_approve(rq, db, monitoring, file_report):
    report = file_report(approve=False)
    assert report.state == "draft"
    board = queries.build_dashboard(monitoring["plan"], today=date(2026, 4, 1))
    assert board.execution.total.actual == 0  # drafts do not count
    with pytest.raises(ServiceError) as error:
        services.return_report(report, monitoring["approver"], "  ")
    assert error.value.field == "reason"
    services.return_report(report, monitoring["approver"], "Photo missing, progress looks too high.")
    db.session.commit()
    assert report.state == "returned" and "Photo missing" in report.return_reason
    with pytest.raises(ServiceError):
        services.approve_report(report, monitoring["approver"])  # returned: edit first
    services.update_report(report, monitoring["author"], report_data(monitoring["members"], progress=30),
                           today=date(2026, 12, 31))
    assert report.state == "draft"
    services.approve_report(report, monitoring["approver"])
    db.session.commit()
    assert report.state == "approved" and report.decided_by_id == monitoring["approver"].id
    actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_id == report.id,
                                                                      AuditEntry.object_type == "MonitoringReport")).all()
    assert actions == ["monitoring_report.create", "monitoring_report.return", "monitoring_report.update",
                       "monitoring_report.approve"]


def test_approved_report_is_immutable(rq, db, monitoring, file_report):
    report = file_report()
    with pytest.raises(ServiceError, match="correction"):
        services.update_report(report, monitoring["author"], report_data(monitoring["members"]), today=date(2026, 12, 31))
    with pytest.raises(ServiceError):
        services.add_photo(report, monitoring["author"], b"")
    with pytest.raises(ServiceError, match="correction"):  # a second report for the same period
        file_report(approve=False)


def test_correction_replaces_original_in_figures(rq, db, monitoring, file_report):
    original = file_report(spending={"local": D("30000")}, progress=40)
    correction = file_report(corrects=original, approve=False, spending={"local": D("25000")}, progress=35)
    assert correction.corrects_id == original.id
    board = queries.build_dashboard(monitoring["plan"], today=date(2026, 4, 1))
    assert board.execution.total.actual == D("30000")  # the correction is still a draft
    services.approve_report(correction, monitoring["approver"])
    db.session.commit()
    board = queries.build_dashboard(monitoring["plan"], today=date(2026, 4, 1))
    assert board.execution.total.actual == D("25000")
    assert board.activities[0].progress == 35
    assert db.session.get(MonitoringReport, original.id).state == "approved"  # kept on record


def test_report_refused_for_plan_not_approved(rq, db, monitoring, make_plan):
    for stage in ("draft", "discussion", "submitted"):
        plan = make_plan(monitoring["municipality"], stage=stage)
        activity = plan.sections[0].activities[0]
        with pytest.raises(ServiceError, match="not approved"):
            services.create_report(activity, monitoring["group"], monitoring["author"],
                                   report_data(monitoring["members"]), today=date(2026, 12, 31))
    plan = make_plan(monitoring["municipality"], stage="implementation")
    assert services.create_report(plan.sections[0].activities[0], monitoring["group"], monitoring["author"],
                                  report_data(monitoring["members"]), today=date(2026, 12, 31)).id


@pytest.mark.parametrize(("overrides", "field"), [
    ({"progress": 101}, "progress"),
    ({"progress": -1}, "progress"),
    ({"status": "done", "progress": 80}, "progress"),
    ({"status": "not_started", "progress": 10}, "progress"),
    ({"period_kind": "quarter", "period_number": 5}, "period_number"),
    ({"period_year": 2030}, "period_year"),
    ({"visit_date": date(2027, 6, 1)}, "visit_date"),
    ({"members_present": []}, "members_present"),
    ({"spending": {"local": D("-5")}}, "spent_local"),
    ({"spending": {"donor": D("1e15")}}, "spent_donor"),
])
def test_bad_report_input(rq, db, monitoring, overrides, field):
    with pytest.raises(ServiceError) as error:
        services.create_report(monitoring["activities"][0], monitoring["group"], monitoring["author"],
                               report_data(monitoring["members"], **overrides), today=date(2026, 12, 31))
    assert error.value.field == field
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(MonitoringReport.id))) == 0


def test_member_of_another_group_cannot_be_present(rq, db, monitoring, make_municipality):
    other_group = services.create_group(monitoring["municipality"], monitoring["staff"], "Other")
    stranger = services.add_member(other_group, monitoring["staff"], "Stranger", "other", "m")
    with pytest.raises(ServiceError) as error:
        services.create_report(monitoring["activities"][0], monitoring["group"], monitoring["author"],
                               report_data(monitoring["members"], members_present=[stranger.id]), today=date(2026, 12, 31))
    assert error.value.field == "members_present"


def _refs(plan):
    return [spending_csv.ActivityRef(a.id, f"{a.section.position}.{a.position}", a.description)
            for s in plan.sections for a in s.activities]


def test_import_good_file(rq, db, monitoring):
    plan = monitoring["plan"]
    preview = spending_csv.parse("activity;source;amount;date\n1.1;local;10 000,00;2026-03-01\n2.2;donor;500;\n".encode(),
                                 _refs(plan))
    batch = services.import_spending(plan, monitoring["staff"], preview, "export.csv")
    db.session.commit()
    assert batch.rows == 2 and batch.total == D("10500.00")
    board = queries.build_dashboard(plan, today=date(2026, 4, 1))
    assert board.execution.total.actual == D("10500.00")
    assert board.execution.by_source["donor"].actual == D("500.00")


def test_import_bad_file_changes_nothing(rq, db, monitoring):
    plan = monitoring["plan"]
    preview = spending_csv.parse(b"activity;source;amount\n1.1;local;100\n7.7;local;100\n", _refs(plan))
    assert [r.is_matched for r in preview.rows] == [True, False]
    with pytest.raises(ServiceError):
        services.import_spending(plan, monitoring["staff"], preview)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Expense.id))) == 0


def test_database_guard_on_approved_reports(rq, db, monitoring, file_report):
    report = file_report()
    report.progress = 99
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()


def test_public_section_and_annual_report(app, db, client, monitoring, file_report):
    file_report(findings="Roof finished on time.", recommendations="Paint before winter.")
    m = monitoring
    page = client.get(f"/m/{m['municipality'].slug}/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Progress of the plans" in page and f"/m/{m['municipality'].slug}/progress/{m['plan'].id}" in page
    annual = client.get(f"/m/{m['municipality'].slug}/progress/{m['plan'].id}/annual/2026",
                        headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Annual monitoring report 2026" in annual and "Roof finished on time." in annual
    assert "Paint before winter." in annual and "Joint monitoring group" in annual
    assert client.get(f"/m/{m['municipality'].slug}/progress/{m['plan'].id}/annual/2031").status_code == 404

"""Monitoring reports: filing, checking, editing, photos, approval and return."""
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _, ngettext

from ... import audit, checks
from ...checks import too_long
from ...errors import ServiceError
from ...extensions import db
from ...models import utcnow
from ...plans.in_force import in_approved_version
from ...plans.models import APPROVED as PLAN_APPROVED
from ...plans.models import IMPLEMENTATION
from ... import photos as photo_tools
from ..execution import SOURCES
from ..models import (
    APPROVED,
    DRAFT,
    PERIOD_KINDS,
    RETURNED,
    STATUSES,
    Expense,
    IndicatorValue,
    MonitoringReport,
    Photo,
)

MAX_AMOUNT = checks.MAX_AMOUNT
MAX_PHOTOS = 6
TEXT_LIMIT = 4000


def plan_accepts_reports(plan) -> bool:
    """Reports are filed only against an approved plan (also while an amendment is drafted)."""
    return plan.stage in (PLAN_APPROVED, IMPLEMENTATION) or (
        plan.approved_version_id is not None and plan.stage != "completed")


def _check(report_data, activity, group, today):
    plan = activity.plan
    if not plan_accepts_reports(plan):
        raise ServiceError(_("Reports can be filed only for an approved plan or one in implementation; this plan is not approved."))
    if group.municipality_id != plan.municipality_id or (group.plan_id is not None and group.plan_id != plan.id):
        raise ServiceError(_("This group does not monitor this plan."))
    if not in_approved_version(plan, activity):
        raise ServiceError(_("Reports are filed on the activities of the approved plan; this activity is only in the "
                             "amendment being prepared."))
    kind, number, year = report_data["period_kind"], report_data["period_number"], report_data["period_year"]
    if kind not in PERIOD_KINDS:
        raise ServiceError(_("Choose a month or a quarter."), field="period_kind")
    if not (1 <= (number or 0) <= (12 if kind == "month" else 4)):
        raise ServiceError(_("This period does not exist."), field="period_number")
    if not (plan.year_from <= (year or 0) <= plan.year_to):
        raise ServiceError(_("The period must fall within the plan's years (%(a)s–%(b)s).", a=plan.year_from, b=plan.year_to),
                           field="period_year")
    visit = report_data["visit_date"]
    if visit is None:
        raise ServiceError(_("Enter the date of the visit."), field="visit_date")
    if visit > today:
        raise ServiceError(_("The visit date cannot be in the future."), field="visit_date")
    status = report_data["status"]
    if status not in STATUSES:
        raise ServiceError(_("Choose a status."), field="status")
    progress = report_data["progress"]
    if progress is None or not 0 <= progress <= 100:
        raise ServiceError(_("Physical progress is a percentage from 0 to 100."), field="progress")
    if status == "done" and progress != 100:
        raise ServiceError(_("A finished activity has 100 % physical progress."), field="progress")
    if status == "not_started" and progress != 0:
        raise ServiceError(_("An activity that has not started has 0 % physical progress."), field="progress")


def _apply(report, data, by):
    group = report.group
    report.period_year = data["period_year"]
    report.period_kind = data["period_kind"]
    report.period_number = data["period_number"]
    report.visit_date = data["visit_date"]
    report.status = data["status"]
    report.progress = data["progress"]
    report.findings = checks.text(data.get("findings"), "findings", TEXT_LIMIT)
    report.problems = checks.text(data.get("problems"), "problems", TEXT_LIMIT)
    report.recommendations = checks.text(data.get("recommendations"), "recommendations", TEXT_LIMIT)
    member_ids = set(data.get("members_present") or ())
    members = [m for m in group.members if m.id in member_ids]
    if len(members) != len(member_ids):
        raise ServiceError(_("Only members of the group can be present."), field="members_present")
    if not members:
        raise ServiceError(_("Tick the members who made the visit."), field="members_present")
    report.members_present = members
    spending = data.get("spending") or {}
    if set(spending) - set(SOURCES):
        raise ServiceError(_("Unknown funding source."))
    amounts = {source: checks.amount(spending.get(source), f"spent_{source}") for source in SOURCES}
    report.expenses = [
        Expense(plan_id=report.plan_id, activity_id=report.activity_id, source=source, amount=amount)
        for source, amount in amounts.items() if amount > 0
    ]
    indicators = {i.id: i for i in report.activity.indicators}
    values = data.get("indicator_values") or {}
    if set(values) - set(indicators):
        raise ServiceError(_("This indicator is not one of the activity's."))
    report.indicator_values = [
        IndicatorValue(indicator_id=iid, value=_indicator_value(value, f"indicator_{iid}"))
        for iid, value in values.items() if value not in (None, "")
    ]


def _indicator_value(value, field):
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ServiceError(_("Enter a number."), field=field) from None
    if abs(number) > MAX_AMOUNT:
        raise ServiceError(_("The number is too large."), field=field)
    return number


def create_report(activity, group, by, data, corrects=None, today=None, photo=None, caption="", keep_location=False):
    """File a draft report. ``data`` holds the form's values (see ``_apply``); ``photo``, the
    bytes of a first photo, if any (see ``add_photo``)."""
    today = today or date.today()
    _check(data, activity, group, today)
    if corrects is not None:
        if corrects.activity_id != activity.id or not corrects.is_approved:
            raise ServiceError(_("Only an approved report of the same activity can be corrected."))
    else:
        approved = db.session.scalar(
            db.select(MonitoringReport.id).where(
                MonitoringReport.activity_id == activity.id, MonitoringReport.state == APPROVED,
                MonitoringReport.period_year == data["period_year"], MonitoringReport.period_kind == data["period_kind"],
                MonitoringReport.period_number == data["period_number"]).limit(1))
        if approved is not None:
            raise ServiceError(_("An approved report for this activity and period exists; file a correction of it instead."),
                               field="period_number")
    report = MonitoringReport(
        municipality_id=group.municipality_id, plan_id=activity.plan_id, activity_id=activity.id, activity=activity,
        group_id=group.id, group=group,
        corrects=corrects, created_by_id=getattr(by, "id", None), state=DRAFT,
    )
    db.session.add(report)
    _apply(report, data, by)
    db.session.flush()
    detail = f"activity {activity.id}, {report.period_code}"
    if corrects is not None:
        detail += f", corrects report {corrects.id}"
    audit.record(by, "monitoring_report.create", report, report.municipality_id, detail)
    if photo is not None:
        add_photo(report, by, photo, caption, keep_location)
    return report


def update_report(report, by, data, today=None):
    if not report.is_editable:
        raise ServiceError(_("An approved report cannot be changed; file a correction instead."))
    _check(data, report.activity, report.group, today or date.today())
    _apply(report, data, by)
    if report.state == RETURNED:
        report.state = DRAFT
    db.session.flush()
    audit.record(by, "monitoring_report.update", report, report.municipality_id, report.period_code)
    return report


def add_photo(report, by, data, caption="", keep_location=False):
    if not data:
        raise ServiceError(_("Choose a photo."), field="photo")
    if not report.is_editable:
        raise ServiceError(_("An approved report cannot be changed; file a correction instead."), field="photo")
    if len(report.photos) >= MAX_PHOTOS:
        raise ServiceError(ngettext("A report has at most %(num)s photo.", "A report has at most %(num)s photos.",
                                    MAX_PHOTOS), field="photo")
    cleaned = photo_tools.process(data, keep_location=keep_location)
    photo = Photo(report=report, caption=(caption or "").strip()[:200], content_type=cleaned.content_type,
                  width=cleaned.width, height=cleaned.height, has_location=cleaned.has_location,
                  data=cleaned.data, thumb=cleaned.thumb)
    db.session.add(photo)
    db.session.flush()
    audit.record(by, "monitoring_report.add_photo", report, report.municipality_id,
                 "with location" if cleaned.has_location else "")
    return photo


def remove_photo(photo, by):
    report = photo.report
    if not report.is_editable:
        raise ServiceError(_("An approved report cannot be changed; file a correction instead."))
    db.session.delete(photo)
    db.session.flush()
    audit.record(by, "monitoring_report.remove_photo", report, report.municipality_id)


def approve_report(report, by):
    if report.state != DRAFT:
        raise ServiceError(_("Only a draft report can be approved."))
    if not plan_accepts_reports(report.plan):
        raise ServiceError(_("Reports can be filed only for an approved plan or one in implementation; this plan is not approved."))
    if report.corrects is not None and not report.corrects.is_approved:
        raise ServiceError(_("Only an approved report of the same activity can be corrected."))
    decided_by_id, decided_at = getattr(by, "id", None), utcnow()  # may load: before any change
    report.return_reason = ""
    report.decided_by_id = decided_by_id
    report.decided_at = decided_at
    report.state = APPROVED  # last: an approved report is immutable (see models)
    db.session.flush()
    audit.record(by, "monitoring_report.approve", report, report.municipality_id, report.period_code)
    return report


def return_report(report, by, reason):
    if report.state != DRAFT:
        raise ServiceError(_("Only a draft report can be returned."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the report is returned."), field="reason")
    if len(reason) > 1000:
        raise ServiceError(too_long(1000), field="reason")
    report.state = RETURNED
    report.return_reason = reason
    report.decided_by_id = getattr(by, "id", None)
    report.decided_at = utcnow()
    db.session.flush()
    audit.record(by, "monitoring_report.return", report, report.municipality_id, reason)
    return report

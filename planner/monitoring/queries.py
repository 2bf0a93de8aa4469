"""Named queries the monitoring pages need, and the dashboard figures built from them.

Every page loads a constant number of queries whatever the number of activities or
reports: the plan's activities in one query, the sums of actual spending in one grouped
query, the (light) rows of the approved reports in one query, the latest reports with
their photos in one."""
import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased, joinedload, lazyload, selectinload

from ..auth.models import User
from ..extensions import db
from ..municipalities.models import Membership
from ..roles import ACTIVE, MONITOR
from ..surveys.models import Meeting
from ..plans.in_force import approved_activities, in_force
from ..plans.models import Activity, Plan, Section
from .kept import version_column
from .execution import ActivityCosts, compute, weighted_progress
from .models import (
    APPROVED,
    Expense,
    MonitoringGroup,
    MonitoringMember,
    MonitoringReport,
)

GATHERING_CHOICES_LIMIT = 200


def plans_of(municipality_id):
    return select(Plan).where(Plan.municipality_id == municipality_id).order_by(Plan.year_from.desc(), Plan.id.desc())


def plan_activities_light(plan_id):
    """The same activities without indicators (the dashboard needs no more)."""
    return (select(Activity).join(Section, Activity.section_id == Section.id)
            .where(Activity.plan_id == plan_id)
            .options(joinedload(Activity.section))
            .order_by(Section.position, Section.id, Activity.position, Activity.id))


def groups_of(municipality_id):
    return (select(MonitoringGroup).where(MonitoringGroup.municipality_id == municipality_id)
            .options(joinedload(MonitoringGroup.members), joinedload(MonitoringGroup.plan))
            .order_by(MonitoringGroup.id))


@functools.cache
def groups_for_plan():
    """The groups that may monitor a plan (``plan_id``, ``municipality_id`` bound at
    execution): its own and the municipality's general ones, with their members (who may
    file its reports), by id. Built once; without the groups' plans, which its pages do not
    show."""
    return (select(MonitoringGroup)
            .where(MonitoringGroup.municipality_id == bindparam("municipality_id"),
                   or_(MonitoringGroup.plan_id == bindparam("plan_id"), MonitoringGroup.plan_id.is_(None)))
            .options(joinedload(MonitoringGroup.members))
            .order_by(MonitoringGroup.id))


@functools.cache
def _group_detail():
    """The group with its members (and their accounts), plan and meeting, in one statement (its
    page reads the monitoring plans' rows with ``rows.monitoring_plans``, one query of the
    columns shown). Built once (on first use, when every model is mapped): the options' loader paths cost more to
    build (~2 ms) than the query takes."""
    return (select(MonitoringGroup).where(MonitoringGroup.id == bindparam("group_id"))
            .options(joinedload(MonitoringGroup.members).joinedload(MonitoringMember.user)
                     .lazyload(User.memberships),
                     joinedload(MonitoringGroup.plan), joinedload(MonitoringGroup.meeting)))


@functools.cache
def _group_detail_with_version():
    return _group_detail().add_columns(version_column())


def group_detail_with_version(group_id):
    """``group_detail`` with the data version in the same statement, for ``db.session.execute``
    (then ``.unique()``): rows of ``(group, version)``."""
    return _group_detail_with_version(), {"group_id": group_id}


@functools.cache
def plan_with_version(with_approved=True):
    """The plan and the data version in one statement (``plan_id`` bound at execution): rows of
    ``(plan, version)``; ``with_approved``: with its approved version (the progress pages read
    its snapshot)."""
    statement = select(Plan, version_column()).where(Plan.id == bindparam("plan_id"))
    return statement.options(joinedload(Plan.approved_version)) if with_approved else statement


def group_detail(group_id):
    """``(statement, parameters)`` for ``db.session.scalars`` (then ``.unique()``: the members
    are joined to the group's row)."""
    return _group_detail(), {"group_id": group_id}


def gatherings_of(municipality_id):
    """Recorded meetings that can have approved a group, the latest first."""
    return (select(Meeting).where(Meeting.municipality_id == municipality_id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(GATHERING_CHOICES_LIMIT))


def monitor_accounts(municipality_id):
    """Accounts that hold the monitor role in the municipality: those a member can be linked to."""
    return (select(User).join(Membership, Membership.user_id == User.id)
            .where(Membership.municipality_id == municipality_id, Membership.role == MONITOR,
                   Membership.status == ACTIVE)
            .options(lazyload(User.memberships)).order_by(User.name, User.id))


_Correction = aliased(MonitoringReport, name="correction")  # made once: building an alias costs ~1 ms


def _superseded():
    """Ids of approved reports replaced by an approved correction."""
    return select(_Correction.corrects_id).where(_Correction.state == APPROVED, _Correction.corrects_id.is_not(None))


def counted_reports_filter():
    """Reports that count in the figures: approved and not replaced by an approved correction."""
    return and_(MonitoringReport.state == APPROVED, MonitoringReport.id.not_in(_superseded()))


def actual_spending(plan_id):
    """``(activity_id, source, sum)`` over counted reports and imported accounting rows."""
    return (select(Expense.activity_id, Expense.source, func.sum(Expense.amount))
            .outerjoin(MonitoringReport, Expense.report_id == MonitoringReport.id)
            .where(Expense.plan_id == plan_id,
                   or_(Expense.import_id.is_not(None), counted_reports_filter()))
            .group_by(Expense.activity_id, Expense.source))


def report_rows(plan_id):
    """Light rows of the counted reports, for progress, status and the timeline."""
    return (select(MonitoringReport.activity_id, MonitoringReport.period_year, MonitoringReport.period_kind,
                   MonitoringReport.period_number, MonitoringReport.status, MonitoringReport.progress,
                   MonitoringReport.id, MonitoringReport.visit_date)
            .where(MonitoringReport.plan_id == plan_id, counted_reports_filter()))


def _of_activities(query, activity_ids):
    """Reports of these activities only (None: all): the approved version's, on public pages."""
    return query if activity_ids is None else query.where(MonitoringReport.activity_id.in_(activity_ids))


def latest_reports(plan_id, limit=6, activity_ids=None):
    """The latest counted reports with their activity and photos, in one query (the photos
    joined to the ``limit`` reports: SQLAlchemy limits the reports in a subquery first)."""
    return (_of_activities(select(MonitoringReport), activity_ids)
            .where(MonitoringReport.plan_id == plan_id, counted_reports_filter())
            .options(joinedload(MonitoringReport.activity), joinedload(MonitoringReport.photos))
            .order_by(MonitoringReport.decided_at.desc(), MonitoringReport.id.desc()).limit(limit))


def reports_for_year(plan_id, year, activity_ids=None):
    """Counted reports of one year, with what the annual report prints."""
    return (_of_activities(select(MonitoringReport), activity_ids)
            .where(MonitoringReport.plan_id == plan_id, MonitoringReport.period_year == year, counted_reports_filter())
            .options(joinedload(MonitoringReport.activity))
            .order_by(MonitoringReport.activity_id, MonitoringReport.period_kind, MonitoringReport.period_number))


@functools.cache
def _report_detail():
    """The report with what its page shows, built once (a bound report id): its activity,
    plan, group, author, decider, the report it corrects, members present, expenses,
    indicator values and photos. The activity's indicators and the group's members load
    only when asked for (a report with indicator values; a monitor's permissions): an
    anonymous reader of a report without them needs neither."""
    return (select(MonitoringReport).where(MonitoringReport.id == bindparam("report_id"))
            .options(joinedload(MonitoringReport.activity), joinedload(MonitoringReport.plan),
                     joinedload(MonitoringReport.group),
                     # the author's and decider's names only, not their memberships
                     joinedload(MonitoringReport.created_by).lazyload(User.memberships),
                     joinedload(MonitoringReport.decided_by).lazyload(User.memberships), joinedload(MonitoringReport.corrects),
                     selectinload(MonitoringReport.members_present), joinedload(MonitoringReport.expenses),
                     selectinload(MonitoringReport.indicator_values), selectinload(MonitoringReport.photos)))


@functools.cache
def report_with_version():
    """The report with what its page's title and rights read (its activity, plan, group,
    author, decider, the report it corrects and its expenses) and the data version, in one
    statement (``report_id`` bound at execution; then ``.unique()``): rows of ``(report,
    version)``. The members present, indicator values and photos load only when the page's
    body is drawn (one query each, as ``report_detail``'s loads), not when it is kept."""
    return (select(MonitoringReport, version_column()).where(MonitoringReport.id == bindparam("report_id"))
            .options(joinedload(MonitoringReport.activity), joinedload(MonitoringReport.plan),
                     joinedload(MonitoringReport.group),
                     joinedload(MonitoringReport.created_by).lazyload(User.memberships),
                     joinedload(MonitoringReport.decided_by).lazyload(User.memberships), joinedload(MonitoringReport.corrects),
                     joinedload(MonitoringReport.expenses)))


def report_detail(report_id):
    """``(statement, parameters)`` for ``db.session.scalars``."""
    return _report_detail(), {"report_id": report_id}


# --- the dashboard --------------------------------------------------------------------

def month_index(value: date | None) -> int | None:
    return None if value is None else value.year * 12 + value.month - 1


def month_label(index: int | None) -> str:
    """A month index (``year * 12 + month - 1``) in the locale's short form ("04.2026", "2026-04")."""
    if index is None:
        return ""
    from ..i18n import month_year

    return month_year(date(index // 12, index % 12 + 1, 1), numeric=True)


@dataclass
class ActivityState:
    activity: object
    cost: Decimal
    status: str = "no_report"
    progress: int = 0
    is_overdue: bool = False
    planned_start: int | None = None
    planned_end: int | None = None
    actual_start: int | None = None
    actual_end: int | None = None
    reports: int = 0
    latest_month: int | None = None  # the month of the latest visit reported


@dataclass
class Dashboard:
    activities: list = field(default_factory=list)  # ActivityState in plan order
    sections: list = field(default_factory=list)  # (section, Line)
    execution: object = None
    progress: Decimal = Decimal("0.0")
    status_counts: dict = field(default_factory=dict)
    latest: list = field(default_factory=list)
    source: object = None  # plans.in_force.Source: the version and decision the planned figures come from

    @property
    def activity_ids(self):
        """The activities shown, when they come from an approved version (None: all of the plan's)."""
        return None if self.source is None or self.source.version is None else [s.activity.id for s in self.activities]

    @property
    def overdue(self):
        return [a for a in self.activities if a.is_overdue]


STATUS_ORDER = ("no_report", "not_started", "on_track", "delayed", "done", "cancelled")


def build_dashboard(plan, today=None, with_latest=True) -> Dashboard:
    """All the dashboard's figures, in a constant number of queries."""
    today = today or date.today()
    activities, source = planned_activities(plan)
    ids = [a.id for a in activities] if source.version is not None else None
    spending, counted, latest = _dashboard_statements(ids is not None)
    params = {"plan_id": plan.id}
    actuals = {(aid, fund): amount for aid, fund, amount in db.session.execute(spending, params)}
    rows = db.session.execute(counted, params).all()
    if ids is not None:
        params = {"plan_id": plan.id, "activity_ids": ids}
    board = assemble(plan, activities, actuals, rows, today,
                     db.session.scalars(latest, params).unique().all() if with_latest else [])
    board.source = source
    return board


@functools.cache
def _dashboard_statements(of_activities):
    """The dashboard's spending, report rows and latest reports statements, with the plan's id
    (and, ``of_activities``, the shown activities' ids) bound at execution: built once, as
    building them (the superseded reports' subquery three times, the eager loads) cost about
    as much as running them."""
    plan_id = bindparam("plan_id")
    activity_ids = bindparam("activity_ids", expanding=True) if of_activities else None
    return actual_spending(plan_id), report_rows(plan_id), latest_reports(plan_id, activity_ids=activity_ids)


def planned_activities(plan):
    """(activities, source): the approved version's activities when the plan has one (a draft
    amendment never reaches the public figures), else the working copy's rows."""
    source = in_force(plan)
    if source.version is not None:
        return approved_activities(source.version), source
    return db.session.scalars(plan_activities_light(plan.id)).unique().all(), source


def _extreme(pick, current, value):
    return value if current is None else pick(current, value)


def assemble(plan, activities, actuals, rows, today, latest=()) -> Dashboard:
    """Pure part of the dashboard: from loaded activities, sums and report rows.

    The status and progress are those of the report on the latest period; the actual months
    of the timeline are the months of the visits (a report on the first quarter may be
    written after a visit in April, and it is April that was seen)."""
    execution = compute(
        [ActivityCosts(a.id, a.section_id, a.funding()) for a in activities], actuals)
    states = {a.id: ActivityState(activity=a, cost=a.total, planned_start=month_index(a.start_month),
                                  planned_end=month_index(a.end_month)) for a in activities}
    latest_key = {}
    for activity_id, year, kind, number, status, progress, report_id, visit_date in rows:
        state = states.get(activity_id)
        if state is None:
            continue
        state.reports += 1
        key = (year * 12 + (number * 3 if kind == "quarter" else number) - 1, report_id)  # the period's last month
        if activity_id not in latest_key or key > latest_key[activity_id]:
            latest_key[activity_id] = key
            state.status, state.progress = status, progress
        visited = month_index(visit_date)
        if visited is None:
            continue
        state.latest_month = _extreme(max, state.latest_month, visited)
        if status in ("on_track", "delayed", "done") and progress > 0:
            state.actual_start = _extreme(min, state.actual_start, visited)
        if status == "done":
            state.actual_end = _extreme(min, state.actual_end, visited)
    this_month = today.year * 12 + today.month - 1
    for state in states.values():
        if state.status != "done":
            state.actual_end = None
        state.is_overdue = (state.planned_end is not None and state.planned_end < this_month
                            and state.status not in ("done", "cancelled"))
    ordered = [states[a.id] for a in activities]
    counts = {status: 0 for status in STATUS_ORDER}
    for state in ordered:
        counts[state.status] += 1
    sections, seen = [], set()
    for a in activities:
        if a.section_id not in seen:
            seen.add(a.section_id)
            sections.append((a.section, execution.by_section[a.section_id]))
    progress = weighted_progress([(s.cost, s.progress) for s in ordered if s.status != "cancelled"])
    return Dashboard(activities=ordered, sections=sections, execution=execution, progress=progress,
                     status_counts=counts, latest=list(latest))

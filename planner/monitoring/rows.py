"""Rows of the monitoring lists as plain tuples, and their markup drawn by one Python format each.

The group's monitoring plan and a plan's reports list drew each row through a dozen Jinja
expressions (a ``url_for`` and a ``post_button`` per row, the ORM's items, activities and
visitors loaded whole for one text each): most of those pages' time. Here each list is one
query of the columns shown, and each row one format (as ``post_button`` and
``plans.sheet_rows.row_html`` are). The HTML is the same, byte for byte: every value is
escaped as the template escaped it, and the labels are the template's own (already escaped)
``_()`` texts (escaped again, which leaves Markup as it is)."""
import functools
from datetime import date

from markupsafe import Markup, escape
from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..forms import post_button
from ..i18n import money, month_year, number, period_text
from ..plans.models import Activity, Section
from .models import MonitoringMember, MonitoringPlan, MonitoringPlanItem, MonitoringReport

_Visitor = aliased(MonitoringMember, name="visitor")


@functools.cache
def _plan_items():
    return (select(MonitoringPlan.id, MonitoringPlan.year, MonitoringPlanItem.id, MonitoringPlanItem.frequency,
                   Activity.description, _Visitor.name)
            .select_from(MonitoringPlan)
            .outerjoin(MonitoringPlanItem, MonitoringPlanItem.monitoring_plan_id == MonitoringPlan.id)
            .outerjoin(Activity, Activity.id == MonitoringPlanItem.activity_id)
            .outerjoin(_Visitor, _Visitor.id == MonitoringPlanItem.visitor_id)
            .where(MonitoringPlan.group_id == bindparam("group_id"))
            .order_by(MonitoringPlan.year.desc(), MonitoringPlanItem.id))


def monitoring_plans(session, group_id):
    """``[(year, [(item_id, frequency, activity description, visitor name or None), ...]), ...]``:
    the group's monitoring plans, the latest year first, each with its items in the order
    they were added; one query."""
    plans = {}
    for plan_id, year, item_id, frequency, description, visitor in session.execute(_plan_items(),
                                                                                  {"group_id": group_id}):
        items = plans.setdefault(plan_id, (year, []))[1]
        if item_id is not None:
            items.append((item_id, frequency, description, visitor))
    return list(plans.values())


def plan_item_rows(items, labels, frequency_texts, remove=None) -> Markup:
    """The ``<tr>``s of a monitoring plan's items. ``labels``: the Activity, How often and Who
    visits column labels as the template translated them; ``remove``: for those who manage the
    group, ``(row_url of the remove action, its label, the form whose token it posts)``."""
    activity, often, who = map(escape, labels)
    e = escape
    rows = []
    for item_id, frequency, description, visitor in items:
        button = f'<td>{post_button(remove[0](item_id), remove[1], remove[2], "small")}</td>' if remove else ""
        rows.append(f'\n<tr><td data-label="{activity}">{e(description)}</td><td data-label="{often}">'
                    f'{e(frequency_texts[frequency])}</td>\n<td data-label="{who}">{e(visitor) if visitor else "—"}</td>\n'
                    f'{button}</tr>\n')
    return Markup("".join(rows))


def activity_choices(plan_id):
    """``(id, section position, position, description)`` of a plan's activities in plan order:
    what the monitoring plan form's choices show, without loading the activities."""
    return (select(Activity.id, Section.position, Activity.position, Activity.description)
            .join(Section, Activity.section_id == Section.id)
            .where(Activity.plan_id == plan_id)
            .order_by(Section.position, Section.id, Activity.position, Activity.id))


def truncate(text, length, leeway=5, end="..."):
    """Jinja's ``|truncate(length)`` (its default leeway and end), for rows drawn in Python."""
    if len(text) <= length + leeway:
        return text
    return text[:length - len(end)].rsplit(" ", 1)[0] + end


@functools.cache
def _plan_reports():
    return (select(MonitoringReport.id, Activity.description, MonitoringReport.corrects_id,
                   MonitoringReport.period_kind, MonitoringReport.period_year, MonitoringReport.period_number,
                   MonitoringReport.status, MonitoringReport.progress, MonitoringReport.state, User.name)
            .join(Activity, Activity.id == MonitoringReport.activity_id)
            .outerjoin(User, User.id == MonitoringReport.created_by_id)
            .where(MonitoringReport.plan_id == bindparam("plan_id"))
            .order_by(MonitoringReport.id.desc()).limit(bindparam("limit")))


def plan_reports(session, plan_id, limit=200):
    """The plan's latest reports (the columns its reports list shows), the latest first."""
    return session.execute(_plan_reports(), {"plan_id": plan_id, "limit": limit}).all()


def report_rows(reports, labels, report_url, texts, locale) -> Markup:
    """The ``<tr>``s of a plan's reports list. ``labels``: the Activity, Period, Status,
    Progress, Approval and Filed by column labels and the "correction" badge as the template
    translated them; ``texts``: the status and state label texts (``i18n.label_texts``)."""
    activity, period, status, progress, approval, filed_by, correction = map(escape, labels)
    status_texts, state_texts = texts
    e = escape
    badge = f' <span class="badge">{correction}</span>'
    return Markup("".join(
        f'\n<tr><td data-label="{activity}"><a href="{e(report_url(report_id))}">{e(truncate(description, 70))}</a>'
        f'{badge if corrects_id else ""}</td>\n'
        f'<td data-label="{period}">{e(period_text(kind, year, number, locale))}</td>'
        f'<td data-label="{status}">{e(status_texts[state_status])}</td>\n'
        f'<td data-label="{progress}" class="num">{e(percent)} %</td>\n'
        f'<td data-label="{approval}"><span class="badge {"ok" if state == "approved" else "wait"}">'
        f'{e(state_texts[state])}</span></td>\n'
        f'<td data-label="{filed_by}">{e(author) if author else ""}</td></tr>\n'
        for report_id, description, corrects_id, kind, year, number, state_status, percent, state, author in reports))


def new_report_links(activities, new_report_url) -> Markup:
    """The "file a report" list's ``<li>``s: ``activities`` as ``activity_choices`` gives them."""
    e = escape
    return Markup("".join(
        f'<li><a href="{e(new_report_url(activity_id))}">{e(section)}.{e(position)} {e(truncate(description, 60))}</a></li>'
        for activity_id, section, position, description in activities))


def activity_rows(board, labels, status_texts, currency, locale) -> Markup:
    """The ``<tr>``s of the progress dashboard's (and annual report's) activities table, one
    format per row: the months, money and percentages formatted in Python with the page's
    locale (``labels``: the template's column labels and its overdue and overspent badges)."""
    l_act, l_pm, l_am, l_st, l_pr, l_plan, l_actual, l_ex, l_overdue, l_overspent = map(escape, labels)
    e = escape
    by_activity = board.execution.by_activity

    months = {None: ""}  # a plan's activities share a few dozen months

    def month(index):
        text = months.get(index)
        if text is None:
            text = months[index] = month_year(date(index // 12, index % 12 + 1, 1), numeric=True, locale=locale)
        return text

    rows = []
    for s in board.activities:
        a, ln = s.activity, by_activity[s.activity.id]
        late = f' <span class="badge late">{l_overdue}</span>' if s.is_overdue else ""
        over = f' <span class="badge over">{l_overspent}</span>' if ln.is_overspent else ""
        if s.actual_start is not None:
            actual = f"{e(month(s.actual_start))} – {e(month(s.actual_end)) if s.actual_end is not None else '…'}"
        else:
            actual = "—"
        executed = e(f"{number(ln.percent, 2, locale)} %") if ln.percent is not None else "—"
        rows.append(
            f'\n<tr class="{"overdue" if s.is_overdue else ""}{" over" if ln.is_overspent else ""}">'
            f'<th scope="row" data-label="{l_act}">{e(a.section.position)}.{e(a.position)} {e(a.description)}{late}{over}</th>\n'
            f'<td data-label="{l_pm}">{e(month(s.planned_start))} – {e(month(s.planned_end))}</td>\n'
            f'<td data-label="{l_am}">{actual}</td>\n'
            f'<td data-label="{l_st}">{e(status_texts[s.status])}</td>\n'
            f'<td data-label="{l_pr}" class="num">{e(s.progress)} %</td>\n'
            f'<td data-label="{l_plan}" class="num">{e(money(ln.planned, currency, locale))}</td>\n'
            f'<td data-label="{l_actual}" class="num">{e(money(ln.actual, currency, locale))}</td>\n'
            f'<td data-label="{l_ex}" class="num">{executed}</td></tr>\n')
    return Markup("".join(rows))


def execution_rows(rows, labels, currency, locale) -> Markup:
    """The ``<tr>``s of a budget execution table: ``rows`` of ``(label, Line)``; ``labels``: the
    template's first column, Plan, Actual, Executed and Deviation labels and overspent badge."""
    first, plan, actual, executed, deviation, overspent = map(escape, labels)
    e = escape
    parts = []
    for label, ln in rows:
        over_class = ' class="over"' if ln.is_overspent else ""
        badge = f' <span class="badge over">{overspent}</span>' if ln.is_overspent else ""
        percent = e(f"{number(ln.percent, 2, locale)} %") if ln.percent is not None else "—"
        parts.append(
            f'\n<tr{over_class}><th scope="row" data-label="{first}">{e(label)}{badge}</th>\n'
            f'<td data-label="{plan}" class="num">{e(money(ln.planned, currency, locale))}</td>\n'
            f'<td data-label="{actual}" class="num">{e(money(ln.actual, currency, locale))}</td>\n'
            f'<td data-label="{executed}" class="num">{percent}</td>\n'
            f'<td data-label="{deviation}" class="num">{e(money(ln.deviation, currency, locale))}</td></tr>\n')
    return Markup("".join(parts))

"""Monitoring groups: the group, its members and its yearly monitoring plan."""
from flask_babel import gettext as _

from ... import audit
from ...checks import text
from ...errors import ServiceError
from ...extensions import db
from ...roles import ACTIVE, MONITOR
from ..models import (
    FREQUENCIES,
    MEMBER_KINDS,
    SEXES,
    MonitoringGroup,
    MonitoringMember,
    MonitoringPlan,
    MonitoringPlanItem,
)


def _gathering(municipality_id, meeting):
    if meeting is not None and meeting.municipality_id != municipality_id:
        raise ServiceError(_("This meeting belongs to another municipality."), field="meeting_id")
    return meeting


def create_group(municipality, by, name, plan=None, formed_on=None, approved_at="", meeting=None):
    """``meeting``: the recorded gathering that approved the group; ``approved_at`` describes
    one that is not recorded in the app."""
    if plan is not None and plan.municipality_id != municipality.id:
        raise ServiceError(_("This plan belongs to another municipality."), field="plan_id")
    group = MonitoringGroup(municipality_id=municipality.id, plan=plan, name=_required(name, "name", 160),
                            formed_on=formed_on, approved_at=(approved_at or "")[:300],
                            meeting=_gathering(municipality.id, meeting))
    db.session.add(group)
    db.session.flush()
    audit.record(by, "monitoring_group.create", group, municipality.id, group.name)
    return group


def update_group(group, by, name, formed_on=None, approved_at="", meeting=None):
    group.name = _required(name, "name", 160)
    group.formed_on = formed_on
    group.approved_at = (approved_at or "")[:300]
    group.meeting = _gathering(group.municipality_id, meeting)
    db.session.flush()
    audit.record(by, "monitoring_group.update", group, group.municipality_id, group.name)
    return group


def _account(group, user, member=None):
    """The account linked to a member: a monitor of the group's municipality, on the roster once."""
    if user is None:
        return None
    if member is not None and user is member.user:
        return user  # unchanged: staff can still edit a member whose account has since lost its role
    if not any(m.role == MONITOR and m.status == ACTIVE and m.municipality_id == group.municipality_id
               for m in user.memberships):
        raise ServiceError(_("This account is not a monitor of the municipality."), field="user_id")
    if any(m.user_id == user.id and m.is_active and m is not member for m in group.members):
        raise ServiceError(_("This account is already linked to another member of the group."), field="user_id")
    return user


def add_member(group, by, name, kind, sex, role="", user=None):
    _check_member(kind, sex)
    member = MonitoringMember(group=group, name=_required(name, "name", 160), kind=kind, sex=sex,
                              role=(role or "")[:120], user=_account(group, user))
    db.session.add(member)
    db.session.flush()
    audit.record(by, "monitoring_group.add_member", group, group.municipality_id, member.name)
    return member


def update_member(member, by, name, kind, sex, role="", user=None):
    _check_member(kind, sex)
    member.user = _account(member.group, user, member)
    member.name, member.kind, member.sex = _required(name, "name", 160), kind, sex
    member.role = (role or "")[:120]
    db.session.flush()
    audit.record(by, "monitoring_group.update_member", member.group, member.group.municipality_id, member.name)
    return member


def _check_member(kind, sex):
    if kind not in MEMBER_KINDS:
        raise ServiceError(_("Choose what kind of member this is."), field="kind")
    if sex not in SEXES:
        raise ServiceError(_("Choose the member's sex."), field="sex")


def remove_member(member, by):
    """Members leave the group but stay on the reports they took part in."""
    member.is_active = False
    db.session.flush()
    audit.record(by, "monitoring_group.remove_member", member.group, member.group.municipality_id, member.name)


def composition(members):
    """Counts of the active members by sex and by kind: ``{"f": 3, "m": 4}, {"resident": 3, ...}``."""
    by_sex = {sex: 0 for sex in SEXES}
    by_kind = {kind: 0 for kind in MEMBER_KINDS}
    for member in members:
        if member.is_active:
            by_sex[member.sex] += 1
            by_kind[member.kind] += 1
    return by_sex, by_kind


def add_plan_item(group, by, year, activity, frequency, visitor=None):
    """Put ``activity`` on the group's monitoring plan for ``year``."""
    if activity is None:
        raise ServiceError(_("This activity is not in the group's plan."), field="activity_id")
    if group.plan_id is not None and activity.plan_id != group.plan_id:
        raise ServiceError(_("This activity is not in the group's plan."), field="activity_id")
    if activity.plan.municipality_id != group.municipality_id:
        raise ServiceError(_("This activity is not in the group's plan."), field="activity_id")
    if frequency not in FREQUENCIES:
        raise ServiceError(_("Choose how often the activity is visited."), field="frequency")
    if visitor is not None and visitor.group_id != group.id:
        raise ServiceError(_("The visitor must be a member of the group."), field="visitor_id")
    if not 2000 <= (year or 0) <= 2100:
        raise ServiceError(_("Enter a year between 2000 and 2100."), field="year")
    monitoring_plan = next((p for p in group.monitoring_plans if p.year == year), None)
    if monitoring_plan is None:
        monitoring_plan = MonitoringPlan(group=group, year=year)
        db.session.add(monitoring_plan)
    if any(item.activity_id == activity.id for item in monitoring_plan.items):
        raise ServiceError(_("This activity is already on the %(year)s monitoring plan.", year=year), field="activity_id")
    item = MonitoringPlanItem(monitoring_plan=monitoring_plan, activity=activity, frequency=frequency, visitor=visitor)
    db.session.add(item)
    db.session.flush()
    audit.record(by, "monitoring_plan.add", monitoring_plan, group.municipality_id, f"{year}: activity {activity.id}")
    return item


def remove_plan_item(item, by):
    monitoring_plan = item.monitoring_plan
    db.session.delete(item)
    db.session.flush()
    audit.record(by, "monitoring_plan.remove", monitoring_plan, monitoring_plan.group.municipality_id,
                 f"activity {item.activity_id}")

def _required(value, field, limit):
    return text(value, field, limit, required=True)

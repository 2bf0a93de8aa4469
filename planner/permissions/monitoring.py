"""Who sets up monitoring groups and files, decides, corrects and reads monitoring reports,
imports spending and sees a plan's progress (planner/monitoring)."""
from .common import ModelsOf, authenticated, is_admin, is_member, is_monitor, is_staff

_monitoring = ModelsOf("monitoring")


def can_manage_monitoring_groups(user, municipality) -> bool:
    """Staff set up the monitoring group, its members and its yearly monitoring plan."""
    return is_admin(user) or is_staff(user, municipality)


def can_read_monitoring(user, municipality) -> bool:
    """The internal monitoring pages (groups, drafts, reports list): the municipality's members."""
    return is_member(user, municipality)


def on_monitoring_roster(user, group) -> bool:
    """The user's account is linked to an active member of ``group`` (its members loaded)."""
    return (group is not None and authenticated(user)
            and any(m.user_id == user.id and m.is_active for m in group.members))


def can_file_report(user, municipality, group) -> bool:
    """A member of the group that monitors the plan, with the monitor role, files reports."""
    return is_monitor(user, municipality) and on_monitoring_roster(user, group)


def can_edit_report(user, report) -> bool:
    """The author changes a draft (or a returned report) until the group approves it."""
    return (report.state in (_monitoring.DRAFT, _monitoring.RETURNED) and is_monitor(user, report.municipality_id)
            and authenticated(user) and report.created_by_id == user.id)


def can_decide_report(user, report) -> bool:
    """Another member of the report's group approves or returns a draft: nobody approves
    their own report, and a monitor outside the group does not decide for it."""
    return (report.state == _monitoring.DRAFT and is_monitor(user, report.municipality_id)
            and authenticated(user) and report.created_by_id != user.id
            and on_monitoring_roster(user, report.group))


def can_correct_report(user, report) -> bool:
    return (report.state == _monitoring.APPROVED and is_monitor(user, report.municipality_id)
            and on_monitoring_roster(user, report.group))


def can_read_report(user, report) -> bool:
    """Approved reports are public; drafts and returned ones stay inside the municipality."""
    return report.state == _monitoring.APPROVED or is_member(user, report.municipality_id)


def can_import_spending(user, municipality) -> bool:
    """Staff hold the municipality's accounting data."""
    return is_admin(user) or is_staff(user, municipality)


def can_view_progress(user, plan) -> bool:
    """A plan's progress dashboard is public once the plan is; drafts stay with the members."""
    return bool(getattr(plan, "has_public_version", False)) or is_member(user, plan.municipality_id)

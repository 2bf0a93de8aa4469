"""Who may read, edit, discuss, submit, review and amend a plan (planner/plans), by stage."""
from .common import ModelsOf, can_draft, is_admin, is_deputy, is_member, is_staff

_plans = ModelsOf("plans")


def _amending(plan) -> bool:
    """A stage in which the approved version (if any) stays in force while an amendment is prepared."""
    return plan.stage in (_plans.DRAFT, _plans.DISCUSSION, _plans.SUBMITTED)


def _drafter(user, plan) -> bool:
    return is_admin(user) or can_draft(user, plan.municipality_id)


def _manager(user, plan) -> bool:
    return is_admin(user) or is_staff(user, plan.municipality_id)


def can_create_plan(user, municipality) -> bool:
    return is_admin(user) or can_draft(user, municipality)


def can_read_plan(user, plan) -> bool:
    """Public once it has reached public discussion or has an approved version; else members."""
    return plan.has_public_version or is_member(user, plan.municipality_id)


def can_read_working_copy(user, plan) -> bool:
    """The editable copy: public from public discussion onward, drafts for members only."""
    return plan.is_public or is_member(user, plan.municipality_id)


def can_work_on_draft(user, plan) -> bool:
    """The working copy instead of the approved version in force. Without an approved
    version the working copy is the plan; with one, only members see the amendment they
    prepare (draft, discussion, submission): every public page, print, export and chart
    shows the approved version until the council approves a newer one."""
    if plan.approved_version_id is None:
        return can_read_working_copy(user, plan)
    return _amending(plan) and is_member(user, plan.municipality_id)


def can_edit_plan(user, plan) -> bool:
    """Initiative group members and staff edit drafts (and plans in public discussion)."""
    return plan.stage in _plans.EDITABLE_STAGES and _drafter(user, plan)


def can_edit_section(user, plan, section) -> bool:
    """Staff edit every section; a group member edits the sections of their own group
    (or any section no group with linked accounts has taken up). Needs
    ``section.group.members`` loaded."""
    if not can_edit_plan(user, plan):
        return False
    if _manager(user, plan):
        return True
    group = section.group if section is not None else None
    linked = [m.user_id for m in group.members if m.user_id] if group is not None else []
    return not linked or user.id in linked


def can_manage_plan_groups(user, plan) -> bool:
    return plan.stage in _plans.EDITABLE_STAGES and _drafter(user, plan)


def can_open_discussion(user, plan) -> bool:
    return plan.stage == _plans.DRAFT and _drafter(user, plan)


def can_record_hearing(user, plan) -> bool:
    return plan.stage == _plans.DISCUSSION and _drafter(user, plan)


def can_submit_plan(user, plan) -> bool:
    return plan.stage == _plans.DISCUSSION and _manager(user, plan)


def can_record_decision(user, plan) -> bool:
    return plan.stage == _plans.SUBMITTED and _manager(user, plan)


def can_start_implementation(user, plan) -> bool:
    return plan.stage == _plans.APPROVED and _manager(user, plan)


def can_complete_plan(user, plan) -> bool:
    return plan.stage == _plans.IMPLEMENTATION and _manager(user, plan)


def can_amend_plan(user, plan) -> bool:
    return plan.stage in (_plans.APPROVED, _plans.IMPLEMENTATION) and _manager(user, plan)


def can_comment_plan(user, plan) -> bool:
    """Residents (and every member) comment and propose while the plan is in public discussion."""
    return plan.stage == _plans.DISCUSSION and is_member(user, plan.municipality_id)


def can_answer_proposals(user, plan) -> bool:
    return plan.stage in _plans.EDITABLE_STAGES and _drafter(user, plan)


def can_review_plan(user, plan) -> bool:
    """Deputies comment per activity on the version submitted to the council."""
    return plan.stage == _plans.SUBMITTED and is_deputy(user, plan.municipality_id)


def can_see_stage_actions(user, plan) -> bool:
    return any(f(user, plan) for f in (can_open_discussion, can_submit_plan, can_record_decision,
                                       can_start_implementation, can_complete_plan, can_amend_plan,
                                       can_record_hearing))

"""Who may do what: pure predicates, used by views and templates alike.

Every predicate takes the user (possibly anonymous) first and answers True or False from
data already loaded (the user's memberships are loaded with the user). Views call
``require(can_x(current_user, obj))``; templates call the same functions, which are
exposed as Jinja globals. Never test a role by name anywhere else."""
from flask import abort
from flask_login import current_user

from .roles import (
    DEPUTY,
    GROUP_MEMBER,
    MONITOR,
    RESIDENT,
    STAFF,
)


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_admin(user) -> bool:
    return _authenticated(user) and bool(user.is_admin)


def is_trainer(user) -> bool:
    return _authenticated(user) and bool(user.is_trainer)


def _municipality_id(obj) -> int | None:
    return obj if isinstance(obj, int) else getattr(obj, "id", None)


def roles_in(user, municipality) -> set[str]:
    """The active roles of ``user`` in ``municipality`` (an object or an id)."""
    if not _authenticated(user):
        return set()
    mid = _municipality_id(municipality)
    return {m.role for m in user.memberships if m.municipality_id == mid and m.is_active}


def membership(user, municipality, role):
    if not _authenticated(user):
        return None
    mid = _municipality_id(municipality)
    for m in user.memberships:
        if m.municipality_id == mid and m.role == role:
            return m
    return None


def has_role(user, municipality, *roles) -> bool:
    return bool(roles_in(user, municipality) & set(roles))


# --- platform -------------------------------------------------------------------------

def can_admin_platform(user) -> bool:
    return is_admin(user)


def can_create_municipality(user) -> bool:
    return is_admin(user)


def can_read_platform_audit(user) -> bool:
    return is_admin(user)


# --- municipalities -------------------------------------------------------------------

def is_staff(user, municipality) -> bool:
    return has_role(user, municipality, STAFF)


def is_member(user, municipality) -> bool:
    """Any active role: the municipality's internal pages (drafts, member lists) open up."""
    return is_admin(user) or bool(roles_in(user, municipality))


def can_edit_municipality(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_manage_villages(user, municipality) -> bool:
    return can_edit_municipality(user, municipality)


def can_manage_members(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_verify_residents(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_invite(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_read_audit(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_request_residency(user, municipality) -> bool:
    """Any signed-in user who has not asked yet may ask to be a resident."""
    return _authenticated(user) and membership(user, municipality, RESIDENT) is None


def is_verified_resident(user, municipality) -> bool:
    return has_role(user, municipality, RESIDENT)


def is_deputy(user, municipality) -> bool:
    return has_role(user, municipality, DEPUTY)


def is_monitor(user, municipality) -> bool:
    return has_role(user, municipality, MONITOR)


def can_draft(user, municipality) -> bool:
    """Initiative group members and staff draft plans, surveys and ballots."""
    return has_role(user, municipality, GROUP_MEMBER, STAFF)


# --- plans (planner/plans) -------------------------------------------------------------
# Predicates about plans, activities, proposals and council review go here.

_PLAN_EDITABLE = ("draft", "discussion")
_AMENDING = ("draft", "discussion", "submitted")  # stages of a plan whose approved version stays in force


def _plan_mid(plan) -> int:
    return plan.municipality_id


def can_create_plan(user, municipality) -> bool:
    return is_admin(user) or can_draft(user, municipality)


def can_read_plan(user, plan) -> bool:
    """Public once it has reached public discussion or has an approved version; else members."""
    return plan.has_public_version or is_member(user, _plan_mid(plan))


def can_read_working_copy(user, plan) -> bool:
    """The editable copy: public from public discussion onward, drafts for members only."""
    return plan.is_public or is_member(user, _plan_mid(plan))


def can_work_on_draft(user, plan) -> bool:
    """The working copy instead of the approved version in force. Without an approved
    version the working copy is the plan; with one, only members see the amendment they
    prepare (draft, discussion, submission): every public page, print, export and chart
    shows the approved version until the council approves a newer one."""
    if plan.approved_version_id is None:
        return can_read_working_copy(user, plan)
    return plan.stage in _AMENDING and is_member(user, _plan_mid(plan))


def can_edit_plan(user, plan) -> bool:
    """Initiative group members and staff edit drafts (and plans in public discussion)."""
    return plan.stage in _PLAN_EDITABLE and (is_admin(user) or can_draft(user, _plan_mid(plan)))


def can_edit_section(user, plan, section) -> bool:
    """Staff edit every section; a group member edits the sections of their own group
    (or any section no group with linked accounts has taken up). Needs
    ``section.group.members`` loaded."""
    if not can_edit_plan(user, plan):
        return False
    if is_admin(user) or is_staff(user, _plan_mid(plan)):
        return True
    group = section.group if section is not None else None
    linked = [m.user_id for m in group.members if m.user_id] if group is not None else []
    return not linked or user.id in linked


def can_manage_plan_groups(user, plan) -> bool:
    return plan.stage in _PLAN_EDITABLE and (is_admin(user) or can_draft(user, _plan_mid(plan)))


def can_open_discussion(user, plan) -> bool:
    return plan.stage == "draft" and (is_admin(user) or can_draft(user, _plan_mid(plan)))


def can_record_hearing(user, plan) -> bool:
    return plan.stage == "discussion" and (is_admin(user) or can_draft(user, _plan_mid(plan)))


def can_submit_plan(user, plan) -> bool:
    return plan.stage == "discussion" and (is_admin(user) or is_staff(user, _plan_mid(plan)))


def can_record_decision(user, plan) -> bool:
    return plan.stage == "submitted" and (is_admin(user) or is_staff(user, _plan_mid(plan)))


def can_start_implementation(user, plan) -> bool:
    return plan.stage == "approved" and (is_admin(user) or is_staff(user, _plan_mid(plan)))


def can_complete_plan(user, plan) -> bool:
    return plan.stage == "implementation" and (is_admin(user) or is_staff(user, _plan_mid(plan)))


def can_amend_plan(user, plan) -> bool:
    return plan.stage in ("approved", "implementation") and (is_admin(user) or is_staff(user, _plan_mid(plan)))


def can_comment_plan(user, plan) -> bool:
    """Residents (and every member) comment and propose while the plan is in public discussion."""
    return plan.stage == "discussion" and is_member(user, _plan_mid(plan))


def can_answer_proposals(user, plan) -> bool:
    return plan.stage in _PLAN_EDITABLE and (is_admin(user) or can_draft(user, _plan_mid(plan)))


def can_review_plan(user, plan) -> bool:
    """Deputies comment per activity on the version submitted to the council."""
    return plan.stage == "submitted" and is_deputy(user, _plan_mid(plan))


def can_see_stage_actions(user, plan) -> bool:
    return any(f(user, plan) for f in (can_open_discussion, can_submit_plan, can_record_decision,
                                       can_start_implementation, can_complete_plan, can_amend_plan,
                                       can_record_hearing))

# (end of plans)


# --- surveys, meetings, problem register (planner/surveys) -----------------------------
# Predicates about questionnaires, meetings and problems go here.

def _mid(obj):
    """The municipality id of a survey/meeting/problem, or of a municipality (or an id)."""
    return getattr(obj, "municipality_id", None) or _municipality_id(obj)


def can_manage_surveys(user, municipality) -> bool:
    """Build questionnaires, read every result, export (group members and staff)."""
    return is_admin(user) or can_draft(user, _mid(municipality))


def can_answer_survey(user, survey) -> bool:
    """Open to anyone with the link, or to the municipality's verified residents only.
    (Whether the survey is open today is the service's business: it explains why not.)"""
    if survey.access == "link":
        return True
    return is_verified_resident(user, survey.municipality_id)


def can_enter_paper(user, survey_or_ballot) -> bool:
    """Staff type in paper questionnaires (surveys) and paper protocols (ballots)."""
    return is_admin(user) or is_staff(user, survey_or_ballot.municipality_id)


def can_read_survey_results(user, survey) -> bool:
    return survey.is_public_results or is_member(user, survey.municipality_id)


def can_export_survey(user, survey) -> bool:
    return can_manage_surveys(user, survey.municipality_id)


def can_manage_meetings(user, municipality) -> bool:
    return is_admin(user) or can_draft(user, _mid(municipality))


def can_manage_problems(user, municipality) -> bool:
    """Edit the register, merge duplicates, review residents' problems, mark for the vote."""
    return is_admin(user) or can_draft(user, _mid(municipality))


def can_propose_problem(user, municipality) -> bool:
    """Verified residents (and the group) add problems; residents' go to review first."""
    return is_verified_resident(user, _mid(municipality)) or can_manage_problems(user, municipality)


# (end of surveys)


# --- priority voting (planner/surveys/ballots) -----------------------------------------
# Predicates about ballots, votes and paper tallies go here.

def can_view_ballot(user, ballot) -> bool:
    """Ballots, their printable paper and (when visible) results are public."""
    return True


def can_create_ballot(user, municipality) -> bool:
    return is_admin(user) or can_draft(user, municipality)


def can_edit_ballot(user, ballot) -> bool:
    return is_admin(user) or can_draft(user, ballot.municipality_id)


def can_send_vote(user, ballot) -> bool:
    """Any signed-in user may send a vote; the service refuses, with the reason, anyone
    who is not an eligible verified resident."""
    return _authenticated(user)


def can_vote(user, ballot) -> bool:
    """A verified resident of the ballot's municipality (and of one of its villages, if
    the ballot is limited to some)."""
    if not _authenticated(user):
        return False
    for m in user.memberships:
        if m.municipality_id == ballot.municipality_id and m.role == RESIDENT and m.is_active:
            return not ballot.villages or m.village_id in {v.id for v in ballot.villages}
    return False


def can_confirm_tally(user, tally) -> bool:
    """Staff other than the person who entered the protocol."""
    return (can_enter_paper(user, tally.ballot) and tally.confirmed_at is None
            and tally.entered_by_id != getattr(user, "id", None))


def can_see_results(user, ballot, now) -> bool:
    return ballot.results_visible(now)


def can_make_priorities(user, ballot) -> bool:
    return is_admin(user) or is_staff(user, ballot.municipality_id)


# (end of voting)


# --- joint monitoring (planner/monitoring) ---------------------------------------------
# Predicates about monitoring groups, reports and budget execution go here.

def can_manage_monitoring_groups(user, municipality) -> bool:
    """Staff set up the monitoring group, its members and its yearly monitoring plan."""
    return is_admin(user) or is_staff(user, municipality)


def can_read_monitoring(user, municipality) -> bool:
    """The internal monitoring pages (groups, drafts, reports list): the municipality's members."""
    return is_member(user, municipality)


def on_monitoring_roster(user, group) -> bool:
    """The user's account is linked to an active member of ``group`` (its members loaded)."""
    return (group is not None and _authenticated(user)
            and any(m.user_id == user.id and m.is_active for m in group.members))


def can_file_report(user, municipality, group) -> bool:
    """A member of the group that monitors the plan, with the monitor role, files reports."""
    return is_monitor(user, municipality) and on_monitoring_roster(user, group)


def can_edit_report(user, report) -> bool:
    """The author changes a draft (or a returned report) until the group approves it."""
    return (report.state in ("draft", "returned") and is_monitor(user, report.municipality_id)
            and _authenticated(user) and report.created_by_id == user.id)


def can_decide_report(user, report) -> bool:
    """Another member of the report's group approves or returns a draft: nobody approves
    their own report, and a monitor outside the group does not decide for it."""
    return (report.state == "draft" and is_monitor(user, report.municipality_id)
            and _authenticated(user) and report.created_by_id != user.id
            and on_monitoring_roster(user, report.group))


def can_correct_report(user, report) -> bool:
    return (report.state == "approved" and is_monitor(user, report.municipality_id)
            and on_monitoring_roster(user, report.group))


def can_read_report(user, report) -> bool:
    """Approved reports are public; drafts and returned ones stay inside the municipality."""
    return report.state == "approved" or is_member(user, report.municipality_id)


def can_import_spending(user, municipality) -> bool:
    """Staff hold the municipality's accounting data."""
    return is_admin(user) or is_staff(user, municipality)


def can_view_progress(user, plan) -> bool:
    """A plan's progress dashboard is public once the plan is; drafts stay with the members."""
    return bool(getattr(plan, "has_public_version", False)) or is_member(user, plan.municipality_id)


# (end of monitoring)


# --- workshops (planner/workshops) -----------------------------------------------------

def can_create_workshop(user) -> bool:
    """Trainers (and administrators) run workshops."""
    return is_trainer(user) or is_admin(user)


def can_edit_workshop(user, workshop) -> bool:
    """The workshop's own trainer, or an administrator: edit, materials, participants,
    attendance, certificates and statistics (participants' names are personal data)."""
    return is_admin(user) or (is_trainer(user) and workshop.trainer_id == user.id)


def can_view_workshop(user, workshop) -> bool:
    """Anyone signed in reads a workshop's page (title, dates, agenda, materials) and may register."""
    return _authenticated(user)


def can_register_workshop(user, workshop) -> bool:
    return _authenticated(user)


def can_see_trainer_statistics(user) -> bool:
    """Statistics across workshops: a trainer's own, or everyone's for an administrator."""
    return is_trainer(user) or is_admin(user)


def can_run_exercises(user, workshop) -> bool:
    """Practice municipalities, live exercises, the evaluation and its results: the
    workshop's own trainer, or an administrator."""
    return can_edit_workshop(user, workshop)


def can_see_municipality(user, municipality) -> bool:
    """Every municipality is public, except a practice one (a sandbox): only its members
    (the trainer and the practice accounts) and administrators see it at all."""
    return not municipality.is_sandbox or is_member(user, municipality)

# (end of workshops)


# --- shared -----------------------------------------------------------------------------

# --- budget ---------------------------------------------------------------------------

def can_manage_budget(user, municipality) -> bool:
    return is_admin(user) or is_staff(user, municipality)


def can_read_budget(user, budget) -> bool:
    """An adopted budget, or a draft presented at a published hearing, is public; any other
    draft is for the municipality's members."""
    return budget.is_adopted or budget.is_presented or is_member(user, budget.municipality_id)


def can_read_hearing(user, hearing) -> bool:
    return hearing.published_at is not None or is_member(user, hearing.budget.municipality_id)


# --- participatory budgeting (planner/budgeting) ----------------------------------------

def can_manage_budgeting(user, municipality) -> bool:
    """Initiative group members and staff set up budgeting ballots and their projects."""
    return is_admin(user) or can_draft(user, _mid(municipality))


def can_vote_budgeting(user, ballot) -> bool:
    """One ballot paper per verified resident of the ballot's municipality."""
    return is_verified_resident(user, ballot.municipality_id)


def can_see_budgeting_results(user, ballot, now) -> bool:
    """Results, and the votes in the .pb export, once voting has closed."""
    return ballot.is_closed(now)


# --- supports (planner/supports) -----------------------------------------------------

def can_support(user, municipality) -> bool:
    """One support per verified resident of the municipality, on its proposals and problems."""
    return is_verified_resident(user, _mid(municipality))


def require(allowed: bool) -> None:
    """Abort the request unless ``allowed``: anonymous users go to the login page."""
    if allowed:
        return
    if not _authenticated(current_user):
        from .extensions import login_manager

        abort(login_manager.unauthorized())
    abort(403)


def template_globals() -> dict:
    """Every ``can_*``/``is_*`` predicate, for templates."""
    return {
        name: value
        for name, value in globals().items()
        if callable(value) and (name.startswith("can_") or name.startswith("is_") or name == "roles_in")
    }

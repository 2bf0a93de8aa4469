"""Who takes part: initiative groups and their members, residents' comments and proposals,
deputies' review comments."""
from flask_babel import gettext as _

from ... import audit
from ...notifications import services as notifications
from ...errors import ServiceError
from ...extensions import db
from ...models import utcnow
from ..models import (
    DISCUSSION,
    SHORT_MAX,
    SUBMITTED,
    TEXT_MAX,
    TITLE_MAX,
    Activity,
    Comment,
    GroupMember,
    InitiativeGroup,
    Plan,
    Proposal,
    Section,
)
from .checks import clean_text, require_editable
from .stages import latest_version
from .working_copy import add_activity


# --- initiative groups ----------------------------------------------------------------

def save_group(plan, by, *, name, gathering_date, gathering_place, gathering_note, sections, group=None):
    name = clean_text(name, "name", TITLE_MAX, required=True)
    place = clean_text(gathering_place, "gathering_place", SHORT_MAX)
    note = clean_text(gathering_note, "gathering_note", TEXT_MAX)
    if any(s.plan_id != plan.id for s in sections):
        raise ServiceError(_("Choose sections of this plan."), field="section_ids")
    if group is None:
        group = InitiativeGroup(plan_id=plan.id)
        db.session.add(group)
    group.name, group.gathering_date, group.gathering_place, group.gathering_note = name, gathering_date, place, note
    db.session.flush()
    for s in plan.sections:
        if s in sections:
            s.group = group
        elif s.group_id == group.id:
            s.group = None
    audit.record(by, "group.save", group, plan.municipality_id, name)
    return group


def add_group_member(group, by, *, name, role, sex, user=None):
    name = clean_text(name, "name", 120, required=True)
    role = clean_text(role, "role", 80)
    if sex not in ("f", "m"):
        raise ServiceError(_("Choose woman or man."), field="sex")
    member = GroupMember(group=group, name=name, role=role, sex=sex, user_id=getattr(user, "id", None))
    db.session.add(member)
    audit.record(by, "group.member_add", group, group.plan.municipality_id, name)
    return member


def remove_group_member(member, by):
    audit.record(by, "group.member_remove", member.group, member.group.plan.municipality_id, member.name)
    db.session.delete(member)


# --- resident input -------------------------------------------------------------------

def add_comment(activity, by, body):
    plan = activity.plan
    if plan.stage != DISCUSSION:
        raise ServiceError(_("Comments are open during the public discussion only."))
    body = clean_text(body, "body", TEXT_MAX, required=True)
    comment = Comment(plan_id=plan.id, activity_id=activity.id, author_id=by.id, body=body)
    db.session.add(comment)
    audit.record(by, "activity.comment", activity, plan.municipality_id)
    return comment


def add_review_comment(activity, by, body):
    plan = activity.plan
    if plan.stage != SUBMITTED:
        raise ServiceError(_("Deputies comment while the plan is before the council."))
    body = clean_text(body, "body", TEXT_MAX, required=True)
    version = latest_version(plan)
    comment = Comment(plan_id=plan.id, activity_id=activity.id, author_id=by.id, body=body,
                      is_review=True, version_id=version.id if version else None)
    db.session.add(comment)
    audit.record(by, "activity.review", activity, plan.municipality_id)
    return comment


def add_proposal(plan, by, *, kind, text, reason, section=None, activity=None):
    if plan.stage != DISCUSSION:
        raise ServiceError(_("Proposals are open during the public discussion only."))
    text = clean_text(text, "text", TEXT_MAX, required=True)
    reason = clean_text(reason, "reason", TEXT_MAX)
    if kind == "new":
        if section is None or section.plan_id != plan.id:
            raise ServiceError(_("Choose a section of this plan."), field="section_id")
        activity = None
    elif kind == "change":
        if activity is None or activity.plan_id != plan.id:
            raise ServiceError(_("Choose an activity of this plan."), field="activity_id")
        section = activity.section
    else:
        raise ServiceError(_("Choose what you propose."), field="kind")
    proposal = Proposal(plan_id=plan.id, kind=kind, text=text, reason=reason, author_id=by.id,
                        section_id=section.id, activity_id=activity.id if activity else None)
    db.session.add(proposal)
    audit.record(by, "proposal.create", proposal, plan.municipality_id, kind)
    return proposal


def answer_proposal(proposal, by, *, status, answer, merged_into=None):
    """Answer publicly. ``accepted`` means "accept and incorporate": a proposed new activity
    is added to its section with the proposal as its first wording; a proposed change is
    linked to its activity and changes nothing by itself (a person then edits the activity
    with the proposal beside the form, because a resident's sentence is not a title, and
    cost and indicators would not follow it)."""
    plan = db.session.get(Plan, proposal.plan_id)
    require_editable(plan)
    if proposal.status != "open":
        raise ServiceError(_("This proposal has already been answered."))
    if status not in ("accepted", "merged", "declined"):
        raise ServiceError(_("Choose an answer."), field="status")
    answer = clean_text(answer, "answer", TEXT_MAX, required=True)
    if status == "merged":
        if merged_into is None or merged_into.plan_id != plan.id:
            raise ServiceError(_("Choose the activity it is merged into."), field="merged_into_id")
        proposal.merged_into_id = merged_into.id
    if status == "accepted":
        if proposal.kind == "new":
            section = db.session.get(Section, proposal.section_id) if proposal.section_id else None
            if section is None:
                raise ServiceError(_("The section of this proposal no longer exists."))
            created = add_activity(section, by, {"description": proposal.text, "problem": proposal.reason[:TEXT_MAX]})
            proposal.applied_activity_id = created.id
        else:
            activity = db.session.get(Activity, proposal.activity_id) if proposal.activity_id else None
            if activity is None:
                raise ServiceError(_("The activity of this proposal no longer exists."))
            proposal.applied_activity_id = activity.id
    proposal.status, proposal.answer = status, answer
    proposal.answered_at, proposal.answered_by_id = utcnow(), by.id
    audit.record(by, f"proposal.{status}", proposal, plan.municipality_id, answer[:200])
    notifications.answered(proposal.author_id, "proposal_answered", status, municipality_id=plan.municipality_id,
                           object_id=proposal.id, plan_id=plan.id, excerpt=proposal.text)
    return proposal

"""Operations on plans. Each function adds and flushes, writes the audit log and raises
``ServiceError`` with a translated message; none of them commits."""
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from .. import audit
from ..notifications import services as notifications
from ..errors import ServiceError
from ..extensions import db
from ..models import utcnow
from .models import (
    APPROVED,
    COMPLETED,
    DISCUSSION,
    DRAFT,
    EDITABLE_STAGES,
    FUNDING_SOURCES,
    IMPLEMENTATION,
    KINDS,
    SEDP,
    SHORT_MAX,
    SUBMITTED,
    TEXT_MAX,
    TITLE_MAX,
    VERSION_APPROVED,
    VERSION_PRESENTED,
    VERSION_RETURNED,
    VERSION_SUBMITTED,
    Activity,
    Comment,
    CouncilDecision,
    GroupMember,
    Hearing,
    Indicator,
    InitiativeGroup,
    Plan,
    PlanVersion,
    Proposal,
    Section,
    StageChange,
)
from . import documents
from .snapshots import snapshot

MAX_MONEY = Decimal("999999999999.99")


class ConflictError(ServiceError):
    """Someone else saved the activity since the form was opened."""

    def __init__(self, message, current):
        super().__init__(message)
        self.current = current


# --- helpers ---------------------------------------------------------------------------

def _text(value, field, limit, required=False, label=None):
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(_("This field is required."), field=field)
    if len(value) > limit:
        raise ServiceError(_("Too long: at most %(n)s characters.", n=limit), field=field)
    return value


def _money(value, field):
    if value in (None, ""):
        return Decimal("0")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ServiceError(_("Enter an amount, for example 125000."), field=field)
    if not amount.is_finite():
        raise ServiceError(_("Enter an amount, for example 125000."), field=field)
    if amount < 0:
        raise ServiceError(_("The amount cannot be negative."), field=field)
    if amount > MAX_MONEY:
        raise ServiceError(_("The amount is too large."), field=field)
    return amount.quantize(Decimal("0.01"))


def _require_editable(plan):
    if plan.stage not in EDITABLE_STAGES:
        raise ServiceError(_("This plan is not a draft any more: it cannot be edited. Start an amendment to change an approved plan."))


def _change_stage(plan, by, to_stage, note="", version=None):
    change = StageChange(plan_id=plan.id, from_stage=plan.stage, to_stage=to_stage, note=note,
                         by_id=getattr(by, "id", None), version=version)
    plan.stage = to_stage
    db.session.add(change)
    audit.record(by, f"plan.{to_stage}", plan, plan.municipality_id, note)
    return change


# --- plans -----------------------------------------------------------------------------

def create_plan(municipality, by, *, kind, title, year_from, year_to, sedp=None):
    if kind not in KINDS:
        raise ServiceError(_("Choose the kind of plan."), field="kind")
    title = _text(title, "title", TITLE_MAX, required=True)
    _check_years(year_from, year_to)
    if sedp is not None and (sedp.municipality_id != municipality.id or sedp.kind != SEDP):
        raise ServiceError(_("Choose a development plan of this municipality."), field="sedp_id")
    plan = Plan(municipality_id=municipality.id, kind=kind, title=title, year_from=year_from,
                year_to=year_to, sedp=sedp if kind != SEDP else None, stage=DRAFT,
                created_by_id=getattr(by, "id", None))
    db.session.add(plan)
    db.session.flush()
    db.session.add(StageChange(plan_id=plan.id, from_stage=None, to_stage=DRAFT, by_id=getattr(by, "id", None)))
    audit.record(by, "plan.create", plan, municipality.id, title)
    return plan


def _check_years(year_from, year_to):
    if year_from is None or not 2000 <= year_from <= 2100:
        raise ServiceError(_("Enter a year between 2000 and 2100."), field="year_from")
    if year_to is None or not 2000 <= year_to <= 2100:
        raise ServiceError(_("Enter a year between 2000 and 2100."), field="year_to")
    if year_to < year_from:
        raise ServiceError(_("The plan cannot end before it starts."), field="year_to")


def update_plan(plan, by, *, title, year_from, year_to):
    _require_editable(plan)
    plan.title = _text(title, "title", TITLE_MAX, required=True)
    _check_years(year_from, year_to)
    plan.year_from, plan.year_to = year_from, year_to
    audit.record(by, "plan.update", plan, plan.municipality_id, plan.title)


def add_section(plan, by, title):
    _require_editable(plan)
    title = _text(title, "title", TITLE_MAX, required=True)
    last = db.session.scalar(select(func.max(Section.position)).where(Section.plan_id == plan.id))
    section = Section(plan_id=plan.id, title=title, position=(last or 0) + 1)
    db.session.add(section)
    audit.record(by, "plan.section_add", plan, plan.municipality_id, title)
    return section


def update_section(section, by, title, group=None):
    plan = section.plan
    _require_editable(plan)
    section.title = _text(title, "title", TITLE_MAX, required=True)
    if group is not None and group.plan_id != plan.id:
        raise ServiceError(_("Choose a group of this plan."), field="group_id")
    section.group = group
    audit.record(by, "plan.section_update", section, plan.municipality_id, section.title)


def move_section(section, by, direction):
    plan = section.plan
    _require_editable(plan)
    sections = list(plan.sections)
    i = sections.index(section)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(sections):
        sections[i], sections[j] = sections[j], sections[i]
        for n, s in enumerate(sections, start=1):
            s.position = n
        audit.record(by, "plan.section_move", section, plan.municipality_id, direction)


# --- activities ------------------------------------------------------------------------

ACTIVITY_TEXTS = (("problem", TEXT_MAX), ("description", TEXT_MAX), ("responsible", SHORT_MAX),
                  ("partners", SHORT_MAX), ("expected_result", TEXT_MAX))


def _clean_activity(plan, data):
    """Validate and normalise activity input; raises before anything is written."""
    clean = {}
    for name, limit in ACTIVITY_TEXTS:
        clean[name] = _text(data.get(name), name, limit, required=(name == "description"))
    for key in FUNDING_SOURCES:
        clean[f"fund_{key}"] = _money(data.get(f"fund_{key}"), f"fund_{key}")
    start, end = data.get("start_month"), data.get("end_month")
    if start and end and end < start:
        raise ServiceError(_("The end month cannot be before the start month."), field="end_month")
    clean["start_month"], clean["end_month"] = start, end
    villages = list(data.get("villages") or [])
    if any(v.municipality_id != plan.municipality_id for v in villages):
        raise ServiceError(_("Choose villages of this municipality."), field="village_ids")
    clean["villages"] = villages
    indicators = []
    for n, row in enumerate(data.get("indicators") or []):
        name = (row.get("name") or "").strip()
        unit = (row.get("unit") or "").strip()
        baseline, target = row.get("baseline"), row.get("target")
        if not name and not unit and baseline is None and target is None:
            continue
        field = f"indicators-{n}-name"
        if not name:
            raise ServiceError(_("Name the indicator."), field=field)
        if len(name) > SHORT_MAX:
            raise ServiceError(_("Too long: at most %(n)s characters.", n=SHORT_MAX), field=field)
        if len(unit) > 40:
            raise ServiceError(_("Too long: at most %(n)s characters.", n=40), field=f"indicators-{n}-unit")
        if target is not None and not unit:
            raise ServiceError(_("A target needs a unit, for example km, families or per cent."), field=f"indicators-{n}-unit")
        for value, sub in ((baseline, "baseline"), (target, "target")):
            if value is not None and (Decimal(value) < 0 or Decimal(value) > MAX_MONEY):
                raise ServiceError(_("Enter a value between 0 and 999,999,999,999."), field=f"indicators-{n}-{sub}")
        indicators.append({"name": name, "unit": unit, "baseline": baseline, "target": target})
    clean["indicators"] = indicators
    return clean


def _apply(activity, clean):
    for key, value in clean.items():
        if key == "indicators":
            activity.indicators = [Indicator(position=n, **row) for n, row in enumerate(value, start=1)]
        else:
            setattr(activity, key, value)


def add_activity(section, by, data):
    plan = section.plan
    _require_editable(plan)
    clean = _clean_activity(plan, data)
    last = db.session.scalar(select(func.max(Activity.position)).where(Activity.section_id == section.id))
    activity = Activity(plan_id=plan.id, section=section, position=(last or 0) + 1,
                        updated_by_id=getattr(by, "id", None))
    _apply(activity, clean)
    db.session.add(activity)
    db.session.flush()
    audit.record(by, "activity.create", activity, plan.municipality_id, activity.description[:200])
    return activity


def update_activity(activity, by, expected_version, data):
    """Save an edit made on ``expected_version``. If somebody saved in between, raise
    ``ConflictError`` carrying the current saved values; nothing is written."""
    plan = activity.plan
    _require_editable(plan)
    clean = _clean_activity(plan, data)
    result = db.session.execute(
        update(Activity)
        .where(Activity.id == activity.id, Activity.version == expected_version)
        .values(version=Activity.version + 1, updated_at=utcnow(), updated_by_id=getattr(by, "id", None))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(activity)
        raise ConflictError(
            _("Somebody else saved this activity while you were editing it. Your text is kept below "
              "next to the version they saved: compare, then save again to keep yours."),
            current=activity,
        )
    db.session.refresh(activity, ["version", "updated_at", "updated_by_id"])
    _apply(activity, clean)
    audit.record(by, "activity.update", activity, plan.municipality_id, f"v{activity.version}")
    return activity


def move_activity(activity, by, *, direction=None, section=None):
    """Move one place up or down within its section, or to the end of another section."""
    plan = activity.plan
    _require_editable(plan)
    if section is not None and section.id != activity.section_id:
        if section.plan_id != plan.id:
            raise ServiceError(_("Choose a section of this plan."), field="section_id")
        old = activity.section
        last = db.session.scalar(select(func.max(Activity.position)).where(Activity.section_id == section.id))
        activity.section = section
        activity.position = (last or 0) + 1
        for n, a in enumerate([a for a in old.activities if a is not activity], start=1):
            a.position = n
        audit.record(by, "activity.move", activity, plan.municipality_id, section.title[:200])
        return
    siblings = list(activity.section.activities)
    i = siblings.index(activity)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(siblings):
        siblings[i], siblings[j] = siblings[j], siblings[i]
        for n, a in enumerate(siblings, start=1):
            a.position = n
        audit.record(by, "activity.move", activity, plan.municipality_id, direction or "")


def delete_activity(activity, by):
    plan = activity.plan
    _require_editable(plan)
    audit.record(by, "activity.delete", activity, plan.municipality_id, activity.description[:200])
    db.session.delete(activity)
    db.session.flush()


# --- initiative groups -----------------------------------------------------------------

def save_group(plan, by, *, name, gathering_date, gathering_place, gathering_note, sections, group=None):
    name = _text(name, "name", TITLE_MAX, required=True)
    place = _text(gathering_place, "gathering_place", SHORT_MAX)
    note = _text(gathering_note, "gathering_note", TEXT_MAX)
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
    name = _text(name, "name", 120, required=True)
    role = _text(role, "role", 80)
    if sex not in ("f", "m"):
        raise ServiceError(_("Choose woman or man."), field="sex")
    member = GroupMember(group=group, name=name, role=role, sex=sex, user_id=getattr(user, "id", None))
    db.session.add(member)
    audit.record(by, "group.member_add", group, group.plan.municipality_id, name)
    return member


def remove_group_member(member, by):
    audit.record(by, "group.member_remove", member.group, member.group.plan.municipality_id, member.name)
    db.session.delete(member)


# --- resident input --------------------------------------------------------------------

def add_comment(activity, by, body):
    plan = activity.plan
    if plan.stage != DISCUSSION:
        raise ServiceError(_("Comments are open during the public discussion only."))
    body = _text(body, "body", TEXT_MAX, required=True)
    comment = Comment(plan_id=plan.id, activity_id=activity.id, author_id=by.id, body=body)
    db.session.add(comment)
    audit.record(by, "activity.comment", activity, plan.municipality_id)
    return comment


def add_review_comment(activity, by, body):
    plan = activity.plan
    if plan.stage != SUBMITTED:
        raise ServiceError(_("Deputies comment while the plan is before the council."))
    body = _text(body, "body", TEXT_MAX, required=True)
    version = latest_version(plan)
    comment = Comment(plan_id=plan.id, activity_id=activity.id, author_id=by.id, body=body,
                      is_review=True, version_id=version.id if version else None)
    db.session.add(comment)
    audit.record(by, "activity.review", activity, plan.municipality_id)
    return comment


def add_proposal(plan, by, *, kind, text, reason, section=None, activity=None):
    if plan.stage != DISCUSSION:
        raise ServiceError(_("Proposals are open during the public discussion only."))
    text = _text(text, "text", TEXT_MAX, required=True)
    reason = _text(reason, "reason", TEXT_MAX)
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
    """Answer publicly. ``accepted`` applies the proposal: a new activity is added to its
    section, or the activity's "what will be done" takes the proposed wording."""
    plan = db.session.get(Plan, proposal.plan_id)
    _require_editable(plan)
    if proposal.status != "open":
        raise ServiceError(_("This proposal has already been answered."))
    if status not in ("accepted", "merged", "declined"):
        raise ServiceError(_("Choose an answer."), field="status")
    answer = _text(answer, "answer", TEXT_MAX, required=True)
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
            activity.description = proposal.text
            activity.version += 1
            activity.updated_at = utcnow()
            activity.updated_by_id = by.id
            proposal.applied_activity_id = activity.id
    proposal.status, proposal.answer = status, answer
    proposal.answered_at, proposal.answered_by_id = utcnow(), by.id
    audit.record(by, f"proposal.{status}", proposal, plan.municipality_id, answer[:200])
    notifications.answered(proposal.author_id, "proposal_answered", status, municipality_id=plan.municipality_id,
                           object_id=proposal.id, plan_id=plan.id, excerpt=proposal.text)
    return proposal


# --- versions, hearings and stages -----------------------------------------------------

def latest_version(plan):
    return db.session.scalar(select(PlanVersion).where(PlanVersion.plan_id == plan.id)
                             .order_by(PlanVersion.number.desc()).limit(1))


def freeze_version(plan, by, status):
    """Copy the working copy into a new, numbered, immutable version."""
    db.session.flush()
    number = (db.session.scalar(select(func.max(PlanVersion.number)).where(PlanVersion.plan_id == plan.id)) or 0) + 1
    data = snapshot(plan, load_working_copy(plan))
    version = PlanVersion(plan_id=plan.id, number=number, status=status, snapshot=data,
                          total=Decimal(data["total"]), created_by_id=getattr(by, "id", None))
    db.session.add(version)
    db.session.flush()
    audit.record(by, "plan.freeze", version, plan.municipality_id, f"v{number} {status}")
    return version


def load_working_copy(plan):
    """Sections and their activities (with villages and indicators) in one query each."""
    from .queries import working_copy

    return db.session.scalars(working_copy(plan.id)).unique().all()


def open_discussion(plan, by):
    if plan.stage != DRAFT:
        raise ServiceError(_("Only a draft can be put to public discussion."))
    if not db.session.scalar(select(func.count(Activity.id)).where(Activity.plan_id == plan.id)):
        raise ServiceError(_("Add at least one activity before the public discussion."))
    return _change_stage(plan, by, DISCUSSION)


def record_hearing(plan, by, *, held_on, place, women, men, ages=None, minutes="", outcome=""):
    if plan.stage != DISCUSSION:
        raise ServiceError(_("Hearings are recorded during the public discussion."))
    place = _text(place, "place", SHORT_MAX, required=True)
    minutes = _text(minutes, "minutes", 20000)
    outcome = _text(outcome, "outcome", TEXT_MAX)
    if held_on is None:
        raise ServiceError(_("This field is required."), field="held_on")
    for value, field in ((women, "women"), (men, "men")):
        if value is None or value < 0:
            raise ServiceError(_("Enter a number, 0 or more."), field=field)
    ages = ages or {}
    given = {k: v for k, v in ages.items() if v is not None}
    if any(v < 0 for v in given.values()):
        raise ServiceError(_("Enter a number, 0 or more."), field=next(k for k, v in given.items() if v < 0))
    if given and sum(given.values()) != women + men:
        raise ServiceError(_("The age bands add up to %(a)s, but %(t)s people attended.",
                             a=sum(given.values()), t=women + men), field="age_18_29")
    version = freeze_version(plan, by, VERSION_PRESENTED)
    hearing = Hearing(plan_id=plan.id, version_id=version.id, held_on=held_on, place=place, women=women, men=men,
                      minutes=minutes, outcome=outcome, created_by_id=by.id, **ages)
    db.session.add(hearing)
    audit.record(by, "plan.hearing", hearing, plan.municipality_id, place)
    return hearing


def submit_plan(plan, by):
    if plan.stage != DISCUSSION:
        raise ServiceError(_("Only a plan in public discussion can be submitted to the council."))
    version = freeze_version(plan, by, VERSION_SUBMITTED)
    _change_stage(plan, by, SUBMITTED, version=version)
    return version


DEFAULT_DOCUMENT_MAX = 8 * 1024 * 1024


def record_decision(plan, by, *, session_date, number, votes_for, votes_against, votes_abstained,
                    outcome, remarks="", document=None, upload_dir=None, max_bytes=DEFAULT_DOCUMENT_MAX):
    """Record the council's decision on the submitted version. ``document`` is a
    (filename, bytes) pair; it is checked by content and size before anything is saved
    (``documents.check``) and written to ``upload_dir`` once the decision is committed."""
    from pathlib import Path

    if plan.stage != SUBMITTED:
        raise ServiceError(_("A decision is recorded for a plan submitted to the council."))
    if session_date is None:
        raise ServiceError(_("This field is required."), field="session_date")
    number = _text(number, "number", 40, required=True)
    for value, field in ((votes_for, "votes_for"), (votes_against, "votes_against"), (votes_abstained, "votes_abstained")):
        if value is None or value < 0:
            raise ServiceError(_("Enter a number, 0 or more."), field=field)
    if outcome not in ("approved", "returned"):
        raise ServiceError(_("Choose the outcome."), field="outcome")
    remarks = _text(remarks, "remarks", TEXT_MAX)
    if outcome == "returned" and not remarks:
        raise ServiceError(_("Write down the council's remarks."), field="remarks")
    stored = None
    if document is not None:
        filename, content = document
        if len(content) > max_bytes:
            raise ServiceError(_("The file is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024)), field="document")
        stored = (filename, content, documents.check(content))
    version = latest_version(plan)
    decision = CouncilDecision(plan_id=plan.id, version_id=version.id, session_date=session_date, number=number,
                               votes_for=votes_for, votes_against=votes_against, votes_abstained=votes_abstained,
                               outcome=outcome, remarks=remarks, created_by_id=by.id)
    if stored is not None:
        filename, content, mime = stored
        name = documents.place_after_commit(upload_dir, f"decision-{plan.id}", content, mime)
        decision.document_path = name
        decision.document_name = (Path(filename or "").name or name)[:200]
        decision.document_type = mime
        decision.document_size = len(content)
    db.session.add(decision)
    if outcome == "approved":
        version.status = VERSION_APPROVED
        plan.approved_version_id = version.id
        plan.is_amendment = False
        _change_stage(plan, by, APPROVED, note=number, version=version)
    else:
        version.status = VERSION_RETURNED
        _change_stage(plan, by, DRAFT, note=remarks, version=version)
    audit.record(by, f"plan.decision_{outcome}", decision, plan.municipality_id, number)
    return decision


def start_implementation(plan, by):
    if plan.stage != APPROVED:
        raise ServiceError(_("Only an approved plan can go into implementation."))
    return _change_stage(plan, by, IMPLEMENTATION)


def complete_plan(plan, by):
    if plan.stage != IMPLEMENTATION:
        raise ServiceError(_("Only a plan in implementation can be completed."))
    return _change_stage(plan, by, COMPLETED)


def start_amendment(plan, by, note=""):
    """The approved version stays as it is; the working copy becomes a draft amendment."""
    if plan.stage not in (APPROVED, IMPLEMENTATION):
        raise ServiceError(_("Only an approved plan can be amended."))
    plan.is_amendment = True
    return _change_stage(plan, by, DRAFT, note=_text(note, "note", TEXT_MAX))

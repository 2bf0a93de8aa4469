"""A plan's way through its stages: frozen versions, public discussion and hearings, submission,
the council's decision, implementation, completion and amendment."""
from decimal import Decimal
from pathlib import Path

from flask_babel import gettext as _, ngettext
from sqlalchemy import func, select

from ... import audit
from ...errors import ServiceError
from ...extensions import db
from ..models import (
    APPROVED,
    COMPLETED,
    DISCUSSION,
    DRAFT,
    IMPLEMENTATION,
    SHORT_MAX,
    SUBMITTED,
    TEXT_MAX,
    VERSION_APPROVED,
    VERSION_PRESENTED,
    VERSION_RETURNED,
    VERSION_SUBMITTED,
    Activity,
    CouncilDecision,
    Hearing,
    PlanVersion,
)
from .. import discussion, documents
from ..queries import working_copy
from ..snapshots import snapshot

from .checks import change_stage, clean_text


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
    return db.session.scalars(working_copy(plan.id)).unique().all()


def open_discussion(plan, by, ends_on=None):
    """Open the public discussion until ``ends_on`` (by default a month from today)."""
    if plan.stage != DRAFT:
        raise ServiceError(_("Only a draft can be put to public discussion."))
    if not db.session.scalar(select(func.count(Activity.id)).where(Activity.plan_id == plan.id)):
        raise ServiceError(_("Add at least one activity before the public discussion."))
    plan.discussion_ends_on = discussion.checked_end(ends_on)
    return change_stage(plan, by, DISCUSSION)


def record_hearing(plan, by, *, held_on, place, women, men, ages=None, minutes="", outcome=""):
    if plan.stage != DISCUSSION:
        raise ServiceError(_("Hearings are recorded during the public discussion."))
    place = clean_text(place, "place", SHORT_MAX, required=True)
    minutes = clean_text(minutes, "minutes", 20000)
    outcome = clean_text(outcome, "outcome", TEXT_MAX)
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
        raise ServiceError(ngettext("The age bands add up to %(a)s, but %(num)s person attended.",
                                    "The age bands add up to %(a)s, but %(num)s people attended.", women + men,
                                    a=sum(given.values())), field="age_18_29")
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
    change_stage(plan, by, SUBMITTED, version=version)
    return version


DEFAULT_DOCUMENT_MAX = 8 * 1024 * 1024


def record_decision(plan, by, *, session_date, number, votes_for, votes_against, votes_abstained,
                    outcome, remarks="", document=None, upload_dir=None, max_bytes=DEFAULT_DOCUMENT_MAX):
    """Record the council's decision on the submitted version. ``document`` is a
    (filename, bytes) pair; it is checked by content and size before anything is saved
    (``documents.check``) and written to ``upload_dir`` once the decision is committed."""
    if plan.stage != SUBMITTED:
        raise ServiceError(_("A decision is recorded for a plan submitted to the council."))
    if session_date is None:
        raise ServiceError(_("This field is required."), field="session_date")
    number = clean_text(number, "number", 40, required=True)
    for value, field in ((votes_for, "votes_for"), (votes_against, "votes_against"), (votes_abstained, "votes_abstained")):
        if value is None or value < 0:
            raise ServiceError(_("Enter a number, 0 or more."), field=field)
    if outcome not in ("approved", "returned"):
        raise ServiceError(_("Choose the outcome."), field="outcome")
    remarks = clean_text(remarks, "remarks", TEXT_MAX)
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
        change_stage(plan, by, APPROVED, note=number, version=version)
    else:
        version.status = VERSION_RETURNED
        change_stage(plan, by, DRAFT, note=remarks, version=version)
    audit.record(by, f"plan.decision_{outcome}", decision, plan.municipality_id, number)
    return decision


def start_implementation(plan, by):
    if plan.stage != APPROVED:
        raise ServiceError(_("Only an approved plan can go into implementation."))
    return change_stage(plan, by, IMPLEMENTATION)


def complete_plan(plan, by):
    if plan.stage != IMPLEMENTATION:
        raise ServiceError(_("Only a plan in implementation can be completed."))
    return change_stage(plan, by, COMPLETED)


def start_amendment(plan, by, note=""):
    """The approved version stays as it is; the working copy becomes a draft amendment."""
    if plan.stage not in (APPROVED, IMPLEMENTATION):
        raise ServiceError(_("Only an approved plan can be amended."))
    plan.is_amendment = True
    return change_stage(plan, by, DRAFT, note=clean_text(note, "note", TEXT_MAX))

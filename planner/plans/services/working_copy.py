"""The working copy of a plan: the plan itself, its sections and activities."""
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ... import audit
from ...checks import too_long
from ...errors import ServiceError
from ...extensions import db
from ...models import utcnow
from ..models import (
    DRAFT,
    FUNDING_SOURCES,
    KINDS,
    SEDP,
    SHORT_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Activity,
    Indicator,
    Plan,
    Section,
    StageChange,
)
from .checks import MAX_MONEY, clean_money, clean_text, require_editable


class ConflictError(ServiceError):
    """Someone else saved the activity since the form was opened."""

    def __init__(self, message, current):
        super().__init__(message)
        self.current = current


# --- plans ----------------------------------------------------------------------------

def create_plan(municipality, by, *, kind, title, year_from, year_to, sedp=None):
    if kind not in KINDS:
        raise ServiceError(_("Choose the kind of plan."), field="kind")
    title = clean_text(title, "title", TITLE_MAX, required=True)
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
    require_editable(plan)
    plan.title = clean_text(title, "title", TITLE_MAX, required=True)
    _check_years(year_from, year_to)
    plan.year_from, plan.year_to = year_from, year_to
    audit.record(by, "plan.update", plan, plan.municipality_id, plan.title)


def add_section(plan, by, title):
    require_editable(plan)
    title = clean_text(title, "title", TITLE_MAX, required=True)
    last = db.session.scalar(select(func.max(Section.position)).where(Section.plan_id == plan.id))
    section = Section(plan_id=plan.id, title=title, position=(last or 0) + 1)
    db.session.add(section)
    audit.record(by, "plan.section_add", plan, plan.municipality_id, title)
    return section


def update_section(section, by, title, group=None):
    plan = section.plan
    require_editable(plan)
    section.title = clean_text(title, "title", TITLE_MAX, required=True)
    if group is not None and group.plan_id != plan.id:
        raise ServiceError(_("Choose a group of this plan."), field="group_id")
    section.group = group
    audit.record(by, "plan.section_update", section, plan.municipality_id, section.title)


def _swap(items, item, direction):
    """Swap ``item`` with its neighbour above ("up") or below and number ``items`` 1, 2, …
    again; False when there is no neighbour that way."""
    items = list(items)
    i = items.index(item)
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(items):
        return False
    items[i], items[j] = items[j], items[i]
    for n, each in enumerate(items, start=1):
        each.position = n
    return True


def move_section(section, by, direction):
    plan = section.plan
    require_editable(plan)
    if _swap(plan.sections, section, direction):
        audit.record(by, "plan.section_move", section, plan.municipality_id, direction)


# --- activities -----------------------------------------------------------------------

ACTIVITY_TEXTS = (("problem", TEXT_MAX), ("description", TEXT_MAX), ("responsible", SHORT_MAX),
                  ("partners", SHORT_MAX), ("expected_result", TEXT_MAX))


def _clean_activity(plan, data):
    """Validate and normalise activity input; raises before anything is written."""
    clean = {}
    for name, limit in ACTIVITY_TEXTS:
        clean[name] = clean_text(data.get(name), name, limit, required=(name == "description"))
    for key in FUNDING_SOURCES:
        clean[f"fund_{key}"] = clean_money(data.get(f"fund_{key}"), f"fund_{key}")
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
            raise ServiceError(too_long(SHORT_MAX), field=field)
        if len(unit) > 40:
            raise ServiceError(too_long(40), field=f"indicators-{n}-unit")
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
    require_editable(plan)
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
    require_editable(plan)
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
    require_editable(plan)
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
    if _swap(activity.section.activities, activity, direction):
        audit.record(by, "activity.move", activity, plan.municipality_id, direction or "")


def delete_activity(activity, by):
    plan = activity.plan
    require_editable(plan)
    audit.record(by, "activity.delete", activity, plan.municipality_id, activity.description[:200])
    db.session.delete(activity)
    db.session.flush()

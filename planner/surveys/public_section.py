"""The municipality's public page: meeting attendance, open surveys, the problem register."""
from sqlalchemy import select

from ..extensions import db
from ..public import sections
from .queries import attendance_summary
from .models import Survey


def build(municipality, user):
    """Three queries: attendance per year, surveys, problem counts."""
    from . import problems

    years, people, women, count = attendance_summary(municipality.id)
    surveys = db.session.scalars(
        select(Survey).where(Survey.municipality_id == municipality.id, Survey.published()).order_by(Survey.opens_on.desc()).limit(5)).all()
    active, marked, _waiting = db.session.execute(problems.counts(municipality)).one()
    if not (years or surveys or active):
        return None
    return "surveys/_public_section.html", {
        "attendance_years": years, "attendance_people": people, "attendance_women": women,
        "attendance_meetings": count, "recent_surveys": surveys, "problems_active": active, "problems_marked": marked,
    }


sections.register(20, build)

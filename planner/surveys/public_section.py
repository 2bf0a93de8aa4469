"""The municipality's public page: meeting attendance, open surveys, the problem register."""
import functools

from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..public import sections
from .queries import attendance_summary
from .models import Problem, Survey


@functools.cache
def _figures():
    """(problems in the register, marked for the vote, whether a survey is published): one
    query, built once (the page is asked often and its statements cost more to build than
    to run)."""
    municipality_id = bindparam("municipality_id")
    active = (Problem.status == "accepted") & Problem.merged_into_id.is_(None)
    published = select(Survey.id).where(Survey.municipality_id == municipality_id, Survey.published()).exists()
    return select(func.count(Problem.id).filter(active),
                  func.count(Problem.id).filter(active & Problem.is_for_vote.is_(True)),
                  published).where(Problem.municipality_id == municipality_id)


def build(municipality, user):
    """Two queries: attendance per year; problem counts and whether any survey is published."""
    years, people, women, count = attendance_summary(municipality.id)
    active, marked, surveys = db.session.execute(_figures(), {"municipality_id": municipality.id}).one()
    if not (years or surveys or active):
        return None
    return "surveys/_public_section.html", {
        "attendance_years": years, "attendance_people": people, "attendance_women": women,
        "attendance_meetings": count, "problems_active": active, "problems_marked": marked,
    }


sections.register(20, build)

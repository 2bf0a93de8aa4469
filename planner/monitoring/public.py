"""The monitoring section of a municipality's public page: links to each plan's progress."""
from ..extensions import db
from ..permissions import can_view_progress
from ..public import sections
from . import queries, services


def build(municipality, user):
    plans = [p for p in db.session.scalars(queries.plans_of(municipality.id)).all()
             if services.plan_accepts_reports(p) and can_view_progress(user, p)]
    if not plans:
        return None
    return "monitoring/_public_section.html", {"plans": plans}


sections.register(60, build)

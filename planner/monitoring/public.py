"""The monitoring section of a municipality's public page: links to each plan's progress."""
from ..permissions import can_view_progress
from ..plans.queries import plans_for_page
from ..public import sections
from . import services


def build(municipality, user):
    plans = [p for p in plans_for_page(municipality.id)
             if services.plan_accepts_reports(p) and can_view_progress(user, p)]
    if not plans:
        return None
    return "monitoring/_public_section.html", {"plans": plans}


sections.register(60, build)

"""The plans section of a municipality's public page (one query, shared with monitoring's)."""
from ..permissions import is_member
from ..public import sections
from . import queries


def build(municipality, user):
    plans = queries.plans_for_page(municipality.id)
    if not is_member(user, municipality):
        plans = [p for p in plans if p.has_public_version]
    return "plans/_public_section.html", {"plans": plans}


sections.register(20, build)

"""Blocks other features add to a plan's page and to its progress dashboard (plans know
neither the budget nor monitoring; they register here, as on the municipality's page).

A feature calls ``register(order, build)`` at import time; ``build(plan)`` returns
``(template_name, context)`` or None to show nothing. A block is the same for every visitor:
it reads only public figures (the approved version in force, adopted or published data), so
the dashboard can keep it in its shared fragment. Keep each build to a constant number of
queries."""
from ..public.sections import Sections

_PLAN_PAGE = Sections()
register = _PLAN_PAGE.register
build_all = _PLAN_PAGE.build_all

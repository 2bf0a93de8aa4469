"""Plans: SEDPs and joint action plans, community agreement, council review, versions."""
from .views import bp  # noqa: F401
from . import activity_views, outputs, public_page, review_views, version_views  # noqa: F401,E402  (more routes on ``bp``)

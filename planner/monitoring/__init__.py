"""Joint monitoring of approved plans: groups, field reports, spending and public progress."""
from .views import bp  # noqa: F401
from . import group_views, progress_views, public, report_views  # noqa: F401,E402  (more routes on ``bp``)

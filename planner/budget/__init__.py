"""The community budget: revenue and expenditure lines, monthly plan and actual, execution."""
from . import plan_panel, public  # noqa: F401  (its block on plan pages, its section of the public page)
from .views import bp
from . import hearing_views, import_views  # noqa: E402,F401  (their routes on the same blueprint)

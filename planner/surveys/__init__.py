from .views import bp  # noqa: F401
from . import meeting_views, problem_views, public_section  # noqa: F401,E402  (more routes on bp; public page)
from . import ballots  # noqa: F401,E402  (registers the ballot routes on bp)

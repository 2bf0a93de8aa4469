from .views import bp  # noqa: F401
from . import ballots  # noqa: F401,E402  (registers the ballot routes on bp)

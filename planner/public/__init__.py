"""The public pages: home page, municipality page, language switch, legal pages, the health
check."""
from .views import bp  # noqa: F401
from . import legal  # noqa: F401,E402  (its routes on bp)

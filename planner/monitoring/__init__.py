from .views import bp  # noqa: F401
from . import public  # noqa: F401,E402  (registers the public page section)

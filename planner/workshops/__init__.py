"""Trainers' workshops; ``live_bp``: joining live exercises by code (/x/<code>)."""
from .views import bp  # noqa: F401
from .exercise_views import live_bp  # noqa: F401

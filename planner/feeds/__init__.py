"""Atom feeds of a municipality's public events (``/m/<slug>/feed.atom``) and of one plan
(``/m/<slug>/plans/<id>/feed.atom``)."""
from .views import bp  # noqa: F401

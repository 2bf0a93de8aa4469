"""Municipalities: their villages, members and roles, invitations, residency requests and the
audit log."""
from . import nav  # noqa: F401  (the members' menu, a template global)
from .views import bp  # noqa: F401

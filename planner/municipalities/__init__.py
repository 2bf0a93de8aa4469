"""Municipalities: their villages, members and roles, invitations, residency requests and the
audit log."""
from .views import bp  # noqa: F401

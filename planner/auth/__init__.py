"""Accounts: registration, login and logout, the account page, passwords, e-mail confirmation,
the administrators' user list."""
from .views import bp  # noqa: F401

"""E-mail: messages in the recipient's language (messages.py), the development backend, and
the administrators' page of failed background jobs."""
from .views import bp  # noqa: F401

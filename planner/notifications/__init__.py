"""In-app notifications: a list per account with an unread count in the header. Today they
tell the author that their proposal or problem was answered."""
from .views import bp  # noqa: F401

"""Who may do what: pure predicates, one module per feature, used by views and templates alike.

Every predicate takes the user (possibly anonymous) first and answers True or False from
data already loaded (the user's memberships are loaded with the user). Views call
``require(can_x(current_user, obj))``; templates call the same functions, which are
exposed as Jinja globals. Never test a role by name anywhere else.

Every predicate is importable from here (``from planner.permissions import can_edit_plan``);
a new feature's predicates go in a module of their own, re-exported below."""
from flask import abort
from flask_login import current_user

from .common import *  # noqa: F401,F403
from .platform import *  # noqa: F401,F403
from .municipalities import *  # noqa: F401,F403
from .plans import *  # noqa: F401,F403
from .surveys import *  # noqa: F401,F403
from .ballots import *  # noqa: F401,F403
from .monitoring import *  # noqa: F401,F403
from .workshops import *  # noqa: F401,F403
from .budget import *  # noqa: F401,F403
from .budgeting import *  # noqa: F401,F403
from .common import authenticated


def require(allowed: bool) -> None:
    """Abort the request unless ``allowed``: anonymous users go to the login page."""
    if allowed:
        return
    if not authenticated(current_user):
        from ..extensions import login_manager

        abort(login_manager.unauthorized())
    abort(403)


def template_globals() -> dict:
    """Every ``can_*``/``is_*`` predicate, for templates."""
    return {
        name: value
        for name, value in globals().items()
        if callable(value) and (name.startswith("can_") or name.startswith("is_") or name == "roles_in")
    }

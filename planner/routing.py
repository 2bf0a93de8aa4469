"""Routes of the blueprints: :func:`login_route` is a blueprint's ``route`` for the views that
need a signed-in user."""
from flask_login import login_required


def login_route(bp, rule, **options):
    """``@bp.route(rule, **options)`` over Flask-Login's ``@login_required``: the view answers
    only a signed-in user (others go to the login page)."""

    def decorate(view):
        return bp.route(rule, **options)(login_required(view))

    return decorate

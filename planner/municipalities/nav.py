"""The municipality's menu for its members, drawn once per language, municipality and set of
the reader's rights, then kept: every page a member works on shows it, and drawing it (14
addresses, 15 texts, 5 permission checks) was about a quarter of a millisecond a page."""
from functools import lru_cache

from flask import render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from ..permissions import can_edit_municipality, can_invite, can_manage_members, can_manage_villages, can_read_audit
from .views import bp

_RIGHTS = (can_manage_members, can_invite, can_manage_villages, can_edit_municipality, can_read_audit)


@lru_cache(maxsize=512)
def _drawn(locale, script_root, slug, name, rights):
    # Everything the menu shows is in the key: the language, where the app is mounted, the
    # municipality's address and name, and which of the staff links the reader may follow.
    del locale, script_root  # read again by the template through the request
    manage_members, invite, manage_villages, edit, read_audit = rights
    return Markup(render_template("municipalities/_nav_links.html", slug=slug, name=name,
                                  manage_members=manage_members, invite=invite,
                                  manage_villages=manage_villages, edit=edit, read_audit=read_audit))


@bp.app_template_global("municipality_nav")
def municipality_nav(municipality):
    user = current_user._get_current_object()
    rights = tuple(bool(right(user, municipality)) for right in _RIGHTS)
    return _drawn(str(get_locale()), request.script_root, municipality.slug, municipality.name, rights)

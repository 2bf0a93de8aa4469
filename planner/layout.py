"""The page header (account links and language buttons) drawn once per language, reader and
rights, then kept: every page shows it, and drawing it (six addresses, a plural, the four
language buttons) was about a fifth of a millisecond a page. The reader's form token and the
page's own address (where a language button returns to) differ per request: they are put
into the kept markup each time, in slots the drawing leaves for them."""
from functools import lru_cache

from flask import render_template, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from .permissions import can_admin_platform, can_create_workshop

# Markup, so the drawing leaves them as they are; a name or an address that held such text
# reaches the markup escaped ("&lt;csrf&gt;"), so it cannot be taken for a slot.
_CSRF_SLOT = Markup("<csrf>")
_NEXT_SLOT = Markup("<next>")


@lru_cache(maxsize=1024)
def _drawn(locale, script_root, signed_in, name, unread, workshops, administration):
    # Everything the header shows is in the key: the language (texts, the unread count's
    # digits), where the app is mounted (the addresses), and the reader's name, unread count
    # and the two links only some readers have.
    del locale, script_root  # read again by the template through the request
    return render_template("_header.html", signed_in=signed_in, name=name, unread=unread, workshops=workshops,
                           administration=administration, csrf_slot=_CSRF_SLOT, next_slot=_NEXT_SLOT)


def page_header():
    user = current_user._get_current_object()
    if user.is_authenticated:
        kept = _drawn(str(get_locale()), request.script_root, True, user.name or "", user.unread_notifications,
                      bool(can_create_workshop(user)), bool(can_admin_platform(user)))
        kept = kept.replace(_CSRF_SLOT, escape(generate_csrf()))
    else:
        kept = _drawn(str(get_locale()), request.script_root, False, "", 0, False, False)
    here = request.full_path if request.query_string else request.path
    return Markup(kept.replace(_NEXT_SLOT, escape(here)))

"""Terms of use, privacy notice and accessibility statement: one page each, written per
language (``templates/public/legal/<page>_<lang>.html``, English where a language has none),
since a legal text reads better written whole than assembled from catalogue sentences."""
from flask import render_template

from ..i18n import lazy_gettext as _l
from ..page_cache import cached_page
from .views import bp

PAGES = {
    "terms": _l("Terms of use"),
    "privacy": _l("Privacy notice"),
    "accessibility": _l("Accessibility statement"),
}


def _page(name):
    return render_template("public/legal/page.html", name=name, title=PAGES[name])


@bp.route("/terms")
@cached_page
def terms():
    return _page("terms")


@bp.route("/privacy")
@cached_page
def privacy():
    return _page("privacy")


@bp.route("/accessibility")
@cached_page
def accessibility():
    return _page("accessibility")

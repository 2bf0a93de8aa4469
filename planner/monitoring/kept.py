"""Monitoring pages' bodies drawn once per data version and kept in the app's cache (per
process, or in Redis with ``PLANNER_CACHE_URL``), as a budget year's lines
(``budget/kept.py``) and a plan's working sheet (``plans/sheet_cache.py``) are.

A group's page drew its members, its monitoring plan and two forms (their choices read from
four tables) on every visit, and a plan's progress dashboard computed and drew its figures
and charts on every visit (the whole-page cache keeps it for anonymous visitors only, and
only while it is on), and a plan's reports list read and drew up to 200 reports, though
they change a few times a month; every write bumps the data
version, so a change shows at once. The key is given by the caller and must hold
everything the body shows besides the data (language, address, the visitor's rights, the
day). The visitor's own hidden fields (the CSRF token) are not kept: they are cut out of the
drawn body and put back for each request. With writes not yet committed, or before the first
data version, the body is drawn afresh and not kept."""
from flask import abort
from markupsafe import Markup

from .. import page_cache
from ..extensions import db

CSRF_SLOT = "<!--csrf-->"  # any such text in the data reaches the body escaped


version_column = page_cache.version_column  # the data version read in the page's first statement


def first_with_version(statement, params, municipality):
    """``(row, data version)`` of a page's first statement (the row, then ``version_column``),
    or 404 when it finds nothing or the row belongs to another municipality (a tampered id)."""
    found = db.session.execute(statement, params).unique().first()
    if found is None or found[0].municipality_id != municipality.id:
        abort(404)
    return found


def body(key, version, draw, hidden) -> Markup:
    """``draw()``'s markup, kept under ``key`` and the data ``version`` (None: not kept);
    ``hidden``: the visitor's hidden fields (``form.hidden_tag()``), which ``draw`` puts
    wherever a form posts and which are given back per request."""
    if version is None or page_cache.uncommitted_writes():
        return Markup(draw())
    hidden = str(hidden)
    drawn = {}

    def slotted():
        html = drawn["html"] = str(draw())
        if not hidden and 'name="csrf_token"' in html:
            return None  # a form token not given to cut out: never kept for another reader
        return html.replace(hidden, CSRF_SLOT) if hidden else html

    kept = page_cache.kept("monitoring-body", key, version, slotted)
    if kept is None:  # not keepable (kept as such for this version): drawn for this reader
        return Markup(drawn["html"] if drawn else draw())
    return Markup(kept.replace(CSRF_SLOT, hidden))

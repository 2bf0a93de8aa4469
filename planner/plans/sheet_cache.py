"""Rendered sheets of frozen plan versions, kept per process.

A frozen version never changes (the models refuse to rewrite a snapshot), so its rendered
table of sections, activities and totals depends only on what ``_sheet.html`` reads besides
it: the language, the municipality's currency and address, and the plan's id. All of them
are in the key (``_key``), so a change of currency shows at once.
Rendering 45 activities with their funding split is most of a plan page's cost; public
visitors read approved versions, so they get the table from here. The working copy's
snapshot, read for those who work on a plan, is kept per data version instead
(``kept_working_snapshot``)."""
from collections import OrderedDict
from threading import Lock

from flask import render_template, request
from markupsafe import Markup
from sqlalchemy import inspect
from sqlalchemy.orm.attributes import set_committed_value

from .. import page_cache
from ..extensions import cache
from .forms import SectionForm

MAX_ENTRIES = 64
_cache: OrderedDict = OrderedDict()
_lock = Lock()


def _key(version, plan, municipality, locale):
    """Everything the template renders apart from the frozen snapshot itself, and what tells
    the version from one made later under the same id (after a deletion): its number and
    creation time, as ``with_kept_snapshot`` keys it."""
    return (version.id, version.number, version.created_at, locale, municipality.currency, municipality.slug, plan.id,
            request.script_root)


def frozen_sheet_html(version, sheet, *, plan, municipality, locale) -> Markup:
    """The frozen version's rendered sheet; ``sheet()`` builds its Sheet, only when drawn."""
    return _frozen_html("plans/_sheet.html", version, sheet, plan=plan, municipality=municipality, locale=locale,
                        editable=False, link_activities=False)


def frozen_print_html(version, sheet, *, plan, municipality, locale) -> Markup:
    """The frozen version's rendered print table (``_paper_table.html``: what it reads besides
    the snapshot is the language and the currency, both in the key), kept as the sheet is."""
    return _frozen_html("plans/_paper_table.html", version, sheet, plan=plan, municipality=municipality,
                        locale=locale)


def _frozen_html(template, version, sheet, *, plan, municipality, locale, **context) -> Markup:
    key = (template,) + _key(version, plan, municipality, locale)
    with _lock:
        html = _cache.get(key)
        if html is not None:
            _cache.move_to_end(key)
            return html
    html = Markup(render_template(template, sheet=sheet(), plan=plan, municipality=municipality, **context))
    with _lock:
        _cache[key] = html
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return html


NOT_READ = page_cache.NOT_READ
working_data_version = page_cache.version_for_keeping  # the version to keep the working copy under


def kept_working_snapshot(plan, build, version=NOT_READ) -> dict:
    """The working copy's snapshot (``build()``), made once per data version and kept in the
    app's cache (per process, or in Redis with ``PLANNER_CACHE_URL``), as survey results'
    rows are: every write bumps the data version, so those who work on a plan are shown a
    copy read again after any change. The version is read before the copy is built, so what
    is kept is at least as new as its key; in a transaction with writes not yet committed,
    or before the first version, the copy is built afresh and not kept. ``version``: the
    data version when the caller has read it already (``working_data_version``)."""
    if version is NOT_READ:
        version = working_data_version()
    return page_cache.kept("plan-working", plan.id, version, build)


CSRF_SLOT = Markup("<!--csrf-->")  # any such text in the plan's data reaches the sheet escaped


class _SlotForm:
    """The page's ActionForm while a kept sheet is drawn: its hidden fields (the visitor's own
    CSRF token) are left as a slot that ``working_sheet_html`` fills for each request."""

    def hidden_tag(self):
        return CSRF_SLOT


def working_sheet_html(plan, municipality, *, locale, editable, form, sheet, version=NOT_READ) -> Markup:
    """The working copy's rendered sheet (``_sheet.html``, activities linked), drawn once per
    data version and kept as the snapshot is (``kept_working_snapshot``): those who work on
    a plan read it on every visit, and drawing it was most of their page's time. The key holds
    what the template reads besides the snapshot (language, currency, address, whether the
    visitor may edit); the visitor's own hidden fields (``form.hidden_tag()``, the CSRF token)
    go in per request (``form``: None for a visitor who may not edit). ``sheet(version)``
    builds the Sheet on a miss; ``version``: the data version when the caller has read it."""
    if version is NOT_READ:
        version = working_data_version()
    html = page_cache.kept(
        "plan-working-sheet", (plan.id, locale, municipality.currency, municipality.slug, bool(editable)), version,
        lambda: Markup(render_template("plans/_sheet.html", sheet=sheet(version), plan=plan, municipality=municipality,
                                       editable=editable, link_activities=True, form=_SlotForm())))
    return html.replace(CSRF_SLOT, form.hidden_tag()) if editable else html  # buttons for editors only


def kept_page_parts(plan, municipality, *, locale, version, draw) -> tuple:
    """The parts of a plan's page that are the same for every visitor and change only with a
    write (its timeline, the blocks other features add): ``draw()``'s tuple of markup, drawn
    once per data version (``version``, read before anything drawn is loaded) and kept as the
    working sheet is. The key holds what those parts read besides the data: the language, the
    currency and the address. Not kept when ``version`` is None (writes not yet committed)."""
    return page_cache.kept("plan-page-parts", (plan.id, locale, municipality.currency, municipality.slug), version,
                           lambda: tuple(Markup(part) for part in draw()))


def add_section_html(plan, municipality, *, locale, form) -> Markup:
    """The form that adds a section (``_add_section.html``), for a visitor who may edit the
    plan: it reads no data besides the plan's id and the municipality's address, so it is drawn
    once per process, language and address and kept as frozen sheets are; the visitor's own
    hidden fields (``form.hidden_tag()``, the CSRF token) go in per request."""
    key = ("plans/_add_section.html", plan.id, municipality.slug, locale, request.script_root)
    with _lock:
        html = _cache.get(key)
    if html is None:
        html = Markup(render_template("plans/_add_section.html", section_form=SectionForm(), hidden_fields=CSRF_SLOT,
                                      plan=plan, municipality=municipality))
        with _lock:
            _cache[key] = html
            while len(_cache) > MAX_ENTRIES:
                _cache.popitem(last=False)
    return html.replace(CSRF_SLOT, form.hidden_tag())


FROZEN_SECONDS = 24 * 3600


def with_kept_snapshot(version):
    """``version`` (a PlanVersion whose snapshot is not loaded yet, or None), its snapshot
    filled from the app's cache: a frozen snapshot never changes, so it is read and decoded
    once per process (or once in Redis) instead of once per request (the plan page reads the
    approved one for the sheet and for the budget's panel). The key holds the version's id,
    plan, number and creation time, so a version made after another was deleted (an id used
    again) is never shown another's snapshot."""
    if version is None or "snapshot" not in inspect(version).unloaded:
        return version
    key = f"plan-frozen:{version.id}:{version.plan_id}:{version.number}:{version.created_at.isoformat()}"
    kept = cache.get(key)
    if kept is None:
        cache.set(key, version.snapshot, timeout=FROZEN_SECONDS)
    else:
        set_committed_value(version, "snapshot", kept)
    return version

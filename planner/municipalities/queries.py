"""Loaders that every feature's views share: the municipality named in the URL, and an
object that must belong to it (404 otherwise)."""
from functools import cache

from flask import abort, g
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager, joinedload

from .. import page_cache
from ..extensions import db
from ..permissions import can_see_municipality, require
from .models import Municipality


@cache
def _by_slug():
    # Built once (on first use: the mappers must be configured): every page of a municipality
    # asks it, and building the statement and its cache key anew each time cost about as much
    # as running it.
    return (select(Municipality).where(Municipality.slug == bindparam("slug"))
            .options(joinedload(Municipality.villages)))


def load_municipality(slug, allowed=None):
    """The municipality named in the URL (with its villages, in the same query), kept in
    ``g`` for the locale fallback; or 404. With ``allowed``, a permission of the user and the
    municipality (``can_manage_members``), 403 unless it allows the current user: the view's
    load and authorise in one line."""
    municipality = _shown(db.session.scalars(_by_slug(), {"slug": slug}).unique().first())
    if allowed is not None:
        require(allowed(current_user, municipality))
    return municipality


@cache
def _by_slug_with_version():
    return _by_slug().add_columns(page_cache.version_column())


def load_municipality_with_version(slug):
    """``(municipality, data version)``: :func:`load_municipality`'s row (no permission
    check) and the data version in the same statement, for a page that keeps what it draws
    per version (:func:`planner.page_cache.kept`); the version is None in a transaction with
    writes not yet committed."""
    found = db.session.execute(_by_slug_with_version(), {"slug": slug}).unique().first()
    municipality = _shown(found[0] if found is not None else None)
    return municipality, (None if page_cache.uncommitted_writes() else found[1])


def _shown(municipality):
    if municipality is None or not can_see_municipality(current_user, municipality):
        abort(404)  # a practice municipality does not exist for anyone outside it
    g.municipality = municipality
    return municipality


def load_with_municipality(slug, model, object_id, *options):
    """``(municipality, obj)``: the ``model`` row with ``object_id`` and its municipality
    (``model.municipality``, without its villages) in one query, for a request that needs no
    more of the municipality than its row (a vote); 404 as :func:`load_municipality` and
    :func:`child_or_404` would answer."""
    return shown_with_municipality(db.session.scalars(with_municipality(model, model.id == object_id, slug, *options))
                                   .unique().first())


def with_municipality(model, condition, slug, *options):
    """The select of :func:`load_with_municipality` (``condition`` picks the row; ``slug``
    may be a bound parameter, for a statement built once)."""
    return (select(model).join(model.municipality).where(condition, Municipality.slug == slug)
            .options(contains_eager(model.municipality), *options))


def shown_with_municipality(obj):
    """``(municipality, obj)`` for a row loaded by a :func:`with_municipality` statement (or
    None): 404 as :func:`load_with_municipality` answers."""
    return _shown(obj.municipality if obj is not None else None), obj


def child_or_404(model, object_id, municipality, options=()):
    """The ``model`` row with ``object_id`` if it belongs to ``municipality``, else 404 (a
    tampered id from another municipality is not found, not refused); ``options``: its
    eager loading."""
    obj = db.session.get(model, object_id, options=options)
    if obj is None or obj.municipality_id != municipality.id:
        abort(404)
    return obj

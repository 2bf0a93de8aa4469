"""Sections of a page contributed by the features: the municipality's public page here
(``register``, ``build_all``, ``kept_html``), a plan's page and dashboard in
``plans/panels.py``.

A feature calls ``register(order, build)`` at import time; ``build(*args)`` (here
``build(municipality, user)``) returns ``(template_name, context)`` or None to show nothing.
Keep each build to a constant number of queries.

The municipality's sections are drawn once per data version and kept (``kept_html``), so a
build may read of the visitor only what ``permissions.standing`` holds (whether they are an
administrator, their active roles in the municipality: every permission the sections ask is
made of these), and a section that changes with the clock alone (a ballot opening at its
hour) puts the instant it next changes in its context as ``until``."""
from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from .. import page_cache
from ..models import utcnow
from ..permissions import standing


class Sections:
    """The builds registered for one kind of page, in their order."""

    def __init__(self):
        self._builds: list[tuple[int, object]] = []

    def register(self, order: int, build) -> None:
        self._builds.append((order, build))
        self._builds.sort(key=lambda item: item[0])

    def build_all(self, *args) -> list[tuple[str, dict]]:
        sections = []
        for _order, build in self._builds:
            result = build(*args)
            if result is not None:
                sections.append(result)
        return sections


_MUNICIPALITY_PAGE = Sections()
register = _MUNICIPALITY_PAGE.register
build_all = _MUNICIPALITY_PAGE.build_all


def kept_html(municipality, user, version) -> Markup:
    """The features' sections and the villages (``public/_sections.html``), drawn once per
    data ``version`` (read with the municipality and its villages: None draws afresh) and
    kept under everything else they show: the municipality, the language and the visitor's
    standing (and the address the app is served at, as every kept value); drawn again when a section's
    ``until`` has passed."""
    key = (municipality.id, str(get_locale()), standing(user, municipality))
    return page_cache.kept("municipality-sections", key, version, lambda: _draw(municipality, user), now=utcnow())


def _draw(municipality, user):
    built = build_all(municipality, user)
    html = Markup(render_template("public/_sections.html", municipality=municipality, sections=built))
    return html, min((s["until"] for _template, s in built if s.get("until") is not None), default=None)

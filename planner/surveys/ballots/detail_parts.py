"""The ballot page's parts that are the same for every reader of the same standing: its
heading (title, status, dates), what it is about (explanation, method, villages, the
results' link) and the paper links, drawn once per data version and kept (``page_cache.kept``)
until the ballot opens or closes; and the voting inputs of a reader who has not voted yet.

What a reader's own vote, participation and follow button show is drawn per request. The
key holds everything else the parts show besides the data: the ballot, the language and the
reader's standing (administrator, roles in the
municipality: the paper links' rights are made of these)."""
from typing import NamedTuple

from flask import render_template
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from ... import page_cache
from ...permissions import standing
from .choice_rows import choices_html


class Parts(NamedTuple):
    head: Markup
    about: Markup
    paper: Markup


def next_change(ballot, now):
    """The next instant after ``now`` at which ``ballot`` opens or closes (None: both passed):
    what it shows of its state changes then, without a write."""
    return min((moment for moment in (ballot.opens_at, ballot.closes_at) if moment > now), default=None)


def parts(municipality, ballot, version, now) -> Parts:
    """The kept parts (``ballots/_detail_<part>.html``); ``version`` read with the ballot."""
    key = (ballot.id, str(get_locale()), standing(current_user, municipality))
    return page_cache.kept("ballot-page-parts", key, version, lambda: _draw(municipality, ballot, now), now=now)


def _draw(municipality, ballot, now):
    context = {"municipality": municipality, "ballot": ballot, "now": now}
    drawn = Parts(*(Markup(render_template(f"ballots/_detail_{name}.html", **context)) for name in Parts._fields))
    return drawn, next_change(ballot, now)


def choices(ballot, mine, version) -> Markup:
    """The voting inputs with ``mine`` marked: for a reader who has not voted (nothing
    marked), the same for all, kept per data version and language."""
    if mine:
        return choices_html(ballot, mine)
    return page_cache.kept("ballot-choices", (ballot.id, str(get_locale())), version, lambda: choices_html(ballot, {}))

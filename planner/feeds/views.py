"""Atom feeds (RFC 4287) written with feedgen: a municipality's public events, and one
plan's. Public, rate-limited like the API, with an ETag."""
import hashlib
from datetime import timezone

from feedgen.feed import FeedGenerator
from flask import Blueprint, current_app, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ..api import data
from ..extensions import limiter
from .events import municipality_events, plan_events

bp = Blueprint("feeds", __name__, template_folder="templates")
limiter.limit(lambda: current_app.config.get("API_RATE_LIMIT", "120 per minute"))(bp)
MAX_ENTRIES = 100


def _created(municipality):
    """An empty feed's date: fixed, so that its ETag stays the same."""
    return municipality.created_at.replace(tzinfo=timezone.utc)


def _atom(feed_id, title, alternate, events, author, updated_empty):
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.author({"name": author})
    fg.link(href=request.url, rel="self", type="application/atom+xml")
    fg.link(href=alternate, rel="alternate", type="text/html")
    fg.language(str(get_locale()))
    events = events[:MAX_ENTRIES]
    fg.updated(events[0].when if events else updated_empty)
    for event in reversed(events):  # feedgen prepends: the newest ends first
        entry = fg.add_entry()
        entry.id(f"{feed_id}#{event.key}")
        entry.title(event.title)
        entry.updated(event.when)
        entry.published(event.when)
        entry.link(href=event.link, rel="alternate", type="text/html")
        entry.summary(event.summary or event.title)
    body = fg.atom_str(pretty=True)
    response = current_app.response_class(body, mimetype="application/atom+xml")
    response.set_etag(hashlib.blake2b(body, digest_size=12).hexdigest())
    return response.make_conditional(request)


@bp.route("/m/<slug>/feed.atom")
def municipality_feed(slug):
    m = data.public_municipality(slug)
    feed_id = url_for("feeds.municipality_feed", slug=slug, _external=True)
    return _atom(feed_id, _("%(name)s: news", name=m.name), url_for("public.municipality", slug=slug, _external=True),
                 municipality_events(m), m.name, _created(m))


@bp.route("/m/<slug>/plans/<int:plan_id>/feed.atom")
def plan_feed(slug, plan_id):
    m = data.public_municipality(slug)
    plan = data.public_plan(m, plan_id)
    events = sorted(plan_events(m, plan), key=lambda e: (e.when, e.key), reverse=True)
    feed_id = url_for("feeds.plan_feed", slug=slug, plan_id=plan_id, _external=True)
    return _atom(feed_id, _("%(name)s: %(plan)s", name=m.name, plan=plan.title),
                 url_for("plans.detail", slug=slug, plan_id=plan_id, _external=True), events, m.name,
                 _created(m))

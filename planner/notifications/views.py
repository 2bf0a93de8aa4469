"""The account's notifications (opening the list marks them read), following a municipality,
a plan or a ballot, the preferences page, and the unsubscribe link of e-mails (no login; its
POST, the RFC 8058 one-click, is exempt from CSRF: the signed token in the URL is the proof)."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..actions import perform
from ..api import data
from ..extensions import csrf, db
from ..forms import ActionForm
from ..i18n import gettext as _
from ..permissions import can_follow, can_set_notifications, require
from ..routing import login_route
from . import follows, services
from .forms import preferences_form
from .kinds import DIGEST, PREFERENCE_LABELS
from .models import Notification
from .unsubscribe import read_token, unsubscribe as stop

bp = Blueprint("notifications", __name__, template_folder="templates")
bp.add_app_template_global(services.message, "notification_text")
bp.add_app_template_global(services.link, "notification_link")


@bp.app_template_global("is_following")
def _is_following(municipality, plan=None, ballot=None):
    return follows.shows_following(current_user, municipality, plan, ballot)


@login_route(bp, "/notifications")
def index():
    user = current_user._get_current_object()
    require(can_set_notifications(user))
    notifications = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).options(joinedload(Notification.municipality))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(100)
    ).all()
    unread = {n.id for n in notifications if n.read_at is None}
    if user.unread_notifications or unread:
        perform(services.mark_read, user)
    return render_template("notifications/index.html", notifications=notifications, unread=unread)


def _follow(slug, plan_id=None, ballot_id=None):
    """Follow (or, with ``action=unfollow``, stop following) a public municipality, or one of its
    plans or ballots; back to its page."""
    municipality = data.public_municipality(slug)
    plan = ballot = None
    back = url_for("public.municipality", slug=slug)
    if plan_id is not None:
        plan = data.public_plan(municipality, plan_id)
        back = url_for("plans.detail", slug=slug, plan_id=plan.id)
    if ballot_id is not None:
        ballot = data.public_ballot(municipality, ballot_id)
        back = url_for("ballots.detail", slug=slug, ballot_id=ballot.id)
    require(can_follow(current_user, municipality))
    user = current_user._get_current_object()
    if request.form.get("action") == "unfollow":
        if perform(follows.unfollow, user, municipality, plan, ballot):
            flash(_("You no longer follow this."), "success")
    elif perform(follows.follow, user, municipality, plan, ballot):
        flash(_("You follow this now. Choose how you hear about it on your notification settings page."), "success")
    return redirect(back)


@login_route(bp, "/m/<slug>/follow", methods=["POST"])
def follow_municipality(slug):
    return _follow(slug)


@login_route(bp, "/m/<slug>/plans/<int:plan_id>/follow", methods=["POST"])
def follow_plan(slug, plan_id):
    return _follow(slug, plan_id=plan_id)


@login_route(bp, "/m/<slug>/ballots/<int:ballot_id>/follow", methods=["POST"])
def follow_ballot(slug, ballot_id):
    return _follow(slug, ballot_id=ballot_id)


@login_route(bp, "/account/notifications", methods=["GET", "POST"])
def preferences():
    user = current_user._get_current_object()
    require(can_set_notifications(user))
    form = preferences_form(follows.deliveries_of(user.id), request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        choices = {name: form[name].data for name in PREFERENCE_LABELS}
        if perform(follows.save_preferences, user, choices, form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form, following=_following(user),
                           action_form=ActionForm())


def _following(user):
    from ..municipalities.models import Municipality
    from ..plans.models import Plan
    from ..surveys.ballots.models import Ballot

    rows = []
    for f in follows.following(user):
        municipality = db.session.get(Municipality, f.municipality_id)
        if f.plan_id:
            plan = db.session.get(Plan, f.plan_id)
            rows.append((municipality, plan.title, url_for("plans.detail", slug=municipality.slug, plan_id=plan.id),
                         url_for("notifications.follow_plan", slug=municipality.slug, plan_id=plan.id)))
        elif f.ballot_id:
            ballot = db.session.get(Ballot, f.ballot_id)
            rows.append((municipality, ballot.title,
                         url_for("ballots.detail", slug=municipality.slug, ballot_id=ballot.id),
                         url_for("notifications.follow_ballot", slug=municipality.slug, ballot_id=ballot.id)))
        else:
            rows.append((municipality, municipality.name, url_for("public.municipality", slug=municipality.slug),
                         url_for("notifications.follow_municipality", slug=municipality.slug)))
    return rows


@bp.route("/unsubscribe/<unsubscribe_token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(unsubscribe_token):
    """Open to anyone holding the link (the signed token is the capability). GET asks to
    confirm; POST, from the page or a mail program's one-click, stops that e-mail."""
    from ..auth.models import User

    found = read_token(unsubscribe_token)
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        abort(404)
    what = found[1]
    with force_locale(user.locale if user.locale in current_app.config["LANGUAGES"] else get_locale()):
        # in the language of the e-mail it came from
        label = _("the daily digest") if what == DIGEST else str(PREFERENCE_LABELS[what])
        if request.method == "POST":
            perform(stop, user.id, what)
            return render_template("notifications/unsubscribed.html", label=label)
        return render_template("notifications/unsubscribe.html", label=label)

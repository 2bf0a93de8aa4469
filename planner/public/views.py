"""Home page, a municipality's public page (its features' sections), the language switch and
/healthz."""
from flask import Blueprint, current_app, redirect, render_template, request
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import outage
from ..actions import perform
from ..auth.services import set_locale
from ..page_cache import cached_page
from ..extensions import csrf, db, limiter
from ..i18n import LANG_COOKIE
from ..web import safe_next
from ..forms import ActionForm
from ..municipalities.services import municipalities_list
from ..municipalities.queries import load_municipality_with_version
from ..permissions import membership
from ..roles import RESIDENT
from . import sections

bp = Blueprint("public", __name__, template_folder="templates")


@bp.route("/")
@cached_page
def home():
    municipalities = db.session.scalars(municipalities_list()).all()
    return render_template("public/home.html", municipalities=municipalities)


@bp.route("/m/<slug>/")
@cached_page
def municipality(slug):
    municipality, version = load_municipality_with_version(slug)
    resident = membership(current_user, municipality, RESIDENT)
    return render_template("public/municipality.html", municipality=municipality, resident=resident,
                           features=sections.kept_html(municipality, current_user, version))


@bp.route("/lang", methods=["POST"])
@csrf.exempt  # checked below for accounts; a visitor without one only sets a cookie in their own browser
def set_language():
    """The language switcher on every page: kept in a cookie, and in the account if any.

    Anonymous pages carry no form token, so that they start no session and can be kept
    whole (planner/page_cache.py); choosing a language is harmless without one. A signed-in
    user's choice is saved in the account, so it is checked like any other form."""
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        lang = None
    elif current_user.is_authenticated:
        if not (ActionForm().validate_on_submit() and perform(set_locale, current_user, lang)):
            lang = None
    response = redirect(safe_next(request.form.get("next", "")))
    if lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=current_app.config["HTTPS"])
    return response


@bp.route("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        outage.forget_session()
        return {"status": "unavailable"}, 503, outage.retry_after()
    return {"status": "ok"}


"""Account pages: login and logout, registration, the account and password pages, the
administrators' user list."""
from functools import cache

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ..actions import perform
from ..extensions import db, login_manager
from ..i18n import LANG_COOKIE, normalize_text
from ..permissions import can_admin_platform, require
from ..routing import login_route
from ..web import safe_next
from . import services, sessions, throttle
from .forms import AccountForm, LoginForm, PasswordForm, RegisterForm, TrainerForm
from .models import User

bp = Blueprint("auth", __name__, template_folder="templates")

login_manager.login_view = "auth.login"
login_manager.session_protection = "basic"


@cache
def _user_statement():
    # One query: the user with their memberships (permission checks read them on every page)
    # and what they follow (the follow button of public pages). Built once, on first use (the
    # mappers must be configured): every signed-in request asks it.
    return (select(User).where(User.id == bindparam("user_id"))
            .options(joinedload(User.memberships), joinedload(User.follows)))


@login_manager.user_loader
def load_user(user_id: str):
    uid, _sep, nonce = user_id.partition(":")
    if not uid.isdecimal():
        return None
    user = db.session.scalars(_user_statement(), {"user_id": int(uid)}).unique().first()
    if user is None or user.session_nonce != nonce:
        return None
    return user


@login_manager.unauthorized_handler
def _unauthorized():
    flash(_("Please log in to open this page."), "info")
    return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))


@bp.route("/login", methods=["GET", "POST"])
@throttle.limits
def login():
    form = LoginForm()
    if form.validate_on_submit():
        wait = throttle.wait_seconds(form.email.data)
        if wait:
            form.form_errors.append(_("Too many wrong passwords for this account. Wait a little and try again, "
                                      "or log in from a device you have used for this account before."))
            return render_template("auth/login.html", form=form), 429, {"Retry-After": str(wait)}
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            next_url = safe_next(request.args.get("next"))
            session.clear()  # a new session at login: no fixation
            login_user(user, remember=form.remember.data)
            response = redirect(next_url)
            throttle.record_success(user, response)
            if user.locale:
                response.set_cookie(LANG_COOKIE, user.locale, max_age=365 * 24 * 3600, samesite="Lax")
            return response
        throttle.record_failure(form.email.data)
        form.form_errors.append(_("The email or the password is not correct."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        perform(sessions.end_sessions, current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You are logged out, on this device and on every other one."), "success")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("auth.account"))
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = request.cookies.get(LANG_COOKIE) or str(_current_locale())
    if form.validate_on_submit():
        done = perform(services.register_user, form.email.data, form.name.data, form.password.data,
                       form.locale.data, form=form)  # the confirmation mail is queued after the commit
        if done:
            user = done.value
            session.clear()
            login_user(user)
            flash(_("Welcome! Your account is ready. Find your municipality below and ask to join it."), "success")
            response = redirect(url_for("public.home"))
            response.set_cookie(LANG_COOKIE, user.locale or "", max_age=365 * 24 * 3600, samesite="Lax")
            return response
    return render_template("auth/register.html", form=form)


def _current_locale():
    from flask_babel import get_locale

    return get_locale()


@login_route(bp, "/account", methods=["GET", "POST"])
def account():
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        perform(services.update_account, current_user, name=form.name.data, locale=form.locale.data,
                sex=form.sex.data, age_band=form.age_band.data)
        flash(_("Your settings are saved."), "success")
        response = redirect(url_for("auth.account"))
        response.set_cookie(LANG_COOKIE, form.locale.data, max_age=365 * 24 * 3600, samesite="Lax")
        return response
    return render_template("auth/account.html", form=form, memberships=current_user.memberships)


@login_route(bp, "/account/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        if perform(services.change_password, current_user, form.current.data, form.password.data, form=form):
            login_user(current_user._get_current_object())  # keep this session, drop the others
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/password.html", form=form)


@login_route(bp, "/admin/users")
def admin_users():
    require(can_admin_platform(current_user))
    q = normalize_text(request.args.get("q", "").strip()[:100])
    users = db.session.scalars(services.users_list(q)).all()
    return render_template("auth/admin_users.html", users=users, q=q, form=TrainerForm())


@login_route(bp, "/admin/users/<int:user_id>/trainer", methods=["POST"])
def admin_trainer(user_id):
    require(can_admin_platform(current_user))
    user = db.get_or_404(User, user_id)
    form = TrainerForm()
    if form.validate_on_submit():
        if perform(services.set_trainer, user, request.form.get("value") == "1", current_user):
            flash(_("Saved."), "success")
    return redirect(url_for("auth.admin_users"))

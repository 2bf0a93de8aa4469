"""Account pages that work by e-mail: forgotten password, reset link, confirming the address,
changing it. The rules are in reset.py and confirm.py."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from ..actions import perform
from ..extensions import limiter
from ..forms import ActionForm
from ..i18n import gettext as _
from ..routing import login_route
from . import confirm as confirmation
from . import reset as resetting
from .mail_forms import EmailChangeForm, ForgotForm, ResetForm
from .models import normalize_email

bp = Blueprint("account_mail", __name__, template_folder="templates")


def _reset_limit():
    return current_app.config["PASSWORD_RESET_LIMIT"]


def _accepted(response):
    return response.status_code == 302  # a request that was acted on (not a form with errors)


def _email_key():
    return "reset-email:" + normalize_email(request.form.get("email", ""))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"], scope="reset-address", deduct_when=_accepted)
@limiter.limit(_reset_limit, methods=["POST"], key_func=_email_key, scope="reset-email", deduct_when=_accepted)
def forgot():
    form = ForgotForm()
    if form.validate_on_submit():
        if perform(resetting.request_reset, form.email.data):
            # The same answer whether or not the address has an account.
            flash(_("If an account uses this address, a message with a link to choose a new password "
                    "is on its way. Check your mailbox, and the spam folder too."), "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token):
    user = resetting.user_for_token(token)
    if user is None:
        flash(_("This link is not valid any more: it has expired or has been used. Ask for a new one."), "error")
        return redirect(url_for("account_mail.forgot"))
    form = ResetForm()
    if form.validate_on_submit() and perform(resetting.reset_password, user, form.password.data, form=form):
        logout_user()
        session.clear()
        flash(_("Your password is changed and every device has been logged out. Log in with the new password."),
              "success")
        return redirect(url_for("auth.login"))
    response = current_app.make_response(render_template("auth/reset.html", form=form))
    response.headers["Referrer-Policy"] = "no-referrer"  # the link is a secret
    return response


@bp.route("/account/confirm/<token>")
def confirm(token):
    if perform(confirmation.confirm_email, token):
        flash(_("Thank you: your e-mail address is confirmed."), "success")
    return redirect(url_for("auth.account") if current_user.is_authenticated else url_for("auth.login"))


@login_route(bp, "/account/confirm", methods=["POST"])
@limiter.limit(_reset_limit, scope="confirm-resend", key_func=lambda: f"confirm-user:{current_user.get_id()}")
def resend():
    if ActionForm().validate_on_submit() and perform(confirmation.resend, current_user._get_current_object()):
        flash(_("A new confirmation link is on its way to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("auth.account"))


@login_route(bp, "/account/email", methods=["GET", "POST"])
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit() and perform(confirmation.change_email, current_user._get_current_object(),
                                             form.password.data, form.email.data, form=form):
        flash(_("Your e-mail address is changed. Open the link we sent to it to confirm it."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/email.html", form=form)

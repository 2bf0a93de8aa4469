"""Forms of the account pages that work by e-mail: password reset, change of address."""
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length

from ..forms import BaseForm
from ..i18n import lazy_gettext as _l
from .forms import current_password, new_password


class ForgotForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})


class ResetForm(BaseForm):
    password, confirm = new_password(_l("New password"), _l("Repeat the new password"))


class EmailChangeForm(BaseForm):
    email = EmailField(_l("New e-mail address"), render_kw={"autocomplete": "email"},
                       validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = current_password()

"""Forms of the account pages that work by e-mail: password reset, change of address."""
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..forms import BaseForm
from ..i18n import lazy_gettext as _l


class ForgotForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])


class ResetForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("At least 10 characters. A phrase of several words is easiest to remember."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))],
    )


class EmailChangeForm(BaseForm):
    email = EmailField(_l("New e-mail address"),
                       validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)], filters=[])

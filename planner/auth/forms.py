"""Forms of the account pages: login, registration, password, account settings, the trainer flag."""
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from ..i18n import lazy_gettext as _l
from ..forms import BaseForm, choices
from ..i18n import LANGUAGE_NAMES

LANGUAGE_PAIRS = list(LANGUAGE_NAMES.items())
SEX_PAIRS = [("", _l("Prefer not to say")), ("f", _l("Woman")), ("m", _l("Man"))]
AGE_PAIRS = [("", _l("Prefer not to say")), ("18-29", "18–29"), ("30-44", "30–44"), ("45-59", "45–59"), ("60+", "60+")]


PASSWORD_HINT = _l("At least 10 characters. A phrase of several words is easiest to remember.")


def current_password(label=_l("Current password")):
    """The password the person has now."""
    return PasswordField(label, validators=[DataRequired(), Length(max=200)],
                         render_kw={"autocomplete": "current-password"})


def new_password(label, repeat_label):
    """A new password and its repetition, as a pair of fields: ``password, confirm = new_password(…)``."""
    return (PasswordField(label, validators=[DataRequired(), Length(max=200)], description=PASSWORD_HINT,
                          render_kw={"autocomplete": "new-password"}),
            PasswordField(repeat_label, render_kw={"autocomplete": "new-password"}, validators=[
                DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))]))


class LoginForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = current_password(_l("Password"))
    remember = BooleanField(_l("Stay signed in on this device"))


class RegisterForm(BaseForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password, confirm = new_password(_l("Password"), _l("Repeat the password"))
    locale = SelectField(_l("Language"), choices=choices(LANGUAGE_PAIRS))


class PasswordForm(BaseForm):
    current = current_password()
    password, confirm = new_password(_l("New password"), _l("Repeat the new password"))


class AccountForm(BaseForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    locale = SelectField(_l("Language"), choices=choices(LANGUAGE_PAIRS))
    sex = SelectField(
        _l("Sex"), choices=choices(SEX_PAIRS), validators=[Optional()],
        description=_l("Used only for counts of women and men in results, never shown with your name."),
    )
    age_band = SelectField(_l("Age"), choices=choices(AGE_PAIRS), validators=[Optional()])


class TrainerForm(BaseForm):
    """An empty form: a button with a CSRF token."""

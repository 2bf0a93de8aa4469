"""Forms of the municipality pages, and the names of roles and membership statuses
(``labels.municipalities``)."""
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..i18n import lazy_gettext as _l
from ..auth.forms import LANGUAGE_PAIRS
from ..forms import BaseForm, choices

ROLE_LABELS = {
    "resident": _l("Resident"),
    "group_member": _l("Initiative group member"),
    "staff": _l("Municipal staff"),
    "deputy": _l("Council deputy"),
    "monitor": _l("Monitoring group member"),
}
STATUS_LABELS = {"pending": _l("Waiting for verification"), "active": _l("Verified")}
COUNTRY_PAIRS = [("KG", _l("Kyrgyzstan")), ("AM", _l("Armenia"))]
CURRENCY_PAIRS = [("KGS", _l("Kyrgyz som (KGS)")), ("AMD", _l("Armenian dram (AMD)"))]


class MunicipalityForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    slug = StringField(
        _l("Short address"),
        validators=[DataRequired(), Length(min=2, max=80),
                    Regexp(r"^[a-z0-9][a-z0-9-]*$", message=_l("Use small Latin letters, digits and hyphens."))],
        description=_l("Used in links, for example jashyl-oron."),
    )
    country = SelectField(_l("Country"), choices=choices(COUNTRY_PAIRS))
    region = StringField(_l("Region"), validators=[Optional(), Length(max=120)])
    district = StringField(_l("District"), validators=[Optional(), Length(max=120)])
    currency = SelectField(_l("Currency"), choices=choices(CURRENCY_PAIRS))
    default_locale = SelectField(_l("Default language"), choices=choices(LANGUAGE_PAIRS))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 4})


class VillageForm(BaseForm):
    name = StringField(_l("Village name"), validators=[DataRequired(), Length(max=120)])
    population = IntegerField(_l("Population"), validators=[Optional(), NumberRange(min=0, max=10_000_000)])


class JoinForm(BaseForm):
    village_id = SelectField(_l("Your village"), coerce=int, validators=[DataRequired()])


class VerifyForm(BaseForm):
    """Verify a resident; where a listed resident has the same name and village, say whether
    it is the same person (``same_as``) or a ``different`` one."""

    same_as = IntegerField(validators=[Optional()])
    different = BooleanField()


class InvitationForm(BaseForm):
    role = SelectField(_l("Role"), choices=choices((r, label) for r, label in ROLE_LABELS.items() if r != "resident"))
    note = StringField(
        _l("For whom"), validators=[Optional(), Length(max=200)],
        description=_l("A note for yourself, for example the person's name."),
    )



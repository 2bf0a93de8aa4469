"""Forms of the workshops pages (every one CSRF-protected through the base form)."""
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length, Optional

from ..forms import BaseForm, choices
from ..i18n import lazy_gettext as _l
from .labels import AGE_LABELS, LANGUAGE_LABELS, ROLE_LABELS, SEX_LABELS, TOPIC_LABELS


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):  # the service says which value is wrong
        pass


class WorkshopForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    topics = CheckboxesField(_l("Topics from the curriculum"), choices=choices(TOPIC_LABELS.items()))
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Length(max=200)])
    region = StringField(_l("Region"), validators=[Length(max=120)])
    language = SelectField(_l("Language of the workshop"), choices=choices(LANGUAGE_LABELS.items()))
    municipality_ids = CheckboxesField(_l("Invited municipalities"), coerce=int)
    agenda = TextAreaField(_l("Agenda"), validators=[Length(max=4000)],
                           description=_l("One line per session, e.g. “10:00 The SEDP method”."))


class MaterialForm(BaseForm):
    file = FileField(_l("Material (PDF)"))


class RegistrationForm(BaseForm):
    sex = SelectField(_l("Sex"), choices=choices(SEX_LABELS.items()))
    age_band = SelectField(_l("Age"), choices=choices(AGE_LABELS.items()))
    role = SelectField(_l("Role"), choices=choices(ROLE_LABELS.items()))
    municipality_id = SelectField(_l("Municipality"), coerce=int, validate_choice=False)


class SheetForm(BaseForm):
    rows = TextAreaField(_l("Rows of the sign-in sheet"), render_kw={"rows": 12},
                         description=_l("One person a line: name, sex, age, role, municipality and, if needed, the "
                                        "certificate's language, separated by commas, semicolons or tabs "
                                        "(a spreadsheet's rows can be pasted)."))
    days = CheckboxesField(_l("Present on"))


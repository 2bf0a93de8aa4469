"""Forms of the workshops pages (every one CSRF-protected through the base form)."""
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import BaseForm, CheckboxesField, choices
from ..i18n import lazy_gettext as _l
from .labels import AGE_LABELS, EXERCISE_LABELS, LANGUAGE_LABELS, ROLE_LABELS, SEX_LABELS, TOPIC_LABELS


class WorkshopForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    topics = CheckboxesField(_l("Topics from the curriculum"), choices=choices(TOPIC_LABELS.items()),
                             validate_choice=False)  # the service says which value is wrong
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Length(max=200)])
    region = StringField(_l("Region"), validators=[Length(max=120)])
    language = SelectField(_l("Language of the workshop"), choices=choices(LANGUAGE_LABELS.items()))
    municipality_ids = CheckboxesField(_l("Invited municipalities"), coerce=int, validate_choice=False)
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
    days = CheckboxesField(_l("Present on"), validate_choice=False)



class PracticeForm(BaseForm):
    days = IntegerField(_l("Delete it after (days)"), default=14, validators=[Optional()])
    accounts = TextAreaField(_l("Practice accounts"), render_kw={"rows": 10},
                             description=_l("One person a line: name and role (resident, group_member, staff, "
                                            "deputy or monitor), separated by a comma."))


class ExerciseForm(BaseForm):
    kind = SelectField(_l("Kind of exercise"), choices=choices(EXERCISE_LABELS.items()))
    question = StringField(_l("Question"), validators=[Length(max=500)])
    options = TextAreaField(_l("Options"), render_kw={"rows": 6},
                            description=_l("One option a line (not needed for a brainstorm)."))
    max_choices = IntegerField(_l("How many options each person may choose"), default=1, validators=[Optional()])


class JoinForm(BaseForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=12)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"})


class EvaluationForm(BaseForm):
    usefulness = RadioField(_l("How useful was the workshop for you? (1 — not at all, 5 — very)"),
                            choices=choices((str(n), str(n)) for n in range(1, 6)), validators=[Optional()])
    most_useful = TextAreaField(_l("What was most useful?"), validators=[Length(max=2000)])
    improve = TextAreaField(_l("What should be improved?"), validators=[Length(max=2000)])
    recommend = RadioField(_l("Would you recommend this workshop to a colleague?"),
                           choices=choices([("yes", _l("Yes")), ("no", _l("No"))]), validators=[Optional()])

"""Forms of the budget pages."""
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, DecimalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms import BaseForm, CheckboxesField, choices
from ..i18n import lazy_gettext as _l
from ..i18n import lazy_pgettext
from .models import FUNDS, KINDS, MONTHS, SCALES

KIND_LABELS = {"revenue": _l("Revenue"), "expense": _l("Expenditure")}
FUND_LABELS = {"administrative": _l("Administrative part"), "capital": _l("Capital (fund) part")}
SCALE_LABELS = {"units": _l("In units"), "thousands": _l("In thousands")}
NAME_LANGUAGES = ("ky", "ru", "hy", "en")


def amount_field(label, **kw):
    return DecimalField(label, places=3, validators=[Optional(), NumberRange(-9999999999999, 9999999999999)], **kw)


class YearForm(BaseForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    scale = SelectField(_l("Amounts shown"), choices=choices(SCALE_LABELS.items()), default="thousands")


class ScaleForm(BaseForm):
    scale = SelectField(_l("Amounts shown"), choices=choices(SCALE_LABELS.items()))


class AdoptForm(BaseForm):
    decision = StringField(_l("Council decision (number and date)"), validators=[DataRequired(), Length(max=200)])
    adopted_on = DateField(_l("Adopted on"), validators=[InputRequired()])


class LineForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=choices(KIND_LABELS.items()))
    fund = SelectField(_l("Part"), choices=choices(FUND_LABELS.items()))
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)],
                       description=_l("From the budget classification, e.g. 1.1, 05-01-01 × 4511 or 11110000."))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    name_ky = StringField(_l("Name in Kyrgyz"), validators=[Optional(), Length(max=300)])
    name_ru = StringField(_l("Name in Russian"), validators=[Optional(), Length(max=300)])
    name_hy = StringField(_l("Name in Armenian"), validators=[Optional(), Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=300)])
    parent_id = SelectField(_l("Under the group"), coerce=int)
    is_group = BooleanField(_l("This is a group (its figures are the sums of the lines under it)"))
    approved = amount_field(_l("Annual plan as adopted"))

    def names(self) -> dict:
        return {lang: getattr(self, f"name_{lang}").data or "" for lang in NAME_LANGUAGES}


class ActivitiesForm(BaseForm):
    activity_ids = CheckboxesField(_l("Plan activities this line funds"), coerce=int)


class RevisionForm(BaseForm):
    amount = amount_field(_l("New annual plan"))
    decision = StringField(_l("Council decision (number and date)"), validators=[DataRequired(), Length(max=200)])
    decided_on = DateField(_l("Decided on"), validators=[InputRequired()])


def months_form_class():
    """A form with a plan and an actual field for each month."""
    fields = {}
    for month in MONTHS:
        fields[f"plan_{month}"] = amount_field(lazy_pgettext("plan vs actual", "Plan"))
        fields[f"actual_{month}"] = amount_field(_l("Actual"))
    return type("MonthsForm", (BaseForm,), fields)


MonthsForm = months_form_class()


class ImportForm(BaseForm):
    month = SelectField(_l("Month"), coerce=int)
    scale = SelectField(_l("Amounts in the file"), choices=choices(SCALE_LABELS.items()))
    cumulative = BooleanField(_l("The file gives figures from January to the month (cumulative)"))
    file = FileField(_l("CSV or XLSX file from the accounting or the treasury"))


class ConfirmImportForm(BaseForm):
    content = HiddenField()
    filename = HiddenField()
    month = HiddenField()
    scale = HiddenField()
    cumulative = HiddenField()


ANSWER_LABELS = {"open": _l("awaiting an answer"), "accepted": _l("accepted"), "declined": _l("declined")}


class HearingForm(BaseForm):
    meeting_id = SelectField(_l("The hearing (from the municipality's meetings)"), coerce=int)
    presented = TextAreaField(_l("What was presented"), validators=[Optional(), Length(max=4000)],
                              description=_l("The draft budget's main figures and changes, in plain words."))


class PresentedForm(BaseForm):
    presented = TextAreaField(_l("What was presented"), validators=[Optional(), Length(max=4000)])


class ProposalForm(BaseForm):
    text = TextAreaField(_l("Proposal"), validators=[DataRequired(), Length(max=2000)])
    village_id = SelectField(_l("Village"), coerce=int)
    line_id = SelectField(_l("Budget line"), coerce=int)
    amount = amount_field(_l("Amount proposed"))


class AnswerForm(BaseForm):
    status = SelectField(_l("Answer"), choices=choices([("accepted", _l("accepted")), ("declined", _l("declined"))]))
    answer = TextAreaField(_l("Reason or comment"), validators=[Optional(), Length(max=2000)])

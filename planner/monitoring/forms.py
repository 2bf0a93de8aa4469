from flask_babel import format_date
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, DecimalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..i18n import lazy_gettext as _l
from ..i18n import lazy_pgettext
from ..forms import BaseForm, CheckboxesField, choices
from .execution import SOURCES

KIND_LABELS = {"resident": _l("Resident"), "deputy": _l("Deputy"), "staff": _l("Municipal staff"), "other": _l("Other")}
SEX_LABELS = {"f": _l("Woman"), "m": _l("Man")}
FREQUENCY_LABELS = {"monthly": _l("Every month"), "quarterly": _l("Every quarter"),
                    "twice_a_year": _l("Twice a year"), "yearly": _l("Once a year")}
PERIOD_LABELS = {"quarter": _l("Quarter"), "month": _l("Month")}
STATUS_LABELS = {"no_report": _l("No report yet"), "not_started": _l("Not started"), "on_track": _l("On track"),
                 "delayed": _l("Delayed"), "done": _l("Done"), "cancelled": _l("Cancelled")}
STATE_LABELS = {"draft": lazy_pgettext("report status", "Draft"), "approved": _l("Approved"), "returned": _l("Returned")}
# the same words as the plan's funding columns (plans/forms.py FUNDING_LABELS): one name per source
SOURCE_LABELS = {"local": _l("Local budget"), "republican": _l("Republican (state) budget"),
                 "community_cash": _l("Community contribution, cash"),
                 "community_kind": _l("Community contribution in kind or labour"),
                 "donor": _l("Donor"), "private": _l("Private")}


def meeting_label(meeting):
    """A recorded meeting in a list: ``12 March 2026 · Gathering · School hall``."""
    from ..surveys.forms import MEETING_KIND_LABELS

    parts = [format_date(meeting.held_on), str(MEETING_KIND_LABELS[meeting.kind])]
    if meeting.place:
        parts.append(meeting.place[:60])
    return " · ".join(parts)


class GroupForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    plan_id = SelectField(_l("Plan"), coerce=int, description=_l("Leave “whole municipality” for a group that monitors every plan."))
    formed_on = DateField(_l("Formed on"), validators=[Optional()])
    meeting_id = SelectField(_l("Gathering that approved the group"), coerce=int,
                             description=_l("Record the gathering under Meetings first, then choose it here."))
    approved_at = StringField(_l("Or describe the gathering (place, date)"), validators=[Optional(), Length(max=300)],
                              description=_l("For a gathering that is not recorded in the app."))


class MemberForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    kind = SelectField(_l("Kind"), choices=choices(KIND_LABELS.items()))
    sex = SelectField(_l("Sex"), choices=choices(SEX_LABELS.items()))
    role = StringField(_l("Role in the group"), validators=[Optional(), Length(max=120)])
    user_id = SelectField(_l("Account in the app"), coerce=int,
                          description=_l("Only members linked to a monitor's account file and approve reports here."))


class PlanItemForm(BaseForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    activity_id = SelectField(_l("Activity"), coerce=int)
    frequency = SelectField(_l("How often"), choices=choices(FREQUENCY_LABELS.items()))
    visitor_id = SelectField(_l("Who visits"), coerce=int)


class ReportForm(BaseForm):
    period_kind = SelectField(_l("Period"), choices=choices(PERIOD_LABELS.items()))
    period_number = IntegerField(_l("Quarter or month number"), validators=[InputRequired(), NumberRange(1, 12)],
                                 description=_l("Quarter 1–4, or month 1–12."))
    period_year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    visit_date = DateField(_l("Date of the visit"), validators=[InputRequired()])
    members_present = CheckboxesField(_l("Members present"), coerce=int)
    status = SelectField(_l("Status"), choices=choices([(k, v) for k, v in STATUS_LABELS.items() if k != "no_report"]))
    progress = IntegerField(_l("Physical progress, %"), validators=[InputRequired(), NumberRange(0, 100)])
    spent_local = DecimalField(SOURCE_LABELS["local"], places=2, validators=[Optional(), NumberRange(min=0)])
    spent_republican = DecimalField(SOURCE_LABELS["republican"], places=2, validators=[Optional(), NumberRange(min=0)])
    spent_community_cash = DecimalField(SOURCE_LABELS["community_cash"], places=2, validators=[Optional(), NumberRange(min=0)])
    spent_community_kind = DecimalField(SOURCE_LABELS["community_kind"], places=2, validators=[Optional(), NumberRange(min=0)])
    spent_donor = DecimalField(SOURCE_LABELS["donor"], places=2, validators=[Optional(), NumberRange(min=0)])
    spent_private = DecimalField(SOURCE_LABELS["private"], places=2, validators=[Optional(), NumberRange(min=0)])
    findings = TextAreaField(_l("Findings"), validators=[Optional(), Length(max=4000)])
    problems = TextAreaField(_l("Problems"), validators=[Optional(), Length(max=4000)])
    recommendations = TextAreaField(_l("Recommendations"), validators=[Optional(), Length(max=4000)])
    photo = FileField(_l("Photo (JPEG or PNG)"))
    caption = StringField(_l("Caption"), validators=[Optional(), Length(max=200)])
    keep_location = BooleanField(_l("Keep the photo's location (to show where the site is)"))

    def spent_fields(self):
        return [getattr(self, f"spent_{source}") for source in SOURCES]

    def indicator_fields(self):
        return [f for name, f in self._fields.items() if name.startswith("indicator_")]


def report_form_class(activity):
    """The report form with one number field per indicator of the activity."""
    fields = {
        f"indicator_{i.id}": DecimalField(
            f"{i.name}" + (f" ({i.unit})" if i.unit else ""), places=2, validators=[Optional()],
            description=_l("Baseline %(b)s, target %(t)s", b=i.baseline if i.baseline is not None else "—",
                           t=i.target if i.target is not None else "—"))
        for i in activity.indicators
    }
    return type("ActivityReportForm", (ReportForm,), fields)


class PhotoForm(BaseForm):
    photo = FileField(_l("Photo (JPEG or PNG)"))
    caption = StringField(_l("Caption"), validators=[Optional(), Length(max=200)])
    keep_location = BooleanField(_l("Keep the photo's location (to show where the site is)"))


class ReturnForm(BaseForm):
    reason = TextAreaField(_l("Why is it returned?"), validators=[DataRequired(), Length(max=1000)])


class ImportForm(BaseForm):
    file = FileField(_l("CSV file from the accounting"))


class ConfirmImportForm(BaseForm):
    content = HiddenField()
    filename = HiddenField()

"""The plan forms, and the labels of plan kinds, stages, funding sources and statuses."""
from datetime import date, datetime

from flask_wtf.file import FileField
from flask_babel import pgettext
from wtforms import BooleanField, DateField, DecimalField, FieldList, FormField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..auth.models import user_by_email
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..forms import BaseForm, CheckboxesField, SubForm, choices
from .models import SHORT_MAX, TEXT_MAX, TITLE_MAX

KIND_LABELS = {"sedp": _l("Socio-economic development plan"), "jap": _l("Joint action plan")}
KIND_SHORT = {"sedp": _l("SEDP"), "jap": _l("JAP")}
STAGE_LABELS = {
    "draft": _l("Draft"),
    "discussion": _l("Public discussion"),
    "submitted": _l("Submitted to the council"),
    "approved": _l("Approved"),
    "implementation": _l("In implementation"),
    "completed": _l("Completed"),
}
FUNDING_LABELS = {
    "local": _l("Local budget"),
    "republican": _l("Republican (state) budget"),
    "community_cash": _l("Community contribution, cash"),
    "community_kind": _l("Community contribution in kind or labour"),
    "donor": _l("Donor"),
    "private": _l("Private"),
}


def funding_abbreviations():
    """{key: short label} for the print's narrow columns (a legend spells them out)."""
    return {"local": pgettext("funding source", "LB"), "republican": pgettext("funding source", "RB"),
            "community_cash": pgettext("funding source", "CC"), "community_kind": pgettext("funding source", "CK"),
            "donor": pgettext("funding source", "D"), "private": pgettext("funding source", "P")}


def funding_sources():
    """[(key, label)] with the labels translated once (for loops over many rows)."""
    return [(key, str(label)) for key, label in FUNDING_LABELS.items()]


VERSION_LABELS = {"presented": _l("presented at a hearing"), "submitted": _l("submitted to the council"),
                  "approved": _l("approved"), "returned": _l("returned with remarks")}
PROPOSAL_STATUS_LABELS = {"open": _l("Waiting for an answer"), "accepted": _l("Accepted"),
                          "merged": _l("Merged into another activity"), "declined": _l("Declined")}
SEX_LABELS = {"f": _l("Woman"), "m": _l("Man")}
FIELD_LABELS = {
    "section": _l("Section"), "problem": _l("Problem or priority it answers"), "description": _l("What will be done"),
    "villages": _l("Villages"), "responsible": _l("Responsible"), "partners": _l("Partners"),
    "start": _l("Start"), "end": _l("End"), "expected_result": _l("Expected result"), "indicators": _l("Indicators"),
    **{f"fund_{k}": v for k, v in FUNDING_LABELS.items()},
}

MONTH_HINT = _l("Year and month, for example 2026-04.")


class MonthField(StringField):
    """A month as ``YYYY-MM`` (``<input type=month>`` where the browser has it); data is a date."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"type": "month", "placeholder": "2026-04"})
        super().__init__(*args, **kwargs)
        self.month = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.month = None
        raw = (self.data or "").strip()
        if raw:
            try:
                self.month = datetime.strptime(raw, "%Y-%m").date()
            except ValueError:
                raise ValueError(_l("Enter the year and month, for example 2026-04."))

    def process_data(self, value):
        if isinstance(value, date):
            self.month = value
            self.data = value.strftime("%Y-%m")
        else:
            self.data = value


class PlanForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=choices(KIND_LABELS.items()))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    year_from = IntegerField(_l("From (year)"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    year_to = IntegerField(_l("To (year)"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    sedp_id = SelectField(_l("Part of the development plan"), coerce=int, validators=[Optional()])

    def validate_year_to(self, field):
        if self.year_from.data and field.data and field.data < self.year_from.data:
            raise ValidationError(_l("The plan cannot end before it starts."))


class PlanEditForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    year_from = IntegerField(_l("From (year)"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    year_to = IntegerField(_l("To (year)"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])


class SectionForm(BaseForm):
    title = StringField(_l("Priority or sector"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    group_id = SelectField(_l("Initiative group"), coerce=int, validators=[Optional()])


class IndicatorEntry(SubForm):
    name = StringField(_l("Indicator"), validators=[Optional(), Length(max=SHORT_MAX)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40)])
    baseline = DecimalField(_l("Baseline"), validators=[Optional(), NumberRange(min=0)])
    target = DecimalField(_l("Target"), validators=[Optional(), NumberRange(min=0)])


def _money_field(label):
    return DecimalField(label, places=2, validators=[Optional(), NumberRange(min=0, message=_l("The amount cannot be negative."))],
                        render_kw={"inputmode": "decimal"})


class ActivityForm(BaseForm):
    version = HiddenField()
    problem = TextAreaField(_l("Problem or priority it answers"), validators=[Optional(), Length(max=TEXT_MAX)])
    description = TextAreaField(_l("What will be done"), validators=[DataRequired(message=_l("Describe the activity: what will be done.")),
                                                                     Length(max=TEXT_MAX)])
    village_ids = CheckboxesField(_l("Villages"), coerce=int, validators=[Optional()])
    responsible = StringField(_l("Responsible"), validators=[Optional(), Length(max=SHORT_MAX)])
    partners = StringField(_l("Partners"), validators=[Optional(), Length(max=SHORT_MAX)])
    start_month = MonthField(_l("Start"), description=MONTH_HINT)
    end_month = MonthField(_l("End"), description=MONTH_HINT)
    fund_local = _money_field(FUNDING_LABELS["local"])
    fund_republican = _money_field(FUNDING_LABELS["republican"])
    fund_community_cash = _money_field(FUNDING_LABELS["community_cash"])
    fund_community_kind = _money_field(FUNDING_LABELS["community_kind"])
    fund_donor = _money_field(FUNDING_LABELS["donor"])
    fund_private = _money_field(FUNDING_LABELS["private"])
    expected_result = TextAreaField(_l("Expected result"), validators=[Optional(), Length(max=TEXT_MAX)])
    indicators = FieldList(FormField(IndicatorEntry), min_entries=3, max_entries=10)

    def validate_end_month(self, field):
        if field.month and self.start_month.month and field.month < self.start_month.month:
            raise ValidationError(_l("The end month cannot be before the start month."))

    def data_for_service(self, villages):
        data = {name: getattr(self, name).data for name in
                ("problem", "description", "responsible", "partners", "expected_result")}
        for key in ("local", "republican", "community_cash", "community_kind", "donor", "private"):
            data[f"fund_{key}"] = getattr(self, f"fund_{key}").data
        data["start_month"], data["end_month"] = self.start_month.month, self.end_month.month
        data["villages"] = villages
        data["indicators"] = [
            {"name": (e.form.name.data or "").strip(), "unit": (e.form.unit.data or "").strip(),
             "baseline": e.form.baseline.data, "target": e.form.target.data}
            for e in self.indicators.entries
        ]
        return data


class MoveForm(BaseForm):
    direction = HiddenField()
    section_id = SelectField(_l("Move to section"), coerce=int, validators=[Optional()], validate_choice=False)


class CommentForm(BaseForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class ProposalForm(BaseForm):
    kind = SelectField(_l("I propose"), choices=choices([("change", _l("a change to an activity")),
                                                          ("new", _l("a new activity"))]))
    activity_id = SelectField(_l("Activity"), coerce=int, validators=[Optional()])
    section_id = SelectField(_l("Section (for a new activity)"), coerce=int, validators=[Optional()])
    text = TextAreaField(_l("What should be done"), validators=[DataRequired(), Length(max=TEXT_MAX)],
                         description=_l("For a change, write the activity as you would like it to read."), render_kw={"rows": 4})
    reason = TextAreaField(_l("Why"), validators=[Optional(), Length(max=TEXT_MAX)], render_kw={"rows": 3})


class AnswerForm(BaseForm):
    status = SelectField(_l("Answer"), choices=choices([("accepted", _l("Accept and incorporate")),
                                                        ("merged", _l("Merge into another activity")),
                                                        ("declined", _l("Decline"))]))
    merged_into_id = SelectField(_l("Merged into"), coerce=int, validators=[Optional()])
    answer = TextAreaField(_l("Public reason"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class GroupForm(BaseForm):
    name = StringField(_l("Group name"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    section_ids = CheckboxesField(_l("Priorities it takes up"), coerce=int, validators=[Optional()])
    gathering_date = DateField(_l("Date of the gathering that approved the roster"), validators=[Optional()])
    gathering_place = StringField(_l("Place of the gathering"), validators=[Optional(), Length(max=SHORT_MAX)])
    gathering_note = TextAreaField(_l("Notes from the gathering"), validators=[Optional(), Length(max=TEXT_MAX)])


class GroupMemberForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = StringField(_l("Role in the group"), validators=[Optional(), Length(max=80)],
                       description=_l("For example leader, secretary, member."))
    sex = SelectField(_l("Sex"), choices=choices(SEX_LABELS.items()))
    user_email = StringField(_l("Account e-mail (optional)"), validators=[Optional(), Length(max=254)],
                             description=_l("Links the member to their account so that they can edit their group's priorities."))
    account = None  # the account that ``user_email`` names, once validated

    def validate_user_email(self, field):
        self.account = db.session.scalar(user_by_email(field.data))
        if self.account is None:
            raise ValidationError(_l("No account has this e-mail address."))


def _count(label):
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=100000)], render_kw={"inputmode": "numeric"})


class HearingForm(BaseForm):
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=SHORT_MAX)])
    women = IntegerField(_l("Women attending"), validators=[InputRequired(), NumberRange(min=0, max=100000)])
    men = IntegerField(_l("Men attending"), validators=[InputRequired(), NumberRange(min=0, max=100000)])
    age_18_29 = _count(_l("Aged 18–29"))
    age_30_44 = _count(_l("Aged 30–44"))
    age_45_59 = _count(_l("Aged 45–59"))
    age_60_plus = _count(_l("Aged 60 and over"))
    minutes = TextAreaField(_l("Minutes"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 6})
    outcome = TextAreaField(_l("Outcome"), validators=[Optional(), Length(max=TEXT_MAX)], render_kw={"rows": 3})


class DecisionForm(BaseForm):
    session_date = DateField(_l("Session date"), validators=[DataRequired()])
    number = StringField(_l("Decision number"), validators=[DataRequired(), Length(max=40)])
    votes_for = IntegerField(_l("Votes for"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    votes_against = IntegerField(_l("Votes against"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    votes_abstained = IntegerField(_l("Abstained"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    outcome = SelectField(_l("Outcome"), choices=choices([("approved", _l("Approved")),
                                                          ("returned", _l("Returned with remarks"))]))
    remarks = TextAreaField(_l("Council's remarks"), validators=[Optional(), Length(max=TEXT_MAX)], render_kw={"rows": 4})
    document = FileField(_l("Decision document (PDF, PNG or JPEG)"), render_kw={"accept": "application/pdf,image/png,image/jpeg"})


class AmendForm(BaseForm):
    note = TextAreaField(_l("Why the plan is amended"), validators=[Optional(), Length(max=TEXT_MAX)])


class OpenDiscussionForm(BaseForm):
    """The confirm step before residents may comment and propose."""
    ends_on = DateField(_l("The public discussion ends on"), validators=[DataRequired()])
    confirm = BooleanField(_l("I have checked the plan: residents may read it, comment and propose changes until "
                              "this date."), validators=[DataRequired()])


class SubmitForm(BaseForm):
    """The confirm step before the plan goes to the council (its version is frozen)."""
    confirm = BooleanField(_l("I confirm that the plan incorporates the public discussion and goes to the council "
                              "as it is now."), validators=[DataRequired()])

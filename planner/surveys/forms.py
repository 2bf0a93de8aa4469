"""Forms of the questionnaires, meetings and problem register, and the label tables their pages show."""
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..i18n import lazy_gettext as _l
from ..i18n import lazy_pgettext
from ..forms import BaseForm, choices
from .models import SHORT_TEXT_MAX

KIND_LABELS = {
    "single": _l("One answer from a list"),
    "multiple": _l("Several answers from a list"),
    "scale": _l("Scale from 1 to 5"),
    "number": _l("Number"),
    "short_text": _l("Short text"),
    "long_text": _l("Long text"),
    "ranking": _l("Ranking (put choices in order)"),
}
ACCESS_LABELS = {"link": _l("Anyone with the link"), "residents": _l("Verified residents only")}
PAGING_LABELS = {"one": _l("All questions on one page"), "sections": _l("One page per section")}
STATE_LABELS = {"draft": lazy_pgettext("survey status", "Draft"), "upcoming": _l("Not open yet"), "open": _l("Open"), "closed": _l("Closed")}
CHANNEL_LABELS = {"online": _l("Online"), "paper": _l("Paper")}
SEX_LABELS = {"f": _l("Woman"), "m": _l("Man")}
SEX_PLURAL = {"f": _l("Women"), "m": _l("Men")}
AGE_LABELS = {"under-18": _l("under 18"), "18-29": _l("18–29"), "30-44": _l("30–44"), "45-59": _l("45–59"),
              "60+": _l("60 and over")}
MEETING_AGE_BANDS = ("under-18", "18-29", "30-44", "45-59", "60+")
MEETING_KIND_LABELS = {
    "needs_assessment": _l("Needs-assessment meeting"),
    "focus_group": _l("Focus group"),
    "gathering": _l("Village gathering"),
    "hearing": _l("Public hearing"),
}
TARGET_GROUP_LABELS = {
    "everyone": _l("Everyone"),
    "women": _l("Women"),
    "youth": _l("Youth"),
    "elderly": _l("Elderly people"),
    "poorest": _l("Poorest households"),
    "disabled": _l("People with disabilities"),
    "farmers": _l("Farmers and herders"),
    "other": _l("Other group"),
}
SECTOR_LABELS = {
    "water": _l("Drinking water and irrigation"),
    "roads": _l("Roads and bridges"),
    "education": _l("Schools and kindergartens"),
    "health": _l("Health"),
    "culture_sport": _l("Culture and sport"),
    "agriculture": _l("Agriculture and pastures"),
    "energy": _l("Electricity and heating"),
    "waste": _l("Waste and sanitation"),
    "social": _l("Social support"),
    "economy": _l("Jobs and local economy"),
    "governance": _l("Local government"),
    "other": _l("Other"),
}
SOURCE_LABELS = {"meeting": _l("Meeting"), "survey": _l("Survey"), "resident": _l("Resident"), "other": _l("Other")}
PROBLEM_STATUS_LABELS = {"accepted": _l("In the register"), "pending": _l("Waiting for review"),
                         "rejected": _l("Not taken into the register")}


class SurveyForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    intro = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=4000)],
                          description=_l("Shown above the questions: why you ask, how long it takes, that answers are anonymous."),
                          render_kw={"rows": 4})
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()])
    closes_on = DateField(_l("Closes on"), validators=[InputRequired()],
                          description=_l("The last day on which answers are accepted online."))
    access = SelectField(_l("Who may answer"), choices=choices(ACCESS_LABELS.items()))
    paging = SelectField(_l("Pages"), choices=choices(PAGING_LABELS.items()))
    asks_profile = BooleanField(_l("Ask sex, age band and village (optional for the respondent; used for breakdowns)"))
    is_public_results = BooleanField(_l("Publish the results on the municipality's page"))


class SectionForm(BaseForm):
    title = StringField(_l("Section title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])


class QuestionForm(BaseForm):
    text = StringField(_l("Question"), validators=[DataRequired(), Length(max=500)])
    help = StringField(_l("Hint"), validators=[Optional(), Length(max=500)])
    kind = SelectField(_l("Kind of answer"), choices=choices(KIND_LABELS.items()))
    section_id = SelectField(_l("Section"), coerce=int, validators=[Optional()])
    choice_text = TextAreaField(_l("Choices, one per line"), validators=[Optional(), Length(max=10000)],
                              description=_l("For answers from a list and for ranking."), render_kw={"rows": 6})
    max_choices = IntegerField(_l("At most this many answers"), validators=[Optional(), NumberRange(min=1, max=50)],
                               description=_l("Several answers: how many may be ticked. Ranking: how many places to fill."))
    allows_other = BooleanField(_l("Add an \"other\" box for the respondent's own answer"))
    min_value = DecimalField(_l("Smallest allowed number"), places=2, validators=[Optional()])
    max_value = DecimalField(_l("Largest allowed number"), places=2, validators=[Optional()])
    is_required = BooleanField(_l("An answer is required"))

    def choice_lines(self):
        return [line.strip() for line in (self.choice_text.data or "").splitlines() if line.strip()]


class MeetingForm(BaseForm):
    kind = SelectField(_l("Kind of meeting"), choices=choices(MEETING_KIND_LABELS.items()))
    held_on = DateField(_l("Date"), validators=[InputRequired()])
    village_id = SelectField(_l("Village"), coerce=int, validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)],
                        description=_l("For example: the school hall."))
    target_group = SelectField(_l("Who was invited"), choices=choices(TARGET_GROUP_LABELS.items()))
    deputies_present = IntegerField(_l("Deputies present"), default=0,
                                    validators=[Optional(), NumberRange(min=0, max=200)])
    minutes = TextAreaField(_l("Minutes"), validators=[Optional(), Length(max=20000)],
                            description=_l("What was discussed and decided; the problems raised."), render_kw={"rows": 8})


def _attendance_field(sex, band):
    return IntegerField(
        _l("%(sex)s, %(age)s", sex=SEX_PLURAL[sex], age=AGE_LABELS[band]), default=0,
        validators=[Optional(), NumberRange(min=0, max=10000, message=_l("Write a number from 0 to 10,000."))],
    )


for _sex in ("f", "m"):
    for _band in MEETING_AGE_BANDS:
        setattr(MeetingForm, f"att_{_sex}_{_band.replace('-', '_').replace('+', 'plus')}", _attendance_field(_sex, _band))


def attendance_field_name(sex, band):
    return f"att_{sex}_{band.replace('-', '_').replace('+', 'plus')}"


class PhotoForm(BaseForm):
    photo = FileField(_l("Photo (JPEG or PNG, up to 5 MB)"))
    caption = StringField(_l("Caption"), validators=[Optional(), Length(max=200)])


# The forms start with no sector chosen: a problem nobody classified is "other", not the first sector.
SECTOR_CHOICES = choices([("", _l("Choose…")), *SECTOR_LABELS.items()])


class ProblemForm(BaseForm):
    text = TextAreaField(_l("Problem"), validators=[DataRequired(), Length(max=1000)])
    village_id = SelectField(_l("Village"), coerce=int, validators=[Optional()])
    sector = SelectField(_l("Sector"), choices=SECTOR_CHOICES, validators=[Optional()])
    source_kind = SelectField(_l("Where it was raised"), choices=choices(SOURCE_LABELS.items()))
    meeting_id = SelectField(_l("Meeting"), coerce=int, validators=[Optional()])
    survey_id = SelectField(_l("Survey"), coerce=int, validators=[Optional()])
    times_raised = IntegerField(_l("Times raised"), default=1, validators=[InputRequired(), NumberRange(min=1, max=100000)])


class ProposeProblemForm(BaseForm):
    text = TextAreaField(_l("What is the problem?"), validators=[DataRequired(), Length(min=10, max=1000)],
                         description=_l("Describe it in a few sentences: what, where, who is affected."),
                         render_kw={"rows": 4})
    village_id = SelectField(_l("Village"), coerce=int, validators=[Optional()])
    sector = SelectField(_l("Sector"), choices=SECTOR_CHOICES, validators=[Optional()])


class MergeForm(BaseForm):
    target_id = SelectField(_l("Same problem as"), coerce=int, validators=[DataRequired()])


class ReviewForm(BaseForm):
    decision = SelectField(_l("Decision"), choices=choices([("accepted", _l("Take into the register")),
                                                             ("rejected", _l("Do not take"))]))


OTHER_MAX = SHORT_TEXT_MAX


def template_labels():
    """The label tables the questionnaire, meeting and problem templates read (a context processor)."""
    names = ("SEX_LABELS", "SEX_PLURAL", "AGE_LABELS", "CHANNEL_LABELS", "STATE_LABELS",
             "MEETING_KIND_LABELS", "TARGET_GROUP_LABELS", "SECTOR_LABELS", "SOURCE_LABELS", "PROBLEM_STATUS_LABELS")
    module = globals()
    return {name: module[name] for name in names}

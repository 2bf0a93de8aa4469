"""The marshmallow schemas that serialise every API response and, through flask-smorest's
apispec, describe it in ``/api/v1/openapi.json``: one definition for both, so the served
description cannot drift from what is sent. Amounts are decimal strings (no float
rounding); dates ISO 8601; ``*_label`` fields are translated (``?lang=``)."""
from marshmallow import Schema, fields


class _Out(Schema):
    class Meta:
        ordered = True


def _links():
    return fields.Dict(keys=fields.String(), values=fields.String(),
                       metadata={"description": "Addresses of the page, the Atom feed and the open-data files."})


class VillageSchema(_Out):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    population = fields.Integer(allow_none=True)


class MunicipalitySchema(_Out):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True)
    region = fields.String()
    district = fields.String()
    currency = fields.String(required=True)
    default_locale = fields.String()
    links = _links()


class MunicipalityDetailSchema(MunicipalitySchema):
    villages = fields.List(fields.Nested(VillageSchema), required=True)


class DecisionSchema(_Out):
    number = fields.String(required=True)
    session_date = fields.String(required=True, metadata={"format": "date"})
    outcome = fields.String(required=True, metadata={"description": "approved or returned"})
    votes_for = fields.Integer()
    votes_against = fields.Integer()
    votes_abstained = fields.Integer()


class DecisionListSchema(DecisionSchema):
    plan_id = fields.Integer(required=True)


class ActivitySchema(_Out):
    number = fields.String(required=True)
    description = fields.String(required=True)
    villages = fields.List(fields.String())
    start = fields.String(allow_none=True)
    end = fields.String(allow_none=True)
    funding = fields.Dict(keys=fields.String(), values=fields.String(),
                          metadata={"description": "Amount per funding source (decimal strings)."})
    funding_labels = fields.Dict(keys=fields.String(), values=fields.String())
    total = fields.String(required=True)


class SectionSchema(_Out):
    title = fields.String(required=True)
    total = fields.String(required=True)
    activities = fields.List(fields.Nested(ActivitySchema))


class PlanSchema(_Out):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String()
    title = fields.String(required=True)
    years = fields.List(fields.Integer())
    stage = fields.String(required=True)
    stage_label = fields.String()
    amendment_in_preparation = fields.Boolean()
    approved_version = fields.Integer(allow_none=True,
                                      metadata={"description": "The approved version in force; null before approval."})
    version_label = fields.String()
    council_decision = fields.Nested(DecisionSchema, allow_none=True)
    total = fields.String(allow_none=True)
    links = _links()


class PlanDetailSchema(PlanSchema):
    sections = fields.List(fields.Nested(SectionSchema))


class BallotSchema(_Out):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    method = fields.String(required=True)
    method_label = fields.String()
    opens_at = fields.String(required=True, metadata={"format": "date-time"})
    closes_at = fields.String(required=True, metadata={"format": "date-time"})
    state = fields.String(required=True, metadata={"description": "open or closed"})
    results_visible = fields.Boolean()
    links = _links()


class TurnoutSchema(_Out):
    online_voters = fields.Integer()
    paper_issued = fields.Integer()
    paper_valid = fields.Integer()
    paper_invalid = fields.Integer()
    eligible = fields.Integer()
    ballots_counted = fields.Integer()


class OptionResultSchema(_Out):
    rank = fields.Integer()
    tied = fields.Boolean()
    option = fields.String()
    online = fields.Integer(allow_none=True, metadata={"description": "null when the split is hidden"})
    paper = fields.Integer(allow_none=True)
    total = fields.Integer()
    share = fields.Float(metadata={"description": "percent"})


class BallotResultSchema(_Out):
    ballot = fields.Nested(BallotSchema, required=True)
    too_few = fields.Boolean(metadata={"description": "Too few ballots: no figure per option is published."})
    channels_hidden = fields.Boolean()
    turnout = fields.Nested(TurnoutSchema)
    options = fields.List(fields.Nested(OptionResultSchema))


class PrioritySchema(_Out):
    rank = fields.Integer(required=True)
    title = fields.String(required=True)
    ballot_id = fields.Integer(allow_none=True)
    score = fields.Integer(allow_none=True, metadata={"description": "null when too few ballots were counted"})


class SurveySchema(_Out):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    opens_on = fields.String(metadata={"format": "date"})
    closes_on = fields.String(metadata={"format": "date"})
    results_public = fields.Boolean()


class ResultRowSchema(_Out):
    label = fields.String()
    count = fields.Integer()
    percent = fields.Float()
    points = fields.Integer()
    ranked = fields.Integer()
    first = fields.Integer()


class QuestionResultSchema(_Out):
    id = fields.Integer()
    text = fields.String()
    kind = fields.String()
    answered = fields.Integer()
    rows = fields.List(fields.Nested(ResultRowSchema))
    stats = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True), allow_none=True)


class SurveyResultSchema(_Out):
    survey = fields.Nested(SurveySchema, required=True)
    hidden = fields.Boolean(metadata={"description": "Too few respondents: nothing is published."})
    respondents = fields.Integer(allow_none=True)
    questions = fields.List(fields.Nested(QuestionResultSchema))


class MeetingYearSchema(_Out):
    year = fields.Integer()
    meetings = fields.Integer()
    participants = fields.Integer()
    women = fields.Integer()


class MeetingCountsSchema(_Out):
    meetings = fields.Integer()
    participants = fields.Integer()
    women = fields.Integer()
    years = fields.List(fields.Nested(MeetingYearSchema))


class ReportSchema(_Out):
    id = fields.Integer(required=True)
    plan_id = fields.Integer(required=True)
    period_year = fields.Integer()
    period_kind = fields.String()
    period_number = fields.Integer()
    visit_date = fields.String(metadata={"format": "date"})
    status = fields.String()
    progress = fields.Integer()
    findings = fields.String()
    problems = fields.String()
    recommendations = fields.String()
    approved_at = fields.String(allow_none=True, metadata={"format": "date-time"})


class BudgetSchema(_Out):
    year = fields.Integer(required=True)
    scale = fields.String(metadata={"description": "units or thousands of the currency"})
    decision = fields.String()
    adopted_on = fields.String(allow_none=True, metadata={"format": "date"})


class BudgetRowSchema(_Out):
    kind = fields.String()
    code = fields.String()
    name = fields.String()
    depth = fields.Integer()
    is_group = fields.Boolean()
    annual = fields.String()
    plan_to_date = fields.String()
    actual_to_date = fields.String()
    percent = fields.String(allow_none=True)


class BudgetExecutionSchema(BudgetSchema):
    month = fields.Integer(metadata={"description": "Figures to the end of this month."})
    rows = fields.List(fields.Nested(BudgetRowSchema))

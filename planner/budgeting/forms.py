"""Forms of the budgeting pages, and the labels and sentences of styles, rules and reasons."""
from flask_babel import gettext, ngettext
from flask_wtf.file import FileField, FileRequired
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms import BaseForm, CheckboxesField, choices
from ..i18n import lazy_gettext as _l
from .models import GREEDY, KNAPSACK, MES_ADD1, MES_GREEDY, POINTS, UP_TO_K, WITHIN_BUDGET

STYLE_LABELS = {
    WITHIN_BUDGET: _l("Approval within the budget"),
    UP_TO_K: _l("Approval of up to k projects"),
    POINTS: _l("Points spread over projects"),
}
RULE_LABELS = {
    GREEDY: _l("Greedy by votes (as in CONSUL)"),
    MES_ADD1: _l("Method of Equal Shares, completed by raising every share by one unit (add1)"),
    MES_GREEDY: _l("Method of Equal Shares, completed by greedy"),
    KNAPSACK: _l("Most votes that fit the budget (exact knapsack)"),
}
RULE_SHORT = {GREEDY: _l("Greedy"), MES_ADD1: _l("Equal shares (add1)"), MES_GREEDY: _l("Equal shares + greedy"),
              KNAPSACK: _l("Knapsack")}
AMOUNT = NumberRange(min=1, max=10**12)


WON_COLOUR, LOST_COLOUR = "#0b5d4b", "#c9d3cf"


def votes_figure(counted, projects, label) -> dict:
    """The results chart as a bar figure (``svg_charts.bar_svg`` draws it): a project per bar,
    top to bottom in the count's order, each title on a line of its own, winners in dark."""
    order = counted["order"]
    return {"data": [{"type": "bar", "orientation": "h", "name": str(label),
                      "y": [projects[pid].title for pid in order],
                      "x": [counted["projects"][pid]["score"] for pid in order],
                      "marker": {"color": [WON_COLOUR if counted["projects"][pid]["won"] else LOST_COLOUR
                                           for pid in order]}}],
            "layout": {"yaxis": {"autorange": "reversed"}, "showlegend": False}}


def style_sentence(ballot, money) -> str:
    """What the voter may do, in one sentence."""
    if ballot.style == WITHIN_BUDGET:
        return gettext("Tick the projects you support; together they may cost at most the budget, %(budget)s.",
                       budget=money(ballot.budget))
    if ballot.style == UP_TO_K:
        return ngettext("Tick up to %(num)s project you support.", "Tick up to %(num)s projects you support.",
                        ballot.max_choices)
    return ngettext("You have %(num)s point to spread over the projects you support.",
                    "You have %(num)s points to spread over the projects you support.", ballot.max_choices)


def reason_text(code, figures, money) -> str:
    """Why a project won or lost under the ballot's rule, in the reader's language."""
    if code == "no_votes":
        return gettext("No one voted for it.")
    if code == "over_budget":
        return gettext("It costs more than the whole budget.")
    if code == "greedy_won":
        return gettext("Enough votes and it fit in the budget left (%(left)s left after it).",
                       left=money(figures["left"]))
    if code == "greedy_lost":
        return ngettext("Not enough budget left after the %(num)s project above: %(left)s left.",
                        "Not enough budget left after the %(num)s projects above: %(left)s left.",
                        figures["n"], left=money(figures["left"]))
    if code == "knapsack_won":
        return gettext("Part of the combination of projects with the most votes that fits the budget.")
    if code == "knapsack_lost":
        return gettext("Without it, projects with more votes in total fit in the budget.")
    if code == "mes_won":
        return gettext("Its supporters' equal shares of the budget paid for it.")
    if code == "completion_won":
        return gettext("Added by greedy completion after the equal shares could pay for nothing more.")
    if code == "mes_lost_budget":
        return gettext("Its supporters' equal shares ran out, and the budget left (%(left)s) is less than its cost.",
                       left=money(figures["left"]))
    return gettext("Its supporters' equal shares ran out before they could pay for it.")


class PbBallotForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Explanation for voters"), validators=[Optional(), Length(max=4000)])
    budget = IntegerField(_l("Budget (whole units of the currency)"), validators=[InputRequired(), AMOUNT])
    style = SelectField(_l("Voting style"), choices=choices(STYLE_LABELS.items()))
    max_choices = IntegerField(
        _l("k: projects (approval of up to k) or points per voter"), validators=[Optional(), NumberRange(1, 1000)],
        description=_l("Ignored for approval within the budget."))
    min_spend = IntegerField(_l("Minimum spend of a ballot paper (optional)"), validators=[Optional(), AMOUNT])
    min_projects = IntegerField(_l("Minimum number of projects on a ballot paper (optional)"),
                                validators=[Optional(), NumberRange(0, 1000)])
    rule = SelectField(_l("Rule that picks the winners"), choices=choices(RULE_LABELS.items()),
                       description=_l("Chosen before the ballot opens; it cannot change once a vote is cast."))
    opens_at = DateTimeLocalField(_l("Opens at (local time)"), validators=[InputRequired()])
    closes_at = DateTimeLocalField(_l("Closes at (local time)"), validators=[InputRequired()])


class ProjectForm(BaseForm):
    title = StringField(_l("Project"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    cost = IntegerField(_l("Cost (whole units of the currency)"), validators=[InputRequired(), AMOUNT])
    village_ids = CheckboxesField(_l("Villages"), coerce=int, validators=[Optional()])
    problem_id = SelectField(_l("Problem from the register (optional)"), coerce=int, validators=[Optional()],
                             validate_choice=False)


class ImportForm(BaseForm):
    file = FileField(_l("A pabulib .pb file"), validators=[FileRequired()], render_kw={"accept": ".pb"})


class VoteForm(BaseForm):
    """Only the CSRF token: the choices are read by services.read_choices."""

"""Forms of the paper budgeting pages, and why a paper ballot is invalid, in words."""
from flask_babel import gettext, ngettext
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from ..forms import BaseForm
from ..i18n import lazy_gettext as _l
from .paper import MAX_FIGURE, UNCLEAR
from .services import choice_problem

FIGURE = NumberRange(min=0, max=MAX_FIGURE)


class BatchForm(BaseForm):
    village_id = SelectField(_l("Polling place"), coerce=int, validators=[InputRequired()], validate_choice=False)


class FiguresForm(BaseForm):
    """The reconciliation of one ballot box; ``shown_version``: the batch's lock version shown."""

    shown_version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)])
    issued = IntegerField(_l("Ballots issued"), validators=[InputRequired(), FIGURE])
    spoiled = IntegerField(_l("Spoiled ballots (exchanged for a new one)"), validators=[InputRequired(), FIGURE])
    unused = IntegerField(_l("Unused ballots returned"), validators=[InputRequired(), FIGURE])


class PaperForm(BaseForm):
    """The marks are read by services.read_choices, as from the online form."""

    unclear = BooleanField(_l("Invalid for another reason: the marks are unclear or the voter can be identified"))


class ConfirmBatchForm(BaseForm):
    """What the confirmer was shown, and the figures they typed from the paper tally; the
    per-project totals come as ``total-<project id>``."""

    shown_version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)])
    shown_digest = HiddenField(validators=[InputRequired(), Length(min=64, max=64)])
    valid = IntegerField(_l("Valid ballots"), validators=[InputRequired(), FIGURE])
    invalid = IntegerField(_l("Invalid ballots"), validators=[InputRequired(), FIGURE])


class ReopenBatchForm(BaseForm):
    """Reopen a confirmed batch for a correction (budgeting/corrections.py)."""

    shown_version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)])
    reason = TextAreaField(_l("Why it must be corrected"), validators=[InputRequired(), Length(max=1000)])


def typed_totals(ballot, form) -> dict[int, int | None]:
    """{project id: the number typed, or None when it is not a whole number}."""
    typed = {}
    for project in ballot.projects:
        raw = (form.get(f"total-{project.id}") or "").strip()
        typed[project.id] = int(raw) if raw.isdecimal() and len(raw) <= 8 else None
    return typed


def problem_text(ballot, paper, money) -> str:
    """Why ``paper`` is invalid, with its figures, in the reader's language ("" if valid)."""
    if paper.problem is None:
        return ""
    if paper.problem == UNCLEAR:
        return gettext("Marked invalid when entered: the marks are unclear or the voter can be identified.")
    problem = choice_problem(ballot, {c.project_id: c.value for c in paper.choices})
    code, figures = problem if problem else (paper.problem, {})
    if code == "empty":
        return gettext("No project is marked.")
    if code == "over_budget":
        return gettext("The marked projects cost %(total)s, more than the budget of %(budget)s.",
                       total=money(figures.get("total", 0)), budget=money(ballot.budget))
    if code == "over_k":
        return ngettext("More projects are marked than the %(num)s allowed.",
                        "More projects are marked than the %(num)s allowed.", ballot.max_choices)
    if code == "over_points":
        return ngettext("More points are given than the %(num)s a voter has.",
                        "More points are given than the %(num)s a voter has.", ballot.max_choices)
    if code == "too_few":
        return ngettext("Fewer projects are marked than the minimum of %(num)s.",
                        "Fewer projects are marked than the minimum of %(num)s.", ballot.min_projects or 0)
    return gettext("The marked projects cost %(total)s, less than the minimum of %(min)s.",
                   total=money(figures.get("total", 0)), min=money(ballot.min_spend or 0))

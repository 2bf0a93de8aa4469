"""Residents who voted on paper, marked on the municipality's list of verified residents so
that nobody votes both on paper and online: the two forms and the two steps every kind of
ballot's paper page shares (priority ballots, participatory budgeting). Each ballot brings
its own services (``mark_listed_voter``, ``add_paper_voter``) and the page to go back to;
templates/_paper_voters.html draws the forms."""
from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from .actions import perform
from .extensions import db
from .forms import BaseForm
from .i18n import lazy_gettext as _l
from .municipalities.models import Village


class PaperVoterForm(BaseForm):
    """A resident from the municipality's list of verified residents, by name and village."""

    person_id = SelectField(_l("Resident who voted on paper"), coerce=int, validators=[InputRequired()],
                            validate_choice=False)


class ListedResidentForm(BaseForm):
    """A resident on the municipality's list who is not yet in the app (no e-mail needed)."""

    name = StringField(_l("Name as on the list of residents"), validators=[DataRequired(), Length(max=120)])
    village_id = SelectField(_l("Village"), coerce=int, validators=[InputRequired()], validate_choice=False)
    birth_year = IntegerField(_l("Year of birth"), validators=[InputRequired(), NumberRange(min=1900, max=2100)])
    different = BooleanField(_l("A different person from the verified resident of the same name who has an account"))


def forms():
    """The page's two forms, with the prefixes the steps below read."""
    return PaperVoterForm(prefix="mark"), ListedResidentForm(prefix="add")


def mark(ballot, mark_listed_voter, back: str):
    """Mark the resident chosen from the list (``mark_listed_voter(ballot, person_id, by)``)."""
    form = PaperVoterForm(prefix="mark")
    if not form.validate_on_submit():
        flash(_("Choose the resident who voted on paper from the list."), "error")
    elif done := perform(mark_listed_voter, ballot, form.person_id.data, current_user):
        flash(_("%(name)s is marked as having voted on paper; they cannot vote online.",
                name=done.value.user.name), "success")
    return redirect(back)


def add(ballot, add_paper_voter, back: str):
    """Add a listed resident without e-mail and mark them (``add_paper_voter``; the service
    refuses a village of another municipality)."""
    form = ListedResidentForm(prefix="add")
    if not form.validate_on_submit():
        flash(_("Enter the resident's name, village and year of birth as they are on the list."), "error")
    elif done := perform(add_paper_voter, ballot, current_user, name=form.name.data,
                         village=db.session.get(Village, form.village_id.data), birth_year=form.birth_year.data,
                         different=form.different.data):
        flash(_("%(name)s is added from the list of residents and marked as having voted on paper; they cannot "
                "vote online.", name=done.value.name), "success")
    return redirect(back)

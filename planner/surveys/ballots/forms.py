"""Ballot forms (building, voting, paper protocols, the priority list) and the local-time conversions they use."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext, ngettext
from wtforms import BooleanField, DateTimeLocalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from ...i18n import lazy_gettext as _l
from ...forms import BaseForm, CheckboxesField, choices
from ...numbers import borda_sentence
from .models import APPROVAL, DOTS, RANKING, SINGLE

METHOD_LABELS = {
    SINGLE: _l("Single choice"),
    APPROVAL: _l("Approval voting"),
    DOTS: _l("Dot voting"),
    RANKING: _l("Ranking (Borda count)"),
}
DIMENSION_LABELS = {"village": _l("Village"), "sex": _l("Sex"), "age_band": _l("Age")}
SEX_LABELS = {"f": _l("Women"), "m": _l("Men")}

ZONES = {"KG": "Asia/Bishkek", "AM": "Asia/Yerevan"}


def zone(municipality):
    return ZoneInfo(ZONES.get(getattr(municipality, "country", ""), "UTC"))


def to_utc(local: datetime | None, municipality):
    """A time typed in the municipality's local time, as naive UTC."""
    if local is None:
        return None
    return local.replace(tzinfo=zone(municipality)).astimezone(timezone.utc).replace(tzinfo=None)


def to_local(utc: datetime, municipality) -> datetime:
    return utc.replace(tzinfo=timezone.utc).astimezone(zone(municipality)).replace(tzinfo=None)


def rank_label(n) -> str:
    """"rank 2": the first place has a message of its own, since ordinals differ (hy 1-ին, 2-րդ)."""
    return gettext("rank 1") if n == 1 else gettext("rank %(n)s", n=n)


def method_sentence(ballot) -> str:
    """The method in one plain sentence, in the voter's language."""
    k, m = ballot.max_choices, ballot.max_per_option
    if ballot.method == SINGLE:
        return gettext("Choose one option: the option with the most votes wins.")
    if ballot.method == APPROVAL:
        return ngettext("Tick up to %(num)s option you support; the options ticked most often come first.",
                        "Tick up to %(num)s options you support; the options ticked most often come first.", k)
    if ballot.method == DOTS:
        return ngettext("You have %(num)s point to spread over the options, at most %(m)s on one option; the options "
                        "with the most points come first.",
                        "You have %(num)s points to spread over the options, at most %(m)s on one option; the options "
                        "with the most points come first.", k, m=m)
    return " ".join((ngettext("Number up to %(num)s option in order of importance (1 = most important); the "
                              "most points come first.",
                              "Number up to %(num)s options in order of importance (1 = most important); the "
                              "most points come first.", k),
                     borda_sentence(len(ballot.options))))


class BallotForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    explanation = TextAreaField(_l("Explanation for voters"), validators=[Optional(), Length(max=4000)])
    method = SelectField(_l("Voting method"), choices=choices(METHOD_LABELS.items()))
    max_choices = IntegerField(
        _l("k: choices, points or ranks per voter"), validators=[Optional(), NumberRange(min=1, max=100)],
        description=_l("Approval: how many options a voter may tick. Dot voting: how many points a voter spreads. "
                       "Ranking: how many options a voter may rank. Ignored for single choice."))
    max_per_option = IntegerField(
        _l("m: most points on one option (dot voting)"), validators=[Optional(), NumberRange(min=1, max=100)])
    opens_at = DateTimeLocalField(_l("Opens at (local time)"), validators=[InputRequired()])
    closes_at = DateTimeLocalField(_l("Closes at (local time)"), validators=[InputRequired()])
    village_ids = CheckboxesField(
        _l("Only residents of these villages may vote"), coerce=int, validators=[Optional()],
        description=_l("Leave all unticked to let every verified resident of the municipality vote."))
    is_results_live = BooleanField(_l("Show running results while voting is open"))
    problem_ids = CheckboxesField(_l("Problems marked for the vote"), coerce=int, validators=[Optional()])
    activity_ids = CheckboxesField(_l("Plan activities"), coerce=int, validators=[Optional()])
    options = TextAreaField(_l("Other options, one per line"), validators=[Optional(), Length(max=20000)])


class VoteForm(BaseForm):
    """Only the CSRF token: the choices are read from the request by services.read_choices."""


class ConfirmTallyForm(BaseForm):
    """What the confirmer was shown: the protocol's lock version and the digest of its figures."""

    shown_version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)])
    shown_digest = HiddenField(validators=[InputRequired(), Length(min=64, max=64)])


class TallyForm(BaseForm):
    """The protocol's totals; the per-option counts are read from ``count-<option>[-<rank>]``.
    ``shown_version``: the protocol's lock version when the form was drawn (0: new)."""

    shown_version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)])

    issued = IntegerField(_l("Ballots issued"), validators=[InputRequired(), NumberRange(min=0, max=1_000_000)])
    valid = IntegerField(_l("Valid ballots"), validators=[InputRequired(), NumberRange(min=0, max=1_000_000)])
    invalid = IntegerField(_l("Invalid ballots"), validators=[InputRequired(), NumberRange(min=0, max=1_000_000)])


class PrioritiesForm(BaseForm):
    top = IntegerField(_l("How many priorities to take"), validators=[InputRequired(), NumberRange(min=1, max=100)])

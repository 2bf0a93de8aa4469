"""Ballot routes: the list, building a ballot, voting online, printing, results and the priority list."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError, OperationalError

from ...actions import commit, perform
from ...page_cache import cached_page
from ...errors import ServiceError, attach
from ...extensions import db
from ...models import utcnow
from ...municipalities.queries import load_municipality
from ...permissions import (
    can_create_ballot,
    can_edit_ballot,
    can_enter_paper,
    can_make_priorities,
    can_see_results,
    can_send_vote,
    can_view_ballot,
    require,
)
from ...public import sections
from . import charts, counting, exports, mixing, options_source, services
from .queries import ballot_or_404
from .forms import (
    DIMENSION_LABELS,
    METHOD_LABELS,
    SEX_LABELS,
    BallotForm,
    PrioritiesForm,
    VoteForm,
    method_sentence,
    to_local,
    to_utc,
)

VOTE_ATTEMPTS = 4

bp = Blueprint("ballots", __name__)


@bp.app_template_filter("ballot_time")
def ballot_time(value, municipality, fmt="medium"):
    """A UTC time shown in the municipality's local time."""
    if value is None:
        return ""
    return format_datetime(to_local(value, municipality), fmt, rebase=False)


@bp.app_context_processor
def _ballot_helpers():
    return {"method_sentence": method_sentence, "METHOD_LABELS": METHOD_LABELS}


def _form_to_fields(form, municipality):
    return dict(
        title=form.title.data, explanation=form.explanation.data, method=form.method.data,
        max_choices=form.max_choices.data, max_per_option=form.max_per_option.data,
        opens_at=to_utc(form.opens_at.data, municipality), closes_at=to_utc(form.closes_at.data, municipality),
        is_results_live=form.is_results_live.data, village_ids=form.village_ids.data or [],
    )


def _setup_form(form, municipality, ballot=None):
    form.village_ids.choices = [(v.id, v.name) for v in municipality.villages]
    form.problem_ids.choices = options_source.problem_choices(municipality, ballot)
    form.activity_ids.choices = options_source.activity_choices(municipality, ballot)


@bp.route("/m/<slug>/ballots")
@cached_page
def index(slug):
    municipality = load_municipality(slug)
    require(can_view_ballot(current_user, municipality))
    items = db.session.scalars(services.ballots_list(municipality)).all()
    return render_template("ballots/list.html", municipality=municipality, ballots=items, now=utcnow())


@bp.route("/m/<slug>/ballots/new", methods=["GET", "POST"])
@login_required
def new(slug):
    municipality = load_municipality(slug)
    require(can_create_ballot(current_user, municipality))
    form = BallotForm()
    _setup_form(form, municipality)
    if request.method == "GET":
        form.method.data = "single"
        form.problem_ids.data = [value for value, _label in form.problem_ids.choices]
    if form.validate_on_submit():
        try:
            opts = options_source.options_from(municipality, form.problem_ids.data or [], form.options.data,
                                               activity_ids=form.activity_ids.data or [])
            ballot = services.create_ballot(municipality, current_user, options=opts,
                                            **_form_to_fields(form, municipality))
        except ServiceError as error:
            db.session.rollback()
            attach(form, error)
        else:
            db.session.commit()
            flash(_("The ballot is saved. Check it, then print the paper ballots for the village gatherings."), "success")
            return redirect(url_for("ballots.detail", slug=slug, ballot_id=ballot.id))
    return render_template("ballots/form.html", municipality=municipality, form=form, ballot=None)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_edit_ballot(current_user, ballot))
    frozen = services.has_votes(ballot)
    form = BallotForm(obj=ballot)
    _setup_form(form, municipality, ballot)
    if request.method == "GET":
        form.opens_at.data = to_local(ballot.opens_at, municipality)
        form.closes_at.data = to_local(ballot.closes_at, municipality)
        form.village_ids.data = [v.id for v in ballot.villages]
        form.problem_ids.data = options_source.linked_problem_ids(ballot)
        form.activity_ids.data = options_source.linked_activity_ids(ballot)
        form.options.data = "\n".join(options_source.free_texts(ballot))
    if form.validate_on_submit():
        try:
            opts = options_source.options_from(municipality, form.problem_ids.data or [], form.options.data, ballot,
                                               activity_ids=form.activity_ids.data or [])
            services.update_ballot(ballot, current_user, options=opts, **_form_to_fields(form, municipality))
        except ServiceError as error:
            db.session.rollback()
            ballot = ballot_or_404(municipality, ballot_id)
            attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("ballots.detail", slug=slug, ballot_id=ballot.id))
    return render_template("ballots/form.html", municipality=municipality, form=form, ballot=ballot, frozen=frozen)


@bp.route("/m/<slug>/ballots/<int:ballot_id>")
@cached_page
def detail(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_view_ballot(current_user, ballot))
    mine, participation = services.my_vote(ballot, current_user)
    return render_template("ballots/detail.html", municipality=municipality, ballot=ballot, form=VoteForm(),
                           mine=mine, participation=participation, now=utcnow())


def _vote_message(version, ballot, municipality):
    local_close = ballot_time(ballot.closes_at, municipality, "short")
    if version == 1:
        return _("Your vote is recorded. You can change it until %(time)s: choose again below and send; only your "
                 "last vote counts.", time=local_close)
    return _("Your changed vote is recorded and replaces the earlier one. You can change it again until "
             "%(time)s.", time=local_close)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/vote", methods=["POST"])
@login_required
def vote(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_send_vote(current_user, ballot))
    target = url_for("ballots.detail", slug=slug, ballot_id=ballot_id)
    if not VoteForm().validate_on_submit():
        flash(_("The form had expired or was sent from another page. Nothing was counted; vote again."), "error")
        return redirect(target)
    version = None
    for attempt in range(VOTE_ATTEMPTS):
        try:
            choices = services.read_choices(ballot, request.form)
            version = services.cast_vote(ballot, current_user, choices)
            message = _vote_message(version, ballot, municipality)  # before commit expires what it reads
            commit()  # and then, in a transaction of its own, mix a full batch of sealed votes
            break
        except ServiceError as error:
            db.session.rollback()
            flash(_("Your vote was NOT counted: %(reason)s", reason=error.message), "error")
            return redirect(target)
        except (IntegrityError, OperationalError):
            # Another request of the same voter won a race (or the database asked us to
            # retry): start again from a clean transaction; the last request still wins.
            db.session.rollback()
            if attempt == VOTE_ATTEMPTS - 1:
                raise
            ballot = ballot_or_404(municipality, ballot_id)
    flash(message, "success")
    response = redirect(target + "#your-vote")
    response.headers["X-Vote-Version"] = str(version)
    return response


@bp.route("/m/<slug>/ballots/<int:ballot_id>/print")
def print_ballot(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_view_ballot(current_user, ballot))
    return render_template("ballots/print.html", municipality=municipality, ballot=ballot)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/tally-sheets")
@login_required
def tally_sheets(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_edit_ballot(current_user, ballot) or can_enter_paper(current_user, ballot))
    places = ballot.villages or municipality.villages
    return render_template("ballots/tally_sheets.html", municipality=municipality, ballot=ballot, places=places)


def _settle(ballot, now):
    """A closed ballot's last sealed votes are mixed before anything is counted."""
    if ballot.is_closed(now) and mixing.pending(ballot.id):
        perform(mixing.settle, ballot, now)


def _visible_result(slug, ballot_id, with_breakdowns=True):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_view_ballot(current_user, ballot))
    now = utcnow()
    if not can_see_results(current_user, ballot, now):
        return municipality, ballot, None
    _settle(ballot, now)
    return municipality, ballot, counting.count(ballot, with_breakdowns=with_breakdowns)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/results")
@cached_page
def results(slug, ballot_id):
    municipality, ballot, result = _visible_result(slug, ballot_id)
    figure = charts.result_bars(result, _("Online"), _("Paper"), _("Total")) if result and not result.too_few else None
    village_names = {str(v.id): v.name for v in municipality.villages}
    return render_template("ballots/results.html", municipality=municipality, ballot=ballot, result=result,
                           figure=figure, now=utcnow(), village_names=village_names,
                           DIMENSION_LABELS=DIMENSION_LABELS, SEX_LABELS=SEX_LABELS, MIN_GROUP=counting.MIN_GROUP,
                           priorities_form=PrioritiesForm(top=min(len(ballot.options), 11)))


@bp.route("/m/<slug>/ballots/<int:ballot_id>/results.csv")
def results_csv(slug, ballot_id):
    municipality, ballot, result = _visible_result(slug, ballot_id, with_breakdowns=False)
    if result is None:
        abort(404)
    return exports.csv_response(result)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/results.xlsx")
def results_xlsx(slug, ballot_id):
    municipality, ballot, result = _visible_result(slug, ballot_id)
    if result is None:
        abort(404)
    return exports.xlsx_response(result, {str(v.id): v.name for v in municipality.villages})


@bp.route("/m/<slug>/ballots/<int:ballot_id>/priorities", methods=["POST"])
@login_required
def make_priorities(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_make_priorities(current_user, ballot))
    form = PrioritiesForm()
    if form.validate_on_submit():
        _settle(ballot, utcnow())
        try:
            result = counting.count(ballot, with_breakdowns=False)
            services.make_priorities(ballot, result, current_user, form.top.data)
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The priority list is saved."), "success")
            return redirect(url_for("ballots.priorities", slug=slug))
    else:
        flash(_("Enter how many priorities to take."), "error")
    return redirect(url_for("ballots.results", slug=slug, ballot_id=ballot_id))


@bp.route("/m/<slug>/priorities")
@cached_page
def priorities(slug):
    municipality = load_municipality(slug)
    require(can_view_ballot(current_user, municipality))
    items = db.session.scalars(services.priorities_list(municipality)).all()
    return render_template("ballots/priorities.html", municipality=municipality, priorities=items,
                           too_few=counting.too_few_counted({p.ballot_id for p in items if p.ballot_id}))


def _public_section(municipality, user):
    items = db.session.scalars(services.ballots_list(municipality).limit(20)).all()
    if not items and not can_create_ballot(user, municipality):
        return None
    return "ballots/_section.html", {"ballots": items, "now": utcnow()}


sections.register(30, _public_section)

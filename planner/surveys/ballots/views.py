"""Ballot routes, registered on the surveys blueprint."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from ...page_cache import cached_page
from ...auth.models import user_by_email
from ...errors import ServiceError, attach
from ...extensions import db
from ...models import utcnow
from ...municipalities.models import Village
from ...municipalities.queries import child_or_404, load_municipality
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
from ..views import bp
from . import charts, counting, exports, options_source, paper, services
from .forms import (
    DIMENSION_LABELS,
    METHOD_LABELS,
    SEX_LABELS,
    BallotForm,
    PaperVoterForm,
    PrioritiesForm,
    TallyForm,
    VoteForm,
    method_sentence,
    to_local,
    to_utc,
)
from .models import RANKING, PaperTally

VOTE_ATTEMPTS = 4


@bp.app_template_filter("ballot_time")
def ballot_time(value, municipality, fmt="medium"):
    """A UTC time shown in the municipality's local time."""
    if value is None:
        return ""
    return format_datetime(to_local(value, municipality), fmt, rebase=False)


@bp.app_context_processor
def _ballot_helpers():
    return {"method_sentence": method_sentence, "METHOD_LABELS": METHOD_LABELS}


def _ballot_or_404(municipality, ballot_id):
    ballot = db.session.scalar(services.ballot_detail(ballot_id))
    if ballot is None or ballot.municipality_id != municipality.id:
        abort(404)
    return ballot


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
def ballots(slug):
    municipality = load_municipality(slug)
    require(can_view_ballot(current_user, municipality))
    items = db.session.scalars(services.ballots_list(municipality)).all()
    return render_template("ballots/list.html", municipality=municipality, ballots=items, now=utcnow())


@bp.route("/m/<slug>/ballots/new", methods=["GET", "POST"])
@login_required
def ballot_new(slug):
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
            return redirect(url_for("surveys.ballot", slug=slug, ballot_id=ballot.id))
    return render_template("ballots/form.html", municipality=municipality, form=form, ballot=None)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/edit", methods=["GET", "POST"])
@login_required
def ballot_edit(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
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
            ballot = _ballot_or_404(municipality, ballot_id)
            attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("surveys.ballot", slug=slug, ballot_id=ballot.id))
    return render_template("ballots/form.html", municipality=municipality, form=form, ballot=ballot, frozen=frozen)


@bp.route("/m/<slug>/ballots/<int:ballot_id>")
@cached_page
def ballot(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
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
def ballot_vote(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
    require(can_send_vote(current_user, ballot))
    target = url_for("surveys.ballot", slug=slug, ballot_id=ballot_id)
    if not VoteForm().validate_on_submit():
        flash(_("The form had expired or was sent from another page. Nothing was counted; vote again."), "error")
        return redirect(target)
    version = None
    for attempt in range(VOTE_ATTEMPTS):
        try:
            choices = services.read_choices(ballot, request.form)
            version = services.cast_vote(ballot, current_user, choices)
            message = _vote_message(version, ballot, municipality)  # before commit expires what it reads
            db.session.commit()
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
            ballot = _ballot_or_404(municipality, ballot_id)
    flash(message, "success")
    response = redirect(target + "#your-vote")
    response.headers["X-Vote-Version"] = str(version)
    return response


@bp.route("/m/<slug>/ballots/<int:ballot_id>/print")
def ballot_print(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
    require(can_view_ballot(current_user, ballot))
    return render_template("ballots/print.html", municipality=municipality, ballot=ballot)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/tally-sheets")
@login_required
def ballot_tally_sheets(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
    require(can_edit_ballot(current_user, ballot) or can_enter_paper(current_user, ballot))
    places = ballot.villages or municipality.villages
    return render_template("ballots/tally_sheets.html", municipality=municipality, ballot=ballot, places=places)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/paper")
@login_required
def ballot_paper(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
    require(can_enter_paper(current_user, ballot))
    tallies = db.session.scalars(services.tallies_list(ballot)).unique().all()
    voters = db.session.scalars(services.paper_voters_list(ballot)).all()
    return render_template("ballots/paper.html", municipality=municipality, ballot=ballot, tallies=tallies,
                           voters=voters, voter_form=PaperVoterForm(), action_form=VoteForm(),
                           places=ballot.villages or municipality.villages)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/paper-voters", methods=["POST"])
@login_required
def ballot_paper_voter(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
    require(can_enter_paper(current_user, ballot))
    form = PaperVoterForm()
    if form.validate_on_submit():
        person = db.session.scalar(user_by_email(form.email.data))
        try:
            if person is None:
                raise ServiceError(_("There is no account with this email."), field="email")
            paper.mark_paper_voter(ballot, person, current_user)
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("%(name)s is marked as having voted on paper; they cannot vote online.", name=person.name),
                  "success")
    else:
        flash(_("Enter the email of the resident who voted on paper."), "error")
    return redirect(url_for("surveys.ballot_paper", slug=slug, ballot_id=ballot_id))


def _read_counts(ballot, form):
    """{(option_id, rank): amount} from the ``count-<option>`` / ``count-<option>-<rank>`` inputs."""
    counts = {}
    ranks = range(1, ballot.max_choices + 1) if ballot.method == RANKING else (0,)
    for option in ballot.options:
        for rank in ranks:
            name = f"count-{option.id}" + (f"-{rank}" if rank else "")
            raw = (form.get(name) or "").strip()
            if raw == "":
                counts[(option.id, rank)] = 0
            elif raw.isdigit() and len(raw) <= 7:
                counts[(option.id, rank)] = int(raw)
            else:
                raise ServiceError(_("Enter whole numbers, zero or more."))
    return counts


@bp.route("/m/<slug>/ballots/<int:ballot_id>/paper/<int:village_id>", methods=["GET", "POST"])
@login_required
def ballot_tally(slug, ballot_id, village_id):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
    require(can_enter_paper(current_user, ballot))
    village = child_or_404(Village, village_id, municipality)
    tally = db.session.scalar(select(PaperTally).where(PaperTally.ballot_id == ballot.id,
                                                      PaperTally.village_id == village.id))
    form = TallyForm(obj=tally)
    values = {}
    if tally is not None:
        for c in tally.counts:
            values[f"count-{c.option_id}" + (f"-{c.rank}" if c.rank else "")] = c.amount
    if form.validate_on_submit():
        values = {k: v for k, v in request.form.items() if k.startswith("count-")}
        try:
            counts = _read_counts(ballot, request.form)
            paper.save_tally(ballot, village, current_user, issued=form.issued.data, valid=form.valid.data,
                                invalid=form.invalid.data, counts=counts)
        except ServiceError as error:
            db.session.rollback()
            ballot = _ballot_or_404(municipality, ballot_id)
            attach(form, error)
        else:
            db.session.commit()
            flash(_("The protocol is saved. It counts once a second staff member confirms it."), "success")
            return redirect(url_for("surveys.ballot_paper", slug=slug, ballot_id=ballot_id))
    return render_template("ballots/tally.html", municipality=municipality, ballot=ballot, village=village,
                           tally=tally, form=form, values=values)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/tallies/<int:tally_id>/confirm", methods=["POST"])
@login_required
def ballot_tally_confirm(slug, ballot_id, tally_id):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
    require(can_enter_paper(current_user, ballot))
    tally = db.session.get(PaperTally, tally_id)
    if tally is None or tally.ballot_id != ballot.id:
        abort(404)
    if VoteForm().validate_on_submit():
        try:
            paper.confirm_tally(tally, current_user)
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The protocol is confirmed and now counts in the results."), "success")
    return redirect(url_for("surveys.ballot_paper", slug=slug, ballot_id=ballot_id))


def _visible_result(slug, ballot_id, with_breakdowns=True):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
    require(can_view_ballot(current_user, ballot))
    now = utcnow()
    if not can_see_results(current_user, ballot, now):
        return municipality, ballot, None
    return municipality, ballot, counting.count(ballot, with_breakdowns=with_breakdowns)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/results")
@cached_page
def ballot_results(slug, ballot_id):
    municipality, ballot, result = _visible_result(slug, ballot_id)
    figure = charts.result_bars(result, _("Online"), _("Paper")) if result else None
    village_names = {str(v.id): v.name for v in municipality.villages}
    return render_template("ballots/results.html", municipality=municipality, ballot=ballot, result=result,
                           figure=figure, now=utcnow(), village_names=village_names,
                           DIMENSION_LABELS=DIMENSION_LABELS, SEX_LABELS=SEX_LABELS,
                           priorities_form=PrioritiesForm(top=min(len(ballot.options), 11)))


@bp.route("/m/<slug>/ballots/<int:ballot_id>/results.csv")
def ballot_results_csv(slug, ballot_id):
    municipality, ballot, result = _visible_result(slug, ballot_id, with_breakdowns=False)
    if result is None:
        abort(404)
    return exports.csv_response(result)


@bp.route("/m/<slug>/ballots/<int:ballot_id>/results.xlsx")
def ballot_results_xlsx(slug, ballot_id):
    municipality, ballot, result = _visible_result(slug, ballot_id)
    if result is None:
        abort(404)
    return exports.xlsx_response(result, {str(v.id): v.name for v in municipality.villages})


@bp.route("/m/<slug>/ballots/<int:ballot_id>/priorities", methods=["POST"])
@login_required
def ballot_priorities(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = _ballot_or_404(municipality, ballot_id)
    require(can_make_priorities(current_user, ballot))
    form = PrioritiesForm()
    if form.validate_on_submit():
        try:
            result = counting.count(ballot, with_breakdowns=False)
            services.make_priorities(ballot, result, current_user, form.top.data)
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The priority list is saved."), "success")
            return redirect(url_for("surveys.ballot_priority_list", slug=slug))
    else:
        flash(_("Enter how many priorities to take."), "error")
    return redirect(url_for("surveys.ballot_results", slug=slug, ballot_id=ballot_id))


@bp.route("/m/<slug>/priorities")
@cached_page
def ballot_priority_list(slug):
    municipality = load_municipality(slug)
    require(can_view_ballot(current_user, municipality))
    items = db.session.scalars(services.priorities_list(municipality)).all()
    return render_template("ballots/priorities.html", municipality=municipality, priorities=items)


def _public_section(municipality, user):
    items = db.session.scalars(services.ballots_list(municipality).limit(20)).all()
    if not items and not can_create_ballot(user, municipality):
        return None
    return "ballots/_section.html", {"ballots": items, "now": utcnow()}


sections.register(30, _public_section)

"""Ballot routes: the list, building a ballot, voting online, printing, results and the priority list."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError, OperationalError

from ... import page_cache
from ...actions import perform, perform_retrying
from ...ballot_sheets import sheet_context
from ...page_cache import cached_page
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
from ...routing import login_route
from . import counting, exports, mixing, options_source, services
from . import detail_parts, result_rows
from .queries import ballot_in, ballot_in_with_version, ballot_or_404, latest_ballots, priority_rows
from .forms import (
    DIMENSION_LABELS,
    METHOD_LABELS,
    SEX_LABELS,
    BallotForm,
    PrioritiesForm,
    VoteForm,
    method_sentence,
    rank_label,
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
    return {"method_sentence": method_sentence, "METHOD_LABELS": METHOD_LABELS, "rank_label": rank_label}


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


def _save_ballot(municipality, ballot, form):
    """Create the ballot (``ballot`` None) or change it, with its options from the form;
    the service step that :func:`perform` runs."""
    options = options_source.options_from(municipality, form.problem_ids.data or [], form.options.data, ballot,
                                          activity_ids=form.activity_ids.data or [])
    fields = _form_to_fields(form, municipality)
    if ballot is None:
        return services.create_ballot(municipality, current_user, options=options, **fields)
    services.update_ballot(ballot, current_user, options=options, **fields)
    return ballot


@bp.route("/m/<slug>/ballots")
@cached_page
def index(slug):
    municipality = load_municipality(slug, can_view_ballot)
    items = db.session.scalars(services.ballots_list(municipality)).all()
    return render_template("ballots/list.html", municipality=municipality, ballots=items, now=utcnow())


@login_route(bp, "/m/<slug>/ballots/new", methods=["GET", "POST"])
def new(slug):
    municipality = load_municipality(slug, can_create_ballot)
    form = BallotForm()
    _setup_form(form, municipality)
    if request.method == "GET":
        form.method.data = "single"
        form.problem_ids.data = [value for value, _label in form.problem_ids.choices]
    if form.validate_on_submit():
        done = perform(_save_ballot, municipality, None, form, form=form)
        if done:
            flash(_("The ballot is saved. Check it, then print the paper ballots for the village gatherings."), "success")
            return redirect(url_for("ballots.detail", slug=slug, ballot_id=done.value.id))
    return render_template("ballots/form.html", municipality=municipality, form=form, ballot=None)


@login_route(bp, "/m/<slug>/ballots/<int:ballot_id>/edit", methods=["GET", "POST"])
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
    if form.validate_on_submit() and perform(_save_ballot, municipality, ballot, form, form=form):
        flash(_("Saved."), "success")
        return redirect(url_for("ballots.detail", slug=slug, ballot_id=ballot.id))
    return render_template("ballots/form.html", municipality=municipality, form=form, ballot=ballot, frozen=frozen)


@bp.route("/m/<slug>/ballots/<int:ballot_id>")
@cached_page
def detail(slug, ballot_id):
    municipality, ballot, version = ballot_in_with_version(slug, ballot_id)  # one query
    require(can_view_ballot(current_user, ballot))
    mine, participation = services.my_vote(ballot, current_user)
    now = utcnow()
    return render_template("ballots/detail.html", municipality=municipality, ballot=ballot, form=VoteForm(),
                           mine=mine, participation=participation, now=now,
                           parts=detail_parts.parts(municipality, ballot, version, now),
                           choices=lambda: detail_parts.choices(ballot, mine, version))


def _vote(ballot, user, posted):
    """Read the choices from the posted form and cast the vote (the service step of a vote)."""
    return services.cast_vote(ballot, user, services.read_choices(ballot, posted))


def _vote_message(version, local_close):
    if version == 1:
        return _("Your vote is recorded. You can change it until %(time)s: choose again below and send; only your "
                 "last vote counts.", time=local_close)
    return _("Your changed vote is recorded and replaces the earlier one. You can change it again until "
             "%(time)s.", time=local_close)


@login_route(bp, "/m/<slug>/ballots/<int:ballot_id>/vote", methods=["POST"])
def vote(slug, ballot_id):
    municipality, ballot = ballot_in(slug, ballot_id)  # one query: a vote costs at most 6 statements
    require(can_send_vote(current_user, ballot))
    target = url_for("ballots.detail", slug=slug, ballot_id=ballot_id)
    vote_form = VoteForm()
    if not vote_form.validate_on_submit():
        flash(_("The form had expired or was sent from another page. Nothing was counted; vote again."), "error")
        return redirect(target)
    local_close = ballot_time(ballot.closes_at, municipality, "short")
    # Another request of the same voter may win a race (or the database may ask for a
    # retry): perform starts again from a clean transaction; the last request still wins.
    done = perform_retrying(_vote, ballot, current_user, request.form, form=vote_form,
                            retry_on=(IntegrityError, OperationalError), attempts=VOTE_ATTEMPTS)
    if not done:
        flash(_("Your vote was NOT counted: %(reason)s", reason=done.error.message), "error")
        return redirect(target)
    version = done.value  # saved; a full batch of sealed votes is then mixed in a transaction of its own
    flash(_vote_message(version, local_close), "success")
    response = redirect(target + "#your-vote")
    response.headers["X-Vote-Version"] = str(version)
    return response


@bp.route("/m/<slug>/ballots/<int:ballot_id>/print")
def print_ballot(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_view_ballot(current_user, ballot))
    return render_template("ballots/print.html", municipality=municipality, ballot=ballot, **sheet_context())


@login_route(bp, "/m/<slug>/ballots/<int:ballot_id>/tally-sheets")
def tally_sheets(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_edit_ballot(current_user, ballot) or can_enter_paper(current_user, ballot))
    places = ballot.villages or municipality.villages
    return render_template("ballots/tally_sheets.html", municipality=municipality, ballot=ballot, places=places)


def _settle(ballot, now) -> bool:
    """A closed ballot's last sealed votes are mixed before anything is counted; True when
    they were (a write was committed)."""
    if ballot.is_closed(now) and mixing.pending(ballot.id):
        perform(mixing.settle, ballot, now)
        return True
    return False


def _settled_version(ballot, now, version):
    """``_settle``, and the data version to count under: mixing commits a write, so the
    version read with the ballot is then older than the votes, and a tally kept under it
    (running results, before the mix) must not be used; the version is read again."""
    return page_cache.version_for_keeping() if _settle(ballot, now) else version


def _results_of(slug, ballot_id):
    """``(municipality, ballot, data version, now, whether results are shown)`` for the results
    page and exports; a closed ballot's last sealed votes mixed first. One statement reads the
    ballot with its options and villages, its municipality and the data version the tally is
    kept under (the municipality's villages, for the breakdowns, in one more)."""
    municipality, ballot, version = ballot_in_with_version(slug, ballot_id)
    require(can_view_ballot(current_user, ballot))
    now = utcnow()
    visible = can_see_results(current_user, ballot, now)
    if visible:
        version = _settled_version(ballot, now, version)
    return municipality, ballot, version, now, visible


def _visible_result(slug, ballot_id, with_breakdowns=True):
    municipality, ballot, version, _now, visible = _results_of(slug, ballot_id)
    result = counting.count(ballot, with_breakdowns=with_breakdowns, version=version) if visible else None
    return municipality, ballot, result


PRIORITIES_SLOT = Markup("<!--priorities-->")  # any such text in a ballot's data reaches the page escaped


@bp.route("/m/<slug>/ballots/<int:ballot_id>/results")
@cached_page
def results(slug, ballot_id):
    municipality, ballot, version, now, visible = _results_of(slug, ballot_id)
    # The content is the same for every reader: kept per data version under the ballot, the
    # language and whether results are shown (today the clock alone decides,
    # which the time bound covers; in the key should it come to depend on the reader), until
    # the ballot opens or closes.
    content, figure, counted = page_cache.kept(
        "ballot-results", (ballot.id, str(get_locale()), visible), version,
        lambda: _results_content(municipality, ballot, version, now, visible), now=now)
    priorities = Markup("")
    if counted and can_make_priorities(current_user, ballot) and ballot.is_closed(now):
        priorities = Markup(render_template(
            "ballots/_priorities_form.html", municipality=municipality, ballot=ballot, now=now,
            priorities_form=PrioritiesForm(top=min(len(ballot.options), 11))))
    return render_template("ballots/results.html", municipality=municipality, ballot=ballot, figure=figure,
                           content=content.replace(PRIORITIES_SLOT, priorities))


def _results_content(municipality, ballot, version, now, visible):
    """``((content, whether it draws a chart, whether results are shown), the instant it
    next changes with the clock)``: the results' content (``ballots/_results_content.html``)."""
    result = counting.count(ballot, version=version) if visible else None
    drawn = None
    if result:
        village_names = {str(v.id): v.name for v in municipality.villages}
        drawn = result_rows.drawn(ballot, result, village_names, DIMENSION_LABELS, SEX_LABELS)
    html = Markup(render_template(
        "ballots/_results_content.html", municipality=municipality, ballot=ballot, result=result,
        figure=drawn.figure if drawn else None, now=now, drawn=drawn, DIMENSION_LABELS=DIMENSION_LABELS,
        MIN_GROUP=counting.MIN_GROUP))
    return (html, bool(drawn and drawn.figure), result is not None), detail_parts.next_change(ballot, now)


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


def _make_priorities(ballot, user, top):
    services.make_priorities(ballot, counting.count(ballot, with_breakdowns=False), user, top)


@login_route(bp, "/m/<slug>/ballots/<int:ballot_id>/priorities", methods=["POST"])
def make_priorities(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_make_priorities(current_user, ballot))
    form = PrioritiesForm()
    if form.validate_on_submit():
        _settle(ballot, utcnow())
        if perform(_make_priorities, ballot, current_user, form.top.data):
            flash(_("The priority list is saved."), "success")
            return redirect(url_for("ballots.priorities", slug=slug))
    else:
        flash(_("Enter how many priorities to take."), "error")
    return redirect(url_for("ballots.results", slug=slug, ballot_id=ballot_id))


@bp.route("/m/<slug>/priorities")
@cached_page
def priorities(slug):
    municipality = load_municipality(slug, can_view_ballot)
    items = priority_rows(municipality.id)
    return render_template("ballots/priorities.html", municipality=municipality, priorities=items,
                           too_few=counting.too_few_counted({p.ballot_id for p in items if p.ballot_id}))


def _public_section(municipality, user):
    items = db.session.scalars(*latest_ballots(municipality.id, 20)).all()
    if not items and not can_create_ballot(user, municipality):
        return None
    now = utcnow()
    changes = [moment for moment in (detail_parts.next_change(ballot, now) for ballot in items) if moment]
    return "ballots/_section.html", {"ballots": items, "now": now, "until": min(changes, default=None)}


sections.register(30, _public_section)

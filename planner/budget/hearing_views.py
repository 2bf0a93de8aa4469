"""Budget hearing pages: the protocol (public once published, printable on A4) and the
staff's forms to record a hearing, its proposals and their answers."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button, perform
from ..extensions import db
from ..forms import ActionForm, choices
from ..permissions import can_manage_budget, can_read_hearing, require
from . import hearings, queries
from .execution import unscaled
from .forms import AnswerForm, HearingForm, PresentedForm, ProposalForm
from ..municipalities.queries import load_municipality
from ..routing import login_route
from .views import _managed_year, bp


def _hearing_or_404(budget, hearing_id):
    hearing = db.session.scalar(queries.hearing(budget.id, hearing_id))
    if hearing is None:
        abort(404)
    return hearing


def _managed_hearing(slug, year, hearing_id):
    """The municipality, the budget of ``year`` and its hearing ``hearing_id`` (404 if another's), for a manager."""
    municipality, budget = _managed_year(slug, year)
    return municipality, budget, _hearing_or_404(budget, hearing_id)


def _proposal_form(municipality, budget, formdata=None):
    form = ProposalForm(formdata=formdata)
    form.village_id.choices = choices([(0, "—")] + [(v.id, v.name) for v in municipality.villages])
    locale = str(get_locale())
    form.line_id.choices = choices([(0, "—")] + [(x.id, f"{x.code} {x.label(locale)}") for x in budget.lines
                                                 if not x.is_group])
    return form


def _page(municipality, budget, hearing, proposal_form=None, status=200):
    return render_template("budget/hearing.html", municipality=municipality, budget=budget, hearing=hearing,
                           counts=hearings.counts(hearing),
                           manage=can_manage_budget(current_user, municipality),
                           presented_form=PresentedForm(formdata=None, presented=hearing.presented),
                           proposal_form=proposal_form or _proposal_form(municipality, budget),
                           answer_form=AnswerForm(formdata=None), action_form=ActionForm(formdata=None)), status


@login_route(bp, "/m/<slug>/budget/<int:year>/hearings/new", methods=["GET", "POST"])
def hearing_new(slug, year):
    municipality, budget = _managed_year(slug, year)
    form = HearingForm()
    meetings = db.session.scalars(queries.hearing_meetings(municipality.id)).all()
    form.meeting_id.choices = choices((m.id, f"{format_date(m.held_on, 'medium')} {m.place}".strip()) for m in meetings)
    if form.validate_on_submit():
        meeting = next((m for m in meetings if m.id == form.meeting_id.data), None)
        done = perform(hearings.create, budget, current_user, meeting, form.presented.data, form=form)
        if done:
            flash(_("The hearing is recorded. Add the residents' proposals."), "success")
            return redirect(url_for("budget.hearing", slug=slug, year=year, hearing_id=done.value.id))
    return render_template("budget/hearing_new.html", municipality=municipality, budget=budget, form=form,
                           meetings=meetings)


@bp.route("/m/<slug>/budget/<int:year>/hearings/<int:hearing_id>")
def hearing(slug, year, hearing_id):
    municipality = load_municipality(slug)
    budget = db.session.scalar(queries.year_with_lines(municipality.id, year))
    if budget is None:
        abort(404)
    hearing = _hearing_or_404(budget, hearing_id)
    require(can_read_hearing(current_user, hearing))
    return _page(municipality, budget, hearing)


@login_route(bp, "/m/<slug>/budget/<int:year>/hearings/<int:hearing_id>/presented", methods=["POST"])
def hearing_presented(slug, year, hearing_id):
    municipality, budget, hearing = _managed_hearing(slug, year, hearing_id)
    form = PresentedForm()
    if form.validate_on_submit() and perform(hearings.update, hearing, current_user, form.presented.data):
        flash(_("Saved."), "success")
    return redirect(url_for("budget.hearing", slug=slug, year=year, hearing_id=hearing.id))


@login_route(bp, "/m/<slug>/budget/<int:year>/hearings/<int:hearing_id>/publish", methods=["POST"])
def hearing_publish(slug, year, hearing_id):
    municipality, budget, hearing = _managed_hearing(slug, year, hearing_id)
    button(hearings.publish, hearing, current_user, done=_("The protocol is published, and the draft budget with it."))
    return redirect(url_for("budget.hearing", slug=slug, year=year, hearing_id=hearing.id))


@login_route(bp, "/m/<slug>/budget/<int:year>/hearings/<int:hearing_id>/proposals", methods=["POST"])
def hearing_proposal(slug, year, hearing_id):
    municipality, budget, hearing = _managed_hearing(slug, year, hearing_id)
    form = _proposal_form(municipality, budget, formdata=request.form)
    if form.validate_on_submit():
        village = next((v for v in municipality.villages if v.id == form.village_id.data), None)
        line = next((x for x in budget.lines if x.id == form.line_id.data), None)
        amount = unscaled(form.amount.data, budget.scale) if form.amount.data is not None else None
        if perform(hearings.add_proposal, hearing, current_user, form.text.data, village, line, amount, form=form):
            flash(_("The proposal is recorded."), "success")
            return redirect(url_for("budget.hearing", slug=slug, year=year, hearing_id=hearing.id))
    return _page(municipality, budget, hearing, proposal_form=form, status=400)


@login_route(bp, "/m/<slug>/budget/<int:year>/hearings/<int:hearing_id>/proposals/<int:proposal_id>/answer",
             methods=["POST"])
def hearing_answer(slug, year, hearing_id, proposal_id):
    municipality, budget, hearing = _managed_hearing(slug, year, hearing_id)
    proposal = next((p for p in hearing.proposals if p.id == proposal_id), None)
    if proposal is None:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        if perform(hearings.answer, proposal, current_user, form.status.data, form.answer.data):
            flash(_("The answer is saved."), "success")
    else:
        flash(_("Choose accepted or declined."), "error")
    return redirect(url_for("budget.hearing", slug=slug, year=year, hearing_id=hearing.id) + f"#p{proposal.id}")

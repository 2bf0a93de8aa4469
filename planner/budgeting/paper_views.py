"""Paper routes of the budgeting blueprint: the polling places' batches of paper ballots
(entered one by one, confirmed by a second staff member) and the residents marked on the
list as having voted on paper. Staff only (permissions.can_enter_paper)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import paper_voters
from ..actions import perform
from ..errors import attach, attempt
from ..extensions import db
from ..forms import ActionForm
from ..municipalities.models import Village
from ..permissions import can_enter_paper, require
from . import corrections, paper, services
from .paper_forms import (
    BatchForm,
    ConfirmBatchForm,
    FiguresForm,
    PaperForm,
    ReopenBatchForm,
    problem_text,
    typed_totals,
)
from .views import _load, _money, bp


def _staff_load(slug, pb_id):
    municipality, ballot = _load(slug, pb_id)
    require(can_enter_paper(current_user, ballot))
    return municipality, ballot


def _batch_or_404(ballot, pb_batch_id):
    batch = db.session.scalar(paper.batch_detail(pb_batch_id))
    if batch is None or batch.ballot_id != ballot.id:
        abort(404)
    return batch


def _voter_forms(ballot, municipality):
    voter_form, resident_form = paper_voters.forms()
    grouped: dict[str, list] = {}
    for person_id, name, birth_year, village in db.session.execute(paper.unmarked_residents(ballot)):
        label = _("%(name)s, born %(year)s", name=name, year=birth_year) if birth_year else name
        grouped.setdefault(village or _("No village"), []).append((person_id, label))
    voter_form.person_id.choices = grouped
    resident_form.village_id.choices = [(v.id, v.name) for v in municipality.villages]
    return voter_form, resident_form


@bp.route("/m/<slug>/budgeting/<int:pb_id>/paper")
@login_required
def paper_page(slug, pb_id):
    municipality, ballot = _staff_load(slug, pb_id)
    batches = db.session.scalars(paper.batches_list(ballot)).unique().all()
    batch_form = BatchForm()
    batch_form.village_id.choices = [(v.id, v.name) for v in municipality.villages]
    voter_form, resident_form = _voter_forms(ballot, municipality)
    return render_template("budgeting/paper.html", municipality=municipality, ballot=ballot, batches=batches,
                           places=paper.place_totals(batches), batch_form=batch_form, voter_form=voter_form,
                           resident_form=resident_form, voters=db.session.scalars(paper.paper_voters_list(ballot)).all())


def _to_paper(slug, pb_id):
    return redirect(url_for("budgeting.paper_page", slug=slug, pb_id=pb_id))


@bp.route("/m/<slug>/budgeting/<int:pb_id>/paper/batches", methods=["POST"])
@login_required
def open_batch(slug, pb_id):
    municipality, ballot = _staff_load(slug, pb_id)
    form = BatchForm()
    if not form.validate_on_submit():
        flash(_("Choose the polling place."), "error")
        return _to_paper(slug, pb_id)
    village = db.session.get(Village, form.village_id.data)
    done = perform(paper.open_batch, ballot, village, current_user)
    if not done:
        return _to_paper(slug, pb_id)
    return redirect(url_for("budgeting.batch", slug=slug, pb_id=pb_id, pb_batch_id=done.value.id))


def _batch_page(municipality, ballot, batch, status=200, figures_form=None, paper_form=None, confirm_form=None,
                choices=None, reopen_form=None):
    money = _money(municipality)
    if figures_form is None:
        figures_form = FiguresForm(formdata=None, obj=batch)
    figures_form.shown_version.data = batch.lock_version  # what this page shows now
    if confirm_form is None:
        confirm_form = ConfirmBatchForm(formdata=None)
    confirm_form.shown_version.data, confirm_form.shown_digest.data = batch.lock_version, paper.digest(batch)
    reopen_form = reopen_form or ReopenBatchForm(formdata=None)
    reopen_form.shown_version.data = batch.lock_version
    return render_template("budgeting/batch.html", municipality=municipality, ballot=ballot, batch=batch,
                           figures=paper.figures(batch), difference=paper.difference(batch),
                           figures_form=figures_form, paper_form=paper_form or PaperForm(formdata=None),
                           confirm_form=confirm_form, reopen_form=reopen_form, remove_form=ActionForm(), money=money,
                           problems={p.id: problem_text(ballot, p, money) for p in batch.papers},
                           projects={p.id: p for p in ballot.projects}, choices=choices or {},
                           typed=request.form if request.method == "POST" else {}), status


@bp.route("/m/<slug>/budgeting/<int:pb_id>/paper/batches/<int:pb_batch_id>")
@login_required
def batch(slug, pb_id, pb_batch_id):
    municipality, ballot = _staff_load(slug, pb_id)
    return _batch_page(municipality, ballot, _batch_or_404(ballot, pb_batch_id))


def _reload(slug, pb_id, pb_batch_id):
    municipality, ballot = _load(slug, pb_id)
    return municipality, ballot, _batch_or_404(ballot, pb_batch_id)


@bp.route("/m/<slug>/budgeting/<int:pb_id>/paper/batches/<int:pb_batch_id>/figures", methods=["POST"])
@login_required
def batch_figures(slug, pb_id, pb_batch_id):
    municipality, ballot = _staff_load(slug, pb_id)
    batch = _batch_or_404(ballot, pb_batch_id)
    form = FiguresForm()
    if form.validate_on_submit():
        if perform(paper.save_reconciliation, batch, current_user, issued=form.issued.data,
                   spoiled=form.spoiled.data, unused=form.unused.data, shown_version=form.shown_version.data,
                   form=form):
            flash(_("The figures of the ballot box are saved."), "success")
            return redirect(url_for("budgeting.batch", slug=slug, pb_id=pb_id, pb_batch_id=pb_batch_id))
        municipality, ballot, batch = _reload(slug, pb_id, pb_batch_id)
    return _batch_page(municipality, ballot, batch, 400, figures_form=form)


@bp.route("/m/<slug>/budgeting/<int:pb_id>/paper/batches/<int:pb_batch_id>/papers", methods=["POST"])
@login_required
def enter_paper(slug, pb_id, pb_batch_id):
    """One paper ballot; the next one's form comes back empty."""
    municipality, ballot = _staff_load(slug, pb_id)
    batch = _batch_or_404(ballot, pb_batch_id)
    form = PaperForm()
    choices = {}
    if form.validate_on_submit():
        choices, refused = attempt(services.read_choices, ballot, request.form)
        if refused:
            attach(form, refused)
            choices = {}
        else:
            done = perform(paper.enter_paper, batch, current_user, choices, unclear=form.unclear.data, form=form)
            if done:
                flash(_("Ballot %(n)s is entered as valid.", n=done.value.number) if done.value.is_valid else
                      _("Ballot %(n)s is entered as invalid: %(why)s", n=done.value.number,
                        why=problem_text(ballot, done.value, _money(municipality))),
                      "success" if done.value.is_valid else "warning")
                return redirect(url_for("budgeting.batch", slug=slug, pb_id=pb_id, pb_batch_id=pb_batch_id)
                                + "#enter")
            municipality, ballot, batch = _reload(slug, pb_id, pb_batch_id)
    return _batch_page(municipality, ballot, batch, 400, paper_form=form, choices=choices)


@bp.route("/m/<slug>/budgeting/<int:pb_id>/paper/batches/<int:pb_batch_id>/papers/<int:pb_paper_id>/remove",
          methods=["POST"])
@login_required
def remove_paper(slug, pb_id, pb_batch_id, pb_paper_id):
    municipality, ballot = _staff_load(slug, pb_id)
    batch = _batch_or_404(ballot, pb_batch_id)
    item = next((p for p in batch.papers if p.id == pb_paper_id), None)
    if item is None:
        abort(404)
    if ActionForm().validate_on_submit() and perform(paper.remove_paper, batch, current_user, item):
        flash(_("Ballot %(n)s is removed from the batch.", n=item.number), "success")
    return redirect(url_for("budgeting.batch", slug=slug, pb_id=pb_id, pb_batch_id=pb_batch_id) + "#papers")


@bp.route("/m/<slug>/budgeting/<int:pb_id>/paper/batches/<int:pb_batch_id>/confirm", methods=["POST"])
@login_required
def confirm_batch(slug, pb_id, pb_batch_id):
    """Confirm the batch the form says was shown, with the figures typed from the tally."""
    municipality, ballot = _staff_load(slug, pb_id)
    batch = _batch_or_404(ballot, pb_batch_id)
    form = ConfirmBatchForm()
    if form.validate_on_submit():
        typed = {"valid": form.valid.data, "invalid": form.invalid.data, **typed_totals(ballot, request.form)}
        labels = {"valid": _("Valid ballots"), "invalid": _("Invalid ballots"),
                  **{p.id: p.title for p in ballot.projects}}
        if perform(paper.confirm_batch, batch, current_user, shown_version=form.shown_version.data,
                   shown_digest=form.shown_digest.data, typed=typed, labels=labels, form=form):
            flash(_("The batch is confirmed and now counts in the results."), "success")
            return _to_paper(slug, pb_id)
        municipality, ballot, batch = _reload(slug, pb_id, pb_batch_id)
    elif form.shown_version.errors or form.shown_digest.errors:
        form.form_errors.append(_("The form had expired or did not say which figures you checked. Nothing was "
                                  "confirmed: check the figures and confirm again."))
    return _batch_page(municipality, ballot, batch, 400, confirm_form=form)


@bp.route("/m/<slug>/budgeting/<int:pb_id>/paper/batches/<int:pb_batch_id>/reopen", methods=["POST"])
@login_required
def reopen_batch(slug, pb_id, pb_batch_id):
    """Reopen a confirmed batch with a reason: its correction starts as a copy, to change and
    have confirmed again by a second person; until then the confirmed batch counts."""
    municipality, ballot = _staff_load(slug, pb_id)
    batch = _batch_or_404(ballot, pb_batch_id)
    form = ReopenBatchForm()
    if form.validate_on_submit():
        done = perform(corrections.reopen_batch, batch, current_user, reason=form.reason.data,
                       shown_version=form.shown_version.data, form=form)
        if done:
            flash(_("The correction is started as a copy of the batch. The confirmed batch counts until a second "
                    "person confirms the correction."), "success")
            return redirect(url_for("budgeting.batch", slug=slug, pb_id=pb_id, pb_batch_id=done.value.id))
        municipality, ballot, batch = _reload(slug, pb_id, pb_batch_id)
    return _batch_page(municipality, ballot, batch, 400, reopen_form=form)


@bp.route("/m/<slug>/budgeting/<int:pb_id>/paper-voters", methods=["POST"])
@login_required
def mark_voter(slug, pb_id):
    """Mark a resident chosen from the list as having voted on paper."""
    _municipality, ballot = _staff_load(slug, pb_id)
    return paper_voters.mark(ballot, paper.mark_listed_voter,
                             url_for("budgeting.paper_page", slug=slug, pb_id=pb_id) + "#voters")


@bp.route("/m/<slug>/budgeting/<int:pb_id>/paper-residents", methods=["POST"])
@login_required
def add_voter(slug, pb_id):
    """Add a resident from the municipality's list (no e-mail) and mark them."""
    _municipality, ballot = _staff_load(slug, pb_id)
    return paper_voters.add(ballot, paper.add_paper_voter,
                            url_for("budgeting.paper_page", slug=slug, pb_id=pb_id) + "#voters")

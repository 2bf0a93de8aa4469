"""Paper routes of the ballots blueprint: the protocols (enter, confirm exactly
what was shown, correct with history) and the residents who voted on paper."""
import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ... import paper_voters
from ...actions import perform
from ...errors import ServiceError
from ...extensions import db
from ...municipalities.models import Village
from ...municipalities.queries import child_or_404, load_municipality
from ...permissions import can_confirm_tally, can_enter_paper, require
from ...routing import login_route
from . import paper, services
from .forms import ConfirmTallyForm, TallyForm
from .models import RANKING, PaperTally
from .queries import ballot_or_404
from .views import bp


def _load(slug, ballot_id):
    municipality = load_municipality(slug)
    ballot = ballot_or_404(municipality, ballot_id)
    require(can_enter_paper(current_user, ballot))
    return municipality, ballot


def _voter_forms(ballot, municipality):
    voter_form, resident_form = paper_voters.forms()
    grouped: dict[str, list] = {}
    for person_id, name, birth_year, village in db.session.execute(services.listed_residents(ballot)):
        label = _("%(name)s, born %(year)s", name=name, year=birth_year) if birth_year else name
        grouped.setdefault(village or _("No village"), []).append((person_id, label))
    voter_form.person_id.choices = grouped
    resident_form.village_id.choices = [(v.id, v.name) for v in (ballot.villages or municipality.villages)]
    return voter_form, resident_form


@login_route(bp, "/m/<slug>/ballots/<int:ballot_id>/paper", endpoint="paper")
def paper_page(slug, ballot_id):
    municipality, ballot = _load(slug, ballot_id)
    tallies = db.session.scalars(services.tallies_list(ballot)).unique().all()
    voters = db.session.scalars(services.paper_voters_list(ballot)).all()
    voter_form, resident_form = _voter_forms(ballot, municipality)
    return render_template("ballots/paper.html", municipality=municipality, ballot=ballot, tallies=tallies,
                           voters=voters, voter_form=voter_form, resident_form=resident_form,
                           places=ballot.villages or municipality.villages)


def _back_to_paper(slug, ballot_id):
    return redirect(url_for("ballots.paper", slug=slug, ballot_id=ballot_id))


@login_route(bp, "/m/<slug>/ballots/<int:ballot_id>/paper-voters", methods=["POST"])
def paper_voter(slug, ballot_id):
    """Mark a listed resident (chosen by name and village) as having voted on paper."""
    _municipality, ballot = _load(slug, ballot_id)
    return paper_voters.mark(ballot, paper.mark_listed_voter, url_for("ballots.paper", slug=slug, ballot_id=ballot_id))


@login_route(bp, "/m/<slug>/ballots/<int:ballot_id>/paper-residents", methods=["POST"])
def paper_resident(slug, ballot_id):
    """Add a resident from the municipality's list (no e-mail) and mark them as a paper voter."""
    _municipality, ballot = _load(slug, ballot_id)
    return paper_voters.add(ballot, paper.add_paper_voter, url_for("ballots.paper", slug=slug, ballot_id=ballot_id))


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
            elif raw.isdecimal() and len(raw) <= 7:
                counts[(option.id, rank)] = int(raw)
            else:
                raise ServiceError(_("Enter whole numbers, zero or more."))
    return counts


def _save_tally(ballot, village, user, posted, **figures):
    """Read the counts from the posted form and save the protocol (the service step of the tally form)."""
    return paper.save_tally(ballot, village, user, counts=_read_counts(ballot, posted), **figures)


def _figure_rows(ballot, triples):
    """[(option text, rank or 0, amount)] for every option (and rank), from [option, rank, amount]."""
    amounts = {(o, r): a for o, r, a in triples}
    ranks = range(1, ballot.max_choices + 1) if ballot.method == RANKING else (0,)
    return [(option.text, rank, amounts.get((option.id, rank), 0)) for option in ballot.options for rank in ranks]


def _tally_of(ballot, village):
    return db.session.scalar(select(PaperTally).where(PaperTally.ballot_id == ballot.id,
                                                      PaperTally.village_id == village.id))


@login_route(bp, "/m/<slug>/ballots/<int:ballot_id>/paper/<int:village_id>", methods=["GET", "POST"])
def tally(slug, ballot_id, village_id):
    """The protocol of one polling place: its figures, confirmation, correction, history."""
    municipality, ballot = _load(slug, ballot_id)
    village = child_or_404(Village, village_id, municipality)
    tally = _tally_of(ballot, village)
    form = TallyForm(obj=tally)
    values = {f"count-{c.option_id}" + (f"-{c.rank}" if c.rank else ""): c.amount
              for c in (tally.counts if tally else ())}
    if form.validate_on_submit():
        values = {k: v for k, v in request.form.items() if k.startswith("count-")}
        done = perform(_save_tally, ballot, village, current_user, request.form, issued=form.issued.data,
                       valid=form.valid.data, invalid=form.invalid.data, shown_version=form.shown_version.data,
                       form=form)
        if done:
            flash(_("The protocol is saved. It counts once a second staff member confirms it."), "success")
            return _back_to_paper(slug, ballot_id)
        ballot = ballot_or_404(municipality, ballot_id)
        tally = _tally_of(ballot, village)
    elif form.shown_version.errors:
        form.form_errors.append(_("This form is out of date or damaged. Nothing was saved: the stored figures are "
                                  "shown above; enter your figures again."))
    form.shown_version.data = tally.lock_version if tally else 0  # what this page shows now
    confirm_form = None
    if tally is not None and can_confirm_tally(current_user, tally):
        confirm_form = ConfirmTallyForm(formdata=None, shown_version=tally.lock_version,
                                        shown_digest=paper.digest(tally))
    current = _figure_rows(ballot, paper.canonical_figures(tally)["counts"]) if tally else []
    history = [(version, _figure_rows(ballot, json.loads(version.counts)))
               for version in (tally.history if tally else ())]
    return render_template("ballots/tally.html", municipality=municipality, ballot=ballot, village=village,
                           tally=tally, form=form, values=values, current=current, history=history,
                           confirm_form=confirm_form)


@login_route(bp, "/m/<slug>/ballots/<int:ballot_id>/tallies/<int:tally_id>/confirm", methods=["POST"])
def tally_confirm(slug, ballot_id, tally_id):
    """Confirm the figures the form says were shown; if they changed, show the new ones."""
    municipality, ballot = _load(slug, ballot_id)
    tally = db.session.get(PaperTally, tally_id)
    if tally is None or tally.ballot_id != ballot.id:
        abort(404)
    village_id = tally.village_id
    form = ConfirmTallyForm()
    if not form.validate_on_submit():
        flash(_("The form had expired or did not say which figures you checked. Nothing was confirmed: check "
                "the figures and confirm again."), "error")
    elif perform(paper.confirm_tally, tally, current_user, shown_version=form.shown_version.data,
                 shown_digest=form.shown_digest.data):
        flash(_("The protocol is confirmed and now counts in the results."), "success")
        return _back_to_paper(slug, ballot_id)
    return redirect(url_for("ballots.tally", slug=slug, ballot_id=ballot_id, village_id=village_id))

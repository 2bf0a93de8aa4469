"""Participants of a workshop: registering online, typing in a sign-in sheet, attendance per
day, and the printable sign-in sheet and certificates (A4)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale, format_date, ngettext
from flask_login import current_user
from markupsafe import Markup

from ..actions import button, perform
from ..forms import ActionForm, choices
from ..i18n import gettext as _
from ..permissions import can_edit_workshop, can_register_workshop, require
from ..routing import login_route
from . import participants as people
from .forms import RegistrationForm, SheetForm
from .queries import load_workshop, participant_or_404
from .stats import attended
from .views import bp, today

SHEET_BLANK_ROWS = 25


def _day_choices(workshop):
    return choices([(d.isoformat(), format_date(d, "EEEE, d MMMM")) for d in workshop.days])


@login_route(bp, "/<int:workshop_id>/register", methods=["GET", "POST"])
def register(workshop_id):
    workshop = load_workshop(workshop_id)
    require(can_register_workshop(current_user, workshop))
    form = RegistrationForm()
    form.municipality_id.choices = choices([(m.id, m.name) for m in people.allowed_municipalities(workshop)])
    if request.method == "GET":
        form.sex.data = current_user.sex or "f"
        form.age_band.data = current_user.age_band or "30-44"
    if form.validate_on_submit():
        if perform(people.register, workshop, current_user, sex=form.sex.data, age_band=form.age_band.data,
                   role=form.role.data, municipality_id=form.municipality_id.data, today=today(), form=form):
            flash(_("You are registered for the workshop."), "success")
            return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return render_template("workshops/register.html", workshop=workshop, form=form,
                           registered=people.is_registered(workshop, current_user), today=today())


@login_route(bp, "/<int:workshop_id>/participants", methods=["GET", "POST"])
def participants(workshop_id):
    """The list of participants with a tick per day: the attendance register."""
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    form = ActionForm()
    if form.validate_on_submit():
        present = {p.id: set() for p in workshop.participants}
        days = {d.isoformat(): d for d in workshop.days}
        for value in request.form.getlist("present"):
            pid, _sep, day = value.partition("@")
            if pid.isdecimal() and int(pid) in present and day in days:
                present[int(pid)].add(days[day])
            else:
                present[-1] = set()  # a tick for someone or a day not on the list: refused below
        if perform(people.set_attendance, workshop, current_user, present):
            flash(_("Attendance saved."), "success")
            return redirect(url_for("workshops.participants", workshop_id=workshop.id))
    return render_template("workshops/participants.html", workshop=workshop, form=form, attended=attended)


@login_route(bp, "/<int:workshop_id>/participants/sheet", methods=["GET", "POST"])
def sheet_entry(workshop_id):
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    form = SheetForm()
    form.days.choices = _day_choices(workshop)
    if request.method == "GET":
        form.days.data = [d.isoformat() for d in workshop.days]
    problems = []
    if form.validate_on_submit():
        days = {d.isoformat(): d for d in workshop.days}
        chosen = [days.get(v, v) for v in form.days.data or ()]
        done = perform(people.enter_sheet, workshop, current_user, form.rows.data, chosen, form=form)
        if done:
            flash(ngettext("%(num)s participant added.", "%(num)s participants added.", len(done.value)), "success")
            return redirect(url_for("workshops.participants", workshop_id=workshop.id))
        problems = getattr(done.error, "problems", [])
    return render_template("workshops/sheet_entry.html", workshop=workshop, form=form, problems=problems,
                           municipalities=people.allowed_municipalities(workshop))


@login_route(bp, "/<int:workshop_id>/participants/<int:participant_id>/delete", methods=["POST"])
def participant_remove(workshop_id, participant_id):
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    participant = participant_or_404(participant_id, workshop)
    button(people.remove_participant, participant, current_user, done=_("Participant removed."))
    return redirect(url_for("workshops.participants", workshop_id=workshop.id))


@login_route(bp, "/<int:workshop_id>/sign-in-sheet")
def sign_in_sheet(workshop_id):
    """The printed sheet people sign at the door (A4), with the columns the bulk entry reads."""
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    return render_template("workshops/sign_in_sheet.html", workshop=workshop, blank_rows=SHEET_BLANK_ROWS)


def _certificate_pages(workshop, chosen):
    """Each certificate rendered in its participant's language."""
    pages = []
    for participant in chosen:
        with force_locale(participant.locale):
            # Markup: the page of a template rendered with autoescaping, placed whole.
            pages.append((participant, Markup(render_template("workshops/_certificate.html", workshop=workshop,
                                                       participant=participant, locale=participant.locale))))
    return pages


@login_route(bp, "/<int:workshop_id>/participants/<int:participant_id>/certificate")
def certificate(workshop_id, participant_id):
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    participant = participant_or_404(participant_id, workshop)
    if not attended(participant):
        flash(_("%(name)s attended no day of the workshop; there is no certificate.", name=participant.name), "error")
        return redirect(url_for("workshops.participants", workshop_id=workshop.id))
    return render_template("workshops/certificates.html", workshop=workshop,
                           pages=_certificate_pages(workshop, [participant]))


@login_route(bp, "/<int:workshop_id>/certificates")
def certificates(workshop_id):
    """Every participant who attended at least one day, one certificate a page."""
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    return render_template("workshops/certificates.html", workshop=workshop,
                           pages=_certificate_pages(workshop, [p for p in workshop.participants if attended(p)]))

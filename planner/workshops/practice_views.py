"""Practice municipalities of a workshop: make one from the template, print the login
cards, reset it to the template, delete it."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..actions import button, perform
from ..extensions import db
from ..forms import ActionForm
from ..i18n import gettext as _
from ..routing import login_route
from . import practice
from .forms import PracticeForm
from .models import PracticeMunicipality
from .exercise_views import run_child, run_workshop
from .views import bp


def _practices(workshop):
    return db.session.scalars(select(PracticeMunicipality).where(PracticeMunicipality.workshop_id == workshop.id)
                              .order_by(PracticeMunicipality.id)).all()


@login_route(bp, "/<int:workshop_id>/practice", methods=["GET", "POST"])
def practice_list(workshop_id):
    workshop = run_workshop(workshop_id)
    form = PracticeForm()
    if form.validate_on_submit():
        done = perform(practice.create_practice, workshop, current_user, form=form, days=form.days.data,
                       accounts=form.accounts.data)
        if done:
            flash(_("Practice municipality created."), "success")
            return redirect(url_for("workshops.practice_list", workshop_id=workshop.id))
    return render_template("workshops/practice.html", workshop=workshop, form=form, practices=_practices(workshop),
                           action=ActionForm(), roles=practice.PRACTICE_ROLES)


def _load(workshop_id, practice_id):
    return run_child(PracticeMunicipality, practice_id, workshop_id)


@login_route(bp, "/<int:workshop_id>/practice/<int:practice_id>/cards")
def practice_cards(workshop_id, practice_id):
    workshop, item = _load(workshop_id, practice_id)
    cards = [(a, practice.password_of(a)) for a in item.accounts]
    return render_template("workshops/practice_cards.html", workshop=workshop, practice=item, cards=cards,
                           login_url=url_for("auth.login", _external=True),
                           municipality_url=url_for("public.municipality", slug=item.slug, _external=True))


@login_route(bp, "/<int:workshop_id>/practice/<int:practice_id>/reset", methods=["POST"])
def practice_reset(workshop_id, practice_id):
    workshop, item = _load(workshop_id, practice_id)
    button(practice.reset_practice, item, current_user, done=_("The practice municipality is back to the template."))
    return redirect(url_for("workshops.practice_list", workshop_id=workshop_id))


@login_route(bp, "/<int:workshop_id>/practice/<int:practice_id>/delete", methods=["POST"])
def practice_delete(workshop_id, practice_id):
    workshop, item = _load(workshop_id, practice_id)
    button(practice.delete_practice, item, current_user, done=_("Practice municipality deleted."))
    return redirect(url_for("workshops.practice_list", workshop_id=workshop_id))

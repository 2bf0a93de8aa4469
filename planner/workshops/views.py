"""Workshops: the trainer's home, creating and editing a workshop, its page and its PDF materials."""
from datetime import date
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user

from ..extensions import db
from ..forms import ActionForm, choices
from ..i18n import gettext as _
from ..actions import button, perform
from ..municipalities.models import Municipality
from ..permissions import can_create_workshop, can_edit_workshop, can_view_workshop, is_admin, require
from ..routing import login_route
from . import participants as people, services
from .forms import MaterialForm, WorkshopForm
from .labels import LANGUAGE_LABELS
from .queries import home_list, load_workshop, material_or_404, open_list, registrations_of

bp = Blueprint("workshops", __name__, template_folder="templates", url_prefix="/workshops")


def upload_dir() -> str:
    return current_app.config.get("WORKSHOPS_UPLOAD_DIR") or str(Path(current_app.instance_path) / "uploads" / "workshops")


def today() -> date:
    return date.today()


@login_route(bp, "")
def index():
    """A trainer's home: their workshops, upcoming first (an administrator's: everyone's).
    Other people see the workshops open for registration and their own registrations."""
    mine = everyone = None
    if can_create_workshop(current_user):
        trainer_id = None if is_admin(current_user) else current_user.id
        mine = db.session.scalars(home_list(today(), trainer_id)).all()
        everyone = trainer_id is None
    upcoming = db.session.scalars(open_list(today())).all()
    registrations = db.session.scalars(registrations_of(current_user.id)).all()
    return render_template("workshops/index.html", mine=mine, everyone=everyone, upcoming=upcoming,
                           registrations=registrations, today=today())


def _form(workshop=None):
    form = WorkshopForm(obj=workshop)
    municipalities = db.session.query(Municipality).filter(Municipality.is_sandbox.is_(False)).order_by(
        Municipality.region, Municipality.name).all()
    form.municipality_ids.choices = choices(
        [(m.id, f"{m.name} ({m.region})" if m.region else m.name) for m in municipalities])
    if request.method == "GET" and workshop is not None:
        form.municipality_ids.data = [m.id for m in workshop.municipalities]
    return form


def _values(form):
    return {"title": form.title.data, "topics": form.topics.data, "starts_on": form.starts_on.data,
            "ends_on": form.ends_on.data, "place": form.place.data, "region": form.region.data,
            "language": form.language.data, "agenda": form.agenda.data, "municipality_ids": form.municipality_ids.data}


@login_route(bp, "/new", methods=["GET", "POST"])
def new():
    require(can_create_workshop(current_user))
    form = _form()
    if request.method == "GET":
        form.language.data = current_user.locale if current_user.locale in LANGUAGE_LABELS else "ky"
    if form.validate_on_submit():
        done = perform(services.create_workshop, current_user, form=form, **_values(form))
        if done:
            flash(_("Workshop created."), "success")
            return redirect(url_for("workshops.detail", workshop_id=done.value.id))
    return render_template("workshops/form.html", form=form, workshop=None)


@login_route(bp, "/<int:workshop_id>")
def detail(workshop_id):
    workshop = load_workshop(workshop_id)
    require(can_view_workshop(current_user, workshop))
    return render_template("workshops/detail.html", workshop=workshop, action=ActionForm(),
                           material_form=MaterialForm(), today=today(),
                           registered=people.is_registered(workshop, current_user))


@login_route(bp, "/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit(workshop_id):
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    form = _form(workshop)
    if form.validate_on_submit():
        if perform(services.update_workshop, workshop, current_user, form=form, **_values(form)):
            flash(_("Saved."), "success")
            return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return render_template("workshops/form.html", form=form, workshop=workshop)


@login_route(bp, "/<int:workshop_id>/delete", methods=["POST"])
def delete(workshop_id):
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    if ActionForm().validate_on_submit() and perform(services.delete_workshop, workshop, current_user, upload_dir()):
        flash(_("Workshop deleted."), "success")
        return redirect(url_for("workshops.index"))
    return redirect(url_for("workshops.detail", workshop_id=workshop_id))


@login_route(bp, "/<int:workshop_id>/materials", methods=["POST"])
def material_add(workshop_id):
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    form = MaterialForm()
    upload = form.file.data if form.validate_on_submit() else None
    if not upload or not getattr(upload, "filename", ""):
        flash(_("Choose a PDF file to upload."), "error")
    else:
        limit = int(current_app.config.get("WORKSHOPS_MATERIAL_MAX_BYTES", services.DEFAULT_MATERIAL_MAX))
        if perform(services.add_material, workshop, current_user, upload.filename, upload.stream.read(limit + 1),
                   upload_dir=upload_dir(), max_bytes=limit):
            flash(_("Material added."), "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


@login_route(bp, "/<int:workshop_id>/materials/<int:material_id>")
def material(workshop_id, material_id):
    workshop = load_workshop(workshop_id)
    require(can_view_workshop(current_user, workshop))
    item = material_or_404(material_id, workshop)
    return send_from_directory(upload_dir(), item.path, mimetype="application/pdf", download_name=item.name,
                               as_attachment=True)


@login_route(bp, "/<int:workshop_id>/materials/<int:material_id>/delete", methods=["POST"])
def material_remove(workshop_id, material_id):
    workshop = load_workshop(workshop_id)
    require(can_edit_workshop(current_user, workshop))
    item = material_or_404(material_id, workshop)
    button(services.remove_material, item, current_user, upload_dir(), done=_("Material removed."))
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


from . import exercise_views, participant_views, practice_views, stats_views  # noqa: E402,F401  (more routes on bp)

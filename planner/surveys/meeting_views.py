"""Meetings: the list with attendance totals, a meeting's page, recording and photos."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..page_cache import cached_page
from ..actions import button, perform
from ..extensions import db
from ..forms import choices
from ..municipalities.queries import load_municipality
from ..permissions import can_manage_meetings
from . import charts, meetings
from .forms import MEETING_AGE_BANDS, SEX_PLURAL, MeetingForm, PhotoForm, attendance_field_name, template_labels
from .models import Meeting, MeetingPhoto
from ..forms import ActionForm
from ..routing import login_route
from .meeting_rows import meeting_rows

bp = Blueprint("meetings", __name__)
bp.context_processor(template_labels)


def _meeting_or_404(municipality, meeting_id, detail=False):
    meeting = db.session.scalar(meetings.meeting_detail(meeting_id)) if detail else db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.municipality_id != municipality.id:
        abort(404)
    return meeting


@bp.route("/m/<slug>/meetings")
@cached_page
def index(slug):
    municipality = load_municipality(slug)
    items = db.session.execute(*meetings.meetings_table(municipality.id)).all()
    years, people, women, count = meetings.attendance_per_year(items)
    figures = None
    if len(years) > 1:
        figures = {"chart-attendance": charts.attendance_by_year(years, SEX_PLURAL["f"], SEX_PLURAL["m"])}
    return render_template("surveys/meetings.html", municipality=municipality, meetings=meeting_rows(items, municipality),
                           years=years, people=people, women=women, count=count, figures=figures)


def _meeting_form(municipality, meeting=None):
    form = MeetingForm(obj=meeting)
    form.village_id.choices = choices([(0, _("Whole municipality"))] + [(v.id, v.name) for v in municipality.villages])
    if request.method == "GET" and meeting is not None:
        form.village_id.data = meeting.village_id or 0
        for a in meeting.attendance:
            getattr(form, attendance_field_name(a.sex, a.age_band)).data = a.count
    return form


def _form_data(form):
    fields = {name: getattr(form, name).data for name in meetings.FIELDS}
    fields["deputies_present"] = fields["deputies_present"] or 0
    fields["place"] = fields["place"] or ""
    fields["minutes"] = fields["minutes"] or ""
    attendance = {(sex, band): getattr(form, attendance_field_name(sex, band)).data or 0
                  for sex in ("f", "m") for band in MEETING_AGE_BANDS}
    return fields, attendance


def _grid(form):
    return [(band, [getattr(form, attendance_field_name(sex, band)) for sex in ("f", "m")]) for band in MEETING_AGE_BANDS]


@login_route(bp, "/m/<slug>/meetings/new", methods=["GET", "POST"])
def new(slug):
    municipality = load_municipality(slug, can_manage_meetings)
    form = _meeting_form(municipality)
    if form.validate_on_submit():
        fields, attendance = _form_data(form)
        done = perform(meetings.create_meeting, municipality, current_user, attendance, form=form, **fields)
        if done:
            flash(_("The meeting is recorded. You can add photos now."), "success")
            return redirect(url_for("meetings.detail", slug=slug, meeting_id=done.value.id))
    return render_template("surveys/meeting_form.html", municipality=municipality, form=form, meeting=None,
                           grid=_grid(form))


@bp.route("/m/<slug>/meetings/<int:meeting_id>")
@cached_page
def detail(slug, meeting_id):
    municipality = load_municipality(slug)
    meeting = _meeting_or_404(municipality, meeting_id, detail=True)
    cells = {(a.sex, a.age_band): a.count for a in meeting.attendance}
    return render_template("surveys/meeting.html", municipality=municipality, meeting=meeting, cells=cells,
                           bands=MEETING_AGE_BANDS, photo_form=PhotoForm(), action_form=ActionForm())


@login_route(bp, "/m/<slug>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(slug, meeting_id):
    municipality = load_municipality(slug, can_manage_meetings)
    meeting = _meeting_or_404(municipality, meeting_id, detail=True)
    form = _meeting_form(municipality, meeting)
    if form.validate_on_submit():
        fields, attendance = _form_data(form)
        if perform(meetings.update_meeting, meeting, municipality, current_user, attendance, form=form, **fields):
            flash(_("Saved."), "success")
            return redirect(url_for("meetings.detail", slug=slug, meeting_id=meeting.id))
    return render_template("surveys/meeting_form.html", municipality=municipality, form=form, meeting=meeting,
                           grid=_grid(form))


@login_route(bp, "/m/<slug>/meetings/<int:meeting_id>/delete", methods=["POST"])
def delete(slug, meeting_id):
    municipality = load_municipality(slug, can_manage_meetings)
    meeting = _meeting_or_404(municipality, meeting_id)
    if ActionForm().validate_on_submit() and perform(meetings.delete_meeting, meeting, current_user):
        flash(_("The meeting is deleted."), "success")
        return redirect(url_for("meetings.index", slug=slug))
    return redirect(url_for("meetings.detail", slug=slug, meeting_id=meeting.id))


@login_route(bp, "/m/<slug>/meetings/<int:meeting_id>/photos", methods=["POST"])
def photo_add(slug, meeting_id):
    municipality = load_municipality(slug, can_manage_meetings)
    meeting = _meeting_or_404(municipality, meeting_id, detail=True)
    form = PhotoForm()
    if form.validate_on_submit():
        upload = request.files.get("photo")
        data = upload.read(meetings.PHOTO_MAX_BYTES + 1) if upload else b""
        if perform(meetings.add_photo, meeting, current_user, data, form.caption.data, form=form):
            flash(_("The photo is added."), "success")
            return redirect(url_for("meetings.detail", slug=slug, meeting_id=meeting.id))
    cells = {(a.sex, a.age_band): a.count for a in meeting.attendance}
    return render_template("surveys/meeting.html", municipality=municipality, meeting=meeting, cells=cells,
                           bands=MEETING_AGE_BANDS, photo_form=form, action_form=ActionForm()), 422


def _photo_or_404(municipality, meeting_id, photo_id):
    photo = db.session.get(MeetingPhoto, photo_id)
    if photo is None or photo.meeting_id != meeting_id or photo.meeting.municipality_id != municipality.id:
        abort(404)
    return photo


@bp.route("/m/<slug>/meetings/<int:meeting_id>/photos/<int:photo_id>")
def photo(slug, meeting_id, photo_id):
    municipality = load_municipality(slug)
    item = _photo_or_404(municipality, meeting_id, photo_id)
    response = Response(item.data, mimetype=item.content_type)
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Content-Disposition"] = "inline"
    return response


@login_route(bp, "/m/<slug>/meetings/<int:meeting_id>/photos/<int:photo_id>/delete", methods=["POST"])
def photo_delete(slug, meeting_id, photo_id):
    municipality = load_municipality(slug, can_manage_meetings)
    item = _photo_or_404(municipality, meeting_id, photo_id)
    button(meetings.delete_photo, item, current_user, done=_("The photo is removed."))
    return redirect(url_for("meetings.detail", slug=slug, meeting_id=meeting_id))

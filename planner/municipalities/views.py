"""Municipality pages for staff and administrators: creating and editing municipalities and
villages, members and their roles, invitations, residency requests, the audit log."""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select, union_all
from sqlalchemy.orm import contains_eager, defaultload, joinedload, lazyload

from .. import audit, audit_texts
from ..auth.models import User
from ..actions import perform
from ..extensions import db
from ..forms import choices
from ..i18n import date_text, normalize_text
from ..permissions import (
    can_create_municipality,
    can_edit_municipality,
    can_invite,
    can_manage_members,
    can_manage_villages,
    can_read_audit,
    can_read_platform_audit,
    can_request_residency,
    can_verify_residents,
    require,
)
from . import member_rows, people, services
from .queries import child_or_404, load_municipality
from ..forms import ActionForm
from ..routing import login_route
from .forms import InvitationForm, JoinForm, MunicipalityForm, VerifyForm, VillageForm
from .models import ACTIVE, PENDING, Invitation, Membership, Village

bp = Blueprint("municipalities", __name__, template_folder="templates")

MUNICIPALITY_FIELDS = ("name", "slug", "country", "region", "district", "currency", "default_locale", "description")


@login_route(bp, "/admin/municipalities/new", methods=["GET", "POST"])
def create():
    require(can_create_municipality(current_user))
    form = MunicipalityForm()
    if form.validate_on_submit():
        done = perform(services.create_municipality, current_user,
                       **{f: getattr(form, f).data for f in MUNICIPALITY_FIELDS}, form=form)
        if done:
            flash(_("The municipality is created. Add its villages next."), "success")
            return redirect(url_for("municipalities.villages", slug=done.value.slug))
    return render_template("municipalities/form.html", form=form, municipality=None)


@login_route(bp, "/m/<slug>/edit", methods=["GET", "POST"])
def edit(slug):
    municipality = load_municipality(slug, can_edit_municipality)
    form = MunicipalityForm(obj=municipality)
    if form.validate_on_submit():
        if perform(services.update_municipality, municipality, current_user,
                   **{f: getattr(form, f).data for f in MUNICIPALITY_FIELDS}, form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("public.municipality", slug=municipality.slug))
    return render_template("municipalities/form.html", form=form, municipality=municipality)


@login_route(bp, "/m/<slug>/villages", methods=["GET", "POST"])
def villages(slug):
    municipality = load_municipality(slug, can_manage_villages)
    form = VillageForm()
    if form.validate_on_submit():
        if perform(services.add_village, municipality, current_user, form.name.data, form.population.data,
                   form=form):
            flash(_("The village is added."), "success")
            return redirect(url_for("municipalities.villages", slug=slug))
    return render_template("municipalities/villages.html", municipality=municipality, form=form)


@login_route(bp, "/m/<slug>/villages/<int:village_id>/edit", methods=["GET", "POST"])
def village_edit(slug, village_id):
    municipality = load_municipality(slug, can_manage_villages)
    village = child_or_404(Village, village_id, municipality)
    form = VillageForm(obj=village)
    if form.validate_on_submit():
        if perform(services.update_village, village, current_user, form.name.data, form.population.data,
                   form=form):
            flash(_("Saved."), "success")
            return redirect(url_for("municipalities.villages", slug=slug))
    return render_template("municipalities/village_edit.html", municipality=municipality, village=village, form=form)


@login_route(bp, "/m/<slug>/join", methods=["GET", "POST"])
def join(slug):
    municipality = load_municipality(slug)
    if not can_request_residency(current_user, municipality):
        flash(_("You have already asked to join this municipality."), "info")
        return redirect(url_for("public.municipality", slug=slug))
    form = JoinForm()
    form.village_id.choices = choices([(0, _("Choose…"))] + [(v.id, v.name) for v in municipality.villages])
    if form.validate_on_submit():
        village = db.session.get(Village, form.village_id.data)
        if perform(services.request_residency, current_user, municipality, village, form=form):
            flash(_("Your request is sent. The municipality's staff will verify that you live here; then you can vote."), "success")
            return redirect(url_for("public.municipality", slug=slug))
    return render_template("municipalities/join.html", municipality=municipality, form=form)


@login_route(bp, "/m/<slug>/members")
def members(slug):
    municipality = load_municipality(slug, can_manage_members)
    q = normalize_text(request.args.get("q", "").strip()[:100])
    page = request.args.get("page", "1")
    page = int(page) if page.isdecimal() and 0 < int(page) < 100_000 else 1
    # a search is drawn afresh (each would be kept apart); the list itself, per data version
    key = None if q else (municipality.id, municipality.slug, str(get_locale()), page, current_user.id)
    content = member_rows.kept_content(key, lambda form: _members_content(municipality, q, page, form), ActionForm())
    return render_template("municipalities/members.html", municipality=municipality, content=content)


def _members_content(municipality, q, page, form):
    """The members page's content: the pending requests and one page of members, read in one
    query (each list with its own limit), and the listed residents of the same names."""
    pending_ids = services.members_list(municipality, PENDING, q).subquery()
    active_ids = services.members_list(municipality, ACTIVE, q, page).subquery()
    both = db.session.scalars(
        select(Membership).join(Membership.user)
        .where(Membership.id.in_(union_all(select(pending_ids.c.id), select(active_ids.c.id))))
        .options(contains_eager(Membership.user).load_only(User.name, User.email),
                 lazyload(Membership.municipality), lazyload(Membership.village))
        .order_by(Membership.role, User.name, Membership.id)).all()  # members_list's order
    pending = [m for m in both if m.status == PENDING]
    active = [m for m in both if m.status == ACTIVE]
    has_next = len(active) > services.MEMBERS_PAGE
    pending, more_pending = pending[:services.MEMBERS_PAGE], len(pending) > services.MEMBERS_PAGE
    return render_template("municipalities/_members_content.html", municipality=municipality, q=q, page=page,
                           pending=pending, more_pending=more_pending, listed=people.listed_namesakes_of(municipality, pending),
                           memberships=active[:services.MEMBERS_PAGE], has_next=has_next, form=form,
                           date_text=date_text, member_rows=member_rows.rows_html)


@login_route(bp, "/m/<slug>/members/<int:membership_id>/verify", methods=["POST"])
def verify(slug, membership_id):
    municipality = load_municipality(slug, can_verify_residents)
    membership = child_or_404(Membership, membership_id, municipality)
    form = VerifyForm()
    if form.validate_on_submit():
        if perform(services.verify_resident, membership, current_user, same_as_id=form.same_as.data,
                   different=form.different.data):
            flash(_("%(name)s is now a verified resident.", name=membership.user.name), "success")
    return redirect(url_for("municipalities.members", slug=slug))


@login_route(bp, "/m/<slug>/members/<int:membership_id>/remove", methods=["POST"])
def remove(slug, membership_id):
    municipality = load_municipality(slug, can_manage_members)
    membership = child_or_404(Membership, membership_id, municipality)
    if membership.user_id == current_user.id:
        flash(_("You cannot remove your own role."), "error")
    elif ActionForm().validate_on_submit():
        if perform(services.remove_membership, membership, current_user):
            flash(_("The role is removed."), "success")
    return redirect(url_for("municipalities.members", slug=slug))


@login_route(bp, "/m/<slug>/invitations", methods=["GET", "POST"])
def invitations(slug):
    municipality = load_municipality(slug, can_invite)
    form = InvitationForm()
    link = None
    if form.validate_on_submit():
        done = perform(services.create_invitation, municipality, current_user, form.role.data, form.note.data,
                       days=current_app.config["INVITATION_DAYS"], form=form)
        if done:
            _invitation, token = done.value
            link = url_for("municipalities.invitation", token=token, _external=True)
            form = InvitationForm(formdata=None)
    items = db.session.scalars(services.invitations_list(municipality)).all()
    return render_template("municipalities/invitations.html", municipality=municipality, form=form,
                           invitations=items, link=link, action_form=ActionForm())


@login_route(bp, "/m/<slug>/invitations/<int:invitation_id>/revoke", methods=["POST"])
def revoke(slug, invitation_id):
    municipality = load_municipality(slug, can_invite)
    invitation = child_or_404(Invitation, invitation_id, municipality)
    if ActionForm().validate_on_submit():
        if perform(services.revoke_invitation, invitation, current_user):
            flash(_("The invitation is withdrawn."), "success")
    return redirect(url_for("municipalities.invitations", slug=slug))


@login_route(bp, "/invitations/<token>", methods=["GET", "POST"])
def invitation(token):
    invitation = db.session.scalar(services.invitation_by_token(token))
    if invitation is None:
        abort(404)
    g.municipality = invitation.municipality
    form = ActionForm()
    if form.validate_on_submit():
        if perform(services.accept_invitation, invitation, current_user):
            flash(_("You have joined %(name)s.", name=invitation.municipality.name), "success")
            return redirect(url_for("public.municipality", slug=invitation.municipality.slug))
    return render_template("municipalities/invitation.html", invitation=invitation, form=form)


def _audit_page(municipality):
    """One page of the log, newest first (its rows drawn), and the id to continue from (None on
    the last page), kept per data version, language and page (``audit_texts.kept_rows``)."""
    before = request.args.get("before", type=int)
    place = (municipality.id, municipality.slug, municipality.country) if municipality else None
    key = ("log", place, str(get_locale()), before)
    rows, older = audit_texts.kept_rows(key, lambda: _audit_rows(municipality, before))
    return {"rows": rows, "older": older, "paged": before is not None}


def _audit_rows(municipality, before):
    # the page shows only the name: not the roles a user is loaded with elsewhere
    options = [joinedload(audit.AuditEntry.user).load_only(User.name),
               defaultload(audit.AuditEntry.user).lazyload(User.memberships)]
    if municipality is None:  # else every entry's municipality is the page's, already loaded
        options.append(joinedload(audit.AuditEntry.municipality))
    municipality_id = municipality.id if municipality else None
    entries = db.session.scalars(audit.entries_for(municipality_id, before=before).options(*options)).all()
    more = len(entries) > audit.PAGE_SIZE
    entries = entries[:audit.PAGE_SIZE]
    labels = (_("When"), _("Who"), _("What"), _("Detail"))
    html = audit_texts.rows_html(audit_texts.lines(entries), labels, municipality is None, _("Nothing recorded yet."))
    return html, entries[-1].id if more else None


@login_route(bp, "/m/<slug>/audit")
def audit_log(slug):
    municipality = load_municipality(slug, can_read_audit)
    return render_template("municipalities/audit.html", municipality=municipality, **_audit_page(municipality),
                           audit_zone_name=audit_texts.zone_name)


@login_route(bp, "/admin/audit")
def platform_audit():
    require(can_read_platform_audit(current_user))
    return render_template("municipalities/audit.html", municipality=None, **_audit_page(None))

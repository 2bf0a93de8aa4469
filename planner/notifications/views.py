"""The account's notifications; opening the list marks them read."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..actions import perform
from ..extensions import db
from . import services
from .models import Notification

bp = Blueprint("notifications", __name__, template_folder="templates")
bp.add_app_template_global(services.message, "notification_text")
bp.add_app_template_global(services.link, "notification_link")


@bp.route("/notifications")
@login_required
def index():
    user = current_user._get_current_object()
    notifications = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).options(joinedload(Notification.municipality))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(100)
    ).all()
    unread = {n.id for n in notifications if n.read_at is None}
    if user.unread_notifications or unread:
        perform(services.mark_read, user)
    return render_template("notifications/index.html", notifications=notifications, unread=unread)

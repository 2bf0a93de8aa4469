"""The administrators' list of background jobs that failed on their last try (mostly mail
that could not be delivered)."""
from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..jobs import FailedJob
from ..permissions import can_admin_platform, require
from ..routing import login_route

bp = Blueprint("mail", __name__, template_folder="templates")


@login_route(bp, "/admin/failed-jobs")
def failed_jobs():
    require(can_admin_platform(current_user))
    failures = db.session.scalars(select(FailedJob).order_by(FailedJob.failed_at.desc(), FailedJob.id.desc())
                                  .limit(200)).all()
    return render_template("mail/failed_jobs.html", failures=failures)

"""The checks every plan service shares: text and amounts, editability, stage changes."""
from flask_babel import gettext as _

from ... import audit, checks
from ...errors import ServiceError
from ...extensions import db
from ..models import EDITABLE_STAGES, StageChange

MAX_MONEY = checks.MAX_AMOUNT
clean_text = checks.text  # the app's one text check: stripped, required, at most ``limit`` characters
clean_money = checks.amount  # the app's one amount check: 0.00 when empty, cents, not negative, not too large


def require_editable(plan):
    if plan.stage not in EDITABLE_STAGES:
        raise ServiceError(_("This plan is not a draft any more: it cannot be edited. Start an amendment to change an approved plan."))


def change_stage(plan, by, to_stage, note="", version=None):
    change = StageChange(plan_id=plan.id, from_stage=plan.stage, to_stage=to_stage, note=note,
                         by_id=getattr(by, "id", None), version=version)
    plan.stage = to_stage
    db.session.add(change)
    audit.record(by, f"plan.{to_stage}", plan, plan.municipality_id, note)
    return change
